import Crypto
import Foundation

/// C2PA content credentials for MP4 and MOV files, written and checked by
/// our own code (Docs/provenance.md). c2pa-python is only the independent
/// reader of the tests.
public enum ContentCredentials {
    /// Signs a finished MP4/MOV and puts the manifest store in a `uuid` box
    /// right after `ftyp`, moving every chunk offset by the box's size. The
    /// file is rewritten beside itself and renamed over, so it is never
    /// half-credentialed. Runs as the export's finishing step.
    public static func embed(inFile path: String, manifest: ManifestContent, signer: Signer) throws(MediaError) {
        do { try credential(path, manifest: manifest, signer: signer) } catch {
            throw error.mediaError(doing: "write content credentials into", file: path)
        }
    }

    private static func credential(_ path: String, manifest: ManifestContent, signer: Signer) throws(ProvenanceError) {
        let file = try ReadableFile(path: path)
        let boxes = try BMFF.topLevelBoxes(file)
        guard !boxes.contains(where: \.isManifestStore) else { throw .unsupported("it already carries content credentials") }
        guard let moovBox = boxes.first(where: { $0.type == "moov" }) else { throw .notBMFF("it has no 'moov' box") }
        let store = ManifestStore(content: manifest)
        let chain = try signer.derChain()

        // Pass one: the store's size with a zero hash and signature (both fixed-size).
        let size = try store.uuidBox(bmffHash: [UInt8](repeating: 0, count: 32), chain: chain) { _ in [UInt8](repeating: 0, count: 64) }.count
        var moov = try file.read(at: moovBox.offset, count: Int(moovBox.size))
        try BMFF.shiftChunkOffsets(inMoov: &moov, by: UInt64(size))
        var pieces: [Piece] = boxes.map { $0.type == "moov" ? .bytes(moov) : .source($0) }
        pieces.insert(.manifest, at: 1)

        // Pass two: hash the final layout, sign, and check the size held.
        let hash = try bmffHash(of: pieces, file: file, manifestSize: UInt64(size))
        let box = try store.uuidBox(bmffHash: hash, chain: chain, sign: signer.sign)
        guard box.count == size else { throw .malformed("the manifest changed size between passes (\(size) then \(box.count) bytes)") }
        try write(pieces, manifest: box, from: file, to: path)
    }

    /// One top-level box of the credentialed film: copied from the source,
    /// rewritten in memory (`moov`), or the manifest store itself.
    enum Piece {
        case source(BMFF.Box)
        case bytes([UInt8])
        case manifest

        func size(manifestSize: UInt64) -> UInt64 {
            switch self {
            case .source(let box): box.size
            case .bytes(let b): UInt64(b.count)
            case .manifest: manifestSize
            }
        }
    }

    /// SHA-256 over each box but the manifest store: its offset in the
    /// final file as a big-endian u64, then its bytes.
    static func bmffHash(of pieces: [Piece], file: ReadableFile, manifestSize: UInt64) throws(ProvenanceError) -> [UInt8] {
        var sha = SHA256()
        var offset: UInt64 = 0
        for piece in pieces {
            defer { offset += piece.size(manifestSize: manifestSize) }
            if case .manifest = piece { continue }
            sha.update(data: withUnsafeBytes(of: offset.bigEndian, Array.init))
            switch piece {
            case .source(let box): try file.forEachBlock(from: box.offset, count: box.size) { sha.update(data: $0) }
            case .bytes(let b): sha.update(data: b)
            case .manifest: break
            }
        }
        return Array(sha.finalize())
    }

    private static func write(_ pieces: [Piece], manifest: [UInt8], from file: ReadableFile, to path: String) throws(ProvenanceError) {
        let temporary = path + ".c2pa"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .notBMFF("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var closed = false
        defer { if !closed { close(fd); unlink(temporary) } }
        func put(_ bytes: [UInt8]) throws(ProvenanceError) {
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, bytes.count - done) }
                guard n > 0 else { throw .notBMFF("cannot write \(temporary): \(String(cString: strerror(errno)))") }
                done += n
            }
        }
        for piece in pieces {
            switch piece {
            case .source(let box): try file.forEachBlock(from: box.offset, count: box.size, put)
            case .bytes(let b): try put(b)
            case .manifest: try put(manifest)
            }
        }
        closed = true
        close(fd)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .notBMFF("cannot replace the file: \(String(cString: strerror(errno)))")
        }
    }
}
