import ArgumentParser
import AuteurCore
import AuteurMedia
import Foundation

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the keys that sign content credentials.",
        subcommands: [KeysInit.self])
}

struct KeysInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make a P-256 signing key, a self-signed root and a signer certificate.",
        discussion: """
            Writes root.pem, signer.pem and signer.key (mode 0600) to \
            ${XDG_CONFIG_HOME:-~/.config}/auteur/keys (mode 0700). The root's own private key \
            is not kept: these files can sign films but not issue certificates. Give root.pem \
            to whoever should trust your films (auteur verify --trust root.pem). \
            `auteur export` makes these keys on first use when there are none.
            """)

    @Flag(help: "Replace existing keys (films signed with the old ones stay valid, but verify against the old root).")
    var force = false

    func run() throws {
        let folder = KeyFolder.standard()
        let signer: Signer
        do { signer = try folder.create(force: force) } catch { throw error.auteurError }
        say("wrote signing keys to \(TerminalText.sanitize(folder.path)): root.pem, signer.pem, signer.key")
        say("signer: \(TerminalText.sanitize(signer.subjectSummary)), valid until \(Self.day(signer.leaf.notValidAfter))")
    }

    static func day(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        return f.string(from: date)
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the content credentials (C2PA) of an MP4 or MOV film.",
        discussion: """
            Prints who signed, when the credentials were made, the actions and the validity: \
            trusted (a --trust root vouches for the signer), valid (the film and its manifest \
            are as signed, but nothing vouches for who signed), or invalid (changed after \
            signing, or damaged), with the C2PA code of every failed check.

            Exit codes: 0 valid or trusted; 1 invalid; 2 usage error; 3 no content \
            credentials (including files that are not MP4 or MOV); 4 the file cannot be read; \
            5 valid, but not signed under the --trust root.
            """)

    @Argument(help: "The film to check (.mp4 or .mov).")
    var file: String
    @Flag(help: "Print the report as JSON.")
    var json = false
    @Option(help: ArgumentHelp("A PEM file of root certificates to trust.", valueName: "ROOT.pem"))
    var trust: String?

    func run() throws {
        var anchors: [TrustAnchor] = []
        if let trust {
            do { anchors = try Signer.certificates(fromPEMFile: projectURL(trust).path) } catch { Auteur.fail(error.description, code: 2) }
        }
        let path = projectURL(file).path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              FileManager.default.isReadableFile(atPath: path) else {
            Auteur.fail("cannot read \(file): \(isDirectory.boolValue ? "it is a folder" : "there is no such readable file")", code: 4)
        }
        let report: CredentialsReport?
        do { report = try ContentCredentials.verify(file: path, trustAnchors: anchors) } catch {
            say(TerminalText.sanitize("no content credentials in \(file): \(error.reason)"))
            throw ExitCode(3)
        }
        guard let report else {
            say(TerminalText.sanitize("no content credentials in \(file)"))
            throw ExitCode(3)
        }
        if json { say(CanonicalJSON.terminalSafe(try CanonicalJSON.string(JSONReport(report), pretty: true))) } else { print(report) }
        switch report.validity {
        case .invalid: throw ExitCode(1)
        case .valid where trust != nil: throw ExitCode(5)
        default: return
        }
    }

    private func print(_ report: CredentialsReport) {
        let state = switch report.validity {
        case .trusted: "trusted (signed under the given root)"
        case .valid: "valid (as signed; nothing vouches for who signed)"
        case .invalid: "invalid (changed after signing, or damaged)"
        }
        var lines = ["content credentials: \(state)"]
        lines.append("  signed by:  \(report.signer ?? "?")" + (report.issuer.map { ", issued by \($0)" } ?? ""))
        lines.append("  signed at:  \(report.signedAt ?? "?") (when the credentials were made)")
        if let title = report.title { lines.append("  title:      \(title)") }
        for action in report.actions {
            let source = action.digitalSourceType.map { " (\($0.split(separator: "/").last.map(String.init) ?? $0))" } ?? ""
            lines.append("  action:     \(action.action)" + (action.softwareAgent.map { " by \($0)" } ?? "") + source)
        }
        if let p = report.provenance {
            lines.append("  provenance: revision \(p.revision), \(p.turns.count) chat turn\(p.turns.count == 1 ? "" : "s"), project seed \(p.projectSeed), auteur \(p.auteurVersion)")
            for turn in p.turns { lines.append("    \(turn.revision): \"\(turn.text)\" -> \(turn.reply)") }
        }
        for failure in report.failures { lines.append("  failure:    \(failure.code): \(failure.explanation)") }
        for line in lines { say(TerminalText.sanitize(line)) }
    }

    /// The report as JSON, field names as in C2PA where it has one.
    private struct JSONReport: Encodable {
        struct Failure: Encodable { var code: String; var explanation: String }
        struct Action: Encodable { var action: String; var softwareAgent: String?; var digitalSourceType: String?; var when: String? }
        struct Turn: Encodable { var revision: Int; var text: String; var reply: String }
        struct Provenance: Encodable { var revision: Int; var turns: [Turn]; var project_seed: UInt64; var cast_seeds: [String: UInt64]; var auteur_version: String }
        var validation_state: String
        var failures: [Failure]
        var signer: String?
        var issuer: String?
        var signed_at: String?
        var title: String?
        var actions: [Action]
        var provenance: Provenance?

        init(_ r: CredentialsReport) {
            validation_state = r.validity.rawValue
            failures = r.failures.map { Failure(code: $0.code, explanation: $0.explanation) }
            signer = r.signer
            issuer = r.issuer
            signed_at = r.signedAt
            title = r.title
            actions = r.actions.map { Action(action: $0.action, softwareAgent: $0.softwareAgent, digitalSourceType: $0.digitalSourceType, when: $0.when) }
            provenance = r.provenance.map { p in
                Provenance(revision: p.revision, turns: p.turns.map { Turn(revision: $0.revision, text: $0.text, reply: $0.reply) },
                           project_seed: p.projectSeed, cast_seeds: Dictionary(p.castSeeds.map { ($0.object, $0.seed) }, uniquingKeysWith: { a, _ in a }),
                           auteur_version: p.auteurVersion)
            }
        }
    }
}
