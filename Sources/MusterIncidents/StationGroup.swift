import MusterModel

/// A row of the "where the backlog is" table: one relay level (all its
/// units together), the point-to-point platform, or one department.
///
/// The list of groups depends on the scenario only, not on the mode, so
/// both modes report the same rows; a group a mode does not use (the
/// platform in tiered mode) has no station in that mode.
public struct StationGroup: Sendable, Equatable {
    public enum Role: Sendable, Equatable {
        /// The units of a relay level handling reports (tiered).
        case level(Level)
        /// The command room's platform (point-to-point).
        case platform
        /// A department, by index in `IncidentSpec.departments`.
        case department(Int)

        /// `level`, `platform` or `department`, as written in files.
        public var name: String {
            switch self {
            case .level: "level"
            case .platform: "platform"
            case .department: "department"
            }
        }
    }

    /// Level name, `platform`, or the department's name.
    public let name: String
    public let role: Role

    /// The groups of a scenario: listed relay levels bottom-up (the order a
    /// report climbs them), the platform, then departments as listed.
    public static func groups(of spec: IncidentSpec) -> [StationGroup] {
        spec.tiered.levels.reversed().map { StationGroup(name: $0.name, role: .level($0)) }
            + [StationGroup(name: "platform", role: .platform)]
            + spec.departments.enumerated().map { StationGroup(name: $1.name, role: .department($0)) }
    }

    /// Names a department may not take, because rows and backlog keys use
    /// them.
    public static let reservedNames: Set<String> =
        Set(Level.allCases.map(\.name) + ["platform", "undiscovered", "confirming", "all", "all_open"])

    /// True when `mode` sends reports through this group.
    public func isUsed(in mode: Mode) -> Bool {
        switch role {
        case .level: mode == .tiered
        case .platform: mode == .p2p
        case .department: true
        }
    }
}
