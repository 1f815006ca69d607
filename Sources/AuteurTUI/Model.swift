import AuteurCore

/// A key as the model sees it, whatever the terminal sent.
public struct Key: Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        case char(Character)
        /// Control plus a letter, lower case ("z" for Ctrl-Z).
        case ctrl(Character)
        case enter, tab, backspace, delete, escape
        case up, down, left, right, home, end, pageUp, pageDown
        case function(Int)
    }
    public var code: Code
    public var shift: Bool
    public var alt: Bool
    public init(_ code: Code, shift: Bool = false, alt: Bool = false) { self.code = code; self.shift = shift; self.alt = alt }

    public static func char(_ c: Character) -> Key { Key(.char(c)) }
    public static func ctrl(_ c: Character) -> Key { Key(.ctrl(c)) }
    public static let enter = Key(.enter), tab = Key(.tab), backTab = Key(.tab, shift: true)
    public static let backspace = Key(.backspace), delete = Key(.delete), escape = Key(.escape)
    public static let up = Key(.up), down = Key(.down), left = Key(.left), right = Key(.right)
    public static let home = Key(.home), end = Key(.end), pageUp = Key(.pageUp), pageDown = Key(.pageDown)

    public var description: String {
        let prefix = (alt ? "Alt-" : "") + (shift ? "Shift-" : "")
        switch code {
        case .char(let c): return prefix + String(c)
        case .ctrl(let c): return prefix + "Ctrl-" + String(c).uppercased()
        case .function(let n): return prefix + "F\(n)"
        default: return prefix + "\(code)"
        }
    }
}

/// Size of a terminal or an image in cells or pixels.
public struct Size: Hashable, Sendable, CustomStringConvertible {
    public var width: Int, height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }
    public var description: String { "\(width)x\(height)" }
}

/// How pictures are drawn on this terminal.
public enum GraphicsMode: String, Hashable, Sendable, CaseIterable {
    case sixel, blocks, ascii
}

public enum Pane: String, Hashable, Sendable, CaseIterable {
    case chat, timeline, preview
    var next: Pane {
        let all = Pane.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
    var previous: Pane {
        let all = Pane.allCases
        return all[(all.firstIndex(of: self)! + all.count - 1) % all.count]
    }
}

/// An object's box in the frame, for `o` to cycle through in the preview.
public struct ObjectBox: Hashable, Sendable {
    public var id: ObjectID
    public var label: String?
    public var region: Region
    /// Frames where the object is on screen; nil means all of them.
    public var frames: FrameRange?
    public init(id: ObjectID, label: String? = nil, region: Region, frames: FrameRange? = nil) {
        self.id = id; self.label = label; self.region = region; self.frames = frames
    }
}

/// What the interface needs to know of the project; the session builds it
/// after each revision.
public struct ProjectSummary: Hashable, Sendable {
    public var name: String
    public var canvas: Canvas
    public var frameCount: Int
    /// First frame of each shot, ascending, starting at 0.
    public var shotStarts: [FrameIndex]
    public var revision: Int
    public var objects: [ObjectBox]

    public init(name: String, canvas: Canvas, frameCount: Int, shotStarts: [FrameIndex] = [0], revision: Int,
                objects: [ObjectBox] = []) {
        self.name = name; self.canvas = canvas; self.frameCount = max(1, frameCount)
        self.shotStarts = shotStarts.isEmpty ? [0] : shotStarts; self.revision = revision; self.objects = objects
    }

    /// The summary of a project, without object boxes (the session adds them).
    public init(name: String, project: Project, revision: Int, objects: [ObjectBox] = []) {
        self.init(name: name, canvas: project.canvas, frameCount: project.totalFrames,
                  shotStarts: project.shotStarts, revision: revision, objects: objects)
    }

    public var fps: Int { max(1, canvas.fps) }
    public var lastFrame: FrameIndex { frameCount - 1 }
    public func shot(at frame: FrameIndex) -> Int { (shotStarts.lastIndex { $0 <= frame } ?? 0) }
}

/// A line of the conversation, set apart by what it is.
public struct TranscriptEntry: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case you, ok, warning, question, error, info }
    public var kind: Kind
    public var text: String
    public init(_ kind: Kind, _ text: String) { self.kind = kind; self.text = text }
}

/// The chat input: multi-line text with a cursor and a history of turns.
public struct InputLine: Hashable, Sendable {
    public var text: [Character] = []
    /// Index into `text` where the next character goes.
    public var cursor: Int = 0
    public var history: [String] = []
    /// Position while walking the history with Up/Down; nil when editing.
    public var historyIndex: Int? = nil
    /// What was typed before walking the history, restored past its end.
    public var draft: [Character] = []
    public init() {}
    public var string: String { String(text) }
    public var isEmpty: Bool { text.isEmpty }
}

public struct Progress: Hashable, Sendable {
    public var done: Int, total: Int
    public init(done: Int, total: Int) { self.done = done; self.total = total }
    public var fraction: Double { total > 0 ? min(1, Double(done) / Double(total)) : 0 }
    public var isFinished: Bool { done >= total }
}

/// What covers the panes, if anything.
public enum Overlay: Hashable, Sendable {
    case help
    /// The `:` command line being typed.
    case command(InputLine)
    /// The revision log, one line a revision.
    case log([String])
}

/// Which pictures a request is for: small timeline thumbnails or the large preview.
public enum ImageSlot: Hashable, Sendable { case thumbnail, preview }

/// Identifies a picture on screen, so that the backend re-sends only what changed.
public struct ImageKey: Hashable, Sendable {
    public var slot: ImageSlot
    public var frame: FrameIndex
    public var revision: Int
    public init(slot: ImageSlot, frame: FrameIndex, revision: Int) { self.slot = slot; self.frame = frame; self.revision = revision }
}

/// The whole state of the interface. A value: `update` returns a new one and
/// `view` paints it, so a session replays from its list of messages.
public struct AppModel: Hashable, Sendable {
    public var project: ProjectSummary
    public var transcript: [TranscriptEntry] = []
    public var input = InputLine()
    public var focus: Pane = .chat
    public var frame: FrameIndex = 0
    /// Frames selected on the timeline.
    public var selectedFrames: FrameRange?
    /// Where Shift+arrows started the selection.
    public var selectionAnchor: FrameIndex?
    /// Rectangle selected in the preview, in frame coordinates.
    public var region: Region?
    /// The object `o` last picked, whose box is the region.
    public var pickedObject: ObjectID?
    /// 0 fits the whole sequence in the timeline; each step doubles the scale.
    public var zoom: Int = 0
    /// Frame at the left edge of the timeline, kept on a grid of thumbnails.
    public var timelineOrigin: Double = 0
    public var playing = false
    /// Frames shown a second while playing, when the link made it lower than the project's.
    public var playbackFPS: Int?
    /// Transcript rows scrolled back from the newest; 0 follows the conversation.
    public var chatScroll = 0
    /// Where playback started, in the clock of the tick messages.
    public var playbackStart: (time: Double, frame: FrameIndex)? {
        get { playbackStartTime.map { ($0, playbackStartFrame) } }
        set { playbackStartTime = newValue?.time; playbackStartFrame = newValue?.frame ?? 0 }
    }
    var playbackStartTime: Double?
    var playbackStartFrame: FrameIndex = 0
    public var graphics: GraphicsMode
    /// Whether the terminal can show Unicode box drawing and half blocks.
    public var unicode: Bool
    public var theme: Theme
    public var renderProgress: Progress?
    public var exportProgress: Progress?
    /// Frames the last revision changed, marked on the timeline.
    public var changedFrames: Set<FrameIndex> = []
    public var terminalSize: Size
    /// Pixels per cell, for sizing sixel images.
    public var cellPixels: Size = Size(width: 10, height: 20)
    public var overlay: Overlay?
    /// A turn was submitted and the reply has not come.
    public var awaitingReply = false
    public var thumbnails: [FrameIndex: RGBAImage] = [:]
    public var preview: (frame: FrameIndex, image: RGBAImage)? {
        get { previewImage.map { (previewFrame, $0) } }
        set { previewImage = newValue?.image; previewFrame = newValue?.frame ?? 0 }
    }
    var previewImage: RGBAImage?
    var previewFrame: FrameIndex = 0
    /// Frames asked of the renderer for this revision and not yet delivered.
    public var pendingThumbnails: Set<FrameIndex> = []
    public var pendingPreview: FrameIndex?
    var requestedThumbnailSize: Size?
    public var quitting = false

    public init(project: ProjectSummary, terminalSize: Size = Size(width: 80, height: 24),
                graphics: GraphicsMode = .blocks, unicode: Bool = true, theme: Theme = .defaultDark) {
        self.project = project; self.terminalSize = terminalSize
        self.graphics = unicode ? graphics : (graphics == .blocks ? .ascii : graphics)
        self.unicode = unicode; self.theme = theme
    }

    /// The selection a chat turn is scoped to.
    public var selection: Selection { Selection(frames: selectedFrames, region: region) }

    public var seconds: Double { Double(frame) / Double(project.fps) }
}
