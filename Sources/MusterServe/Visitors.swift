import Foundation

/// Visitors are told apart by a random cookie; each has a scratch folder
/// under the server's, named only by that id once it is checked.
enum Visitors {
    static let cookie = "muster_visitor"

    /// 32 lower-case hex digits: a visitor id or a job id.
    static func newID() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let s = String(UInt32.random(in: .min ... .max, using: &g), radix: 16)
            return String(repeating: "0", count: 8 - s.count) + s
        }.joined()
    }

    /// Whether `id` has exactly the form `newID()` makes: anything else
    /// (dots, slashes, other lengths) never reaches a path.
    static func isValid(_ id: String) -> Bool {
        id.utf8.count == 32 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
