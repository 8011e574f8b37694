import Files
import Foundation
import TestFolders
import Testing
@testable import Report
@testable import Sweep

/// A halving sweep of four configurations (60 steps, rungs at 15, 30 and 60, reduction 2) in a
/// temporary folder.
func buildHalvingSweep() throws -> URL {
    let root = try temporaryDirectory().appendingPathComponent("halving")
    let corpus = try temporaryDirectory().appendingPathComponent("corpus.txt")
    try writeAtomically(Data(fixtureCorpus.utf8), to: corpus)
    let runs = [0.05, 0.3, 0.6, 1.2].map { lr in
        let c = fixtureConfig(corpus: corpus, learningRate: lr, steps: 60, evalEvery: 15)
        return PlannedRun(id: "learning_rate=\(lr)-0000000\(Int(lr * 100) % 10)", config: c, sample: SampleConfig(tokens: 5),
                          swept: [("learning_rate", "\(lr)")], shape: c.shape(vocabularySize: 40), trainingExamples: 0, validationExamples: 0)
    }
    _ = try SweepRunner(runs: runs, output: root, jobs: 2, halving: Halving(minSteps: 15, reduction: 2)).run(specText: Data("{}".utf8))
    return root
}

@Suite struct HalvingReportTests {
    @Test("the report says how the budget went, the runs at each rung and each rung's ranking, the promoted marked")
    func section() throws {
        let report = SweepReport(folder: try buildHalvingSweep())
        let halving = try #require(report.halving)
        // 4 runs x 15 steps, 2 x 15 more, 1 x 30 more: 120 of the 4 x 60 of the full grid.
        #expect(halving.runSteps == 120)
        #expect(halving.fullRunSteps == 240)
        #expect(halving.rungs.map(\.configurations) == [4, 2, 1])
        #expect(halving.rungs.map(\.runs) == [4, 2, 1])
        #expect(halving.rungs.map { $0.decision?.ranking.filter(\.promoted).count } == [2, 1, 0])

        let markdown = MarkdownReport.render(report)
        #expect(markdown.contains("## Successive halving"))
        #expect(markdown.contains("120 run-steps trained, of the 240 of training every run to its end (50.0%)."))
        #expect(markdown.contains("| 1 | 15 | 4 | 4 | 2 |"))
        // Each rung's table ranks by the rung loss; the promoted rows are bold.
        let first = try #require(halving.rungs[0].decision)
        let best = try #require(first.ranking.first)
        let bestLoss = try #require(best.loss)
        let bestRate = best.runs[0].split(separator: "=")[1].split(separator: "-")[0]
        #expect(markdown.contains("| **1** | **\(bestRate)** | **\(ReportText.loss(bestLoss))** |"))
        #expect(first.ranking.map(\.loss) == first.ranking.map(\.loss).sorted { ($0 ?? .infinity) < ($1 ?? .infinity) })

        let html = HTMLReport.render(report)
        #expect(html.components(separatedBy: "<tr class=\"promoted\">").count - 1 == 3)
        #expect(html.contains("<span class=\"badge stopped\">stopped</span><div class=\"note\">stopped at step 15 of 60: not promoted at its rung</div>"))
    }

    @Test("a halving sweep's figures include the halving figure, after the curves, and its report shows it")
    func figure() throws {
        let folder = try buildHalvingSweep()
        let layout = SweepLayout(root: folder)
        let written = try SweepFigures.draw(layout.storedRuns(), layout: layout, name: "halving", style: smallFigures)
        #expect(written.map(\.lastPathComponent).contains("halving.png"))
        #expect(written.map(\.lastPathComponent).contains("halving.svg"))
        let report = SweepReport(folder: folder)
        #expect(report.figures.map(\.kind).prefix(2) == [.curves, .halving])
        #expect(SweepFigures.plan(axes: ["learning_rate"]).allSatisfy { $0.kind != .halving })
    }

    @Test("a sweep without halving has no halving section")
    func none() throws {
        let report = SweepReport(folder: try sharedFixture.get())
        #expect(report.halving == nil)
        #expect(!MarkdownReport.render(report).contains("Successive halving"))
    }
}
