import Foundation

/// A ZIP archive of stored (uncompressed) files, as `unzip`, Python's
/// `zipfile` and every desktop open it: a run's folder in one download.
/// Results are a few hundred kilobytes of text, so compression would buy
/// little; the bytes depend only on the files (a fixed 1980-01-01 time
/// stamp), so the same folder always gives the same archive.
enum ZipArchive {
    struct TooLarge: Error, CustomStringConvertible {
        var description: String { "the folder is too large for one download (4 GiB or 65,535 files)" }
    }

    /// The archive of `files`, each under `folder/` (a folder the archive
    /// opens into), in the order given.
    static func make(_ files: [(name: String, data: Data)], folder: String) throws -> Data {
        guard files.count < 0xFFFF else { throw TooLarge() }
        var out = Data()
        var central = Data()
        for f in files {
            let name = Data((folder.isEmpty ? f.name : folder + "/" + f.name).utf8)
            guard f.data.count < 0xFFFF_FFFF, out.count < 0xFFFF_FFFF, name.count < 0xFFFF else { throw TooLarge() }
            let crc = crc32(f.data)
            let offset = UInt32(out.count)
            // Local file header.
            out.append(le32: 0x0403_4b50)
            out.append(le16: 10)          // version needed: 1.0 (stored)
            out.append(le16: 0x0800)      // names are UTF-8
            out.append(le16: 0)           // stored
            out.append(le16: 0)           // time 00:00
            out.append(le16: 0x0021)      // date 1980-01-01
            out.append(le32: crc)
            out.append(le32: UInt32(f.data.count))
            out.append(le32: UInt32(f.data.count))
            out.append(le16: UInt16(name.count))
            out.append(le16: 0)
            out.append(name)
            out.append(f.data)
            // Its central directory entry.
            central.append(le32: 0x0201_4b50)
            central.append(le16: 0x0314)  // made by: Unix, 2.0
            central.append(le16: 10)
            central.append(le16: 0x0800)
            central.append(le16: 0)
            central.append(le16: 0)
            central.append(le16: 0x0021)
            central.append(le32: crc)
            central.append(le32: UInt32(f.data.count))
            central.append(le32: UInt32(f.data.count))
            central.append(le16: UInt16(name.count))
            central.append(le16: 0)       // extra
            central.append(le16: 0)       // comment
            central.append(le16: 0)       // disk
            central.append(le16: 0)       // internal attributes
            central.append(le32: UInt32(0o100644) << 16)  // a regular file, rw-r--r--
            central.append(le32: offset)
            central.append(name)
        }
        guard out.count + central.count < 0xFFFF_FFFF else { throw TooLarge() }
        let centralOffset = UInt32(out.count)
        out.append(central)
        out.append(le32: 0x0605_4b50)
        out.append(le16: 0)
        out.append(le16: 0)
        out.append(le16: UInt16(files.count))
        out.append(le16: UInt16(files.count))
        out.append(le32: UInt32(central.count))
        out.append(le32: centralOffset)
        out.append(le16: 0)
        return out
    }

    /// CRC-32 (ISO 3309, the polynomial 0xEDB88320 reflected), as ZIP and gzip use.
    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
}

private extension Data {
    mutating func append(le16 v: UInt16) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le32 v: UInt32) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
}
