import AuteurCore
import Crypto
import Foundation
import Testing
@testable import AuteurMedia

/// Content credentials written and read by our own code. The reference
/// reader (c2pa-python) checks the same files in Tests/integration/c2pa.sh.
@Suite struct ProvenanceTests {
    static let record = ProvenanceRecord(
        revision: 2, turns: [.init(revision: 1, text: "a red car in the desert", reply: "Added a red car."),
                             .init(revision: 2, text: "make it night", reply: "It is night.")],
        projectSeed: 7, castSeeds: [.init(object: "car", seed: 0xDEAD_BEEF_0000_0001)], auteurVersion: "0.1.0")
    static let manifest = ManifestContent(title: "film.mp4", softwareVersion: "0.1.0", created: Date(timeIntervalSince1970: 1_790_000_000),
                                          provenance: record)

    /// A short H.264 film with sound, and credentials made now.
    static func film(in scratch: Scratch, _ name: String = "film.mp4") throws -> String {
        let audio = scratch.file("tone.wav")
        Fixture.writeWAV(Fixture.toneBurst(seconds: 1, sampleRate: 44_100, start: 0, end: 1), sampleRate: 44_100, to: audio)
        let target = scratch.file(name)
        let container: ExportOptions.Container = name.hasSuffix(".mov") ? .mov : .mp4
        let options = ExportOptions(container: container, codec: .h264, width: 64, height: 36, fps: 24, audioPath: audio)
        _ = try VideoExporter.export(to: target, options: options, frameCount: 12) { Fixture.frame($0, width: 64, height: 36) }
        return target
    }

    static let credentials: (root: TrustAnchor, signer: Signer) = try! KeyFolder.generate(now: Date())

    static func bytes(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path)!) }

    static func moov(of path: String) throws -> [UInt8] {
        let file = try ReadableFile(path: path)
        let box = try #require(try BMFF.topLevelBoxes(file).first { $0.type == "moov" })
        return try file.read(at: box.offset, count: Int(box.size))
    }

    // MARK: CBOR

    @Test("CBOR encodes in the shortest form and reads back what it wrote")
    func cborRoundTrip() throws {
        #expect(CBOR.int(-7).encoded == [0x26])
        #expect(CBOR.int(500).encoded == [0x19, 0x01, 0xF4])
        #expect(CBOR.text("a").encoded == [0x61, 0x61])
        #expect(CBOR.tagged(18, .null).encoded == [0xD2, 0xF6])
        let value = CBOR.object([
            "z": .array([.int(0), .int(23), .int(24), .int(-1), .int(-25), .unsigned(UInt64.max), .int(65_536)]),
            "a": .bytes(Array(0..<200)), "é": .text(String(repeating: "x", count: 300)),
            "m": .map([.init(.int(33), .bool(true)), .init(.int(1), .null)]), "t": .tagged(18, .array([])),
        ])
        let encoded = value.encoded
        #expect(try CBOR.decode(encoded) == value)
        #expect(try CBOR.decode(encoded).encoded == encoded, "keys keep their order, so the bytes are the same")
        #expect(throws: CBOR.DecodingError.self) { try CBOR.decode(encoded.dropLast()) }
        #expect(throws: CBOR.DecodingError.self) { try CBOR.decode(encoded + [0]) }
        #expect(throws: CBOR.DecodingError.self, "indefinite lengths are refused") { try CBOR.decode([0x9F, 0xFF]) }
        #expect(throws: CBOR.DecodingError.self, "a count larger than the data") { try CBOR.decode([0x9B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]) }
        #expect(ProvenanceRecord(cbor: try CBOR.decode(Self.record.cbor.encoded)) == Self.record)
    }

    // MARK: Box layout

    @Test("the manifest box goes right after ftyp and every chunk offset still points at the same bytes")
    func chunkOffsetsFollowTheirBytes() throws {
        let scratch = Scratch("c2pa-offsets")
        let path = try Self.film(in: scratch)
        let before = Self.bytes(path)
        let offsetsBefore = try BMFF.chunkOffsets(inMoov: try Self.moov(of: path))
        let framesBefore = try Tool.run("ffmpeg", ["-v", "error", "-i", path, "-f", "framecrc", "-"])

        try ContentCredentials.embed(inFile: path, manifest: Self.manifest, signer: Self.credentials.signer)
        let after = Self.bytes(path)
        let boxes = try BMFF.topLevelBoxes(try ReadableFile(path: path))
        #expect(boxes.map(\.type).prefix(3) == ["ftyp", "uuid", "moov"], "faststart layout: ftyp, the manifest, then moov")
        #expect(boxes[1].isManifestStore)
        let size = boxes[1].size
        #expect(UInt64(after.count) == UInt64(before.count) + size, "nothing but the manifest box was added")

        let offsetsAfter = try BMFF.chunkOffsets(inMoov: try Self.moov(of: path))
        #expect(offsetsBefore.count > 12, "video and audio chunks")
        #expect(offsetsAfter == offsetsBefore.map { $0 + size })
        for (old, new) in zip(offsetsBefore, offsetsAfter) {
            #expect(before[Int(old)..<Int(old) + 16] == after[Int(new)..<Int(new) + 16], "chunk at \(old) moved to \(new)")
        }
        let framesAfter = try Tool.run("ffmpeg", ["-v", "error", "-i", path, "-f", "framecrc", "-"])
        #expect(framesAfter == framesBefore, "the credentialed film decodes to the same frames and samples")
        #expect(scratch.entries == ["film.mp4", "tone.wav"], "no temporary file is left")
    }

    @Test("a fragmented MP4 is refused in one line and left as it was")
    func fragmentedIsRefused() throws {
        let scratch = Scratch("c2pa-fragmented")
        let plain = try Self.film(in: scratch)
        let fragmented = scratch.file("fragmented.mp4")
        try Tool.ffmpeg(["-i", plain, "-c", "copy", "-movflags", "frag_keyframe+empty_moov", fragmented])
        let before = Self.bytes(fragmented)
        let error = try #require(throws: MediaError.self) {
            try ContentCredentials.embed(inFile: fragmented, manifest: Self.manifest, signer: Self.credentials.signer)
        }
        #expect(error.description.contains("fragmented MP4"))
        #expect(!error.description.contains("\n"))
        #expect(Self.bytes(fragmented) == before)
    }

    // MARK: Signing and checking

    @Test("a signed film reads as valid, untrusted without an anchor and trusted with our root")
    func signAndVerify() throws {
        let scratch = Scratch("c2pa-verify")
        let path = try Self.film(in: scratch, "film.mov")
        #expect(try ContentCredentials.verify(file: path) == nil, "no credentials yet")
        try ContentCredentials.embed(inFile: path, manifest: Self.manifest, signer: Self.credentials.signer)

        let plain = try #require(try ContentCredentials.verify(file: path))
        #expect(plain.validity == .valid)
        #expect(plain.failures.map(\.code) == ["signingCredential.untrusted"])
        #expect(plain.signer == "Auteur local signer (Auteur)")
        #expect(plain.issuer == "Auteur local root (Auteur)")
        #expect(plain.signedAt == "2026-09-21T14:13:20Z")
        #expect(plain.actions == [.init(action: "c2pa.created", softwareAgent: "auteur 0.1.0",
                                        digitalSourceType: ManifestStore.algorithmicMedia, when: "2026-09-21T14:13:20Z")])
        #expect(plain.provenance == Self.record)
        #expect(plain.title == "film.mp4")

        let trusted = try #require(try ContentCredentials.verify(file: path, trustAnchors: [Self.credentials.root]))
        #expect(trusted.validity == .trusted)
        #expect(trusted.failures.isEmpty)

        let stranger = try KeyFolder.generate(now: Date()).root
        let untrusted = try #require(try ContentCredentials.verify(file: path, trustAnchors: [stranger]))
        #expect(untrusted.validity == .valid, "another root does not vouch for our signer")
        #expect(untrusted.failures.map(\.code) == ["signingCredential.untrusted"])
    }

    /// Flips one byte of the credentialed film and returns the failure codes.
    func tamper(_ scratch: Scratch, at locate: ([UInt8], [BMFF.Box]) throws -> Int) throws -> [String] {
        let path = try Self.film(in: scratch)
        try ContentCredentials.embed(inFile: path, manifest: Self.manifest, signer: Self.credentials.signer)
        var bytes = Self.bytes(path)
        let at = try locate(bytes, try BMFF.topLevelBoxes(try ReadableFile(path: path)))
        bytes[at] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let report = try #require(try ContentCredentials.verify(file: path, trustAnchors: [Self.credentials.root]))
        #expect(report.validity == .invalid)
        return report.failures.map(\.code)
    }

    @Test("one flipped byte in mdat, moov or ftyp breaks the hash of the boxes, and only that")
    func tamperedFilm() throws {
        for type in ["mdat", "moov", "ftyp"] {
            let codes = try tamper(Scratch("c2pa-tamper-\(type)")) { _, boxes in
                let box = try #require(boxes.first { $0.type == type })
                return Int(box.offset + box.size) - 3
            }
            #expect(codes == ["assertion.bmffHash.mismatch"], "\(type)")
        }
    }

    @Test("a film cut short reads as invalid, not as a film without credentials")
    func truncatedFilm() throws {
        let scratch = Scratch("c2pa-truncated")
        let path = try Self.film(in: scratch)
        try ContentCredentials.embed(inFile: path, manifest: Self.manifest, signer: Self.credentials.signer)
        try Data(Self.bytes(path).dropLast(100)).write(to: URL(fileURLWithPath: path))
        let report = try #require(try ContentCredentials.verify(file: path))
        #expect(report.validity == .invalid)
        #expect(report.failures.map(\.code) == ["assertion.bmffHash.mismatch", "signingCredential.untrusted"])
    }

    @Test("a changed assertion or signature is caught, and the manifest box is outside the film's hash")
    func tamperedManifest() throws {
        let assertion = try tamper(Scratch("c2pa-tamper-assertion")) { bytes, _ in
            try #require(Self.find(Array("make it night".utf8), in: bytes))
        }
        #expect(assertion == ["assertion.hashedURI.mismatch"])
        let signature = try tamper(Scratch("c2pa-tamper-signature")) { bytes, boxes in
            // The last 64 bytes of the manifest box are the signature's r||s.
            Int(boxes[1].offset + boxes[1].size) - 10
        }
        #expect(signature == ["claimSignature.mismatch"])
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        (0...(haystack.count - needle.count)).first { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    // MARK: Keys

    @Test("keys are written 0600 in a 0700 folder, load back, and are not overwritten without force")
    func keyFolder() throws {
        let scratch = Scratch("c2pa-keys")
        let folder = KeyFolder(path: scratch.file("config/auteur/keys"))
        let made = try folder.create(force: false)
        var info = stat()
        stat(folder.path, &info)
        #expect(info.st_mode & 0o777 == 0o700)
        for file in folder.files {
            stat(file, &info)
            #expect(info.st_mode & 0o777 == 0o600, "\(file)")
        }
        let loaded = try folder.signer()
        #expect(loaded.leaf == made.leaf)
        let error = try #require(throws: MediaError.self) { try folder.create(force: false) }
        #expect(error.kind == .targetExists)
        #expect(try folder.signer().leaf == made.leaf, "the refused call changed nothing")
        #expect(try folder.create(force: true).leaf != made.leaf)
        #expect(KeyFolder.standard(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]).path == "/x/auteur/keys")
        #expect(KeyFolder.standard(environment: ["HOME": "/h"]).path == "/h/.config/auteur/keys")
    }

    @Test("exports making keys at the same moment all sign with the one set that landed, and the folder holds a matching set")
    func keysMadeConcurrently() throws {
        let scratch = Scratch("c2pa-keyrace")
        for round in 0..<4 {
            let folder = KeyFolder(path: scratch.file("config\(round)/auteur/keys"))
            final class Calls: @unchecked Sendable {
                let lock = NSLock()
                var serials: [String] = [], created = 0, failures: [String] = []
            }
            let calls = Calls()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    let (signer, created) = try folder.signerMakingKeysIfMissing()
                    calls.lock.withLock {
                        calls.serials.append("\(signer.leaf.serialNumber)")
                        if created { calls.created += 1 }
                    }
                } catch {
                    calls.lock.withLock { calls.failures.append("\(error)") }
                }
            }
            #expect(calls.failures.isEmpty, "\(calls.failures)")
            try #require(calls.serials.count == 8)
            // One call made them; every call signs with them; they load back whole.
            #expect(calls.created == 1)
            let landed = "\(try folder.signer().leaf.serialNumber)"
            #expect(calls.serials.allSatisfy { $0 == landed })
            // Nothing half-made is left beside the folder.
            let beside = try FileManager.default.contentsOfDirectory(atPath: (folder.path as NSString).deletingLastPathComponent)
            #expect(beside == ["keys"], "\(beside)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["root.pem", "signer.key", "signer.pem"])
        }
    }

    @Test("missing, wrong and mismatched key files are each named in one line")
    func badSigningFiles() throws {
        let scratch = Scratch("c2pa-badkeys")
        let a = KeyFolder(path: scratch.file("a")), b = KeyFolder(path: scratch.file("b"))
        try a.create(force: false)
        try b.create(force: false)
        func failure(_ cert: String, _ key: String) throws -> String {
            try #require(throws: MediaError.self) { try Signer.load(certificatePEM: cert, keyPEM: key) }.description
        }
        #expect(try failure(scratch.file("none.pem"), a.signerKey).contains("there is no such file"))
        #expect(try failure(a.signerKey, a.signerKey).contains("holds no CERTIFICATE"))
        #expect(try failure(a.signerCertificate, a.signerCertificate).contains("not a PEM P-256 private key"))
        #expect(try failure(a.signerCertificate, b.signerKey).contains("does not belong to the signing certificate"))
        let expired = try #require(throws: MediaError.self) {
            try Signer.load(certificatePEM: a.signerCertificate, keyPEM: a.signerKey, now: Date().addingTimeInterval(3 * 365 * 86400))
        }
        #expect(expired.description.contains("expired"))
    }
}
