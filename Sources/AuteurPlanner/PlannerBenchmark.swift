import AuteurCore
import Foundation

/// Planning latency per turn, for `make bench`: the median must stay
/// under 50 ms with the model loaded.
public struct PlannerBenchmarkReport: Sendable, CustomStringConvertible {
    public let turnCount: Int
    public let embeddings: Bool
    public let medianMilliseconds: Double
    public let p90Milliseconds: Double
    public let maximumMilliseconds: Double

    public var description: String {
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        return "planner (\(embeddings ? "with embeddings" : "lexicon only")): \(turnCount) turns, median \(f(medianMilliseconds)) ms, "
            + "p90 \(f(p90Milliseconds)) ms, max \(f(maximumMilliseconds)) ms"
    }
}

public enum PlannerBenchmark {
    /// Each turn is planned against the scene its first line sets up, the
    /// way a session plans the next turn of a conversation.
    public static let conversations: [[String]] = [
        ["a red car drives from left to right across a desert at noon", "change the lighting to sunset and make the car a vintage convertible",
         "make it sunset", "make the car green", "zoom in during the last second", "make it 8 seconds long"],
        ["two cars race from right to left on a city street", "make it blue", "make both cars blue", "stop the rain",
         "an automobile overtakes them at golden hour", "get rid of the other car"],
        ["a red ball and a white box sit on a table in an office", "paint the box purple", "make the ball bounce",
         "make the whole thing film noir", "the pooch sits beside the box", "make it cyberpunk"],
        ["two servers labeled A and B send arrows to a database, blueprint style", "another take", "undo",
         "from 2s to 4s make it night", "make the database bigger", "asdf qwerty zxcv"],
        ["a red car drives across a desert at noon, then cut to the car parked in front of a house at sunset",
         "slowly pan the camera to the right", "make the car drive faster", "a vessel sails past in the fog"],
    ]

    /// Plans every turn `repetitions` times after a warm-up and reports the
    /// distribution of single-turn times.
    public static func run(planner: NaturalLanguagePlanner, repetitions: Int = 5) -> PlannerBenchmarkReport {
        var cases: [(String, PlanContext)] = []
        for conversation in conversations {
            var project = Project()
            if case .edit(let ops, _) = planner.plan(conversation[0], context: PlanContext(project: project)),
               let next = try? project.applying(ops) {
                project = next
            }
            for turn in conversation { cases.append((turn, PlanContext(project: project, revision: 1))) }
        }
        for (turn, context) in cases { _ = planner.plan(turn, context: context) }
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<max(1, repetitions) {
            for (turn, context) in cases {
                let elapsed = clock.measure { _ = planner.plan(turn, context: context) }
                times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
            }
        }
        times.sort()
        return PlannerBenchmarkReport(turnCount: cases.count, embeddings: planner.encoder != nil,
                                      medianMilliseconds: times[times.count / 2],
                                      p90Milliseconds: times[min(times.count - 1, times.count * 9 / 10)],
                                      maximumMilliseconds: times.last ?? 0)
    }
}
