import Foundation
import TestFolders
import Plot
import Testing
@testable import Report
@testable import Sweep

/// Trains tiny runs over learning rate x hidden size into `root/runs/` and returns them.
func tinySweep(in root: URL, learningRates: [Double] = [0.3, 0.6], hiddenSizes: [Int] = [8, 16]) throws -> [StoredRun] {
    let corpus = root.appendingPathComponent("corpus.txt")
    let text = (0 ..< 40).map { "the \(["cat", "dog", "hen"][$0 % 3]) sat on a mat number \($0 % 7).\n" }.joined()
    try Data(text.utf8).write(to: corpus)
    let layout = SweepLayout(root: root)
    for lr in learningRates {
        for h in hiddenSizes {
            var c = RunConfig()
            c.corpus = corpus.path
            c.model.vocabularySize = 40
            c.model.contextLength = 3
            c.model.hiddenSize = h
            c.training.learningRate = lr
            c.training.steps = 30
            c.training.evalEvery = 10
            _ = TrainingRun(config: c, sample: SampleConfig(tokens: 10), directory: layout.run("lr=\(lr)_h=\(h)")).execute()
        }
    }
    return layout.storedRuns()
}

@Suite struct FiguresTests {
    @Test("a run's three figures are drawn from its files at the default size")
    func runFigures() throws {
        let root = try temporaryDirectory()
        let run = try #require(try tinySweep(in: root, learningRates: [0.3], hiddenSizes: [8]).first)
        let files = try RunFigures.draw(run, style: FigureStyle(width: 800, height: 500))
        #expect(files.map(\.lastPathComponent) == ["loss.png", "embeddings.png", "sample.png"])
        for file in files {
            let canvas = try Canvas(contentsOf: file)
            #expect(canvas.width == 800)
        }
        #expect(try Canvas(contentsOf: files[0]).height == 500)
    }

    @Test("the sweep figures cover the curves, the runs across settings, what mattered, each swept axis and their pair, each as PNG and SVG; seed is no axis")
    func sweepFigures() throws {
        let root = try temporaryDirectory()
        let runs = try tinySweep(in: root)
        #expect(sweptKeys(of: runs.map(\.record)) == ["hidden_size", "learning_rate"])
        let files = try SweepFigures.draw(runs, layout: SweepLayout(root: root), name: "tiny", style: FigureStyle(width: 800, height: 500))
        let pictures = ["validation-curves", "parallel-coordinates", "importance", "final-loss-by-hidden_size", "final-loss-by-learning_rate",
                        "heatmap-hidden_size-learning_rate"]
        #expect(files.map(\.lastPathComponent) == ["importance.csv"] + pictures.flatMap { [$0 + ".png", $0 + ".svg"] })
        let pngs = files.filter { $0.pathExtension == "png" }
        // The importance figure is as tall as its bars need; every figure is as wide as asked.
        #expect(try pngs.allSatisfy { try Canvas(contentsOf: $0).width == 800 })
        for svg in files.filter({ $0.pathExtension == "svg" }) {
            let text = try String(contentsOf: svg, encoding: .utf8)
            #expect(text.hasPrefix("<svg ") && text.contains(#"viewBox="0 0 800 "#) && InlineSVG.checked(text) != nil, "\(svg.lastPathComponent)")
        }
    }

    @Test("redrawing the sweep figures removes pictures of axes the runs no longer have")
    func staleFiguresRemoved() throws {
        let root = try temporaryDirectory()
        let runs = try tinySweep(in: root, learningRates: [0.3], hiddenSizes: [8, 16])
        let stale = root.appendingPathComponent("figures/heatmap-embedding_dim-learning_rate.png")
        try FileManager.default.createDirectory(at: stale.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: stale)
        let files = try SweepFigures.draw(runs, layout: SweepLayout(root: root), name: "tiny", style: FigureStyle(width: 800, height: 500))
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: stale.deletingLastPathComponent().path).sorted()
                    == files.map(\.lastPathComponent).sorted())
    }
}
