// What a report says about the fixture sweep: runs ranked by final validation loss, every
// unfinished run with its reason, the spec in words, and the same from the runs alone when
// spec.json or some runs are missing.

import Foundation
import TestFolders
import Plot
import Testing
@testable import Report
@testable import Sweep

@Suite struct SweepReportTests {
    @Test("completed runs come first by final validation loss, then diverged, interrupted and failed")
    func ranking() throws {
        let report = SweepReport(folder: try sharedFixture.get())
        let records = report.rows.map(\.record)
        #expect(records.map(\.status) == [.completed, .completed, .completed, .diverged, .interrupted, .failed])
        let losses = try records.prefix(3).map { try #require($0.results?.valLoss) }
        #expect(losses == losses.sorted())
        #expect(report.rows.map(\.rank) == [1, 2, 3, nil, nil, nil])
        #expect(report.highlighted.map(\.id) == report.rows.prefix(3).map(\.id))
        // A higher learning rate trains faster in 30 steps: 0.6, 0.3, 0.1.
        #expect(report.rows.prefix(3).map(\.id) == [FixtureRun.best, FixtureRun.middle, FixtureRun.worst])
    }

    @Test("each unfinished run says why: the diverged step, the failure message, the step it stopped at")
    func notes() throws {
        let report = SweepReport(folder: try sharedFixture.get())
        let byID = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.id, $0) })
        let diverged = try #require(byID[FixtureRun.diverged])
        let step = try #require(diverged.record.divergedAtStep)
        #expect(diverged.note.hasPrefix("diverged at step \(step) (smoothed loss "))
        let failed = try #require(byID[FixtureRun.failed])
        #expect(failed.note == failureMessage)
        // Stopped before step 11, after the evaluation at step 10.
        #expect(byID[FixtureRun.interrupted]?.note == "interrupted at step 10 of 30")
        #expect(byID[FixtureRun.best]?.note == "")
    }

    @Test("the spec in words: axis values as written, shared settings marked when defaulted, planned runs")
    func specInWords() throws {
        let report = SweepReport(folder: try sharedFixture.get())
        #expect(report.name == "fixture" && report.description == hostileText)
        #expect(report.corpora == ["corpus.txt"] && report.documents == "file")
        #expect(report.axes == ["learning_rate"] && report.columns == ["learning_rate"])
        #expect(report.axisValues == ["0.6, 0.3, 0.1, 5000, 0.2, 0.4"])
        #expect(report.seeds == ["1"])
        let shared = Dictionary(uniqueKeysWithValues: report.shared.map { ($0.key, $0) })
        #expect(shared["vocab_size"]?.value == "40" && shared["vocab_size"]?.isDefault == false)
        #expect(shared["eval_examples"]?.value == "4096" && shared["eval_examples"]?.isDefault == true)
        #expect(shared["min_learning_rate"]?.value == "learning_rate / 10")
        #expect(shared["patience"]?.value == "off")
        #expect(shared["learning_rate"] == nil && shared["seed"] == nil && shared["corpus"] == nil)
        #expect(report.sample.map(\.key) == ["prompt", "tokens"])
        #expect(report.runsSentence == "6 planned, 6 with results: 3 completed, 1 diverged, 1 failed, 1 interrupted")
        #expect(!report.isFinished)
    }

    @Test("timing adds the runs' seconds and spans the first start to the last end")
    func timing() throws {
        let report = SweepReport(folder: try sharedFixture.get())
        let timing = try #require(report.timing)
        let seconds = report.rows.compactMap { $0.record.results?.seconds }.reduce(0, +)
        #expect(abs(timing.runSeconds - seconds) < 1e-9)
        #expect(timing.firstStart <= timing.lastEnd)
        let sentence = try #require(report.timingSentence(timeZone: TimeZone(secondsFromGMT: 0) ?? .current))
        #expect(sentence.contains(" to ") && sentence.hasSuffix("of run time"))
    }

    @Test("sweep figures are listed curves first with captions from their names; run figures by run")
    func figures() throws {
        let report = SweepReport(folder: try sharedFixture.get())
        #expect(report.figures.map(\.path) == ["figures/validation-curves.png", "figures/parallel-coordinates.png", "figures/importance.png",
                                               "figures/final-loss-by-learning_rate.png"])
        #expect(report.figures.map(\.caption) == [
            "Validation loss of every run during training", "Every run across its settings and its final validation loss (dark is low)",
            "Share of the spread in final validation loss each setting explains", "Final validation loss by learning_rate",
        ])
        #expect(report.figures.map(\.svgPath) == report.figures.map { String($0.path.dropLast(4)) + ".svg" })
        #expect(report.figures.allSatisfy { $0.inlineSVG?.hasPrefix("<svg ") == true })
        let best = try #require(report.highlighted.first)
        #expect(best.figures.map(\.name) == ["loss curves", "embeddings", "sample"])
        #expect(best.figures.first?.path == "runs/\(FixtureRun.best)/loss.png")
        #expect(best.sample?.tokens.count == 4)
        #expect(SweepFigures.plan(axes: ["embedding_dim", "context_length"]).map(\.file) == [
            "validation-curves.png", "parallel-coordinates.png", "importance.png", "final-loss-by-embedding_dim.png",
            "final-loss-by-context_length.png", "heatmap-embedding_dim-context_length.png",
        ])
        #expect(SweepFigures.plan(axes: []).map(\.file) == ["validation-curves.png"])
        #expect(SweepFigures.plan(axes: ["embedding_dim", "context_length"]).last?.caption
                == "Mean final validation loss over embedding_dim × context_length")
    }

    @Test("a partly copied sweep lists the runs present and counts the others as not started")
    func partialCopy() throws {
        let folder = try fixtureCopy()
        for id in [FixtureRun.middle, FixtureRun.failed] {
            try FileManager.default.removeItem(at: SweepLayout(root: folder).run(id))
        }
        let report = SweepReport(folder: folder)
        #expect(report.rows.map(\.id) == [FixtureRun.best, FixtureRun.worst, FixtureRun.diverged, FixtureRun.interrupted])
        #expect(report.runsSentence == "6 planned, 4 with results: 2 completed, 1 diverged, 1 interrupted; 2 not started")
    }

    @Test("without spec.json the name, axes and seeds come from the folder and the runs' configs")
    func withoutSpec() throws {
        let folder = try fixtureCopy()
        let layout = SweepLayout(root: folder)
        try FileManager.default.removeItem(at: layout.spec)
        let report = SweepReport(folder: folder)
        #expect(report.spec == nil && report.plannedRuns == nil)
        #expect(report.name == "fixture" && report.description == nil)
        #expect(report.axes == ["learning_rate"])
        #expect(report.axisValues == ["0.1, 0.2, 0.3, 0.4, 0.6, 5000"])
        #expect(report.corpora == ["corpus.txt"])
        #expect(report.shared.allSatisfy { !$0.isDefault })
        #expect(report.sample.first?.value == "\"the \"")
        #expect(report.runsSentence == "6 with results: 3 completed, 1 diverged, 1 failed, 1 interrupted")
    }

    @Test("a random search's drawn values are listed when few and given as a range when many numbers")
    func drawnValues() {
        #expect(SweepReport.drawn(["32", "64"]) == "32, 64")
        #expect(SweepReport.drawn(["0.01", "0.02", "0.03", "0.05", "0.1", "0.2", "0.5"]) == "7 values from 0.01 to 0.5")
        #expect(SweepReport.drawn(["a", "b", "c", "d", "e", "f", "g"]) == "a, b, c, d, e, f, g")
    }

    @Test("an empty folder gives a report with no rows, no timing and no figures")
    func empty() throws {
        let report = SweepReport(folder: try temporaryDirectory())
        #expect(report.rows.isEmpty && report.timing == nil && report.figures.isEmpty && report.highlighted.isEmpty)
        #expect(report.runsSentence == "no run has results yet")
    }
}

@Test("sweep figures label axis values as run.json writes them (Plot's formatter held to Sweep's)",
      arguments: [0.1, 3.0, 1e-05, 64.0, -2.0, 0.30000000000000004, 1e20, 1234.5])
func axisLabelsAreSettingText(x: Double) {
    // Plot depends on nothing in TinyLab, so it keeps its own copy of the formatter.
    #expect(AxisValue.number(x).description == wholeNumberText(x))
}
