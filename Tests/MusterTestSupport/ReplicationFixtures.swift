import MusterModel

/// Hand-built replication results: tests state every figure they check.
public func result(_ mode: Mode, _ replication: Int, order: Double, field: Double = 1,
            notified: [Double] = [0.5], done: [Double] = [1], households: Int = 10,
            visited: Int = 9, unreached: Int = 1, attempts: Int = 12, events: Int = 100,
            busy: [Double] = [0, 0, 0, 0, 0], coverage: [Double] = [0, 1]) -> ReplicationResult {
    ReplicationResult(mode: mode, replication: replication, orderComplete: order, fieldComplete: field,
                      notified: notified, microgridDone: done, households: households, visited: visited,
                      unreached: unreached, attempts: attempts, events: events, busyHoursByLevel: busy,
                      coverageTimes: coverage)
}

/// `|a − b| ≤ tolerance`.
public func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }
