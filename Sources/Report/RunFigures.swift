// The three figures of one run, drawn from its directory's files: loss.png (batch losses faint,
// smoothed, validation with markers), embeddings.png (PCA of the embedding table, labelled
// tokens) and sample.png (the generated sample, opacity = the model's probability).
// Leaves out: the sweep's figures (SweepFigures.swift) and the drawing itself (Plot).

import BPE
import Foundation
import MLP
import Plot
import Sweep

public enum RunFigures {
    public static let loss = "loss.png"
    public static let embeddings = "embeddings.png"
    public static let sample = "sample.png"

    /// Draws the figures a run's files allow (a run without samples gets no sample.png) and
    /// returns the files written.
    @discardableResult
    public static func draw(_ run: StoredRun, style: FigureStyle = FigureStyle()) throws -> [URL] {
        var written: [URL] = []
        let config = run.record.config
        let subtitle = describe(config)
        let loss = LossFigure(
            title: run.id, subtitle: subtitle,
            train: run.metrics.filter { $0.split == .batch }.map { (Double($0.step), $0.loss) },
            validation: run.metrics.filter { $0.split == .val }.map { (Double($0.step), $0.loss) },
            tokensPerStep: Double(config.batchSize), style: style)
        written.append(try write(loss.render(), run.directory.appendingPathComponent(Self.loss)))

        let modelURL = run.directory.appendingPathComponent(RunFile.model)
        if let saved = try? SavedRun(directory: run.directory) {
            let tokens = (0 ..< saved.model.shape.vocabularySize).map { saved.tokenizer.tokenText(Int32($0)) }
            let figure = EmbeddingFigure(
                title: "\(run.id) · embeddings",
                subtitle: "PCA of the \(saved.model.shape.vocabularySize) × \(saved.model.shape.embeddingDim) embedding table; labels: most frequent tokens",
                embedding: Array(saved.model.tensor(\.embedding)), dimension: saved.model.shape.embeddingDim,
                tokens: tokens, frequencies: tokenFrequencies(saved), style: style)
            written.append(try write(figure.render(), run.directory.appendingPathComponent(Self.embeddings)))
        } else if FileManager.default.fileExists(atPath: modelURL.path) {
            throw SweepError.io(path: modelURL.path, problem: "cannot be read with its tokenizer.json, so embeddings.png is not drawn")
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
        "vocab \(c.vocabSize) · embedding \(c.embeddingDim) · context \(c.contextLength) · hidden \(c.hiddenSize) · "
            + "lr \(c.learningRate)\(c.lrSchedule == .constant ? "" : " \(c.lrSchedule.rawValue)") · batch \(c.batchSize) · seed \(c.seed)"
    }

    /// How often each token occurs in the run's corpus, when the corpus is still where run.json
    /// says; otherwise merge order stands in (earlier merges were more frequent pairs).
    static func tokenFrequencies(_ saved: SavedRun) -> [Int] {
        let V = saved.model.shape.vocabularySize
        let config = saved.record.config
        if let corpus = try? Corpus.load(contentsOf: URL(fileURLWithPath: config.corpus), documents: config.documents),
           let documents = try? saved.tokenizer.encode(corpus) {
            var counts = [Int](repeating: 0, count: V)
            for document in documents { for id in document where Int(id) < V { counts[Int(id)] += 1 } }
            return counts
        }
        return (0 ..< V).map { V - $0 }
    }

    static func write(_ canvas: Canvas, _ url: URL) throws -> URL {
        try canvas.writePNG(to: url)
        return url
    }
}
