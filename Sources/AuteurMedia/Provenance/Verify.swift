import Crypto
import Foundation
import SwiftASN1
import X509

/// A root certificate `verify` trusts, named here so callers need not import X509.
public typealias TrustAnchor = Certificate

/// What a film's content credentials say and whether they hold, as read by
/// our own code (`auteur verify`).
public struct CredentialsReport: Sendable, Equatable {
    public enum Validity: String, Sendable {
        /// Every check passed and a given trust anchor vouches for the signer.
        case trusted
        /// Every check passed; nothing vouches for who the signer is.
        case valid
        /// The film or its manifest was changed after signing, or is damaged.
        case invalid
    }

    /// A failed check, with the code the C2PA specification gives it.
    public struct Failure: Sendable, Equatable {
        public var code: String
        public var explanation: String
    }

    public struct Action: Sendable, Equatable {
        public var action: String
        public var softwareAgent: String?
        public var digitalSourceType: String?
        public var when: String?
    }

    public var validity: Validity
    public var failures: [Failure]
    /// The signing certificate's subject (common name and organisation).
    public var signer: String?
    public var issuer: String?
    /// The `when` of the `c2pa.created` action: the time the credentials were made.
    public var signedAt: String?
    public var title: String?
    public var actions: [Action]
    public var provenance: ProvenanceRecord?

    /// Whether `code` is the only kind of failure.
    public func onlyFailure(is code: String) -> Bool { !failures.isEmpty && failures.allSatisfy { $0.code == code } }
}

extension ContentCredentials {
    /// Reads and checks the content credentials of an MP4/MOV: the claim's
    /// signature against the leaf certificate, every assertion's hash, the
    /// hash of the film's boxes, the certificate's dates and, with trust
    /// anchors, the chain up to one of them. Nil when there are none.
    public static func verify(file path: String, trustAnchors: [TrustAnchor] = [], now: Date = Date()) throws(MediaError) -> CredentialsReport? {
        let file: ReadableFile
        let boxes: [BMFF.Box]
        do {
            file = try ReadableFile(path: path)
            boxes = try BMFF.topLevelBoxes(file, clampingOverrun: true)
        } catch {
            throw error.mediaError(doing: "read content credentials from", file: path)
        }
        guard let storeBox = boxes.first(where: \.isManifestStore) else { return nil }
        var checker = Checker(file: file, boxes: boxes, storeBox: storeBox, anchors: trustAnchors, now: now)
        do { try checker.check() } catch {
            checker.fail("claim.malformed", error.description)
        }
        return checker.report
    }

    private struct Checker {
        let file: ReadableFile
        let boxes: [BMFF.Box]
        let storeBox: BMFF.Box
        let anchors: [Certificate]
        let now: Date
        var report = CredentialsReport(validity: .invalid, failures: [], actions: [])

        init(file: ReadableFile, boxes: [BMFF.Box], storeBox: BMFF.Box, anchors: [Certificate], now: Date) {
            self.file = file; self.boxes = boxes; self.storeBox = storeBox; self.anchors = anchors; self.now = now
        }

        mutating func fail(_ code: String, _ explanation: String) {
            report.failures.append(.init(code: code, explanation: explanation))
            report.validity = .invalid
        }

        mutating func check() throws(ProvenanceError) {
            let manifest = try activeManifest()
            guard let assertions = try manifest.children().first(where: { $0.kind == "c2as" }),
                  let claimBox = try manifest.children().first(where: { $0.kind == "c2cl" }),
                  let signatureBox = try manifest.children().first(where: { $0.kind == "c2cs" }) else {
                throw .malformed("the manifest lacks its assertions, claim or signature")
            }
            let claim = try claimBox.cborContent()
            report.title = claim.value["dc:title"]?.string
            let chain = try checkSignature(signatureBox, claim: Array(claim.bytes))
            try checkAssertions(claim.value, in: assertions)
            try readAssertions(assertions)
            checkCertificate(chain)
            if report.failures.isEmpty || report.onlyFailure(is: "signingCredential.untrusted") {
                report.validity = report.failures.isEmpty ? .trusted : .valid
            }
        }

        /// The last manifest of the store, which C2PA calls the active one.
        func activeManifest() throws(ProvenanceError) -> JUMBF.Node {
            let bytes = try file.read(at: storeBox.offset, count: Int(storeBox.size))
            // size, 'uuid', extended type, version and flags, then a NUL-terminated purpose.
            guard bytes.count > 28, let nul = bytes[28...].firstIndex(of: 0), nul + 9 <= bytes.count else {
                throw .malformed("the C2PA box header is truncated")
            }
            let purpose = String(decoding: bytes[28..<nul], as: UTF8.self)
            guard purpose == "manifest" else { throw .malformed("the C2PA box holds '\(purpose)', not a manifest store") }
            let boxes = try JUMBF.boxes(in: bytes[(nul + 9)...])
            guard let jumb = boxes.first, jumb.type == "jumb" else { throw .malformed("the C2PA box holds no JUMBF store") }
            let store = try JUMBF.Node(jumbPayload: jumb.payload)
            guard store.kind == "c2pa", let manifest = try store.children().last(where: { $0.kind == "c2ma" }) else {
                throw .malformed("the JUMBF store holds no C2PA manifest")
            }
            return manifest
        }

        /// Checks the COSE signature over the claim; returns the chain it carries.
        mutating func checkSignature(_ box: JUMBF.Node, claim: [UInt8]) throws(ProvenanceError) -> [Certificate] {
            let sign1 = try COSE.open(try box.cborContent().value)
            var chain: [Certificate] = []
            for der in sign1.chain {
                do { chain.append(try Certificate(derEncoded: der)) } catch { throw .malformed("a certificate in the signature is damaged") }
            }
            report.signer = Signer.describe(chain[0].subject)
            report.issuer = Signer.describe(chain[0].issuer)
            guard let key = P256.Signing.PublicKey(chain[0].publicKey),
                  let signature = try? P256.Signing.ECDSASignature(rawRepresentation: sign1.signature) else {
                fail("claimSignature.mismatch", "the signature is not an ES256 signature by a P-256 certificate")
                return chain
            }
            if !key.isValidSignature(signature, for: COSE.toBeSigned(protected: sign1.protected, payload: claim)) {
                fail("claimSignature.mismatch", "the claim or its signature changed after signing")
            }
            return chain
        }

        /// Each assertion the claim lists must hash to what the claim says.
        mutating func checkAssertions(_ claim: CBOR, in store: JUMBF.Node) throws(ProvenanceError) {
            guard let references = claim["created_assertions"]?.items else { throw .malformed("the claim lists no assertions") }
            for reference in references {
                guard let url = reference["url"]?.string, let expected = reference["hash"]?.byteString,
                      let label = url.split(separator: "/").last.map(String.init) else {
                    throw .malformed("the claim has a damaged assertion reference")
                }
                guard let assertion = try store.child(label) else {
                    fail("assertion.missing", "the assertion \(label) is missing")
                    continue
                }
                if Array(SHA256.hash(data: assertion.bytes)) != expected {
                    fail("assertion.hashedURI.mismatch", "the assertion \(label) changed after signing")
                }
            }
        }

        /// Reads the actions and our provenance, and checks the hard binding.
        mutating func readAssertions(_ store: JUMBF.Node) throws(ProvenanceError) {
            if let actions = try store.child(ManifestStore.actionsLabel)?.cborContent().value["actions"]?.items {
                report.actions = actions.map { a in
                    let agent = a["softwareAgent"].map { [$0["name"]?.string, $0["version"]?.string].compactMap(\.self).joined(separator: " ") }
                    return .init(action: a["action"]?.string ?? "?", softwareAgent: agent ?? a["softwareAgent"]?.string,
                                 digitalSourceType: a["digitalSourceType"]?.string, when: a["when"]?.string)
                }
                report.signedAt = report.actions.first { $0.action == "c2pa.created" }?.when
            }
            if let record = try store.child(ManifestStore.provenanceLabel)?.cborContent().value {
                report.provenance = ProvenanceRecord(cbor: record)
            }
            guard let binding = try store.children().first(where: { $0.label.hasPrefix("c2pa.hash.bmff") })?.cborContent().value,
                  let expected = binding["hash"]?.byteString else {
                fail("claim.hardBindings.missing", "the manifest has no hash of the film's boxes")
                return
            }
            let pieces: [ContentCredentials.Piece] = boxes.map { $0 == storeBox ? .manifest : .source($0) }
            if try ContentCredentials.bmffHash(of: pieces, file: file, manifestSize: storeBox.size) != expected {
                fail("assertion.bmffHash.mismatch", "the film's bytes changed after signing")
            }
        }

        /// Dates of every certificate, then the chain up to a trust anchor.
        mutating func checkCertificate(_ chain: [Certificate]) {
            for certificate in chain where now > certificate.notValidAfter || now < certificate.notValidBefore {
                fail("signingCredential.expired", "the certificate \(Signer.describe(certificate.subject)) is not valid now")
            }
            if !chainsToAnchor(chain) {
                report.failures.append(.init(code: "signingCredential.untrusted",
                                             explanation: anchors.isEmpty ? "no trust anchor was given" : "the signer does not chain to the given trust anchor"))
            }
        }

        func chainsToAnchor(_ chain: [Certificate]) -> Bool {
            guard let top = chain.last, !anchors.isEmpty else { return false }
            for (certificate, issuer) in zip(chain, chain.dropFirst())
            where certificate.issuer != issuer.subject || !issuer.publicKey.isValidSignature(certificate.signature, for: certificate) {
                return false
            }
            return anchors.contains { anchor in
                anchor == top || (anchor.subject == top.issuer && anchor.publicKey.isValidSignature(top.signature, for: top))
            }
        }
    }
}
