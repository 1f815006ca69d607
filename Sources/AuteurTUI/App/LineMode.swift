import AuteurCore
import Dispatch
import Foundation
import Synchronization

/// The interface for a terminal that cannot move its cursor (`TERM=dumb`,
/// an editor's shell buffer, a serial console): the chat alone, a turn a
/// line, with the same commands as the full interface where they make
/// sense. Pictures need a screen, so there are none; `:frames A-B` stands
/// in for selecting frames on the timeline.
public struct LineMode {
    let effects: DirectorEffects
    /// Writes text as is; lines end with their own newline.
    let output: (String) -> Void
    let read: () -> String?

    public init(effects: DirectorEffects, read: @escaping () -> String? = { Swift.readLine() },
                output: @escaping (String) -> Void = writeStandardOutput) {
        self.effects = effects; self.read = read; self.output = output
    }

    func write(_ line: String) { output(line + "\n") }

    public static let help = "Type a turn and Enter. Commands: :frames A-B (scope the next turns; :frames alone clears), "
        + ":undo, :redo, :checkout N, :log, :attach FILE, :export FILE, :quit (or Ctrl-D)."

    /// Runs until `:quit` or the end of input.
    public func run(summary: ProjectSummary, history: [TranscriptEntry]) {
        for entry in history.suffix(6) { write(Self.format(entry)) }
        write("\(summary.name), revision \(summary.revision), \(summary.frameCount) frames. " + Self.help)
        var frames: FrameRange?
        while true {
            let scope = frames.map { " [frames \($0)]" } ?? ""
            output("auteur\(scope)> ")
            guard let raw = read() else { break }
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard line.hasPrefix(":") else {
                perform(.submitTurn(text: line, selection: Selection(frames: frames)))
                continue
            }
            let name = String(line.dropFirst().prefix { $0 != " " })
            let argument = line.dropFirst(1 + name.count).trimmingCharacters(in: .whitespaces)
            switch name {
            case "quit", "q": return
            case "undo": perform(.undo)
            case "redo": perform(.redo)
            case "log": perform(.requestLog)
            case "help", "?": write(Self.help)
            case "checkout":
                if let n = Int(argument), n >= 0 { perform(.checkout(revision: n)) } else { write("x usage: :checkout N") }
            case "attach" where !argument.isEmpty: perform(.attach(path: argument))
            case "export" where !argument.isEmpty: perform(.export(path: argument))
            case "frames":
                if argument.isEmpty { frames = nil; continue }
                guard let r = FrameRange(parsing: argument.replacingOccurrences(of: " ", with: ""), fps: summary.fps) else {
                    write("x usage: :frames A-B (frames) or As-Bs (seconds), e.g. :frames 48-95"); continue
                }
                frames = r
            default: write("x unknown command :\(TerminalText.sanitize(name)); " + Self.help)
            }
        }
    }

    /// Performs one effect and prints what comes back, waiting for its answer.
    func perform(_ effect: Effect) {
        let done = DispatchSemaphore(value: 0)
        let lines = Mutex<[String]>([])
        let finished = Atomic<Bool>(false)
        effects.perform(effect) { message in
            var out: [String] = []
            var last = false
            switch message {
            case .turnReplied(let entries): out = entries.map(Self.format); last = true
            case .error(let text): out = [Self.format(TranscriptEntry(.error, text))]; last = true
            case .logReady(let log): out = log; last = true
            case .revisionChanged(let s, _): out = ["  (revision \(s.revision))"]
            default: break
            }
            lines.withLock { $0 += out }
            if last, !finished.exchange(true, ordering: .acquiringAndReleasing) { done.signal() }
        }
        done.wait()
        for line in lines.withLock({ $0 }) { write(TerminalText.sanitize(line)) }
    }

    static func format(_ entry: TranscriptEntry) -> String {
        let mark: String
        switch entry.kind {
        case .you: mark = ">"
        case .ok: mark = " "
        case .warning: mark = "!"
        case .question: mark = "?"
        case .error: mark = "x"
        case .info: mark = "-"
        }
        return mark + " " + TerminalText.sanitize(entry.text, keepNewlines: false)
    }
}
