import Foundation

/// Runs `auteur export PROJECT -o FILE --progress json` as a child process
/// and turns its JSON progress lines into messages. A separate process
/// keeps the encoder's memory and any crash away from the interface, and
/// reads the project the same way a script would.
public struct ExportLauncher: Sendable {
    public var executable: String
    public var project: String

    public init(executable: String, project: String) { self.executable = executable; self.project = project }

    /// This program, as the kernel knows it.
    public static var currentExecutable: String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 { return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    /// The revision is named so that a turn committed during the export does not change what it writes.
    public func arguments(output: String, revision: Int?) -> [String] {
        ["export", project, "-o", output, "--progress", "json"] + (revision.map { ["--rev", "\($0)"] } ?? [])
    }

    func start(output: String, revision: Int?, send: @escaping @Sendable (Message) -> Void,
               onExit: @escaping @Sendable (Process) -> Void) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments(output: output, revision: revision)
        // The child must never read the keyboard or write over the interface.
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let lines = LineCollector()
        let errors = LineCollector()
        out.fileHandleForReading.readabilityHandler = { handle in
            for line in lines.add(handle.availableData) {
                if let p = ExportProgressLine.parse(line) { send(.exportProgress(p)) }
            }
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            for line in errors.add(handle.availableData) {
                // Some exporters report progress on standard error.
                if let p = ExportProgressLine.parse(line) { send(.exportProgress(p)) }
            }
        }
        process.terminationHandler = { p in
            out.fileHandleForReading.readabilityHandler = nil
            err.fileHandleForReading.readabilityHandler = nil
            let rest = lines.add(out.fileHandleForReading.readDataToEndOfFile()) + lines.flush()
            for line in rest { if let pr = ExportProgressLine.parse(line) { send(.exportProgress(pr)) } }
            let problems = errors.add(err.fileHandleForReading.readDataToEndOfFile()) + errors.flush()
            if p.terminationReason == .exit && p.terminationStatus == 0 {
                let last = lines.all.reversed().lazy.compactMap(ExportProgressLine.parse).first
                let total = last?.total ?? 1
                send(.exportProgress(Progress(done: total, total: total)))
                send(.turnReplied([TranscriptEntry(.ok, "Exported \(output)" + (last.map { " (\($0.total) frames)." } ?? "."))]))
            } else {
                send(.error(ExportProgressLine.failure(status: p.terminationStatus, stderr: problems.isEmpty ? errors.all : problems)))
            }
            onExit(p)
        }
        try process.run()
        return process
    }
}

/// Splits a byte stream into lines, across reads.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = Data()
    private var collected: [String] = []
    var all: [String] { lock.lock(); defer { lock.unlock() }; return collected }

    func add(_ data: Data) -> [String] {
        lock.lock(); defer { lock.unlock() }
        pending.append(data)
        var out: [String] = []
        while let i = pending.firstIndex(of: 0x0A) {
            out.append(String(decoding: pending[pending.startIndex..<i], as: UTF8.self))
            pending = Data(pending[(i + 1)...])
        }
        collected += out
        return out
    }

    func flush() -> [String] {
        lock.lock(); defer { lock.unlock() }
        guard !pending.isEmpty else { return [] }
        let line = String(decoding: pending, as: UTF8.self)
        pending = Data()
        collected.append(line)
        return [line]
    }

}

/// Reading `--progress json` lines: `{"event": "progress", "frames_done": N,
/// "frames_total": M, ...}` as `auteur export` writes them, a few other
/// common spellings of the same two numbers, and the final "done" event.
public enum ExportProgressLine {
    static let doneKeys = ["frames_done", "framesDone", "done", "frames_written"]
    static let totalKeys = ["frames_total", "total_frames", "totalFrames", "total"]

    public static func parse(_ line: String) -> Progress? {
        guard line.first(where: { !$0.isWhitespace }) == "{",
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        func number(_ keys: [String]) -> Int? {
            for k in keys { if let n = object[k] as? NSNumber { return n.intValue } }
            return nil
        }
        // `auteur export` ends with {"event": "done", "frames": N, ...}.
        if object["event"] as? String == "done", let frames = number(["frames"]), frames > 0 {
            return Progress(done: frames, total: frames)
        }
        guard let done = number(doneKeys), let total = number(totalKeys), total > 0 else { return nil }
        return Progress(done: max(0, min(done, total)), total: total)
    }

    /// The one line shown when the export fails.
    public static func failure(status: Int32, stderr: [String]) -> String {
        let text = stderr.last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? "exit status \(status)"
        // An auteur without the export command reads `export` as a project name.
        if text.contains("Unexpected argument") || text.contains("unknown option") || text.contains("Unknown option") {
            return "export arrives with auteur export"
        }
        let trimmed = text.hasPrefix("auteur: ") ? String(text.dropFirst(8)) : text
        return "export failed: " + trimmed
    }
}
