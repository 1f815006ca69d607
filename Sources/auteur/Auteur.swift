import ArgumentParser
import AuteurCore
import AuteurSession
import AuteurStore
import Foundation

@main
struct Auteur: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "auteur",
        abstract: "Direct short videos in plain language, in the terminal.",
        discussion: """
            `auteur [PROJECT]` opens the terminal director's interface. The subcommands \
            below script the same project files: every change is a turn that makes a new \
            revision, and undo, redo and checkout move between revisions without losing any.
            """,
        version: version,
        subcommands: [Open.self, New.self, Apply.self, AttachCommand.self, Script.self, Log.self, Undo.self, Redo.self, Checkout.self,
                      Scene.self, FrameCommand.self, ContactSheet.self, Say.self, PlanCommand.self, EvalCommand.self, ExportCommand.self, ImportCommand.self, KeysCommand.self, VerifyCommand.self, Demo.self],
        defaultSubcommand: Open.self)

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as AuteurError {
            fail(error.description, code: 1)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if code == .validationFailure {
                // Usage errors: one line, exit 2, with where to look for help.
                let message = self.message(for: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "invalid usage"
                fail("\(message) (see auteur --help)", code: 2)
            }
            fail(self.message(for: error), code: 1)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        let line = TerminalText.sanitize(message.split(whereSeparator: \.isNewline).joined(separator: " "))
        FileHandle.standardError.write(Data("auteur: \(line)\n".utf8))
        Foundation.exit(code)
    }
}

/// Writes a line to standard output at once, so a script reading our output
/// line by line sees each turn as it is committed.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func projectURL(_ path: String) -> URL {
    URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
}

struct ProjectArgument: ParsableArguments {
    @Argument(help: "The project file (.auteur).")
    var project: String

    func open(_ mode: ProjectStore.Mode = .readWrite) throws -> ProjectStore {
        try ProjectStore.open(at: projectURL(project), mode: mode)
    }
}

func readInput(_ path: String, what: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    let url = projectURL(path)
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
        throw AuteurError.notFound("no \(what) file at \(path)")
    }
    guard !isDir.boolValue else { throw AuteurError.badInput("\(path) is a folder, not a \(what) file") }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        throw AuteurError.badInput("cannot read \(path)")
    }
    return data
}

func text(_ data: Data, from path: String) throws -> String {
    guard let s = String(data: data, encoding: .utf8) else { throw AuteurError.badInput("\(path) is not UTF-8 text") }
    return s
}
