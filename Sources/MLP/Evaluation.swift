// Forward passes only: a model's mean loss over examples and its next-token logits after a
// context. Evaluation (`tinylab eval`), sampling and the trainer's periodic losses all go
// through the same workspace code, so there is one forward pass, not a training step in disguise.
// Leaves out: gradients and updates (SGDTrainer.swift).

/// Runs a fixed model forward.
public final class Evaluator {
    public let model: Model
    private let workspace: Workspace

    public convenience init(model: Model) {
        self.init(model: model, capacity: Workspace.evaluationChunk)
    }

    /// `capacity` examples go through the model at a time: a chunk for losses over many
    /// examples, a few for sampling one context at a time.
    init(model: Model, capacity: Int) {
        self.model = model
        workspace = Workspace(shape: model.shape, capacity: capacity)
    }

    /// Mean loss per example (nats per token) over `indices` of `set`, all of it when nil; NaN
    /// for no examples.
    public func loss(on set: ExampleSet, indices: [Int]? = nil) -> Double {
        model.parameters.withUnsafeBufferPointer { p in
            workspace.meanLoss(p.baseAddress!, on: set, indices: indices ?? Array(0 ..< set.count))
        }
    }

    /// The V logits of the token after `context`, which is padded on the left with
    /// <|endoftext|> or cut to its last C tokens, as training saw contexts.
    public func logits(after context: [Int32]) throws(MLPError) -> [Float] {
        let V = model.shape.vocabularySize, C = model.shape.contextLength
        if let bad = context.first(where: { $0 < 0 || Int($0) >= V }) {
            throw .unknownToken(id: bad, vocabularySize: V)
        }
        workspace.load(context: Array(repeating: 0, count: max(0, C - context.count)) + context.suffix(C))
        model.parameters.withUnsafeBufferPointer { workspace.forwardLogits($0.baseAddress!) }
        // logitsT is [V, ld]: the only example is column 0.
        return (0 ..< V).map { workspace.logitsT[$0 * workspace.ld] }
    }
}
