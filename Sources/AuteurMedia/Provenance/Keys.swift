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
    /// each file 0600. Refuses existing files unless `force`.
    ///
    /// Writers take an exclusive flock(2) on the parent folder, and look for
    /// keys again once they hold it: of two processes making keys at once
    /// (two first exports) one makes them and the other finds them there.
    /// A check without the lock is not enough: the other writer can land
    /// between the check and the write.
    ///
    /// Without `force` the three files are written in a private folder
    /// beside this one, which is then renamed into place, so a crash leaves
    /// all three or none.
    @discardableResult
    public func create(force: Bool, now: Date = Date()) throws(MediaError) -> Signer {
        try holdingWriterLock { () throws(MediaError) in try createHoldingLock(force: force, now: now) }
    }

    private func createHoldingLock(force: Bool, now: Date) throws(MediaError) -> Signer {
        if exists, !force {
            throw MediaError(.targetExists, doing: "make signing keys in", file: path, reason: "keys are already there (use --force to replace them)")
        }
        let made: (root: Certificate, signer: Signer)
        do { made = try Self.generate(now: now) } catch {
            throw MediaError(.invalidOptions, doing: "make signing keys", file: nil, reason: "\(error)")
        }
        let pems: [String]
        do {
            pems = [try made.root.serializeAsPEM().pemString, try made.signer.leaf.serializeAsPEM().pemString,
                    made.signer.key.pemRepresentation]
        } catch {
            throw MediaError(.invalidOptions, doing: "make signing keys", file: nil, reason: "\(error)")
        }
        let present = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? nil
        if force || present?.isEmpty == false {
            // Replacing keys (or filling a folder that holds other files):
            // file by file, each under a name of its own, then renamed.
            try makeFolder(path)
            for (pem, file) in zip(pems, files) { try write(pem, to: file) }
            return made.signer
        }
        let staging = path + ".new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try makeFolder(staging)
        do throws(MediaError) {
            for (pem, name) in zip(pems, files.map { ($0 as NSString).lastPathComponent }) {
                try write(pem, to: staging + "/" + name)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        // rename(2) puts a folder in place of nothing or of an empty folder.
        guard rename(staging, path) == 0 else {
            let failure = errno
            try? FileManager.default.removeItem(atPath: staging)
            throw Libav.systemError("write", file: path, errno: failure)
        }
        return made.signer
    }

    /// Runs `body` holding an exclusive lock on the folder that holds this
    /// one (made if missing). flock(2) locks belong to an open file, so two
    /// threads of one process exclude each other as two processes do.
    private func holdingWriterLock<T>(_ body: () throws(MediaError) -> T) throws(MediaError) -> T {
        let parent = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw MediaError(.system(EIO), doing: "write signing keys to", file: path, reason: "\(error.localizedDescription)")
        }
        let fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Libav.systemError("open", file: parent) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            // A file system without locks (some network mounts): go on
            // unlocked; the rename still lands each set of keys whole.
            if errno == ENOLCK || errno == EOPNOTSUPP { break }
            throw Libav.systemError("lock", file: parent)
        }
        return try body()
    }

    /// The signer of this folder, making the keys first if there are none.
    /// `created` says whether this call made them. Safe against another
    /// process doing the same at the same moment: both end up with the keys
    /// that landed.
    public func signerMakingKeysIfMissing(now: Date = Date()) throws(MediaError) -> (signer: Signer, created: Bool) {
        // The common case, keys made long ago, takes no lock.
        if exists { return (try signer(now: now), false) }
        return try holdingWriterLock { () throws(MediaError) in
            if exists { return (try signer(now: now), false) }
            return (try createHoldingLock(force: false, now: now), true)
        }
    }

    private func makeFolder(_ folder: String) throws(MediaError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw MediaError(.system(EIO), doing: "write signing keys to", file: folder, reason: "\(error.localizedDescription)")
        }
        chmod(folder, 0o700)
    }

    private func write(_ text: String, to file: String) throws(MediaError) {
        // A name of this call's own: two writers never share a temporary file.
        let temporary = file + ".new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
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
