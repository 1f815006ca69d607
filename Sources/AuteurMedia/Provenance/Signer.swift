import Crypto
import Foundation
import SwiftASN1
import X509

/// Who signs content credentials: a P-256 key and its certificate chain,
/// leaf first. The leaf is checked to hold the key's public half, so a
/// mismatched pair fails here and not in a reader months later.
public struct Signer: Sendable {
    public let chain: [Certificate]
    let key: P256.Signing.PrivateKey

    public var leaf: Certificate { chain[0] }

    public init(chain: [Certificate], key: P256.Signing.PrivateKey, now: Date = Date()) throws(ProvenanceError) {
        guard let leaf = chain.first else { throw .credentials("the certificate file holds no certificate") }
        guard let leafKey = P256.Signing.PublicKey(leaf.publicKey) else {
            throw .credentials("the signing certificate's key is not P-256 (ES256 needs P-256)")
        }
        guard leafKey.rawRepresentation == key.publicKey.rawRepresentation else {
            throw .credentials("the private key does not belong to the signing certificate '\(Self.commonName(of: leaf) ?? "?")'")
        }
        guard now <= leaf.notValidAfter else {
            throw .credentials("the signing certificate expired on \(ManifestStore.timestamp(leaf.notValidAfter)); make new keys (auteur keys init --force)")
        }
        guard now >= leaf.notValidBefore else {
            throw .credentials("the signing certificate is not valid before \(ManifestStore.timestamp(leaf.notValidBefore))")
        }
        self.chain = chain
        self.key = key
    }

    /// Loads a PEM certificate chain (leaf first) and a PEM P-256 private
    /// key (PKCS#8 or SEC1).
    public static func load(certificatePEM: String, keyPEM: String, now: Date = Date()) throws(MediaError) -> Signer {
        let chain = try certificates(fromPEMFile: certificatePEM)
        let keyText = try readText(keyPEM, what: "private key")
        let key: P256.Signing.PrivateKey
        do { key = try P256.Signing.PrivateKey(pemRepresentation: keyText) } catch {
            throw MediaError(.invalidOptions, doing: "read the private key", file: keyPEM, reason: "it is not a PEM P-256 private key")
        }
        do { return try Signer(chain: chain, key: key, now: now) } catch {
            throw error.mediaError(doing: "use the signing certificate", file: certificatePEM)
        }
    }

    /// Every certificate in a PEM file, in file order.
    public static func certificates(fromPEMFile path: String) throws(MediaError) -> [Certificate] {
        let text = try readText(path, what: "certificate")
        let documents: [PEMDocument]
        do { documents = try PEMDocument.parseMultiple(pemString: text) } catch {
            throw MediaError(.invalidOptions, doing: "read the certificate", file: path, reason: "it is not a PEM certificate file")
        }
        var chain: [Certificate] = []
        for document in documents where document.discriminator == "CERTIFICATE" {
            do { chain.append(try Certificate(pemDocument: document)) } catch {
                throw MediaError(.invalidOptions, doing: "read the certificate", file: path, reason: "a certificate in it is damaged")
            }
        }
        guard !chain.isEmpty else {
            throw MediaError(.invalidOptions, doing: "read the certificate", file: path, reason: "it holds no CERTIFICATE block")
        }
        return chain
    }

    private static func readText(_ path: String, what: String) throws(MediaError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw MediaError(.invalidOptions, doing: "read the \(what)", file: path, reason: "there is no such file")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw MediaError(.invalidOptions, doing: "read the \(what)", file: path, reason: "it cannot be read as text")
        }
        return text
    }

    /// The chain as DER, leaf first, as x5chain carries it.
    func derChain() throws(ProvenanceError) -> [[UInt8]] {
        var out: [[UInt8]] = []
        for certificate in chain {
            var serializer = DER.Serializer()
            do { try serializer.serialize(certificate) } catch { throw .credentials("a certificate cannot be encoded") }
            out.append(serializer.serializedBytes)
        }
        return out
    }

    /// ES256 over `message`, as 64 bytes r||s.
    func sign(_ message: [UInt8]) throws(ProvenanceError) -> [UInt8] {
        do { return Array(try key.signature(for: message).rawRepresentation) } catch {
            throw .credentials("signing failed: \(error)")
        }
    }

    /// The subject's common name, and organisation when there is one.
    public var subjectSummary: String { Self.describe(leaf.subject) }

    static func describe(_ name: DistinguishedName) -> String {
        let cn = attribute(.RDNAttributeType.commonName, in: name)
        let o = attribute(.RDNAttributeType.organizationName, in: name)
        return [cn, o.map { "(\($0))" }].compactMap(\.self).joined(separator: " ").nonEmpty ?? name.description
    }

    static func commonName(of certificate: Certificate) -> String? {
        attribute(.RDNAttributeType.commonName, in: certificate.subject)
    }

    static func attribute(_ type: ASN1ObjectIdentifier, in name: DistinguishedName) -> String? {
        for rdn in name {
            for attribute in rdn where attribute.type == type { return String(attribute.value) ?? attribute.value.description }
        }
        return nil
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
