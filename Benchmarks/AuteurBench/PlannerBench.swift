import AuteurPlanner
import Foundation

/// The planner's benchmarks of issue 5: planning latency (with the model
/// loaded and from the lexicon alone) and sentence-embedding throughput.
func runPlannerBenchmarks(filter: String?) {
    func wanted(_ name: String) -> Bool { filter.map { name.contains($0) || $0.contains(name) } ?? true }
    guard wanted("planner") || wanted("embeddings") else { return }
    switch SentenceEncoder.loadDefault() {
    case .success(let encoder):
        if wanted("planner") {
            print("planner, model loaded:  \(PlannerBenchmark.run(planner: NaturalLanguagePlanner(encoder: encoder)))")
        }
        if wanted("embeddings") {
            print("embeddings: \(EncoderBenchmark.run(encoder: encoder))")
        }
    case .failure(let error):
        print("embeddings: model not loaded (\(error)); run make setup")
    }
    if wanted("planner") {
        print("planner, lexicon only:  \(PlannerBenchmark.run(planner: NaturalLanguagePlanner(encoder: nil, announcesNotice: false)))")
    }
}
