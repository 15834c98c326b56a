import MusterScenario

/// The SQL schema of a sweep's results store (`sweep.sqlite`).
///
/// - `sweep`: one row, the definition (its text and SHA-256), files, seed,
///   modes, measures, replication plan, design and the shard it holds.
/// - `axis`: the varied paths in file order.
/// - `point`: one row per point with its `--set` texts (one per line);
///   `point_value`: its value per axis (no row: as in the base scenario).
/// - `result`: one row per point × mode × replication with the kept
///   measures; the primary key makes each triple unique.
/// - `summary`: per point, mode and measure: n, mean, 95 % CI, sd, p50 and
///   p90 with their order-statistics intervals.
/// - `point_summary` (view): `summary` with one column per axis value;
///   `point_result` (view): `result` likewise. Axis columns hold numbers
///   (in the axis's unit, named in the column: `field.revisit_after_hours`)
///   or, for words, the value's text.
enum StoreSchema {
    /// `PRAGMA application_id` of sweep stores ("MSWP").
    static let applicationID: Int32 = 0x4D53_5750
    /// Format 2 (Muster 0.3): time measures and interval columns spell
    /// their unit and interval (`order_complete_hours`, `p50_ci95_low`);
    /// axis columns of the views are numbers where the value is one.
    static let version = 2

    static func create(axes: [SweepHeader.Axis], measures: [SweepMeasure]) -> [String] {
        let measureColumns = measures.map { "\(quote($0.rawValue)) \($0.isCount ? "INTEGER" : "REAL")" }
        let figures = PointSummary.figureNames.map { name in
            "\(quote(name)) \(name == "n" || name == "non_finite" ? "INTEGER NOT NULL" : "REAL")"
        }
        // A number where the value is one (so pandas and R read a numeric
        // column; an integer on an integer axis), the value's text for
        // words; NULL: as in the base scenario.
        let axisColumns = axes.enumerated().map { i, a in
            "(SELECT \(a.integer ? "CAST(number AS INTEGER)" : "COALESCE(number, value)") FROM point_value v "
                + "WHERE v.point = s.point AND v.axis = \(i)) AS \(quote(a.columnName))"
        }
        let axisSelect = axisColumns.map { $0 + ", " }.joined()
        return [
            """
            CREATE TABLE sweep (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              name TEXT NOT NULL,
              definition_sha256 TEXT NOT NULL,
              definition TEXT NOT NULL,
              sweep_file TEXT NOT NULL,
              scenario_file TEXT NOT NULL,
              seed TEXT NOT NULL,
              modes TEXT NOT NULL,
              measures TEXT NOT NULL,
              replications TEXT NOT NULL,
              design TEXT NOT NULL,
              shard_index INTEGER,
              shard_count INTEGER,
              muster_version TEXT NOT NULL,
              created TEXT NOT NULL
            )
            """,
            "CREATE TABLE axis (position INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, integer INTEGER NOT NULL, unit TEXT)",
            "CREATE TABLE point (id INTEGER PRIMARY KEY, overrides TEXT NOT NULL)",
            """
            CREATE TABLE point_value (
              point INTEGER NOT NULL REFERENCES point(id),
              axis INTEGER NOT NULL REFERENCES axis(position),
              value TEXT NOT NULL,
              number REAL,
              PRIMARY KEY (point, axis)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE result (
              point INTEGER NOT NULL REFERENCES point(id),
              mode TEXT NOT NULL CHECK (mode IN ('tiered', 'p2p')),
              replication INTEGER NOT NULL CHECK (replication >= 0),
              \(measureColumns.joined(separator: ",\n  ")),
              PRIMARY KEY (point, mode, replication)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE summary (
              point INTEGER NOT NULL REFERENCES point(id),
              mode TEXT NOT NULL,
              measure TEXT NOT NULL,
              \(figures.joined(separator: ",\n  ")),
              PRIMARY KEY (point, mode, measure)
            ) WITHOUT ROWID
            """,
            "CREATE VIEW point_summary AS SELECT s.point, " + axisSelect
                + "s.mode, s.measure, " + PointSummary.figureNames.map { "s." + quote($0) }.joined(separator: ", ")
                + " FROM summary s",
            // The tidy per-replication table, as the sweep folder's replications.csv.
            "CREATE VIEW point_result AS SELECT s.point, " + axisSelect + "s.replication, s.mode, "
                + measures.map { "s." + quote($0.rawValue) }.joined(separator: ", ")
                + " FROM result s",
        ]
    }

    /// Tables whose content defines a store's results, with their keys:
    /// what `contentDigest` covers and what determinism is judged on.
    static let contentTables: [(name: String, order: String)] = [
        ("axis", "position"), ("point", "id"), ("point_value", "point, axis"),
        ("result", "point, mode, replication"), ("summary", "point, mode, measure"),
    ]

    /// A double-quoted SQL identifier (paths contain dots).
    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
