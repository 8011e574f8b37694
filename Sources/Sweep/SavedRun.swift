// A finished run directory read back: its record, model and tokenizer, and the evaluation of
// new text under it. This is what `tinylab eval` and `tinylab generate` stand on.
// Leaves out: writing (TrainingRun.swift).

import BPE
import Files
import Foundation
import MLP

/// Which examples of a text to score.
public enum EvaluationSplit: String, CaseIterable, Codable, Sendable {
    /// Every example of the text.
    case all
    /// The examples a run with the same validation_fraction would train on.
    case train
    /// The examples it would hold out; on the run's own corpus this reproduces its val_loss.
    case validation
}

/// A run directory loaded from disk.
public struct SavedRun: Sendable {
    public let directory: URL
    public let record: RunRecord
    public let model: Model
    public let tokenizer: Tokenizer

    /// Loads run.json, model.safetensors and tokenizer.json from `directory`, and checks that
    /// the model's parameters are all finite (a model that diverged to NaN can generate nothing).
    public init(directory: URL) throws {
        self.directory = directory
        switch fileKind(directory.path) {
        case .directory: break
        case .missing: throw SweepError.wrongPath(path: directory.path, problem: "does not exist; give a run directory (written by `tinylab train` or `tinylab run`)")
        case .regular, .other:
            throw SweepError.wrongPath(path: directory.path, problem: "is a file; a run directory (with run.json, model.safetensors and tokenizer.json) was expected"
                                + (directory.lastPathComponent == RunFile.record ? ", so give its folder: \(directory.deletingLastPathComponent().path)" : ""))
        }
        for file in [RunFile.record, RunFile.model, RunFile.tokenizer]
        where fileKind(directory.appendingPathComponent(file).path) == .missing {
            throw SweepError.notARunDirectory(path: directory.path, missing: file)
        }
        record = try decodeJSON(RunRecord.self, from: directory.appendingPathComponent(RunFile.record))
        model = try Self.readModel(directory.appendingPathComponent(RunFile.model))
        tokenizer = try Tokenizer.load(from: directory.appendingPathComponent(RunFile.tokenizer))
        guard tokenizer.vocabularySize == model.shape.vocabularySize else {
            throw SweepError.io(path: directory.path, problem: "tokenizer.json has \(tokenizer.vocabularySize) tokens "
                                + "but model.safetensors has \(model.shape.vocabularySize): the files come from different runs")
        }
        for tensor in model.namedTensors {
            if let i = tensor.values.firstIndex(where: { !$0.isFinite }) {
                let bad = tensor.values.count { !$0.isFinite }
                throw SweepError.io(path: directory.appendingPathComponent(RunFile.model).path,
                                    problem: "holds non-finite parameters: \(tensor.name) has \(bad) (the first, \(tensor.values[i]), at flat index \(i));"
                                        + " the run diverged, so its model cannot be evaluated or sampled")
            }
        }
    }

    /// The model in a model.safetensors file.
    static func readModel(_ url: URL) throws -> Model {
        let data = Data(try readFile(at: url, limit: FileLimit.data))
        return try Model(tensors: Safetensors.decode(data, path: url.path).tensors, path: url.path)
    }

    /// Mean loss per token of the model on `corpus` (documents as the corpus says), over the
    /// chosen split (made as the run made its own), and the number of examples scored.
    public func evaluate(_ corpus: Corpus, split: EvaluationSplit) throws -> (loss: Double, examples: Int) {
        let documents = try tokenizer.encode(corpus)
        let C = model.shape.contextLength
        let set: ExampleSet = switch split {
        case .all: ExampleSet(documents: documents, contextLength: C)
        case .train: record.config.validation.examples(of: documents, contextLength: C).train
        case .validation: record.config.validation.examples(of: documents, contextLength: C).validation
        }
        guard set.count > 0 else {
            throw SweepError.io(path: corpus.source, problem: "has no examples in the \(split.rawValue) split")
        }
        return (Evaluator(model: model).loss(on: set), set.count)
    }
}
