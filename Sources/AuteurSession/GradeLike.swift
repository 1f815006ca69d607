import AuteurCore
import AuteurMedia
import AuteurRender
import AuteurStore
import Foundation

extension Session {
    /// "Make it look like ref.png": a grade op that names an image is
    /// resolved here into a concrete colour transfer, from the colour
    /// statistics of the frames as they render now toward the image's.
    func resolveGrades(_ ops: [Op], on project: Project) throws -> [Op] {
        try ops.map { op in
            guard case .grade(var p) = op, let like = p.like, p.grade == nil else { return op }
            guard let record = try store.media(like), record.kind == .image, let data = record.analysis,
                  let image = try? JSONDecoder().decode(ImageAnalysis.self, from: data) else {
                throw AuteurError.notFound("no attached image \(like) to grade toward")
            }
            let source = try renderedStatistics(project, frames: p.scope?.frames)
            do {
                p.grade = try ColorTransfer.grade(from: source, toward: image.statistics, strength: 1, referenceHash: like)
            } catch {
                throw AuteurError.invalid("cannot grade toward \(record.name): \(error)")
            }
            p.like = nil
            return .grade(p)
        }
    }

    /// Colour statistics of a few frames rendered small: what the viewer sees now.
    func renderedStatistics(_ project: Project, frames: FrameRange?) throws -> ColorStatistics {
        let (w, h) = (160, 90)
        let composer = FrameComposer(project: project, width: w, height: h, signals: try audioSignals(for: project),
                                     backdrops: try backdropTextures(for: project))
        let regenerator = Regenerator(width: w, height: h)
        let range = frames ?? project.allFrames
        let picks = (0..<6).map { range.start + $0 * max(0, range.count - 1) / 5 }
        var pixels: [UInt8] = []
        for f in Set(picks).sorted() { pixels += regenerator.render(composer.compose(f)).pixels }
        return ColorStatistics(rgba: pixels)
    }
}
