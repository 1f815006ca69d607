import AuteurCore
import AuteurStore
import Foundation
import Testing

/// Runs the real `auteur` binary, built beside the test bundle.
struct CLI {
    static let binary: URL = {
        if let override = ProcessInfo.processInfo.environment["AUTEUR_BIN"] { return URL(fileURLWithPath: override) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("auteur")
    }()

    struct Result { var status: Int32; var out: String; var err: String }

    @discardableResult
    static func run(_ args: [String], stdin: String? = nil) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw AuteurError.notFound("no auteur binary at \(binary.path); build it first (swift build)")
        }
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }
}

func tempDir() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auteur-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

let opsJSON = """
    [{"op":"setting","setting":"desert"},
     {"op":"add","id":"car","kind":"car","color":"red","path":[{"frame":0,"value":[0.1,0.8]},{"frame":143,"value":[0.9,0.8]}]}]
    """

@Suite("auteur command line", .serialized)
struct CLITests {
    @Test func newApplySceneUndo() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.appendingPathComponent("p.auteur").path
        let ops = dir.appendingPathComponent("ops.json")
        try Data(opsJSON.utf8).write(to: ops)

        #expect(try CLI.run(["new", p]).status == 0)
        let empty = try CLI.run(["scene", p, "--json"])
        #expect(empty.status == 0)
        let applied = try CLI.run(["apply", p, ops.path])
        #expect(applied.status == 0 && applied.out == "revision 1\n")
        let scene = try CLI.run(["scene", p, "--json"])
        let project = try Project.fromJSON(Data(scene.out.utf8))
        #expect(project.member("car")?.color == RGBColor(text: "red"))
        #expect(project.shots[0].environment.setting == .desert)

        let undo = try CLI.run(["undo", p])
        #expect(undo.status == 0 && undo.out.contains("revision 0"))
        #expect(try CLI.run(["scene", p, "--json"]).out == empty.out, "undo restores the previous scene exactly")
        #expect(try CLI.run(["redo", p]).status == 0)
        #expect(try CLI.run(["scene", p, "--json"]).out == scene.out)
        #expect(try CLI.run(["scene", p, "--rev", "0", "--json"]).out == empty.out)

        let log = try CLI.run(["log", p])
        #expect(log.out.split(separator: "\n").count == 2)
        #expect(log.out.contains("* ") && log.out.contains("add car"))
    }

    @Test func newHonoursItsOptions() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.appendingPathComponent("p.auteur").path
        #expect(try CLI.run(["new", p, "--size", "640x360", "--fps", "30", "--seconds", "4", "--seed", "9"]).status == 0)
        let project = try Project.fromJSON(Data(try CLI.run(["scene", p, "--json"]).out.utf8))
        #expect(project.canvas == Canvas(width: 640, height: 360, fps: 30))
        #expect(project.totalFrames == 120 && project.seed == 9)
    }

    @Test(arguments: [
        ["new", "X", "--size", "17x17"],
        ["new", "X", "--fps", "200"],
        ["new", "X", "--seconds", "500"],
        ["new", "X", "--size", "big"],
        ["checkout", "X", "notanumber"],
        ["new"],
        ["log", "X", "--frobnicate"],
    ])
    func usageErrorsAreOneLineWithExitTwo(args: [String]) throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(args.map { $0 == "X" ? dir.appendingPathComponent("x.auteur").path : $0 })
        #expect(r.status == 2, "\(args): \(r.err)")
        #expect(r.err.hasPrefix("auteur: ") && r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.auteur").path))
    }

    @Test func runtimeErrorsAreOneLineWithExitOne() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.appendingPathComponent("p.auteur").path
        try CLI.run(["new", p])
        let junk = dir.appendingPathComponent("junk.auteur").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: junk))
        let cases: [([String], String?, String)] = [
            (["log", dir.appendingPathComponent("missing.auteur").path], nil, "no project at"),
            (["log", junk], nil, "not an Auteur project"),
            (["undo", p], nil, "nothing to undo"),
            (["redo", p], nil, "nothing to redo"),
            (["checkout", p, "7"], nil, "no revision 7"),
            (["apply", p, "-"], "[{\"op\":\"relight\",\"time_of_day\":\"teatime\"}]", "$[0].time_of_day"),
            (["apply", p, "-"], "[{\"op\":\"remove\",\"object\":\"ghost\"}]", "no object \"ghost\""),
            (["apply", p, dir.appendingPathComponent("none.json").path], nil, "no ops file"),
            (["new", p], nil, "already exists"),
            (["attach", p, dir.appendingPathComponent("none.wav").path], nil, "no file at"),
            (["attach", p, junk], nil, "unsupported file type"),
        ]
        for (args, input, words) in cases {
            let r = try CLI.run(args, stdin: input)
            #expect(r.status == 1, "\(args): \(r.err)")
            #expect(r.err.hasPrefix("auteur: ") && r.err.split(separator: "\n").count == 1, "\(args): \(r.err)")
            #expect(r.err.contains(words), "\(args): \(r.err)")
            #expect(!r.err.contains("Fatal error") && !r.err.contains("Stack dump"))
        }
        #expect(try CLI.run(["scene", p, "--json"]).status == 0, "failed commands left the project usable")
        #expect(try Data(contentsOf: URL(fileURLWithPath: junk)) == Data("hello".utf8))
    }

    @Test func everySubcommandHasHelp() throws {
        for sub in ["new", "apply", "attach", "script", "log", "undo", "redo", "checkout", "scene", "demo"] {
            let r = try CLI.run([sub, "--help"])
            #expect(r.status == 0 && r.out.contains("USAGE: auteur \(sub)"), "\(sub): \(r.out.prefix(200))")
        }
        let top = try CLI.run(["--help"])
        #expect(top.status == 0 && top.out.contains("SUBCOMMANDS"))
    }

    @Test func userTextNeverReachesTheTerminalRaw() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.appendingPathComponent("p.auteur").path
        try CLI.run(["new", p])
        let hostile = #"[{"op":"add","kind":"box","label":"\u001b]0;owned\u0007\u009b2J\u001b[31m"}]"#
        #expect(try CLI.run(["apply", p, "-"], stdin: hostile).status == 0)
        for args in [["scene", p], ["scene", p, "--json"], ["log", p], ["log", p, "--json"]] {
            let r = try CLI.run(args)
            #expect(r.status == 0)
            #expect(!r.out.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x07 || $0.value == 0x9b }, "\(args) printed control characters")
        }
        // The JSON still carries the label exactly.
        let project = try Project.fromJSON(Data(try CLI.run(["scene", p, "--json"]).out.utf8))
        #expect(project.cast.first?.label == "\u{1b}]0;owned\u{07}\u{9b}2J\u{1b}[31m")
    }

    @Test func aSecondProcessGetsAClearMessage() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.appendingPathComponent("p.auteur").path
        try CLI.run(["new", p])
        // `script -` opens the project, then waits for its standard input.
        let holder = Process()
        holder.executableURL = CLI.binary
        holder.arguments = ["script", p, "-"]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = Pipe()
        holder.standardError = Pipe()
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        // Wait until the holder has the project's lock (probing it the way
        // Auteur does), so the test does not race the holder's start-up.
        var held = false
        for _ in 0..<100 where !held {
            let fd = open(p, O_RDONLY)
            if flock(fd, LOCK_EX | LOCK_NB) != 0 { held = true } else { flock(fd, LOCK_UN) }
            close(fd)
            if !held { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(held && holder.isRunning, "the holder never took the project")
        let second = try CLI.run(["undo", p])
        #expect(second.status == 1)
        #expect(second.err.contains("open in another Auteur process"), "got: \(second.err)")
        #expect(try CLI.run(["log", p]).status == 0, "reading works while another process writes")
        let demo = try CLI.run(["demo", "--project", p])
        #expect(demo.status == 1 && demo.err.contains("open in another Auteur process"), "the demo must not replace a project in use")
        #expect(FileManager.default.fileExists(atPath: p))
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(holder.terminationStatus == 0)
        #expect(try CLI.run(["undo", p]).err.contains("nothing to undo"), "once the holder is gone, others may write")
    }

    @Test func killDashNineMidScriptLosesAtMostTheTurnInFlight() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.appendingPathComponent("p.auteur").path
        try CLI.run(["new", p])
        var lines = [#"[{"op":"add","id":"ball","kind":"ball"}]"#]
        let colors = ["red", "blue", "green", "yellow", "purple"]
        for i in 1..<200 {
            lines.append(#"[{"op":"set","object":"ball","property":"color","value":"\#(colors[i % 5])"},{"op":"set","object":"ball","property":"label","value":"turn \#(i)"}]"#)
        }
        let script = dir.appendingPathComponent("turns.txt")
        try Data(lines.joined(separator: "\n").utf8).write(to: script)

        let proc = Process()
        proc.executableURL = CLI.binary
        proc.arguments = ["script", p, script.path]
        let out = Pipe()
        proc.standardOutput = out
        proc.standardError = Pipe()
        try proc.run()
        // Wait until some turns are committed, then kill without warning.
        var seen = Data()
        while String(decoding: seen, as: UTF8.self).split(separator: "\n").count < 40 {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        kill(proc.processIdentifier, SIGKILL)
        proc.waitUntilExit()
        #expect(proc.terminationReason == .uncaughtSignal)
        seen.append(out.fileHandleForReading.readDataToEndOfFile())
        let reported = String(decoding: seen, as: UTF8.self).split(separator: "\n").filter { $0.contains(": revision ") }.count
        #expect(reported >= 40 && reported < 200, "the kill should land mid-script (reported \(reported))")

        let store = try ProjectStore.open(at: URL(fileURLWithPath: p))
        #expect(try store.integrityCheck() == ["ok"])
        let head = try store.head()
        // Every reported turn is there; at most the one in flight beyond them.
        #expect(head >= reported && head <= reported + 1, "head \(head), reported \(reported)")
        #expect(try store.currentProject().member("ball")?.label == (head == 1 ? nil : "turn \(head - 1)"))
    }

    @Test func theDemoRunsHeadless() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.appendingPathComponent("demo.auteur").path
        let r = try CLI.run(["demo", "--project", p])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("vintage convertible"))
        let project = try Project.fromJSON(Data(try CLI.run(["scene", p, "--json"]).out.utf8))
        #expect(project.shots.count == 2)
        #expect(project.cast.first { $0.kind == .car }?.variant == "vintage-convertible")
        // Running it again replaces the demo project; it never replaces other files.
        #expect(try CLI.run(["demo", "--project", p]).status == 0)
        let other = dir.appendingPathComponent("notes.txt").path
        try Data("mine".utf8).write(to: URL(fileURLWithPath: other))
        #expect(try CLI.run(["demo", "--project", other]).status == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == Data("mine".utf8))
    }
}

@Suite("Documented examples")
struct DocumentedExampleTests {
    /// Every ops file in Docs/examples applies cleanly to a new project, so
    /// the documentation cannot drift from the format.
    @Test func everyExampleInTheDocsApplies() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let examples = root.appendingPathComponent("Docs/examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 3, "Docs/examples should hold the format's examples")
        for name in files {
            let dir = try tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            let p = dir.appendingPathComponent("p.auteur").path
            try CLI.run(["new", p])
            let r = try CLI.run(["apply", p, examples.appendingPathComponent(name).path])
            #expect(r.status == 0, "\(name): \(r.err)")
        }
    }
}
