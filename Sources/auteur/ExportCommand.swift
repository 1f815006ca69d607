import ArgumentParser
import AuteurCore
import AuteurMedia
import AuteurRender
import AuteurSession
import AuteurStore
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Render the film and encode it to a video file (mp4, mov, mkv or webm).",
        discussion: """
            Defaults: H.264 (yuv420p) in MP4 with faststart, CRF 18, preset veryfast; \
            VP9 for .webm. ProRes 422 HQ goes in .mov; VP9 and AV1 in .webm, .mkv or .mp4. \
            Colours are tagged BT.709, limited range.

            Sound: the first audio attachment bound to an object (in cast order) is muxed in, \
            else the first audio attachment; AAC in mp4, mov and mkv, Opus in webm. It starts \
            at the first exported frame and is cut at the last.

            --fps other than the project's shows, at each exported frame, the project frame \
            nearest to it in time (ties go to the later frame); nothing is blended.

            Smart re-export: the film is encoded in closed one-second segments kept in \
            ${XDG_CACHE_HOME:-~/.cache}/auteur/segments (4 GiB, least recently used first; \
            AUTEUR_SEGMENT_CACHE_MB changes the bound). A segment whose frames and settings \
            are unchanged since any earlier export is copied, not rendered and encoded again. \
            --no-cache encodes in one pass with a single encoder and keeps nothing.

            Progress: a bar on standard error when it is a terminal. --progress json writes \
            one JSON object per line on standard output instead ("event": "progress", then \
            "done"), at most ten a second; errors stay one line on standard error. \
            The file appears only when complete; Ctrl-C stops the export and leaves nothing.

            Content credentials: every .mp4 and .mov carries a signed C2PA manifest (the \
            c2pa.created action by auteur, a hash of the film's boxes, and the chat turns, \
            seeds and revision that made it), signed with --sign-cert and --sign-key, else with \
            the keys of `auteur keys init`, made on first use. `auteur verify FILE` checks them. \
            .mkv and .webm get none: C2PA's embedding for video is defined for ISO BMFF \
            (MP4, MOV) only. --no-credentials leaves them out.
            """)

    enum ProgressStyle: String, ExpressibleByArgument, CaseIterable { case json }

    @OptionGroup var target: ProjectArgument
    @Option(name: .shortAndLong, help: "The film to write: .mp4, .mov, .mkv or .webm; or a .otio timeline, written with its film (see --media).")
    var output: String
    @Option(help: "h264, hevc, av1, vp9 or prores (h264, or vp9 for .webm, by default).")
    var codec: String?
    @Option(help: "Constant quality: lower is better and larger (18 for h264 by default; none for prores).")
    var crf: Int?
    @Option(help: "Encoder speed: ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow.")
    var preset: String = "veryfast"
    @Option(help: "Output size WIDTHxHEIGHT (the canvas size by default).")
    var size: String?
    @Option(help: "Frames per second of the film (the project's by default).")
    var fps: Int?
    @Option(help: "Export only these project frames, A-B (inclusive) or As-Bs.")
    var frames: String?
    @Option(help: "Export this revision instead of the current one.")
    var rev: Int?
    @Flag(help: "Replace the output file if it exists.")
    var force = false
    @Flag(help: "Print nothing on success (a first export still says once that it made signing keys).")
    var quiet = false
    @Option(help: "json: machine-readable progress on standard output.")
    var progress: ProgressStyle?
    @Option(help: ArgumentHelp("Threads drawing frames (all cores by default); the encoder schedules its own.", valueName: "N"))
    var threads: Int?
    @Flag(name: .customLong("no-cache"), help: "Encode in one pass and keep no segments.")
    var noCache = false
    @Option(help: ArgumentHelp("Also write what the encoder was fed, one framecrc line per frame, to this file.",
                               discussion: "The goldens of the tests: encoder output changes between library versions, its input must not. Hashing every picture costs a little time, so it is done only with this option; cached segments encoded without it are encoded again."))
    var framecrc: String?
    @Option(name: .customLong("sign-cert"), help: ArgumentHelp("Sign the content credentials with this PEM certificate chain, leaf first.", valueName: "PEM"))
    var signCert: String?
    @Option(name: .customLong("sign-key"), help: ArgumentHelp("The PEM P-256 private key of --sign-cert.", valueName: "PEM"))
    var signKey: String?
    @Flag(name: .customLong("no-credentials"), help: "Write no content credentials into .mp4 or .mov.")
    var noCredentials = false
    @Flag(help: "Draw a small \"AI-GENERATED\" mark in the bottom-right corner of every frame.")
    var watermark = false

    @Option(help: "With -o CUT.otio: the film the timeline points to (the .otio's name with .mp4, beside it, by default).")
    var media: String?

    /// The video file written: the output itself, or the film of a .otio.
    var film: String { TimelineExport.filmPath(output: output, media: media) }
    var container: ExportOptions.Container? { ExportOptions.Container(fileName: film) }

    func videoCodec() throws -> ExportOptions.VideoCodec {
        guard let container else { throw ValidationError("-o must end in .mp4, .mov, .mkv, .webm or .otio (--media: a video file); got \(film)") }
        if media != nil && !TimelineExport.isTimeline(output) { throw ValidationError("--media goes with -o FILE.otio") }
        guard let codec else { return container == .webm ? .vp9 : .h264 }
        guard let parsed = ExportOptions.VideoCodec(rawValue: codec.lowercased()) else {
            throw ValidationError("--codec takes h264, hevc, av1, vp9 or prores; got \(codec)")
        }
        guard container.videoCodecs.contains(parsed) else {
            let allowed = container.videoCodecs.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("\(parsed.rawValue) cannot go in .\(container.rawValue) (it takes \(allowed))")
        }
        return parsed
    }

    func validate() throws {
        let codec = try videoCodec()
        guard ExportOptions.Preset(rawValue: preset.lowercased()) != nil else {
            throw ValidationError("--preset takes \(ExportOptions.Preset.allCases.map(\.rawValue).joined(separator: ", ")); got \(preset)")
        }
        if let crf {
            guard let range = codec.crfRange else { throw ValidationError("--crf: \(codec.rawValue) has no CRF; leave it out") }
            guard range.contains(crf) else { throw ValidationError("--crf for \(codec.rawValue) is \(range.lowerBound) to \(range.upperBound); got \(crf)") }
        }
        if let size { _ = try parseSize(size, option: "--size") }
        if let fps, !(1...240).contains(fps) { throw ValidationError("--fps is 1 to 240; got \(fps)") }
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads is 1 to 256; got \(threads)") }
        if quiet && progress != nil { throw ValidationError("--quiet and --progress cannot be used together") }
        if (signCert == nil) != (signKey == nil) { throw ValidationError("--sign-cert and --sign-key go together") }
        if signCert != nil, noCredentials { throw ValidationError("--no-credentials and --sign-cert cannot be used together") }
        if signCert != nil, !(container?.carriesCredentials ?? false) {
            throw ValidationError("--sign-cert: content credentials go in .mp4 and .mov only; got \(film)")
        }
    }

    func run() throws {
        let render = try RenderTarget(target, rev: rev)
        let project = render.project
        let canvas = project.canvas
        let (width, height) = try size.map { try parseSize($0, option: "--size") } ?? (canvas.width, canvas.height)
        var range: FrameRange?
        if let frames {
            guard let r = FrameRange(parsing: frames, fps: canvas.fps) else {
                throw ValidationError("--frames takes A-B (frames) or As-Bs (seconds), e.g. 48-95; got \(frames)")
            }
            guard r.clamped(to: project.allFrames) == r else {
                throw AuteurError.invalid("--frames \(frames) is outside the film (frames \(project.allFrames))")
            }
            range = r
        }
        let options = ExportOptions(container: container!, codec: try videoCodec(), width: width, height: height,
                                    fps: fps ?? canvas.fps, crf: crf, preset: ExportOptions.Preset(rawValue: preset.lowercased())!)
        var cache: SegmentCache?
        if !noCache {
            let megabytes = ProcessInfo.processInfo.environment["AUTEUR_SEGMENT_CACHE_MB"].flatMap(Int.init)
            // The cache only saves time: without a usable folder, export anyway.
            cache = try? SegmentCache(capacityBytes: megabytes.map { $0 << 20 } ?? SegmentCache.defaultCapacity)
        }
        let signer = try credentialsSigner()
        var finishing: FinishingStep?
        if let signer {
            let title = projectURL(film).lastPathComponent
            let manifest = try render.session.manifest(for: try rev ?? render.store.head(), title: title, auteurVersion: Auteur.version)
            finishing = { path in try ContentCredentials.embed(inFile: path, manifest: manifest, signer: signer) }
        }
        if TimelineExport.isTimeline(output) {
            try TimelineExport.checkTarget(otio: output, force: force)
            // A timeline counts the project's frames; a film at another rate
            // would not line up with its clips and markers.
            if options.fps != canvas.fps {
                throw AuteurError.invalid("a .otio timeline is at the project's \(canvas.fps) fps; leave out --fps \(options.fps), or export the film on its own")
            }
        }
        let request = ExportRequest(target: projectURL(film).path, options: options, frames: range, force: force, cache: cache,
                                    threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
                                    finishing: finishing, watermark: watermark, logsEncoderInput: framecrc != nil)

        let cancel = CancelSignal()
        cancel.install()
        defer { cancel.uninstall() }
        let reporter = ProgressReporter(style: quiet ? .none : progress == .json ? .json : isatty(2) == 1 ? .bar : .none)
        let summary: ExportSummary
        do {
            summary = try render.session.export(request, project: project, isCancelled: { cancel.isSet }, progress: reporter.update)
        } catch let stopped as ExportCancelled {
            reporter.clear()
            throw AuteurError.invalid("export to \(output) cancelled at frame \(stopped.framesDone) of \(stopped.framesTotal); nothing was written")
        } catch {
            reporter.clear()
            throw error
        }
        reporter.clear()
        if let framecrc {
            do { try Data(summary.encoderInput.text.utf8).write(to: projectURL(framecrc), options: .atomic) } catch {
                throw AuteurError.badInput("cannot write \(framecrc): \(error.localizedDescription)")
            }
        }
        if TimelineExport.isTimeline(output) {
            try TimelineExport.write(session: render.session, revision: rev, summary: summary, otio: output)
        }
        if quiet { return }
        let name = TerminalText.sanitize(TimelineExport.isTimeline(output) ? "\(output) and its film \(film)" : output)
        let segments = summary.segmented
            ? "\(summary.segmentsTotal) segments: \(summary.segmentsEncoded) encoded, \(summary.segmentsReused) reused"
            : "one pass, no segment cache"
        if progress == .json {
            struct Done: Encodable {
                var event = "done"
                var path: String
                var frames: Int
                var seconds: Double
                var width: Int
                var height: Int
                var fps: Int
                var codec: String
                var container: String
                var audio: String?
                var segments_total: Int
                var segments_encoded: Int
                var segments_reused: Int
                var elapsed_s: Double
                var credentials_signer: String?
            }
            let done = Done(path: summary.path, frames: summary.frames, seconds: summary.seconds, width: width, height: height,
                            fps: summary.timeline.fps, codec: options.codec.rawValue, container: options.container.rawValue,
                            audio: summary.audio?.name, segments_total: summary.segmentsTotal,
                            segments_encoded: summary.segmentsEncoded, segments_reused: summary.segmentsReused,
                            elapsed_s: (summary.elapsed * 1000).rounded() / 1000, credentials_signer: signer?.subjectSummary)
            say(CanonicalJSON.terminalSafe(try CanonicalJSON.string(done)))
            return
        }
        let sound = summary.audio.map { " with audio \(TerminalText.sanitize($0.name))" } ?? ""
        // Last, so the line still starts as it did before content credentials.
        let credentials = signer.map { "; content credentials signed by \(TerminalText.sanitize($0.subjectSummary))" } ?? ""
        say("wrote \(name): \(summary.frames) frames (\(String(format: "%.2f", summary.seconds)) s), \(width)x\(height) at \(summary.timeline.fps) fps, "
            + "\(options.codec.rawValue) in \(options.container.rawValue)\(sound); \(segments); "
            + String(format: "%.1f s (%.0f frames/s)", summary.elapsed, Double(summary.frames) / max(summary.elapsed, 1e-9)) + credentials)
    }
}

extension ExportCommand {
    /// Who signs this export's content credentials: --sign-cert and
    /// --sign-key, else the keys folder, made on first use so that every
    /// MP4 and MOV is credentialed. Nil for --no-credentials, .mkv, .webm.
    func credentialsSigner() throws -> Signer? {
        guard !noCredentials, container?.carriesCredentials == true else { return nil }
        do {
            if let signCert, let signKey { return try Signer.load(certificatePEM: projectURL(signCert).path, keyPEM: projectURL(signKey).path) }
            let folder = KeyFolder.standard()
            let (signer, created) = try folder.signerMakingKeysIfMissing()
            if created {
                // Said even with --quiet: it is a change to the user's config folder.
                FileHandle.standardError.write(Data(TerminalText.sanitize(
                    "auteur: made signing keys for content credentials in \(folder.path) (as auteur keys init does)").utf8 + [0x0A]))
            }
            return signer
        } catch {
            throw error.auteurError
        }
    }
}

extension ExportOptions.Container {
    /// C2PA defines embedding in ISO BMFF files; Matroska has no such place.
    var carriesCredentials: Bool { self == .mp4 || self == .mov }
}

/// Ctrl-C (and SIGTERM) during an export: the signal only sets a flag, which
/// the export polls between frames, so it can remove its partial file and
/// report in one line instead of dying half-written.
final class CancelSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private var sources: [DispatchSourceSignal] = []

    var isSet: Bool { lock.withLock { set } }

    func install() {
        for number in [SIGINT, SIGTERM] {
            // Dispatch delivers the signal on a queue once the default action is off.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in lock.withLock { set = true } }
            source.resume()
            sources.append(source)
        }
    }

    func uninstall() {
        for source in sources { source.cancel() }
        sources.removeAll()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

/// Draws export progress: a bar redrawn in place on a terminal, JSON lines
/// for scripts, or nothing. At most ten updates a second, and always the last.
final class ProgressReporter {
    enum Style { case none, bar, json }
    let style: Style
    private var lastDraw: UInt64 = 0
    private var drawn = false

    init(style: Style) { self.style = style }

    func update(_ u: ExportUpdate) {
        guard style != .none else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard u.framesDone == u.framesTotal || now - lastDraw >= 100_000_000 || lastDraw == 0 else { return }
        lastDraw = now
        switch style {
        case .none: return
        case .json:
            struct Line: Encodable {
                var event = "progress"
                var frames_done: Int
                var frames_total: Int
                var segments_total: Int
                var segments_encoded: Int
                var segments_reused: Int
                var fps: Double
                var elapsed_s: Double
                var eta_s: Double?
            }
            let line = Line(frames_done: u.framesDone, frames_total: u.framesTotal, segments_total: u.segmentsTotal,
                            segments_encoded: u.segmentsEncoded, segments_reused: u.segmentsReused,
                            fps: (u.framesPerSecond * 10).rounded() / 10, elapsed_s: (u.elapsed * 1000).rounded() / 1000,
                            eta_s: u.eta.map { ($0 * 10).rounded() / 10 })
            if let text = try? CanonicalJSON.string(line) { say(CanonicalJSON.terminalSafe(text)) }
        case .bar:
            let fraction = Double(u.framesDone) / Double(max(1, u.framesTotal))
            let filled = Int((fraction * 24).rounded(.down))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 24 - filled)
            let eta = u.eta.map { String(format: "%d:%02d", Int($0) / 60, Int($0) % 60) } ?? "-:--"
            let text = "[\(bar)] " + String(format: "%3.0f%%  %d/%d frames  %.1f fps", fraction * 100,
                                                      u.framesDone, u.framesTotal, u.framesPerSecond) + "  ETA \(eta)"
            // \r returns to the start of the line; ESC[K clears what a longer line left.
            FileHandle.standardError.write(Data(("\r" + TerminalText.sanitize(text) + "\u{1B}[K").utf8))
            drawn = true
        }
    }

    /// Removes the bar so the final line or an error starts on a clean line.
    func clear() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
