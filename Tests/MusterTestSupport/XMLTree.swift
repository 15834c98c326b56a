import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element, for checking what a figure holds.
public final class XMLTreeElement {
    public let name: String
    public let attributes: [String: String]
    public var children: [XMLTreeElement] = []
    public var text = ""

    public init(name: String, attributes: [String: String]) {
        self.name = name; self.attributes = attributes
    }

    /// Every element below (and including) this one, in document order.
    public var all: [XMLTreeElement] { [self] + children.flatMap(\.all) }

    public func elements(_ name: String, class cls: String? = nil) -> [XMLTreeElement] {
        all.filter { $0.name == name && (cls == nil || ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(cls!))) }
    }

    public func element(id: String) -> XMLTreeElement? { all.first { $0.attributes["id"] == id } }

    public func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
}

/// Parses with Foundation's XMLParser; throws on any well-formedness error.
public enum XMLTree {
    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ text: String) throws -> XMLTreeElement {
        let parser = XMLParser(data: Data(text.utf8))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw ParseError(description: "XML parse failed at line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "no root")")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLTreeElement?
        var stack: [XMLTreeElement] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            let e = XMLTreeElement(name: name, attributes: attributes)
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
public func pathCommands(_ d: String) -> [(String, [Double])] {
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
