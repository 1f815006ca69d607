import ArgumentParser
import AuteurCore
import AuteurPlanner
import AuteurRender
import AuteurSession
import AuteurStore
import Foundation

/// The planner a person's turns go through: JSON ops as ops, words through
/// the natural-language planner (with sentence embeddings when the model
/// files are installed; it says once when they are not).
func directorPlanner() -> any Planner {
    ScriptingPlanner(words: LazyPlanner { NaturalLanguagePlanner.loadingDefaultModel() })
}

/// Loads the natural-language planner (and its model) on the first turn in
/// words, so scripts of JSON ops never pay for it.
final class LazyPlanner: Planner, @unchecked Sendable {
    private let make: @Sendable () -> any Planner
    private let lock = NSLock()
    private var planner: (any Planner)?

    init(_ make: @escaping @Sendable () -> any Planner) { self.make = make }

    func plan(_ turn: String, context: PlanContext) -> Plan {
        let p = lock.withLock { () -> any Planner in
            if let planner { return planner }
            let made = make()
            planner = made
            return made
        }
        return p.plan(turn, context: context)
    }
}

struct Say: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say one chat turn to a project, as in the terminal interface, and print the reply.",
        discussion: "Words go through the natural-language planner; a turn that is JSON ops is applied as ops.")

    @OptionGroup var target: ProjectArgument
    @Argument(help: "What to do, in words: \"make the car blue\".")
    var text: String
    @Option(help: "The timeline selection the turn is scoped to: A-B frames or As-Bs seconds.")
    var frames: String?
    @Option(help: "The region the turn is scoped to: x,y,w,h in pixels of the canvas.")
    var region: String?
    @Flag(help: "Print the reply, the ops and the regeneration stats as JSON.")
    var json = false

    func run() throws {
        let store = try target.open()
        let project = try store.currentProject()
        let selection = try parseSelection(frames: frames, region: region, project: project)
        let regenerator = json ? Regenerator(width: project.canvas.width, height: project.canvas.height) : nil
        let session = Session(store: store, planner: directorPlanner(), regenerator: regenerator, regenerationWork: .changed)
        let result = try session.submit(text, selection: selection)
        if json {
            struct Out: Encodable { var revision: Int; var reply: String; var kind: String; var ops: [Op]; var stats: RegenerationStats? }
            say(CanonicalJSON.terminalSafe(try CanonicalJSON.string(Out(revision: result.revision, reply: result.reply.text,
                                                                        kind: result.reply.kind.rawValue, ops: result.ops, stats: result.stats))))
        } else {
            let prefix = result.reply.kind == .ok ? "" : "\(result.reply.kind.rawValue): "
            say(TerminalText.sanitize(prefix + result.reply.text))
        }
        // A turn that changed nothing because it could not be done is a failed command.
        if result.reply.kind == .error { throw ExitCode(1) }
    }
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the ops a turn would apply, and apply nothing.")

    @Argument(help: "The turn, in words.")
    var text: String
    @Option(help: "Plan against this project's current scene (a new empty project otherwise).")
    var project: String?
    @Option(help: "The selection to scope to: A-B frames.")
    var frames: String?

    func run() throws {
        let scene = try project.map { try ProjectStore.open(at: projectURL($0), mode: .readOnly).currentProject() } ?? Project()
        let selection = try parseSelection(frames: frames, region: nil, project: scene)
        let plan = directorPlanner().plan(text, context: PlanContext(project: scene, selection: selection))
        struct Out: Encodable { var plan: String; var reply: String?; var kind: String?; var ops: [Op]?; var revision: Int? }
        let out: Out
        switch plan {
        case .edit(let ops, let reply): out = Out(plan: "edit", reply: reply.text, kind: reply.kind.rawValue, ops: ops)
        case .undo: out = Out(plan: "undo")
        case .redo: out = Out(plan: "redo")
        case .checkout(let n): out = Out(plan: "checkout", revision: n)
        case .answer(let reply): out = Out(plan: "answer", reply: reply.text, kind: reply.kind.rawValue)
        }
        say(CanonicalJSON.terminalSafe(try CanonicalJSON.string(out, pretty: true)))
    }
}

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run planner evaluation cases and check each fact on the rendered frames.",
        discussion: "FILE is in the format of planner-eval/FORMAT.md; media files named in `attach` are read beside it. Ends with the line `N passed, M failed`.")

    @Argument(help: "The case file (YAML).")
    var file: String
    @Option(help: "Run only the cases whose id contains this text.")
    var only: String?

    func run() throws {
        let url = projectURL(file)
        let cases = try EvalCaseFile.load(url).filter { c in only.map { c.id.contains($0) } ?? true }
        let runner = EvalRunner(planner: directorPlanner())
        var passed = 0, failed = 0
        for c in cases {
            let outcome = runner.run(c, mediaDirectory: url.deletingLastPathComponent())
            if outcome.passed {
                passed += 1
            } else {
                failed += 1
                for (fact, saw) in outcome.failures {
                    say(TerminalText.sanitize("FAIL \(c.id): \(fact) (saw: \(saw))"))
                }
            }
        }
        say("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
