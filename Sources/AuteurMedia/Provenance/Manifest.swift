import Crypto
import Foundation

/// What a film's content credentials say about it, besides the hash that
/// binds them to its bytes.
public struct ManifestContent: Sendable, Equatable {
    public var title: String
    /// The software agent of the `c2pa.created` action and the claim generator.
    public var softwareName: String
    public var softwareVersion: String
    /// When the credentials were made: the `when` of the `c2pa.created`
    /// action, which `auteur verify` reports as the signing time.
    public var created: Date
    public var provenance: ProvenanceRecord

    public init(title: String, softwareName: String = "auteur", softwareVersion: String, created: Date = Date(),
                provenance: ProvenanceRecord) {
        self.title = title
        self.softwareName = softwareName
        self.softwareVersion = softwareVersion
        self.created = created
        self.provenance = provenance
    }
}

/// How a revision came to be: the chat turns from the new project to it,
/// and the seeds its randomness derives from. Stored as the assertion
/// `org.auteur.provenance`.
public struct ProvenanceRecord: Sendable, Equatable {
    public struct Turn: Sendable, Equatable {
        public var revision: Int
        public var text: String
        public var reply: String
        public init(revision: Int, text: String, reply: String) { self.revision = revision; self.text = text; self.reply = reply }
    }

    public struct Seed: Sendable, Equatable {
        /// A cast member's id.
        public var object: String
        public var seed: UInt64
        public init(object: String, seed: UInt64) { self.object = object; self.seed = seed }
    }

    public var revision: Int
    public var turns: [Turn]
    public var projectSeed: UInt64
    public var castSeeds: [Seed]
    public var auteurVersion: String

    public init(revision: Int, turns: [Turn], projectSeed: UInt64, castSeeds: [Seed], auteurVersion: String) {
        self.revision = revision
        self.turns = turns
        self.projectSeed = projectSeed
        self.castSeeds = castSeeds
        self.auteurVersion = auteurVersion
    }

    var cbor: CBOR {
        .object([
            "revision": .int(revision),
            "auteur_version": .text(auteurVersion),
            "seeds": .object([
                "project": .unsigned(projectSeed),
                "cast": .map(castSeeds.map { CBOR.Entry(.text($0.object), .unsigned($0.seed)) }),
            ]),
            "turns": .array(turns.map { .object(["revision": .int($0.revision), "text": .text($0.text), "reply": .text($0.reply)]) }),
        ])
    }

    init?(cbor: CBOR) {
        guard let revision = cbor["revision"]?.integer, let version = cbor["auteur_version"]?.string,
              case .unsigned(let projectSeed)? = cbor["seeds"]?["project"], case .map(let cast)? = cbor["seeds"]?["cast"],
              let turns = cbor["turns"]?.items else { return nil }
        var seeds: [Seed] = []
        for entry in cast {
            guard let id = entry.key.string, case .unsigned(let seed) = entry.value else { return nil }
            seeds.append(Seed(object: id, seed: seed))
        }
        var read: [Turn] = []
        for turn in turns {
            guard let r = turn["revision"]?.integer, let text = turn["text"]?.string, let reply = turn["reply"]?.string else { return nil }
            read.append(Turn(revision: r, text: text, reply: reply))
        }
        self.init(revision: revision, turns: read, projectSeed: projectSeed, castSeeds: seeds, auteurVersion: version)
    }
}

/// The C2PA manifest store of one film: assertions, claim v2 and its
/// COSE_Sign1 signature, in JUMBF. See Docs/provenance.md.
struct ManifestStore {
    static let actionsLabel = "c2pa.actions.v2"
    static let bmffHashLabel = "c2pa.hash.bmff.v3"
    static let provenanceLabel = "org.auteur.provenance"
    static let claimLabel = "c2pa.claim.v2"
    static let signatureLabel = "c2pa.signature"
    static let algorithmicMedia = "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"

    var content: ManifestContent
    /// `urn:c2pa:<uuid>`, and the claim's `xmp:iid:<uuid>`.
    var manifestLabel: String
    var instanceID: String

    init(content: ManifestContent) {
        self.content = content
        manifestLabel = "urn:c2pa:" + UUID().uuidString.lowercased()
        instanceID = "xmp:iid:" + UUID().uuidString.lowercased()
    }

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    var actions: CBOR {
        .object(["actions": .array([.object([
            "action": .text("c2pa.created"),
            "digitalSourceType": .text(Self.algorithmicMedia),
            "softwareAgent": .object(["name": .text(content.softwareName), "version": .text(content.softwareVersion)]),
            "when": .text(Self.timestamp(content.created)),
        ])])])
    }

    static func bmffHash(_ hash: [UInt8]) -> CBOR {
        .object([
            "exclusions": .array([.object(["xpath": .text("/uuid"),
                                           "data": .array([.object(["offset": .int(8), "value": .bytes(BMFF.c2paUUID)])])])]),
            "alg": .text("sha256"),
            "hash": .bytes(hash),
        ])
    }

    /// The whole `uuid` box for a film whose bytes hash to `bmffHash`.
    /// `sign` gets the COSE Sig_structure and returns a 64-byte r||s.
    func uuidBox(bmffHash: [UInt8], chain: [[UInt8]],
                 sign: ([UInt8]) throws(ProvenanceError) -> [UInt8]) throws(ProvenanceError) -> [UInt8] {
        let assertions = [
            (Self.actionsLabel, JUMBF.cbor(.cbor, label: Self.actionsLabel, actions)),
            (Self.bmffHashLabel, JUMBF.cbor(.cbor, label: Self.bmffHashLabel, Self.bmffHash(bmffHash))),
            (Self.provenanceLabel, JUMBF.cbor(.cbor, label: Self.provenanceLabel, content.provenance.cbor)),
        ]
        let claim = CBOR.object([
            "instanceID": .text(instanceID),
            "claim_generator_info": .object(["name": .text(content.softwareName), "version": .text(content.softwareVersion)]),
            "signature": .text("self#jumbf=/c2pa/\(manifestLabel)/\(Self.signatureLabel)"),
            "created_assertions": .array(assertions.map { label, box in
                .object(["url": .text("self#jumbf=c2pa.assertions/\(label)"), "hash": .bytes(Array(SHA256.hash(data: box.dropFirst(8))))])
            }),
            "dc:title": .text(content.title),
            "alg": .text("sha256"),
        ]).encoded
        let signature = try COSE.sign1(payload: claim, chain: chain, sign: sign)
        let manifest = JUMBF.superbox(.manifest, label: manifestLabel, [
            JUMBF.superbox(.assertions, label: "c2pa.assertions", assertions.map(\.1)),
            JUMBF.superbox(.claim, label: Self.claimLabel, [JUMBF.box("cbor", claim)]),
            JUMBF.superbox(.signature, label: Self.signatureLabel, [JUMBF.box("cbor", signature)]),
        ])
        let store = JUMBF.superbox(.store, label: "c2pa", [manifest])
        var payload = BMFF.c2paUUID + [0, 0, 0, 0] + Array("manifest".utf8) + [0]
        payload.appendBigEndian(UInt64(0))
        return JUMBF.box("uuid", payload + store)
    }
}

/// COSE_Sign1 (RFC 9052) as C2PA uses it: ES256, the certificate chain in
/// the protected header, the claim as a detached payload.
enum COSE {
    static let es256 = -7
    static let x5chain = 33

    static func protectedHeader(chain: [[UInt8]]) -> [UInt8] {
        let certificates: CBOR = chain.count == 1 ? .bytes(chain[0]) : .array(chain.map { .bytes($0) })
        return CBOR.map([.init(.int(1), .int(es256)), .init(.int(x5chain), certificates)]).encoded
    }

    /// The bytes the signature covers.
    static func toBeSigned(protected: [UInt8], payload: [UInt8]) -> [UInt8] {
        CBOR.array([.text("Signature1"), .bytes(protected), .bytes([]), .bytes(payload)]).encoded
    }

    static func sign1(payload: [UInt8], chain: [[UInt8]],
                      sign: ([UInt8]) throws(ProvenanceError) -> [UInt8]) throws(ProvenanceError) -> [UInt8] {
        let protected = protectedHeader(chain: chain)
        let signature = try sign(toBeSigned(protected: protected, payload: payload))
        return CBOR.tagged(18, .array([.bytes(protected), .map([]), .null, .bytes(signature)])).encoded
    }

    /// The protected header, certificate chain (leaf first) and signature of
    /// a COSE_Sign1, or why it is not one we can check.
    static func open(_ value: CBOR) throws(ProvenanceError) -> (protected: [UInt8], chain: [[UInt8]], signature: [UInt8]) {
        guard case .tagged(18, .array(let parts)) = value, parts.count == 4,
              let protected = parts[0].byteString, let signature = parts[3].byteString else {
            throw .malformed("the signature is not a COSE_Sign1 structure")
        }
        let header: CBOR
        do { header = try CBOR.decode(protected) } catch { throw .malformed("the signature's protected header is damaged") }
        guard header[1]?.integer == es256 else { throw .malformed("the signature is not ES256") }
        let chain: [[UInt8]]
        switch header[x5chain] {
        case .bytes(let one)?: chain = [one]
        case .array(let many)?: chain = many.compactMap(\.byteString)
        default: chain = []
        }
        guard !chain.isEmpty else { throw .malformed("the signature carries no certificate (x5chain)") }
        return (protected, chain, signature)
    }
}
