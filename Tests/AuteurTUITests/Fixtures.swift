import AuteurCore
import Foundation
@testable import AuteurTUI

/// A two-shot, six-second project at 24 fps with two objects to pick.
func demoSummary(revision: Int = 2) -> ProjectSummary {
    ProjectSummary(name: "demo", canvas: Canvas(width: 1280, height: 720, fps: 24), frameCount: 144, shotStarts: [0, 72],
                   revision: revision, objects: [
                       ObjectBox(id: "ball", label: "red ball", region: Region(x: 0.1, y: 0.6, w: 0.2, h: 0.3)),
                       ObjectBox(id: "tree", region: Region(x: 0.6, y: 0.2, w: 0.3, h: 0.7), frames: FrameRange(0, 71)),
                   ])
}

func demoModel(size: Size = Size(width: 80, height: 24), graphics: GraphicsMode = .blocks, unicode: Bool = true) -> AppModel {
    AppModel(project: demoSummary(), terminalSize: size, graphics: graphics, unicode: unicode)
}

/// A picture that looks like a rendered shot (see `TestCard.scene`).
func scenePicture(width: Int, height: Int, frame: Int = 0) -> RGBAImage { TestCard.scene(width: width, height: height, frame: frame) }

/// Answers every picture request at once, as the renderer will later.
func deliverPictures(_ model: AppModel, _ effects: [Effect]) -> AppModel {
    var m = model
    var queue = effects
    while !queue.isEmpty {
        let e = queue.removeFirst()
        let message: Message
        switch e {
        case .requestThumbnails(let frames, let size, let revision):
            for f in frames {
                let (next, more) = update(m, .thumbnailReady(frame: f, revision: revision, image: scenePicture(width: size.width, height: size.height, frame: f)))
                m = next; queue += more
            }
            continue
        case .requestPreview(let frame, let size, let revision):
            message = .previewReady(frame: frame, revision: revision, image: scenePicture(width: size.width, height: size.height, frame: frame))
        default: continue
        }
        let (next, more) = update(m, message)
        m = next; queue += more
    }
    return m
}

/// Replays messages, answering picture requests after each one.
func play(_ model: AppModel, _ messages: [Message]) -> (AppModel, [Effect]) {
    var m = model
    var all: [Effect] = []
    for message in messages {
        let (next, effects) = update(m, message)
        all += effects
        m = deliverPictures(next, effects)
    }
    return (m, all)
}

func keys(_ text: String) -> [Message] { text.map { .key(.char($0)) } }
