import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP/1.1 request written byte for byte on a TCP socket, as an
/// attacker's page or script would send it: any Host, Origin or
/// Content-Type, no client library deciding headers.
enum RawHTTP {
    struct Reply {
        var status: Int
        var head: String
        var body: String
        func header(_ name: String) -> String? {
            for line in head.components(separatedBy: "\r\n").dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    /// Sends `method path` to 127.0.0.1:`port` with `headers` (Host
    /// included, as given) and `body`; reads the answer to its end.
    static func send(port: Int, method: String, path: String, headers: [(String, String)], body: String = "") throws -> Reply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { throw POSIXError(.ECONNREFUSED) }
        var text = "\(method) \(path) HTTP/1.1\r\n"
        for (k, v) in headers { text += "\(k): \(v)\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw POSIXError(.EIO) }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        let answer = String(decoding: received, as: UTF8.self)
        let split = answer.range(of: "\r\n\r\n")
        let head = split.map { String(answer[..<$0.lowerBound]) } ?? answer
        let body = split.map { String(answer[$0.upperBound...]) } ?? ""
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return Reply(status: status, head: head, body: body)
    }
}

extension ServerHarness {
    var port: Int { Int(base.split(separator: ":").last?.filter(\.isNumber) ?? "") ?? 0 }

    /// A raw request to this server (see `RawHTTP`).
    func raw(_ method: String, _ path: String, headers: [(String, String)], body: String = "") throws -> RawHTTP.Reply {
        try RawHTTP.send(port: port, method: method, path: path, headers: headers, body: body)
    }
}
