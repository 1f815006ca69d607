import AuteurCore

/// Everything that can happen to the interface: keys and the terminal, the
/// clock, and the results of effects coming back.
public enum Message: Hashable, Sendable {
    case key(Key)
    /// Bracketed paste: inserted as text, newlines kept, never run as keys.
    case paste(String)
    case resize(Size)
    /// The terminal's cell size in pixels became known.
    case cellPixels(Size)
    /// A clock reading in seconds, sent while playing.
    case tick(Double)
    /// Playback now shows this many frames a second (the pacer lowered or
    /// raised it to what the terminal link carries).
    case playbackRate(Int)
    /// The planner's reply to a turn, one entry per line of it.
    case turnReplied([TranscriptEntry])
    case revisionChanged(ProjectSummary, changed: Set<FrameIndex>)
    case thumbnailReady(frame: FrameIndex, revision: Int, image: RGBAImage)
    case previewReady(frame: FrameIndex, revision: Int, image: RGBAImage)
    case renderProgress(Progress)
    case exportProgress(Progress)
    case logReady([String])
    case themeLoaded(Theme)
    /// Something failed; shown as one line in the transcript.
    case error(String)
}

/// Work for the outside world. The runner performs it and reports back
/// with messages; `update` never does I/O itself.
public enum Effect: Hashable, Sendable {
    case submitTurn(text: String, selection: Selection)
    case undo
    case redo
    case checkout(revision: Int)
    case export(path: String)
    case attach(path: String)
    /// Render these frames of `revision` at this pixel size; the runner may
    /// drop requests for older revisions.
    case requestThumbnails(frames: [FrameIndex], size: Size, revision: Int)
    case requestPreview(frame: FrameIndex, size: Size, revision: Int)
    case requestLog
    case setTheme(name: String)
    case setGraphics(GraphicsMode)
    case startPlayback(fps: Int)
    case stopPlayback
    /// `:suspend`: give the terminal back to the shell until `fg`. Ctrl-Z
    /// is undo inside the interface, so suspending has its own command.
    case suspend
    case quit
}
