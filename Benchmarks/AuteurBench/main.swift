import AuteurCore
import AuteurSession
import AuteurStore
import Foundation

// `make bench`: measures with the wall clock over repeated runs and prints
// the median, the 90th percentile and the peak resident memory. Figures go
// into Docs/benchmarks.md with the machine and the command.

func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
    return kb / 1024
}

struct Stats {
    var samples: [Double]
    var median: Double { let s = samples.sorted(); return s[s.count / 2] }
    var p90: Double { let s = samples.sorted(); return s[min(s.count - 1, Int(Double(s.count) * 0.9))] }
}

func measure(_ runs: Int, _ body: () throws -> Void) rethrows -> Stats {
    var samples: [Double] = []
    for _ in 0..<runs {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
    }
    return Stats(samples: samples)
}

func row(_ name: String, _ stats: Stats, unit: String = "ms", extra: String = "") {
    let pad = name.padding(toLength: 44, withPad: " ", startingAt: 0)
    print("\(pad) median \(String(format: "%9.3f", stats.median)) \(unit)  p90 \(String(format: "%9.3f", stats.p90)) \(unit)  \(extra)")
}

// A child of the export benchmark, not a group: see `encodeY4M`.
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "encode-y4m" {
    guard CommandLine.arguments.count == 4 else {
        FileHandle.standardError.write(Data("auteur-bench: usage: auteur-bench encode-y4m FRAMES.y4m OUT.mp4\n".utf8))
        exit(2)
    }
    do {
        try encodeY4M(CommandLine.arguments[2], to: CommandLine.arguments[3])
    } catch {
        FileHandle.standardError.write(Data("auteur-bench: encode-y4m: \(TerminalText.sanitize("\(error)"))\n".utf8))
        exit(1)
    }
    exit(0)
}

let filter = CommandLine.arguments.dropFirst().first
func wanted(_ name: String) -> Bool { filter.map { name.contains($0) } ?? true }

let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auteur-bench-\(getpid())")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }

print("Auteur benchmarks (\(ProcessInfo.processInfo.activeProcessorCount) cores)")

// A busy scene: 40 objects with paths, 30 scoped edits, two shots.
var busy = Project(seed: 1)
var ops: [Op] = [.setting(SetSetting(setting: .city))]
for i in 0..<40 {
    let kind = CatalogKind.allCases[i % CatalogKind.allCases.count]
    ops.append(.add(AddObject(id: "o\(i)", kind: kind, path: [Keyframe(0, Point2(Double(i) / 40, 0.7)), Keyframe(143, Point2(1 - Double(i) / 40, 0.6))])))
}
for i in 0..<30 {
    ops.append(.set(SetProperty(object: "o\(i)", property: .color, value: .color(RGBColor(UInt8(i * 8), 80, 200)),
                                scope: Scope(frames: FrameRange(i * 4, i * 4 + 20)), transition: 3)))
}
ops.append(.addShot(AddShot(id: "two", frames: 144, objects: ["o1", "o2"])))
busy = try busy.applying(ops)

if wanted("evaluate") {
    let frames = busy.totalFrames
    let s = measure(20) { for f in 0..<frames { _ = busy.evaluate(f) } }
    row("evaluate every frame (\(frames) frames, 40 objects)", s, extra: String(format: "%.0f frames/s", Double(frames) / s.median * 1000))
}

if wanted("turn") {
    let store = try ProjectStore.create(at: dir.appendingPathComponent("turns.auteur"), project: busy)
    let session = Session(store: store)
    var i = 0
    let s = try measure(100) {
        i += 1
        let hex = String(format: "%06x", i * 997 % 0xffffff)
        try session.submit("[{\"op\":\"set\",\"object\":\"o3\",\"property\":\"color\",\"value\":\"#\(hex)\"}]")
    }
    row("one turn: plan, apply, commit (fsync)", s)
    let u = try measure(50) { _ = try store.undo(); _ = try store.redo() }
    row("undo + redo", u)
}

if wanted("open") {
    let url = dir.appendingPathComponent("open.auteur")
    _ = try ProjectStore.create(at: url, project: busy)
    let s = try measure(30) { _ = try ProjectStore.open(at: url).currentProject() }
    row("open a project and load its scene", s)
}

try runRenderBenchmarks(filter: filter)
runPlannerBenchmarks(filter: filter)
runTerminalBenchmarks(filter: filter)
if wanted("drawing") { try drawingBenchmark() }
if filter == nil || filter!.contains("export") || filter == "memory" || filter == "films" { try runExportBenchmarks(filter: filter) }

print(String(format: "peak RSS %.1f MiB", peakRSSMiB()))
