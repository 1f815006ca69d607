import AuteurTUI
import Foundation

// `auteur-bench terminal`: the interface's picture encoders from an
// in-memory 640x360 frame, on the two test cards (a flat-shaded scene and a
// noisy photo-like frame). Frames a second from the median of repeated
// runs, and the bytes each frame costs. Sizes and PSNR against chafa and
// img2sixel on the same frames come from SixelComparisonTests (they need
// the test suite's sixel decoder).
func runTerminalBenchmarks(filter: String?) {
    guard filter.map({ "terminal".contains($0) || $0.contains("terminal") || $0.contains("sixel") }) ?? true else { return }
    let cards = [("scene", TestCard.scene(width: 640, height: 360, frame: 7)), ("noisy photo", TestCard.noisyPhoto(width: 640, height: 360))]
    for (name, card) in cards {
        var bytes = 0
        let sixel = measure(15) {
            for _ in 0..<20 { bytes = SixelEncoder().encode(card).count }
        }
        row("sixel 640x360, \(name)", sixel, extra: String(format: "%.0f frames/s, %.1f KB", 20_000 / sixel.median, Double(bytes) / 1000))
        for depth in [ColorDepth.truecolor, .palette256] {
            let blocks = measure(15) {
                for _ in 0..<100 { bytes = HalfBlockEncoder.encode(card, columns: 80, rows: 24, depth: depth).count }
            }
            row("half blocks 80x24 \(depth.rawValue), \(name)", blocks,
                extra: String(format: "%.0f frames/s, %.1f KB", 100_000 / blocks.median, Double(bytes) / 1000))
        }
    }
}
