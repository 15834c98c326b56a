import Foundation
import GRDB
import MusterModel
import MusterScenario

/// Why a results store could not be used.
public struct SweepStoreError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// A sweep's results in one SQLite database (schema: `StoreSchema`).
///
/// The store is written by one thread only (the sweep's writer), in WAL
/// mode, one transaction per call of `append`: a crash or a kill loses the
/// rows not yet appended, never a stored row, and never leaves a corrupt
/// file (SQLite's journal guarantees it).
public final class SweepStore {
    /// The database's file name inside a sweep's output folder.
    public static let fileName = "sweep.sqlite"

    public let path: String
    public let header: SweepHeader
    /// The part of the sweep this store holds; nil for the whole of it
    /// (a single run or a merge).
    public let shard: Shard?
    private let db: DatabaseQueue

    private init(path: String, header: SweepHeader, shard: Shard?, db: DatabaseQueue) {
        self.path = path; self.header = header; self.shard = shard; self.db = db
    }

    private static func connect(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.prepareDatabase { db in
            // NORMAL is durable against a crash of the process in WAL mode;
            // only a power cut may drop the last transactions, never corrupt.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Checkpoint the log every ~4 MB of pages and cut the file back
            // after each, so a long sweep's log never grows beyond that.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000")
            try db.execute(sql: "PRAGMA journal_size_limit = 4194304")
        }
        do {
            return try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw SweepStoreError(path: path, message: "cannot open the database: \(Self.reason(error))")
        }
    }

    /// Creates a store holding `header` (and nothing else) at `path`, which
    /// must not exist.
    public static func create(at path: String, header: SweepHeader, shard: Shard?, version: String,
                              journal: Journal = .wal) throws -> SweepStore {
        if FileManager.default.fileExists(atPath: path) {
            throw SweepStoreError(path: path, message: "already exists")
        }
        let db = try connect(path)
        do {
            try db.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = \(journal.rawValue)")
            }
            try db.write { db in
                try db.execute(sql: "PRAGMA application_id = \(StoreSchema.applicationID)")
                try db.execute(sql: "PRAGMA user_version = \(StoreSchema.version)")
                for sql in StoreSchema.create(axes: header.axes, measures: header.measures) {
                    try db.execute(sql: sql)
                }
                try db.execute(sql: """
                    INSERT INTO sweep (id, name, definition_sha256, definition, sweep_file, scenario_file, seed, modes,
                                       measures, replications, design, shard_index, shard_count, muster_version, created)
                    VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [header.name, header.definitionSHA256, header.definition, header.sweepFile,
                                     header.scenarioFile, String(header.seed),
                                     header.modes.map(\.rawValue).joined(separator: ","),
                                     header.measures.map(\.rawValue).joined(separator: ","),
                                     header.plan.text, header.design, shard?.index, shard?.count, version,
                                     ISO8601DateFormatter().string(from: Date())])
                for (i, a) in header.axes.enumerated() {
                    try db.execute(sql: "INSERT INTO axis (position, path, integer, unit) VALUES (?, ?, ?, ?)",
                                   arguments: [i, a.path, a.integer ? 1 : 0, a.unit])
                }
                for p in header.points {
                    try db.execute(sql: "INSERT INTO point (id, overrides) VALUES (?, ?)",
                                   arguments: [p.id, p.overrides.joined(separator: "\n")])
                    for (i, v) in p.values.enumerated() {
                        guard let v else { continue }
                        try db.execute(sql: "INSERT INTO point_value (point, axis, value, number) VALUES (?, ?, ?, ?)",
                                       arguments: [p.id, i, v.text, v.number])
                    }
                }
            }
        } catch {
            try? db.close()
            try? FileManager.default.removeItem(atPath: path)
            throw SweepStoreError(path: path, message: "cannot create the database: \(reason(error))")
        }
        return SweepStore(path: path, header: header, shard: shard, db: db)
    }

    /// SQLite journal modes a store is created with: WAL while a sweep
    /// writes, DELETE for a merged file built elsewhere and renamed into place.
    public enum Journal: String, Sendable { case wal = "WAL", delete = "DELETE" }

    /// True when `path` is a regular file starting with SQLite's header:
    /// cheap recognition of a store before muster wrote folder markers.
    public static func looksLikeStore(_ path: String) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
              let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 16)) == Data("SQLite format 3\0".utf8)
    }

    /// Opens an existing store, checking that it is one and that it is intact.
    public static func open(at path: String) throws -> SweepStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SweepStoreError(path: path, message: "no such file")
        }
        let db = try connect(path)
        do {
            let (header, shard) = try db.read { db -> (SweepHeader, Shard?) in
                let app = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                guard app == StoreSchema.applicationID else {
                    throw SweepStoreError(path: path, message: "is not a muster sweep database")
                }
                let format = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                guard format == StoreSchema.version else {
                    throw SweepStoreError(path: path, message: format < StoreSchema.version
                        ? "was written by an older Muster (store format \(format), Muster 0.2): its measures and columns have "
                          + "the old names; finish or merge it with Muster 0.2, or run the sweep again into a new --out"
                        : "was written by a newer Muster (store format \(format)); this one reads format \(StoreSchema.version)")
                }
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else {
                    throw SweepStoreError(path: path, message: "the database is damaged: \(check.prefix(3).joined(separator: "; "))")
                }
                return try readHeader(db, path: path)
            }
            return SweepStore(path: path, header: header, shard: shard, db: db)
        } catch let error as SweepStoreError {
            try? db.close()
            throw error
        } catch {
            try? db.close()
            throw SweepStoreError(path: path, message: "cannot read the database: \(reason(error))")
        }
    }

    private static func readHeader(_ db: Database, path: String) throws -> (SweepHeader, Shard?) {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sweep WHERE id = 1") else {
            throw SweepStoreError(path: path, message: "has no sweep definition")
        }
        func bad(_ what: String) -> SweepStoreError { SweepStoreError(path: path, message: "has a malformed \(what)") }
        let modes = try (row["modes"] as String).split(separator: ",").map { m throws -> Mode in
            guard let mode = Mode(rawValue: String(m)) else { throw bad("mode list") }
            return mode
        }
        let measures = try (row["measures"] as String).split(separator: ",").map { m throws -> SweepMeasure in
            guard let measure = SweepMeasure(rawValue: String(m)) else { throw bad("measure list") }
            return measure
        }
        guard let plan = ReplicationPlan(text: row["replications"]) else { throw bad("replication plan") }
        guard let seed = UInt64(row["seed"] as String) else { throw bad("seed") }
        let axes = try Row.fetchAll(db, sql: "SELECT path, integer, unit FROM axis ORDER BY position").map {
            SweepHeader.Axis(path: $0["path"], integer: ($0["integer"] as Int) != 0, unit: $0["unit"])
        }
        var values: [Int: [AxisValue?]] = [:]
        for v in try Row.fetchAll(db, sql: "SELECT point, axis, value, number FROM point_value") {
            let p: Int = v["point"], a: Int = v["axis"]
            guard a >= 0 && a < axes.count else { throw bad("point value") }
            values[p, default: Array(repeating: nil, count: axes.count)][a] = AxisValue(text: v["value"], number: v["number"])
        }
        let points = try Row.fetchAll(db, sql: "SELECT id, overrides FROM point ORDER BY id").map { r -> SweepHeader.Point in
            let id: Int = r["id"]
            let text: String = r["overrides"]
            return SweepHeader.Point(id: id, overrides: text.isEmpty ? [] : text.components(separatedBy: "\n"),
                                     values: values[id] ?? Array(repeating: nil, count: axes.count))
        }
        let header = SweepHeader(name: row["name"], definition: row["definition"],
                                 definitionSHA256: row["definition_sha256"], sweepFile: row["sweep_file"],
                                 scenarioFile: row["scenario_file"], seed: seed, modes: modes, measures: measures,
                                 plan: plan, design: row["design"], axes: axes, points: points)
        let k: Int? = row["shard_index"], n: Int? = row["shard_count"]
        var shard: Shard?
        if let k, let n {
            guard n >= 1, k >= 1, k <= n else { throw bad("shard") }
            shard = Shard(index: k, count: n)
        }
        return (header, shard)
    }

    // MARK: Writing

    /// Stores `rows` and refreshes the summaries of `summarise`, in one
    /// transaction: all of it is stored, or none.
    public func append(_ rows: [ResultRow], summarise: some Sequence<Int> = [Int]()) throws {
        let measures = header.measures
        let columns = measures.map { StoreSchema.quote($0.rawValue) }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: measures.count + 3).joined(separator: ", ")
        let points = Array(summarise)
        try guarded("store results") {
            try db.write { db in
                let insert = try db.cachedStatement(sql: "INSERT INTO result (point, mode, replication, \(columns)) VALUES (\(marks))")
                for row in rows {
                    var args: [(any DatabaseValueConvertible)?] = [row.point, row.mode.rawValue, row.replication]
                    for (m, v) in zip(measures, row.values) {
                        if m.isCount { args.append(v.isFinite ? Int64(v) : nil) } else { args.append(v.isNaN ? nil : v) }
                    }
                    try insert.execute(arguments: StatementArguments(args))
                }
                for p in points { try writeSummary(db, point: p) }
            }
        }
    }

    /// Recomputes the summaries of `points` from their stored rows.
    public func refreshSummaries(_ points: some Sequence<Int>) throws {
        let list = Array(points)
        try guarded("store summaries") {
            try db.write { db in for p in list { try writeSummary(db, point: p) } }
        }
    }

    private func writeSummary(_ db: Database, point: Int) throws {
        try db.execute(sql: "DELETE FROM summary WHERE point = ?", arguments: [point])
        let rows = try fetchRows(db, where: "point = ?", arguments: [point])
        guard !rows.isEmpty else { return }
        let names = PointSummary.figureNames.map(StoreSchema.quote).joined(separator: ", ")
        let marks = Array(repeating: "?", count: PointSummary.figureNames.count + 3).joined(separator: ", ")
        let insert = try db.cachedStatement(sql: "INSERT INTO summary (point, mode, measure, \(names)) VALUES (\(marks))")
        for mode in header.modes {
            let ofMode = rows.filter { $0.mode == mode }
            guard !ofMode.isEmpty else { continue }
            for (k, measure) in header.measures.enumerated() {
                let s = PointSummary(point: point, mode: mode, measure: measure, values: ofMode.map { $0.values[k] })
                var args: [(any DatabaseValueConvertible)?] = [point, mode.rawValue, measure.rawValue, s.n, s.nonFinite]
                args += s.figures.dropFirst(2).map { $0.isNaN ? nil : $0 }
                try insert.execute(arguments: StatementArguments(args))
            }
        }
    }

    /// Deletes replications of a point (rows of an incomplete replication,
    /// which a single transaction per batch makes impossible but a hand-
    /// edited file could hold).
    public func delete(point: Int, replications: [Int]) throws {
        try guarded("delete results") {
            try db.write { db in
                for r in replications {
                    try db.execute(sql: "DELETE FROM result WHERE point = ? AND replication = ?", arguments: [point, r])
                }
            }
        }
    }

    // MARK: Reading

    /// Stored rows, in (point, mode, replication) order.
    public func results() throws -> [ResultRow] {
        try guarded("read results") { try db.read { try fetchRows($0, where: "1", arguments: []) } }
    }

    /// Stored rows of one point.
    public func results(point: Int) throws -> [ResultRow] {
        try guarded("read results") { try db.read { try fetchRows($0, where: "point = ?", arguments: [point]) } }
    }

    private func fetchRows(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [ResultRow] {
        let measures = header.measures
        let columns = measures.map { StoreSchema.quote($0.rawValue) }.joined(separator: ", ")
        let sql = "SELECT point, mode, replication, \(columns) FROM result WHERE \(condition) ORDER BY point, mode, replication"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let mode: String = row[1]
            return ResultRow(point: row[0], mode: Mode(rawValue: mode) ?? .tiered, replication: row[2],
                             values: (0..<measures.count).map { k in
                                 let value: DatabaseValue = row[3 + k]
                                 return switch value.storage {
                                 case .int64(let i): Double(i)
                                 case .double(let d): d
                                 default: .nan
                                 }
                             })
        }
    }

    /// Stored summaries by point, then mode and measure in the sweep's order.
    public func summaries() throws -> [PointSummary] {
        try guarded("read summaries") {
            try db.read { db in
                let names = PointSummary.figureNames.map(StoreSchema.quote).joined(separator: ", ")
                let modeRank = Dictionary(uniqueKeysWithValues: header.modes.enumerated().map { ($1, $0) })
                let measureRank = Dictionary(uniqueKeysWithValues: header.measures.enumerated().map { ($1, $0) })
                return try Row.fetchAll(db, sql: "SELECT point, mode, measure, \(names) FROM summary").compactMap { row -> PointSummary? in
                    guard let mode = Mode(rawValue: row[1]), let measure = SweepMeasure(rawValue: row[2]) else { return nil }
                    let figures = (0..<PointSummary.figureNames.count).map { k -> Double in
                        let v: Double? = row[3 + k]
                        return v ?? .nan
                    }
                    return PointSummary(point: row[0], mode: mode, measure: measure, figures: figures)
                }.sorted {
                    ($0.point, modeRank[$0.mode] ?? 0, measureRank[$0.measure] ?? 0)
                        < ($1.point, modeRank[$1.mode] ?? 0, measureRank[$1.measure] ?? 0)
                }
            }
        }
    }

    /// Count of stored rows.
    public func resultCount() throws -> Int {
        try guarded("count results") { try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM result") ?? 0 } }
    }

    /// SHA-256 over the definition's hash and every row of the content
    /// tables (axis, point, point_value, result, summary) in key order,
    /// doubles by their bits. Equal digests mean equal results; the
    /// `sweep` row (time, shard) is left out.
    public func contentDigest() throws -> String {
        try guarded("read the database") {
            try db.read { db in
                var text = "definition \(header.definitionSHA256)\n"
                for (table, order) in StoreSchema.contentTables {
                    text += "table \(table)\n"
                    let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY \(order)")
                    while let row = try cursor.next() {
                        text += row.databaseValues.map(Self.canonical).joined(separator: "\u{1F}") + "\n"
                    }
                }
                return SweepHash.hex(text)
            }
        }
    }

    private static func canonical(_ v: DatabaseValue) -> String {
        switch v.storage {
        case .null: "N"
        case .int64(let i): "I\(i)"
        case .double(let d): "D" + String(d.bitPattern, radix: 16)
        case .string(let s): "S" + s.replacingOccurrences(of: "\u{1F}", with: "\u{1F}\u{1F}")
        case .blob(let b): "B" + b.map { String($0, radix: 16) }.joined()
        }
    }

    /// Folds the write-ahead log into the main file and closes the store,
    /// so the `.sqlite` file alone holds everything.
    public func close() throws {
        try guarded("close the database") {
            try db.writeWithoutTransaction { db in
                _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
            try db.close()
        }
    }

    private func guarded<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as SweepStoreError { throw e } catch {
            throw SweepStoreError(path: path, message: "cannot \(what): \(Self.reason(error))")
        }
    }

    static func reason(_ error: Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? e.description }
        return "\(error)"
    }
}

extension SweepStore {
    /// Creates an empty store (header only) at `path`, built beside it and
    /// renamed into place, so a store is never seen without its definition.
    public static func createAtomically(at path: String, header: SweepHeader, shard: Shard?, version: String) throws {
        try SweepMerge.writeAtomically(path) { temp in
            try create(at: temp, header: header, shard: shard, version: version).close()
        }
    }
}
