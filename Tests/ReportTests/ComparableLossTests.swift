// Runs whose tokenizers differ are ranked by bits per character, and the pages say so; runs that
// share one keep nats per token, with bpc beside it.

import Files
import Foundation
import Testing
@testable import Report
@testable import Sweep

@Suite struct ComparableLossTests {
    /// A sweep folder of completed run.json files: (vocab_size, val_loss, val_bpc) each.
    func folder(_ runs: [(vocab: Int, loss: Double, bpc: Double)]) throws -> URL {
        let root = try temporaryDirectory()
        for (i, run) in runs.enumerated() {
            var config = RunConfig()
            config.corpus = "/data/stories.txt"
            config.model.vocabularySize = run.vocab
            var record = RunRecord(config: config, sample: SampleConfig(), status: .completed)
            var results = RunResults(vocabSizeActual: run.vocab, parameters: 1000, examplesPerSecond: 1, seconds: 1)
            (results.valLoss, results.valBpc, results.trainLoss, results.trainBpc) = (run.loss, run.bpc, run.loss, run.bpc)
            record.results = results
            try writeAtomically(encodeJSON(record), to: SweepLayout(root: root).run("vocab_size=\(run.vocab)-0000000\(i)").appendingPathComponent(RunFile.record))
        }
        return root
    }

    @Test("a vocab_size sweep is ranked by bits per character, and both pages say why")
    func vocabularySweep() throws {
        // The table of the issue that asked for this: per token, 100 wins by far; per character, 256 does.
        let root = try folder([(100, 2.7787, 2.688), (256, 3.9256, 2.685), (512, 5.1863, 2.822), (1024, 6.5619, 2.892)])
        let report = SweepReport(folder: root)
        #expect(report.measure == .bitsPerCharacter)
        #expect(report.rows.map { $0.record.config.model.vocabularySize } == [256, 100, 512, 1024])
        #expect(report.lossColumns.map(\.title) == ["val bpc", "val loss", "train bpc", "best val bpc, subset (step)"])
        let markdown = MarkdownReport.render(report)
        #expect(markdown.contains("## Runs, by final validation bits per character"))
        #expect(markdown.contains("because vocab_size differs between them"))
        #expect(markdown.contains("| val bpc | val loss |"))
        let html = HTMLReport.render(report)
        #expect(html.contains("<h2>Runs, by final validation bits per character</h2>"))
        #expect(html.contains("because vocab_size differs between them"))
    }

    @Test("runs that share a tokenizer are ranked by nats per token, with bits per character beside")
    func sharedTokenizer() throws {
        let root = try folder([(256, 3.9, 2.70), (256, 3.8, 2.75)])
        let report = SweepReport(folder: root)
        #expect(report.measure == .natsPerToken && report.measureNote == nil)
        #expect(report.rows.map { $0.record.results?.valLoss } == [3.8, 3.9])
        #expect(report.lossColumns.map(\.title) == ["val loss", "val bpc", "train loss", "best val, subset (step)"])
        #expect(MarkdownReport.render(report).contains("## Runs, by final validation loss (nats per token)"))
    }
}
