import Crypto
import Foundation
import SwiftASN1
import X509

/// Auteur's own signing credentials, kept in one folder: a self-signed
/// root, a signer certificate it issued, and the signer's private key.
/// The root's private key is used once and never stored, so these files can
/// sign films but cannot issue further certificates.
public struct KeyFolder: Sendable {
    public let path: String
    public var rootCertificate: String { path + "/root.pem" }
    public var signerCertificate: String { path + "/signer.pem" }
    public var signerKey: String { path + "/signer.key" }
    public var files: [String] { [rootCertificate, signerCertificate, signerKey] }

    public init(path: String) { self.path = path }

    /// `${XDG_CONFIG_HOME:-~/.config}/auteur/keys`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> KeyFolder {
        let config = environment["XDG_CONFIG_HOME"].flatMap(\.nonEmpty)
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return KeyFolder(path: config + "/auteur/keys")
    }

    /// Whether any of our files is there (a half-made folder counts, so it
    /// is never silently overwritten).
    public var exists: Bool { files.contains { FileManager.default.fileExists(atPath: $0) } }

    public func signer(now: Date = Date()) throws(MediaError) -> Signer {
        try Signer.load(certificatePEM: signerCertificate, keyPEM: signerKey, now: now)
    }

    /// Makes a new root and signer and writes them: the folder mode 0700,
    /// each file 0600, each written under a temporary name and renamed.
    /// Refuses existing files unless `force`.
    @discardableResult
    public func create(force: Bool, now: Date = Date()) throws(MediaError) -> Signer {
        if exists, !force {
            throw MediaError(.targetExists, doing: "make signing keys in", file: path, reason: "keys are already there (use --force to replace them)")
        }
        let made: (root: Certificate, signer: Signer)
        do { made = try Self.generate(now: now) } catch {
            throw MediaError(.invalidOptions, doing: "make signing keys", file: nil, reason: "\(error)")
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            chmod(path, 0o700)
            try write(try made.root.serializeAsPEM().pemString, to: rootCertificate)
            try write(try made.signer.leaf.serializeAsPEM().pemString, to: signerCertificate)
            try write(made.signer.key.pemRepresentation, to: signerKey)
        } catch let error as MediaError {
            throw error
        } catch {
            throw MediaError(.system(EIO), doing: "write signing keys to", file: path, reason: "\(error.localizedDescription)")
        }
        return made.signer
    }

    private func write(_ text: String, to file: String) throws(MediaError) {
        let temporary = file + ".new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Libav.systemError("write", file: temporary) }
        let bytes = Array((text.hasSuffix("\n") ? text : text + "\n").utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        let ok = written == bytes.count && fchmod(fd, 0o600) == 0 && fsync(fd) == 0
        let failure = errno
        close(fd)
        guard ok, rename(temporary, file) == 0 else {
            unlink(temporary)
            throw Libav.systemError("write", file: file, errno: ok ? errno : failure)
        }
    }

    /// A root and a signer in the profile the C2PA reference reader accepts:
    /// see Docs/provenance.md ("Keys").
    static func generate(now: Date) throws -> (root: Certificate, signer: Signer) {
        let rootKey = P256.Signing.PrivateKey()
        let signerKey = P256.Signing.PrivateKey()
        let rootName = try DistinguishedName {
            OrganizationName("Auteur")
            CommonName("Auteur local root")
        }
        let signerName = try DistinguishedName {
            OrganizationName("Auteur")
            CommonName("Auteur local signer")
        }
        let rootPublic = Certificate.PublicKey(rootKey.publicKey)
        let signerPublic = Certificate.PublicKey(signerKey.publicKey)
        let rootKeyID = SubjectKeyIdentifier(hash: rootPublic)
        // An hour back, so a verifier whose clock is a little behind still accepts it.
        let start = now.addingTimeInterval(-3600)
        let root = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: rootPublic,
            notValidBefore: start, notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: rootName, subject: rootName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                rootKeyID
            },
            issuerPrivateKey: Certificate.PrivateKey(rootKey))
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: signerPublic,
            notValidBefore: start, notValidAfter: now.addingTimeInterval(2 * 365 * 86400),
            issuer: rootName, subject: signerName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.emailProtection])
                SubjectKeyIdentifier(hash: signerPublic)
                AuthorityKeyIdentifier(keyIdentifier: rootKeyID.keyIdentifier)
            },
            issuerPrivateKey: Certificate.PrivateKey(rootKey))
        return (root, try Signer(chain: [leaf], key: signerKey, now: now))
    }
}
