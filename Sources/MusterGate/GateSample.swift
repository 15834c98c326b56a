import MusterModel

/// A replication-level measure the regression gate compares.
public enum GateMetric: String, CaseIterable, Sendable {
    /// Issue to completion as seen at the root (the headline).
    case orderComplete = "order_complete_hours"
    /// Issue to the last household visited or given up.
    case fieldComplete = "field_complete_hours"

    /// The name in reports: "order complete".
    public var label: String {
        switch self {
        case .orderComplete: "order complete"
        case .fieldComplete: "field complete"
        }
    }
}

/// One mode's replication-level values, in replication order: what a
/// baseline stores and what `check` compares. Non-finite values (an order
/// that never completed) are held as +infinity, the one form that survives
/// a round trip through a baseline file (written `null`).
public struct GateSample: Sendable, Equatable {
    public var orderComplete: [Double]
    public var fieldComplete: [Double]

    public init(orderComplete: [Double], fieldComplete: [Double]) {
        self.orderComplete = orderComplete.map(Self.normalised)
        self.fieldComplete = fieldComplete.map(Self.normalised)
    }

    /// The values of one mode's replications, sorted by replication.
    public init(results: [ReplicationResult]) {
        let ordered = results.sorted { $0.replication < $1.replication }
        self.init(orderComplete: ordered.map(\.orderComplete), fieldComplete: ordered.map(\.fieldComplete))
    }

    /// Per mode, from a run's results.
    public static func of(_ results: [Mode: [ReplicationResult]]) -> [Mode: GateSample] {
        results.mapValues { GateSample(results: $0) }
    }

    public subscript(metric: GateMetric) -> [Double] {
        switch metric {
        case .orderComplete: orderComplete
        case .fieldComplete: fieldComplete
        }
    }

    /// Replications.
    public var count: Int { orderComplete.count }

    static func normalised(_ v: Double) -> Double { v.isFinite ? v : .infinity }
}
