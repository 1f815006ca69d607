import AuteurCore
import AuteurPlanner
import Foundation
import Testing

/// The public evaluation cases (../shared/planner-eval/cases.yaml), run
/// through the lexicon-only planner with every fact checked on the scene.
@Suite("Planner: public evaluation cases")
struct PlannerPublicCaseTests {
    @Test("the case file is there and holds all 44 cases")
    func caseFileLoads() throws {
        let text = try String(contentsOf: publicCasesURL, encoding: .utf8)
        let cases = try EvalCase.load(text)
        #expect(cases.count == 44)
        #expect(cases.allSatisfy { !$0.turns.isEmpty && !$0.facts.isEmpty })
    }

    @Test("facts hold after the case's turns", arguments: publicCases)
    func publicCase(_ c: EvalCase) throws {
        let failures = try Director.run(c, planner: lexiconPlanner)
        #expect(failures.isEmpty, "\(c.id): \(failures.joined(separator: "; "))")
    }
}
