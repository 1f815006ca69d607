import Foundation

/// ISO BMFF (MP4, MOV) at the level content credentials need: the
/// top-level boxes, and the chunk offset tables inside `moov` that must
/// follow `mdat` when a box is inserted before it.
enum BMFF {
    /// The extended type of the `uuid` box that holds a C2PA manifest store.
    static let c2paUUID: [UInt8] = [0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C,
                                    0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81]

    /// A top-level box: where it starts and how long it is, header included.
    struct Box: Equatable {
        var type: String
        var offset: UInt64
        var size: UInt64
        /// For `uuid` boxes, the 16-byte extended type.
        var userType: [UInt8]?

        var isManifestStore: Bool { type == "uuid" && userType == BMFF.c2paUUID }
    }

    /// Lists the top-level boxes of a file. Refuses files whose first box
    /// is not `ftyp` (not MP4 or MOV as libav writes them), fragmented
    /// files, and sizes that run past the end, unless `clampingOverrun`:
    /// a verifier reads a truncated film as a box cut short, whose hash
    /// then fails, rather than as a film without credentials.
    static func topLevelBoxes(_ file: ReadableFile, clampingOverrun: Bool = false) throws(ProvenanceError) -> [Box] {
        var boxes: [Box] = []
        var at: UInt64 = 0
        while at < file.size {
            guard file.size - at >= 8 else { throw .notBMFF("\(file.size - at) stray bytes at the end of the file") }
            let header = try file.read(at: at, count: Int(min(32, file.size - at)))
            var size = header.bigEndian(at: 0, width: 4)
            let type = String(decoding: header[4..<8], as: UTF8.self)
            var headerSize: UInt64 = 8
            if size == 1 {
                guard header.count >= 16 else { throw .notBMFF("the box '\(type)' at byte \(at) is truncated") }
                size = header.bigEndian(at: 8, width: 8)
                headerSize = 16
            } else if size == 0 {
                size = file.size - at
            }
            if clampingOverrun, size > file.size - at { size = file.size - at }
            guard size >= headerSize, size <= file.size - at else {
                throw .notBMFF("the box '\(printable(type))' at byte \(at) claims \(size) bytes, past the end of the file")
            }
            if boxes.isEmpty, type != "ftyp" { throw .notBMFF("it does not start with an 'ftyp' box (not an MP4 or MOV file)") }
            if type == "moof" { throw .unsupported("it is a fragmented MP4 ('moof' boxes), which content credentials cannot cover here") }
            let h = Int(headerSize)
            let userType = type == "uuid" && header.count >= h + 16 ? Array(header[h..<h + 16]) : nil
            boxes.append(Box(type: type, offset: at, size: size, userType: userType))
            at += size
        }
        return boxes
    }

    static func printable(_ type: String) -> String {
        String(type.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
    }

    // MARK: Chunk offsets

    /// Boxes inside `moov` on the way to the sample tables.
    private static let containers: Set<String> = ["trak", "mdia", "minf", "stbl"]

    /// Where each chunk offset table's entries start in `moov` (payload
    /// indices), with their count and width (4 for `stco`, 8 for `co64`).
    static func chunkOffsetTables(inMoov moov: [UInt8]) throws(ProvenanceError) -> [(start: Int, count: Int, width: Int)] {
        var tables: [(Int, Int, Int)] = []
        let header = moov.count >= 16 && moov.bigEndian(at: 0, width: 4) == 1 ? 16 : 8
        try walk(moov, from: header, to: moov.count) { (type, payload) throws(ProvenanceError) in
            switch type {
            case "mvex": throw .unsupported("it is a fragmented MP4 ('mvex' in 'moov'), which content credentials cannot cover here")
            case "stco", "co64":
                let width = type == "stco" ? 4 : 8
                guard payload.count >= 8 else { throw .notBMFF("a '\(type)' box is truncated") }
                let count = Int(moov.bigEndian(at: payload.lowerBound + 4, width: 4))
                guard count <= (payload.count - 8) / width else { throw .notBMFF("a '\(type)' box lists more chunks than it holds") }
                tables.append((payload.lowerBound + 8, count, width))
            default: break
            }
        }
        return tables
    }

    /// Visits the boxes in `bytes[from..<to]`, descending into containers.
    private static func walk(_ bytes: [UInt8], from: Int, to: Int,
                             _ visit: (String, Range<Int>) throws(ProvenanceError) -> Void) throws(ProvenanceError) {
        var at = from
        while at + 8 <= to {
            var size = Int(clamping: bytes.bigEndian(at: at, width: 4))
            var header = 8
            if size == 1, at + 16 <= to {
                size = Int(clamping: bytes.bigEndian(at: at + 8, width: 8))
                header = 16
            } else if size == 0 {
                size = to - at
            }
            guard size >= header, size <= to - at else { throw .notBMFF("a box inside 'moov' at byte \(at) does not fit its parent") }
            let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
            try visit(type, at + header..<at + size)
            if containers.contains(type) { try walk(bytes, from: at + header, to: at + size, visit) }
            at += size
        }
    }

    /// Every chunk offset in `moov`, in table order.
    static func chunkOffsets(inMoov moov: [UInt8]) throws(ProvenanceError) -> [UInt64] {
        try chunkOffsetTables(inMoov: moov).flatMap { table in
            (0..<table.count).map { moov.bigEndian(at: table.start + $0 * table.width, width: table.width) }
        }
    }

    /// Moves every chunk `delta` bytes later, as inserting a box of that
    /// size before `mdat` does. A 32-bit table that would overflow is an
    /// error rather than a silently wrong film.
    static func shiftChunkOffsets(inMoov moov: inout [UInt8], by delta: UInt64) throws(ProvenanceError) {
        for table in try chunkOffsetTables(inMoov: moov) {
            for i in 0..<table.count {
                let at = table.start + i * table.width
                let moved = moov.bigEndian(at: at, width: table.width) + delta
                if table.width == 4 {
                    guard moved <= UInt64(UInt32.max) else {
                        throw .unsupported("its 32-bit chunk offsets ('stco') cannot move past 4 GiB to make room for the credentials")
                    }
                    moov.replaceSubrange(at..<at + 4, with: withUnsafeBytes(of: UInt32(moved).bigEndian, Array.init))
                } else {
                    moov.replaceSubrange(at..<at + 8, with: withUnsafeBytes(of: moved.bigEndian, Array.init))
                }
            }
        }
    }
}

/// A file read by offset (pread), so a long film never has to fit in memory.
final class ReadableFile {
    let path: String
    let size: UInt64
    private let fd: Int32

    init(path: String) throws(ProvenanceError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .notBMFF(String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { close(fd); throw .notBMFF(String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { close(fd); throw .notBMFF("it is not a regular file") }
        size = UInt64(info.st_size)
    }

    deinit { close(fd) }

    func read(at offset: UInt64, count: Int) throws(ProvenanceError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            guard n > 0 else { throw .notBMFF(n == 0 ? "the file ended early" : String(cString: strerror(errno))) }
            done += n
        }
        return out
    }

    /// Hands `body` the bytes of a range in blocks of at most 1 MiB.
    func forEachBlock(from offset: UInt64, count: UInt64, _ body: ([UInt8]) throws(ProvenanceError) -> Void) throws(ProvenanceError) {
        var at = offset
        let end = offset + count
        while at < end {
            let block = try read(at: at, count: Int(min(1 << 20, end - at)))
            try body(block)
            at += UInt64(block.count)
        }
    }
}
