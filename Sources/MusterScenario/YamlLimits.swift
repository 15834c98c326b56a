/// Bounds on YAML input, checked before the YAML library sees it: its
/// composer recurses once per nesting level, so a document nested a few
/// thousand levels deep would overflow the stack, and aliases can make a
/// few kilobytes expand to billions of values.
enum YamlLimits {
    /// The deepest nesting accepted (block indentation levels, `- ` items
    /// and `[`/`{` brackets together). Scenario and sweep files need fewer
    /// than ten.
    static let maxDepth = 64

    /// The most values (scalars, lists, mappings) a document may expand to,
    /// aliases counted at every use.
    static let maxNodes = 100_000

    /// The first line where the nesting estimate passes `maxDepth`, with a
    /// message; nil when the document is within bounds.
    ///
    /// The estimate is conservative (it may count a level YAML would not),
    /// never lower than the real depth: open block levels by indentation,
    /// plus `- ` markers starting a line, plus open flow brackets outside
    /// quotes and comments. Block scalars (`|`, `>`) are skipped.
    static func nestingProblem(_ text: String) -> (line: Int, message: String)? {
        var indents: [Int] = []
        var flow = 0
        var blockScalarIndent: Int? = nil
        var lineNumber = 0
        // Lines split on bytes: as Characters, "\r\n" is one grapheme and
        // would hide every line of a CRLF file behind the first. YAML breaks
        // lines at LF, CR and CRLF; a CRLF counts one line, not two.
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var startOfLine = 0
        var k = 0
        while k < bytes.count {
            if bytes[k] == UInt8(ascii: "\n") || bytes[k] == UInt8(ascii: "\r") {
                lines.append(bytes[startOfLine..<k])
                if bytes[k] == UInt8(ascii: "\r"), k + 1 < bytes.count, bytes[k + 1] == UInt8(ascii: "\n") { k += 1 }
                startOfLine = k + 1
            }
            k += 1
        }
        lines.append(bytes[startOfLine..<bytes.count])
        for line in lines {
            lineNumber += 1
            var i = line.startIndex
            var indent = 0
            while i != line.endIndex, line[i] == UInt8(ascii: " ") { indent += 1; i = line.index(after: i) }
            if i == line.endIndex || line[i] == UInt8(ascii: "#") || line[i] == UInt8(ascii: "\r") { continue }
            if let b = blockScalarIndent {
                if indent > b { continue }
                blockScalarIndent = nil
            }
            if flow == 0 {
                while let last = indents.last, last > indent { indents.removeLast() }
                if indents.last != indent { indents.append(indent) }
            }
            var dashes = 0
            var quote: UInt8? = nil
            var depth = flow
            var maxHere = flow
            var previous: UInt8 = UInt8(ascii: " ")
            var atStart = true
            var lastSignificant: UInt8 = 0
            while i != line.endIndex {
                let c = line[i]
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == UInt8(ascii: "#") && (previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t")) {
                    break
                } else if atStart && c == UInt8(ascii: "-") {
                    let next = line.index(after: i)
                    if next == line.endIndex || line[next] == UInt8(ascii: " ") { dashes += 1 } else { atStart = false }
                } else if c == UInt8(ascii: "\"") || (c == UInt8(ascii: "'") && (previous == UInt8(ascii: " ") || depth > 0 || atStart)) {
                    quote = c
                    atStart = false
                } else if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                    depth += 1
                    maxHere = max(maxHere, depth)
                    atStart = false
                } else if c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                    depth = max(0, depth - 1)
                    atStart = false
                } else if c != UInt8(ascii: " ") {
                    atStart = false
                }
                if c != UInt8(ascii: " ") && c != UInt8(ascii: "\r") { lastSignificant = c }
                previous = c
                i = line.index(after: i)
            }
            flow = depth
            if lastSignificant == UInt8(ascii: "|") || lastSignificant == UInt8(ascii: ">") { blockScalarIndent = indent }
            let estimate = indents.count + dashes + maxHere
            if estimate > maxDepth {
                return (lineNumber, "the document is nested more than \(maxDepth) levels deep (lists and mappings within each other); a scenario needs fewer than ten")
            }
        }
        return nil
    }
}
