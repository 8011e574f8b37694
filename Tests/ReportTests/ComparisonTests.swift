// Comparing runs and sweeps: one legend entry per input, named by sweep and run, a PNG of the
// figure's size, and clear errors for inputs that hold nothing to compare.

import Foundation
import TestFolders
import Plot
import Testing
@testable import Report
@testable import Sweep

@Suite struct ComparisonTests {
    @Test("a sweep and one of another sweep's runs give a PNG of the figure size with one legend entry each")
    func sweepAgainstRun() throws {
        let before = try sharedFixture.get()
        let after = try fixtureCopy()
        let run = SweepLayout(root: after).run(FixtureRun.middle)
        let output = try temporaryDirectory().appendingPathComponent("compare.png")
        let figure = try Comparison.write([before, run], to: output, style: smallFigures)
        let canvas = try Canvas(contentsOf: output)
        #expect(canvas.width == smallFigures.pixelWidth && canvas.height == smallFigures.pixelHeight)
        #expect(figure.series.count == 2)
        let inputs = try Comparison.inputs([before, run])
        // Every run of the sweep is a curve; the failed run's is empty.
        #expect(figure.series[0].curves.count == 6 && figure.series[1].curves.count == 1)
        // The bold curve is the run the label calls best.
        #expect(zip(inputs[0].runs, figure.series[0].curves).filter { $0.1.emphasized }.map(\.0.id) == [FixtureRun.best])
        let losses = inputs[0].runs.compactMap { $0.record.results?.valLoss }
        let best = try #require(losses.min())
        #expect(figure.series[0].label == "fixture · 6 runs · best \(ReportText.loss(best))")
        let loss = try #require(inputs[1].runs.first?.record.results?.valLoss)
        #expect(figure.series[1].label == "fixture / learning_rate=0.3 · \(ReportText.loss(loss))")
        #expect(figure.subtitle.contains("bold: the best run of each sweep") && figure.subtitle.contains("×: diverged"))
    }

    @Test("runs keep short names while they differ, and full ids or paths when they would not")
    func names() throws {
        let folder = try sharedFixture.get()
        let layout = SweepLayout(root: folder)
        let short = try Comparison.inputs([layout.run(FixtureRun.best), layout.run(FixtureRun.diverged)])
        #expect(short.map(\.label).map { $0.components(separatedBy: " · ")[0] } == ["fixture / learning_rate=0.6", "fixture / learning_rate=5000"])
        #expect(short[1].label.hasPrefix("fixture / learning_rate=5000 · diverged at step "))
        // The same sweep twice, from two places: the folder names agree, so the paths tell them apart.
        let copy = try fixtureCopy()
        let twice = try Comparison.inputs([folder, copy])
        #expect(twice.map { $0.label.components(separatedBy: " · ")[0] } == [folder.relativePath, copy.relativePath])
        #expect(Comparison.withoutHash("learning_rate=0.6-0000000a") == "learning_rate=0.6")
    }

    @Test("no inputs, a folder without runs and a run without curves are errors naming the input")
    func errors() throws {
        #expect(throws: ReportError.noInputs) { try Comparison.inputs([]) }
        let empty = try temporaryDirectory()
        #expect(throws: ReportError.noRuns(path: empty.path)) { try Comparison.inputs([empty]) }
        let failed = SweepLayout(root: try sharedFixture.get()).run(FixtureRun.failed)
        #expect(throws: ReportError.nothingToCompare(path: failed.path)) { try Comparison.inputs([failed]) }
    }
}
