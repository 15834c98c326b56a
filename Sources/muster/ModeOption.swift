import ArgumentParser
import MusterModel

/// `--mode tiered|p2p|both`.
enum ModeOption: String, ExpressibleByArgument, CaseIterable {
    case tiered, p2p, both

    var modes: [Mode] {
        switch self {
        case .tiered: [.tiered]
        case .p2p: [.p2p]
        case .both: [.tiered, .p2p]
        }
    }
}
