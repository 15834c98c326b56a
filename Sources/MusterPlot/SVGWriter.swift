/// Builds SVG markup one element per line, indented by nesting, with every
/// attribute value and text escaped. Attributes keep the order given, so
/// output is byte-for-byte reproducible.
struct SVGWriter {
    private(set) var text = ""
    private var depth = 0

    typealias Attributes = [(String, String)]

    /// Opens an element that will hold others; pair with `close`.
    mutating func open(_ name: String, _ attributes: Attributes = []) {
        line("<\(name)\(Self.render(attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    /// An element with no content: `<rect …/>`.
    mutating func leaf(_ name: String, _ attributes: Attributes) {
        line("<\(name)\(Self.render(attributes))/>")
    }

    /// An element holding only text, escaped.
    mutating func text(_ name: String, _ attributes: Attributes = [], _ content: String) {
        line("<\(name)\(Self.render(attributes))>\(XMLText.escape(content))</\(name)>")
    }

    /// Markup taken as it is (already escaped by its producer).
    mutating func raw(_ markup: String) { line(markup) }

    private mutating func line(_ s: String) {
        text += String(repeating: "  ", count: depth) + s + "\n"
    }

    private static func render(_ attributes: Attributes) -> String {
        attributes.map { " \($0.0)=\"\(XMLText.escape($0.1))\"" }.joined()
    }
}

/// Shorthand for a coordinate attribute value.
func n(_ x: Double) -> String { SVGNumber.format(x) }
