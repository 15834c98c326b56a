import Foundation
import MusterModel
import MusterNumerics
import MusterOutput
import MusterScenario

/// Why shard databases could not be merged: every problem found.
public struct SweepMergeError: Error, CustomStringConvertible {
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

/// Joins the stores of a sweep's shards into one store of the whole sweep.
///
/// Refused: stores of different sweeps (definition hashes differ), the same
/// (point, mode, replication) stored twice with different values, and any
/// replication the sweep needs that no input holds (listed by point and
/// replication range, with the shard that should have run it). The merged
/// store's summaries are recomputed from all rows by the code a single run
/// uses, so a complete merge equals a single run's store row for row.
public enum SweepMerge {
    public struct Report: Sendable, Equatable {
        public var inputs: Int
        public var rows: Int
        public var points: Int
        /// Rows found in more than one input (with equal values).
        public var duplicates: Int
    }

    /// Merges `inputs` (store files) into a new store written at `output`
    /// (replaced atomically: built beside it, then renamed into place).
    public static func merge(_ inputs: [String], into output: String, version: String) throws -> Report {
        guard !inputs.isEmpty else { throw SweepMergeError(problems: ["no shard databases given"]) }
        let stores = try inputs.map { try SweepStore.open(at: $0) }
        let first = stores[0]
        let header = first.header
        var problems: [String] = []
        for s in stores.dropFirst() where s.header.definitionSHA256 != header.definitionSHA256 {
            problems.append("\(s.path) holds sweep '\(s.header.name)' (definition \(s.header.definitionSHA256.prefix(12))), "
                            + "but \(first.path) holds sweep '\(header.name)' (definition \(header.definitionSHA256.prefix(12))): "
                            + "only shards of one sweep definition can be merged")
        }
        if !problems.isEmpty { throw SweepMergeError(problems: problems) }

        struct Key: Hashable { let point: Int; let mode: Mode; let replication: Int }
        var rows: [Key: (row: ResultRow, from: String)] = [:]
        var duplicates = 0
        let validPoints = Set(header.points.map(\.id))
        for s in stores {
            for row in try s.results() {
                let key = Key(point: row.point, mode: row.mode, replication: row.replication)
                guard validPoints.contains(row.point), header.modes.contains(row.mode),
                      row.replication < header.plan.upperBound else {
                    problems.append("\(s.path): a row outside the sweep (point \(row.point), \(row.mode.rawValue), replication \(row.replication))")
                    continue
                }
                if let existing = rows[key] {
                    duplicates += 1
                    if !existing.row.sameValues(as: row) {
                        problems.append("point \(row.point), \(row.mode.rawValue), replication \(row.replication) differs between \(existing.from) and \(s.path): they were not made by the same program and sweep")
                    }
                } else {
                    rows[key] = (row, s.path)
                }
            }
        }
        if problems.count > 20 { problems = Array(problems.prefix(20)) + ["… and more"] }
        if !problems.isEmpty { throw SweepMergeError(problems: problems) }

        problems += missing(header: header, stored: Set(rows.keys.map { [$0.point, $0.replication, header.modes.firstIndex(of: $0.mode)!] }),
                            rows: rows.values.map(\.row), shardCount: commonShardCount(stores))
        if !problems.isEmpty { throw SweepMergeError(problems: problems) }

        let sorted = rows.values.map(\.row).sorted {
            ($0.point, $0.mode.rawValue, $0.replication) < ($1.point, $1.mode.rawValue, $1.replication)
        }
        try writeAtomically(output) { temp in
            let store = try SweepStore.create(at: temp, header: header, shard: nil, version: version, journal: .delete)
            try store.append(sorted, summarise: header.points.map(\.id))
            try store.close()
        }
        return Report(inputs: inputs.count, rows: sorted.count, points: header.points.count, duplicates: duplicates)
    }

    /// The shard count of the inputs when they all agree.
    private static func commonShardCount(_ stores: [SweepStore]) -> Int? {
        let counts = Set(stores.map { $0.shard?.count ?? 1 })
        return counts.count == 1 ? counts.first : nil
    }

    /// What a complete store of the sweep lacks, one line per point.
    static func missing(header: SweepHeader, stored: Set<[Int]>, rows: [ResultRow], shardCount: Int?) -> [String] {
        let modeCount = header.modes.count
        func complete(_ p: Int, _ r: Int) -> Bool { (0..<modeCount).allSatisfy { stored.contains([p, r, $0]) } }
        var lines: [String] = []
        var total = 0
        switch header.plan {
        case .fixed(let n):
            for p in header.points.map(\.id) {
                let absent = (0..<n).filter { !complete(p, $0) }
                guard !absent.isEmpty else { continue }
                total += absent.count
                var where_ = ""
                if let c = shardCount, c > 1 {
                    let shards = Set(absent.map { (p * n + $0) % c + 1 }).sorted()
                    where_ = " (shard\(shards.count == 1 ? "" : "s") " + shards.map { "\($0)/\(c)" }.joined(separator: ", ") + ")"
                }
                lines.append("point \(p) [\(label(header, p))]: replications \(ranges(absent)) missing\(where_)")
            }
        case .precision(let target, let batch, let max):
            let orderIndex = header.measures.firstIndex(of: .orderComplete)!
            var oc: [Int: [[Double]]] = [:]
            for row in rows {
                var a = oc[row.point] ?? Array(repeating: Array(repeating: .nan, count: max), count: modeCount)
                a[header.modes.firstIndex(of: row.mode)!][row.replication] = row.values[orderIndex]
                oc[row.point] = a
            }
            for p in header.points.map(\.id) {
                let have = Set((0..<max).filter { complete(p, $0) })
                let values = oc[p] ?? Array(repeating: Array(repeating: .nan, count: max), count: modeCount)
                guard let next = PrecisionRule.next(stored: have, orderComplete: values, batch: batch, max: max, target: target) else { continue }
                let absent = next.filter { !have.contains($0) }
                total += absent.count
                let owner = shardCount.map { $0 > 1 ? " (shard \(p % $0 + 1)/\($0))" : "" } ?? ""
                lines.append("point \(p) [\(label(header, p))]: replications \(ranges(absent)) missing (its precision target is not reached yet)\(owner)")
            }
        }
        guard !lines.isEmpty else { return [] }
        let shown = lines.count > 20 ? Array(lines.prefix(20)) + ["… and \(lines.count - 20) more points"] : lines
        return ["the shards do not hold the whole sweep: \(total) replication\(total == 1 ? "" : "s") missing in \(lines.count) point\(lines.count == 1 ? "" : "s"); run the missing shards (or rerun them with --resume) and merge again"] + shown
    }

    /// `team.volunteers=3, layout.households=50`.
    static func label(_ header: SweepHeader, _ p: Int) -> String {
        let point = header.points[p]
        return zip(header.axes, point.values).map { a, v in "\(a.path)=\(v?.text ?? "base")" }.joined(separator: ", ")
    }

    /// `0–9, 20, 30–39`.
    static func ranges(_ sorted: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i])–\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }

    /// Builds a file beside `path` with `build`, then renames it into place.
    static func writeAtomically(_ path: String, _ build: (String) throws -> Void) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let temp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let fm = FileManager.default
        for suffix in ["", "-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: temp + suffix) }
        // A signal that ends the process mid-build removes the temporary.
        let ticket = StagingCleanup.shared.registerTemporary(["", "-wal", "-shm", "-journal"].map { temp + $0 })
        defer { StagingCleanup.shared.unregister(ticket) }
        do {
            try build(temp)
            // A WAL left beside an older file of this name would be replayed
            // into the new one.
            for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
            guard rename(temp, path) == 0 else {
                throw SweepStoreError(path: path, message: "cannot move the merged database into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: temp + suffix) }
            throw error
        }
    }
}
