// The three figures of one run, drawn from its directory's files: loss.png (batch losses faint,
// smoothed, validation with markers), embeddings.png (PCA of the embedding table, labelled
// tokens) and sample.png (the generated sample, opacity = the model's probability).
// Leaves out: the sweep's figures (SweepFigures.swift) and the drawing itself (Plot).

import Foundation
import Plot
import Sweep

public enum RunFigures {
    public static let loss = "loss.png"
    public static let embeddings = "embeddings.png"
    public static let sample = "sample.png"

    /// Each figure's file and what it shows, in the order reports show them.
    public static let all: [(file: String, caption: String)] = [
        (loss, "loss curves"), (embeddings, "embeddings"), (sample, "sample"),
    ]

    /// The figures a run's files call for: the loss curves always, the embeddings once it has a
    /// model, the sample once it has one.
    public static func expected(for run: StoredRun) -> [String] {
        [(loss, nil), (embeddings, RunFile.model), (sample, RunFile.samples)].compactMap { figure, needs in
            needs.map { FileManager.default.fileExists(atPath: run.directory.appendingPathComponent($0).path) } ?? true ? figure : nil
        }
    }

    /// Draws the figures a run's files allow (a run without samples gets no sample.png) and
    /// returns the files written; with `style.recordsSVG`, each also as SVG (loss.svg, ...).
    @discardableResult
    public static func draw(_ run: StoredRun, style: FigureStyle = FigureStyle()) throws -> [URL] {
        var written: [URL] = []
        let config = run.record.config
        let loss = LossFigure(
            title: run.id, subtitle: describe(config),
            train: run.allMetrics().filter { $0.split == .batch }.map { (Double($0.step), $0.loss) },
            validation: run.metrics.filter { $0.split == .val }.map { (Double($0.step), $0.loss) },
            tokensPerStep: Double(config.training.batchSize), style: style)
        written.append(try write(loss.render(), run.directory.appendingPathComponent(Self.loss)))

        if let table = try run.embeddingTable() {
            let V = table.tokens.count
            let figure = EmbeddingFigure(
                title: "\(run.id) · embeddings",
                subtitle: "PCA of the \(V) × \(table.dimension) embedding table; labels: "
                    + (table.counts == nil ? "the first tokens (tokens.csv, with token counts, is missing)" : "most frequent tokens"),
                embedding: table.values, dimension: table.dimension, tokens: table.tokens,
                // Without counts, earlier ids stand in for more frequent tokens (merges are learned by frequency).
                frequencies: table.counts ?? (0 ..< V).map { V - $0 }, style: style)
            written.append(try write(figure.render(), run.directory.appendingPathComponent(Self.embeddings)))
        }

        if let samples = try? decodeJSON(SampleRecord.self, from: run.directory.appendingPathComponent(RunFile.samples)) {
            let mean = samples.tokens.isEmpty ? 0 : samples.tokens.map(\.probability).reduce(0, +) / Double(samples.tokens.count)
            let figure = SampleFigure(
                title: "\(run.id) · sample",
                subtitle: "prompt \"\(samples.prompt)\" · temperature \(samples.temperature) · \(samples.tokens.count) tokens · "
                    + String(format: "mean probability %.2f", mean),
                prompt: samples.prompt, tokens: samples.tokens.map { ($0.text, $0.probability) }, style: style)
            written.append(try write(figure.render(), run.directory.appendingPathComponent(Self.sample)))
        }
        return written
    }

    /// "vocab 256 · embedding 8 · context 10 · hidden 64 · lr 0.1 · batch 64 · seed 1"
    static func describe(_ c: RunConfig) -> String {
        let t = c.training, m = c.model
        return "vocab \(m.vocabularySize) · embedding \(m.embeddingDim) · context \(m.contextLength) · hidden \(m.hiddenSize) · "
            + "lr \(t.learningRate)\(t.schedule == .constant ? "" : " \(t.schedule.rawValue)") · batch \(t.batchSize) · seed \(t.seed)"
    }

    static func write(_ canvas: Canvas, _ url: URL) throws -> URL {
        try canvas.writePNGAndSVG(to: url)
        return url
    }
}
