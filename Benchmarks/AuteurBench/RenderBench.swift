import AuteurCore
import AuteurRender
import Foundation

/// The renderer's benchmarks of issue 3: raw frames to memory, no encoding.
enum RenderScenes {
    /// A circle moving across, a square rotating, a label fading in, on the studio's paper.
    static func explainer(seconds: Double = 6) throws -> Project {
        let last = Int(seconds * 24) - 1
        return try Project(canvas: Canvas(width: 1920, height: 1080, fps: 24), seconds: seconds, seed: 5).applying([
            .setting(SetSetting(setting: .studio)),
            .add(AddObject(id: "circle", kind: .ball, color: RGBColor(text: "blue"), size: 0.16,
                           path: [Keyframe(0, Point2(0.1, 0.6)), Keyframe(last, Point2(0.9, 0.6))])),
            .add(AddObject(id: "square", kind: .box, variant: "gift", color: RGBColor(text: "orange"), size: 0.18,
                           position: Point2(0.7, 0.3), rotation: [Keyframe(0, 0.0), Keyframe(last, 360.0)])),
            .add(AddObject(id: "title", kind: .label, label: "Differential regeneration", size: 0.1,
                           position: Point2(0.35, 0.2), opacity: [Keyframe(0, 0.0), Keyframe(48, 1.0)])),
        ])
    }

    /// Desert at sunset: sky, clouds, dunes, a car driving across and its shadow.
    static func outdoor(seconds: Double = 6, width: Int = 1920, height: Int = 1080) throws -> Project {
        let last = Int(seconds * 24) - 1
        return try Project(canvas: Canvas(width: width, height: height, fps: 24), seconds: seconds, seed: 9).applying([
            .setting(SetSetting(setting: .desert)),
            .relight(Relight(timeOfDay: .preset(.sunset))),
            .add(AddObject(id: "car", kind: .car, color: RGBColor(text: "red"),
                           path: [Keyframe(0, Point2(0.05, 0.71)), Keyframe(last, Point2(0.95, 0.71))])),
        ])
    }
}

func timed(_ body: () -> Void) -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
}

func runRenderBenchmarks(filter: String?) throws {
    func wanted(_ name: String) -> Bool { filter.map { name.contains($0) || $0.contains(name) } ?? true }
    let threads = ProcessInfo.processInfo.activeProcessorCount

    // "explainer-every" or "outdoor-shared" runs one mode alone, so that a
    // process's CPU time (`/usr/bin/time`) can be read per mode.
    let onlyEvery = filter?.hasSuffix("-every") ?? false, onlyShared = filter?.hasSuffix("-shared") ?? false
    // BENCH_SECONDS shortens the scenes (same content, fewer frames), for
    // runs under a profiler or an instruction counter.
    let seconds = ProcessInfo.processInfo.environment["BENCH_SECONDS"].flatMap(Double.init) ?? 6
    var scenes = [("explainer", try RenderScenes.explainer(seconds: seconds)),
                  ("outdoor", try RenderScenes.outdoor(seconds: seconds))]
    if filter?.hasPrefix("digest") ?? false {
        // Region looks: a region's tiles hold the main look's commands under
        // the region's own, so they show whether hidden commands are skipped exactly.
        scenes.append(("regions", try RenderScenes.outdoor(seconds: 2).applying([
            .restyle(Restyle(style: .noir, scope: Scope(region: Region(x: 0.34, y: 0.34, w: 0.32, h: 0.32)))),
            .relight(Relight(timeOfDay: .preset(.night), scope: Scope(region: Region(x: 0, y: 0, w: 0.5, h: 1)))),
        ])))
    }
    for (name, project) in scenes where wanted(name) {
        let w = project.canvas.width, h = project.canvas.height, n = project.totalFrames
        if filter?.hasPrefix("digest") ?? false {
            printDigests(name, project)
            continue
        }
        if filter?.hasPrefix("breakdown") ?? false {
            try breakdown(name, project)
            continue
        }
        if !onlyShared {
            // Every patch of every frame rasterised, as if nothing were shared.
            let composer = FrameComposer(project: project, width: w, height: h)
            let scratch = Regenerator(width: w, height: h, threads: threads)
            let every = timed { for f in 0..<n { _ = scratch.render(composer.compose(f)) } }
            print(name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: "%dx%d, %d frames: every patch rasterised    %7.1f frames/s (%.1f ms/frame)",
                         w, h, n, Double(n) / every * 1000, every / Double(n)))
        }
        if !onlyEvery {
            // The renderer's own path: patches keyed by content, each drawn once.
            let regenerator = Regenerator(width: w, height: h, threads: threads)
            var stats = RegenerationStats()
            let shared = timed { stats = regenerator.update(to: project) }
            print(name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: "%dx%d, %d frames: patches shared by content %7.1f frames/s (%d of %d patches drawn)",
                         w, h, n, Double(n) / shared * 1000, stats.patchesRendered, stats.patchesTotal))
            // The same, and then every frame assembled from its patches into
            // a whole RGBA frame in memory, as a consumer of frames gets them.
            let fresh = Regenerator(width: w, height: h, threads: threads)
            var bytes = 0
            let assembled = timed {
                fresh.update(to: project)
                for f in 0..<n { bytes &+= fresh.image(f).pixels.count }
            }
            print(name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: "%dx%d, %d frames: shared, frames assembled   %7.1f frames/s (%.1f ms/frame, %d MB of frames)",
                         w, h, n, Double(n) / assembled * 1000, assembled / Double(n), bytes >> 20))
        }
    }

    if wanted("edits") {
        // Region-scoped restyles touching about 1 %, 10 % and 50 % of the
        // patches, and a whole-frame restyle of 4 of the 48 frames.
        let base = try RenderScenes.outdoor(seconds: 2)
        let w = base.canvas.width, h = base.canvas.height
        let scopes: [(String, Scope)] = [("1%", Scope(region: Region(x: 0.45, y: 0.45, w: 0.1, h: 0.1))),
                                         ("10%", Scope(region: Region(x: 0.34, y: 0.34, w: 0.32, h: 0.32))),
                                         ("50%", Scope(region: Region(x: 0, y: 0, w: 0.5, h: 1))),
                                         ("8%", Scope(frames: FrameRange(20, 23)))]
        for (label, scope) in scopes {
            let edited = try base.applying([.restyle(Restyle(style: .noir, scope: scope))])
            // Medians of five: each incremental run starts from its own warm
            // regenerator (a second run on the same one would find the
            // edit's patches cached), alternating with a full render.
            var incremental: [Double] = [], full: [Double] = []
            var stats = RegenerationStats()
            for _ in 0..<5 {
                let warm = Regenerator(width: w, height: h)
                warm.update(to: base)
                incremental.append(timed { stats = warm.update(to: edited) })
                full.append(timed { Regenerator(width: w, height: h).update(to: edited) })
            }
            let inc = incremental.sorted()[2], whole = full.sorted()[2]
            let touched = Double(stats.patchesChanged) / Double(stats.patchesTotal)
            print("edit touching " + label.padding(toLength: 4, withPad: " ", startingAt: 0) + String(format: " of patches (measured %5.1f%%): incremental %7.1f ms = %5.1f%% of a full render (%7.1f ms), medians of 5; target <= %.0f%%; %d of %d frames composed, %d patches drawn",
                         touched * 100, inc, inc / whole * 100, whole, touched * 100 + 5, stats.framesComposed, stats.framesTotal, stats.patchesRendered))
        }
    }

    if wanted("preview") {
        // A colour change of one object, 6 s at 24 fps, refreshed at preview size.
        let project = try RenderScenes.outdoor(seconds: 6, width: 640, height: 360)
        let preview = Regenerator(width: 640, height: 360)
        preview.update(to: project)
        var samples: [Double] = []
        var current = project
        for (i, colour) in ["blue", "green", "yellow", "purple", "white", "black", "orange", "pink", "brown", "gray"].enumerated() {
            current = try current.applying([.set(SetProperty(object: "car", property: .color, value: .color(RGBColor(text: colour)!)))])
            var stats = RegenerationStats()
            let ms = timed { stats = preview.update(to: current) }
            samples.append(ms)
            if i == 0 {
                print(String(format: "edit to refreshed preview: %d frames changed, %d composed, %d of %d patches redrawn",
                             stats.framesChanged, stats.framesComposed, stats.patchesRendered, stats.patchesTotal))
            }
        }
        let sorted = samples.sorted()
        print(String(format: "edit to refreshed preview (640x360, 144 frames, recolour one object): median %.1f ms, worst %.1f ms; target <= 100 ms",
                     sorted[sorted.count / 2], sorted.last!))
    }
}

/// `auteur-bench breakdown[-explainer|-outdoor]`: where a scene's time goes,
/// on one thread so the parts add up: composing display lists, keying
/// patches, rasterising every patch, and the distinct patches the shared
/// path draws. Figures are milliseconds per frame.
func breakdown(_ name: String, _ project: Project) throws {
    let w = project.canvas.width, h = project.canvas.height, n = project.totalFrames
    let composer = FrameComposer(project: project, width: w, height: h)
    var lists: [DisplayList] = []
    let compose = timed { for f in 0..<n { lists.append(composer.compose(f).list) } }
    let tiles = IntRect(x: 0, y: 0, width: w, height: h)!.tiles(width: Rasterizer.patchSize, height: Rasterizer.patchSize)
    var keys = Set<UInt64>()
    var distinct: [(DisplayList, IntRect)] = []
    let keying = timed {
        for list in lists {
            for tile in tiles where keys.insert(list.fingerprint(of: tile)).inserted { distinct.append((list, tile)) }
        }
    }
    let rasterizer = Rasterizer()
    var bytes = [UInt8](repeating: 0, count: Rasterizer.patchSize * Rasterizer.patchSize * 4)
    let every = timed {
        bytes.withUnsafeMutableBytes { raw in
            for list in lists { for tile in tiles { rasterizer.rasterize(list, tile: tile, into: raw.baseAddress!, bytesPerRow: tile.width * 4) } }
        }
    }
    let shared = timed {
        bytes.withUnsafeMutableBytes { raw in
            for (list, tile) in distinct { rasterizer.rasterize(list, tile: tile, into: raw.baseAddress!, bytesPerRow: tile.width * 4) }
        }
    }
    let keysOnly = Regenerator(width: w, height: h, threads: 1)
    let update = timed { keysOnly.update(to: project, work: .keysOnly) }
    let commands = lists.reduce(0) { $0 + $1.commands.count }
    let label = name.padding(toLength: 10, withPad: " ", startingAt: 0)
    print(label + String(format: "one thread, ms/frame: compose %.2f, naive keys %.2f, update(keysOnly) %.2f, rasterise every patch %.2f, rasterise %d distinct patches %.2f; %.0f commands/frame",
                         compose / Double(n), keying / Double(n), update / Double(n), every / Double(n), distinct.count,
                         shared / Double(n), Double(commands) / Double(n)))
}

/// `auteur-bench digest-explainer`: a digest of every frame's bytes, drawn
/// both ways (every patch, and from shared patches), to check that a
/// change to the renderer leaves its output alone.
func printDigests(_ name: String, _ project: Project) {
    let w = project.canvas.width, h = project.canvas.height, n = project.totalFrames
    func digest(_ bytes: [UInt8], into d: inout UInt64) {
        bytes.withUnsafeBytes { raw in
            for i in stride(from: 0, to: raw.count, by: 8) {
                d = (d ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100000001b3
            }
        }
    }
    let composer = FrameComposer(project: project, width: w, height: h)
    let scratch = Regenerator(width: w, height: h)
    var every: UInt64 = 0xcbf29ce484222325
    for f in 0..<n { digest(scratch.render(composer.compose(f)).pixels, into: &every) }
    let regenerator = Regenerator(width: w, height: h)
    regenerator.update(to: project)
    var shared: UInt64 = 0xcbf29ce484222325
    for f in 0..<n { digest(regenerator.image(f).pixels, into: &shared) }
    print(name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: "digest of %d frames: every patch %016llx, shared patches %016llx", n, every, shared))
}
