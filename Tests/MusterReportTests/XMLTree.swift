import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element, for checking what a figure holds.
final class XMLElement {
    let name: String
    let attributes: [String: String]
    var children: [XMLElement] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name; self.attributes = attributes
    }

    /// Every element below (and including) this one, in document order.
    var all: [XMLElement] { [self] + children.flatMap(\.all) }

    func elements(_ name: String, class cls: String? = nil) -> [XMLElement] {
        all.filter { $0.name == name && (cls == nil || ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(cls!))) }
    }

    func element(id: String) -> XMLElement? { all.first { $0.attributes["id"] == id } }

    func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
}

/// Parses with Foundation's XMLParser; throws on any well-formedness error.
enum XMLTree {
    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ text: String) throws -> XMLElement {
        let parser = XMLParser(data: Data(text.utf8))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw ParseError(description: "XML parse failed at line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "no root")")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLElement?
        var stack: [XMLElement] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            let e = XMLElement(name: name, attributes: attributes)
            if let parent = stack.last { parent.children.append(e) } else { root = e }
            stack.append(e)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}

/// Numbers of an SVG path's `d`, with its commands: ("M", [x, y]), ("H", [x]) …
func pathCommands(_ d: String) -> [(String, [Double])] {
    var out: [(String, [Double])] = []
    var current: (String, [Double])? = nil
    for token in d.split(separator: " ") {
        if let first = token.first, first.isLetter {
            if let c = current { out.append(c) }
            current = (String(first), [])
            let rest = token.dropFirst()
            if !rest.isEmpty, let v = Double(rest) { current?.1.append(v) }
        } else if let v = Double(token) {
            current?.1.append(v)
        }
    }
    if let c = current { out.append(c) }
    return out
}
