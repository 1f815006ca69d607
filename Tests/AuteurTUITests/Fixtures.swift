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

/// A picture that looks like a rendered shot: a sky gradient, a sun, a
/// ground band and a box, shifted a little by `frame` so frames differ.
func scenePicture(width: Int, height: Int, frame: Int = 0) -> RGBAImage {
    var p = [UInt8](repeating: 255, count: width * height * 4)
    let sunX = Double(width) * (0.2 + Double(frame % 48) / 96), sunY = Double(height) * 0.3, sunR = Double(height) * 0.12
    for y in 0..<height {
        for x in 0..<width {
            let i = (y * width + x) * 4
            let t = Double(y) / Double(max(1, height - 1))
            var r = 40 + 120 * t, g = 90 + 90 * t, b = 200 - 40 * t
            if y > height * 2 / 3 { r = 60 + Double(x % 7); g = 140 - 30 * t; b = 50 }
            let dx = Double(x) - sunX, dy = Double(y) - sunY
            if dx * dx + dy * dy < sunR * sunR { r = 250; g = 220; b = 90 }
            if x > width * 3 / 5, x < width * 4 / 5, y > height / 2, y < height * 5 / 6 { r = 180; g = 40; b = 40 }
            p[i] = UInt8(min(255, max(0, r))); p[i + 1] = UInt8(min(255, max(0, g))); p[i + 2] = UInt8(min(255, max(0, b)))
        }
    }
    return RGBAImage(width: width, height: height, pixels: p)
}

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
