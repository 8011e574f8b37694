// Mini-batch SGD on a model: batches drawn uniformly with replacement by the run's own
// generator, a learning-rate schedule, periodic evaluation, and the divergence rule. The whole
// state needed to continue bit for bit is `TrainerState`, so a run can stop and resume anywhere.
// Leaves out: files and progress display (the Sweep module and the command line).

import Foundation

/// How the learning rate moves over a run.
public enum LearningRateSchedule: String, Codable, CaseIterable, Sendable {
    /// learning_rate throughout.
    case constant
    /// Half a cosine from learning_rate down to min_learning_rate at the last step
    /// (Loshchilov & Hutter, 2017, without restarts).
    case cosine
    /// learning_rate for the first 3/4 of the steps, then min_learning_rate.
    case step
}

/// Everything about training except the model's shape. Each default is the one TinyLab uses
/// unless told otherwise.
public struct TrainingOptions: Sendable, Hashable, RuleChecked {
    /// SGD step size (0.01-1 suits this model).
    public var learningRate = 0.1
    public var schedule = LearningRateSchedule.constant
    /// End rate of `cosine` and `step`; nil means learning_rate / 10.
    public var minLearningRate: Double?
    /// Examples per SGD step.
    public var batchSize = 64
    /// SGD steps.
    public var steps = 5000
    /// Seeds initialisation, batches and sampling.
    public var seed: UInt64 = 1
    /// Evaluate every this many steps (and at step 0 and the last step).
    public var evalEvery = 250
    /// At most this many examples per split in a periodic evaluation (a fixed seeded subset).
    public var evalExamples = 4096
    /// Diverged when the smoothed training loss exceeds this times ln(V).
    public var divergenceFactor = 3.0
    /// Stop after this many periodic evaluations in a row without a new best validation loss;
    /// nil never stops early.
    public var patience: Int?

    public init() {}

    /// Whether the periodic validation losses so far, in order, have gone `patience` evaluations
    /// without beating the best before them (a tie is no improvement).
    public func isOutOfPatience(validationLosses losses: [Double]) -> Bool {
        guard let patience, let best = losses.indices.min(by: { losses[$0] < losses[$1] }) else { return false }
        return losses.count - 1 - best >= patience
    }

    public static let rules: [OptionRule<TrainingOptions>] = [
        OptionRule("learning_rate", .positive) { $0.learningRate },
        OptionRule("min_learning_rate", .nonNegative) { $0.minLearningRate },
        OptionRule("batch_size", .positiveInteger) { Double($0.batchSize) },
        OptionRule("steps", .positiveInteger) { Double($0.steps) },
        OptionRule("eval_every", .positiveInteger) { Double($0.evalEvery) },
        OptionRule("eval_examples", .positiveInteger) { Double($0.evalExamples) },
        OptionRule("divergence_factor", .greaterThan(1)) { $0.divergenceFactor },
        OptionRule("patience", .positiveInteger) { $0.patience.map(Double.init) },
    ]

    /// The learning rate used by update number `step` (0-based).
    public func learningRate(atStep step: Int) -> Double {
        let floor = minLearningRate ?? learningRate / 10
        switch schedule {
        case .constant:
            return learningRate
        case .cosine:
            let progress = Double(step) / Double(max(steps - 1, 1))
            return floor + 0.5 * (learningRate - floor) * (1 + cos(Double.pi * progress))
        case .step:
            return step < steps * 3 / 4 ? learningRate : floor
        }
    }
}

/// What a trainer needs to continue exactly where it stopped.
public struct TrainerState: Sendable, Equatable {
    public var parameters: [Float]
    /// Updates done so far.
    public var step: Int
    /// The batch generator's state.
    public var rng: Xoshiro256
    /// Running EMA of batch losses (before bias correction), for the divergence rule.
    public var smoothedLoss: Double

    public init(parameters: [Float], step: Int, rng: Xoshiro256, smoothedLoss: Double) {
        self.parameters = parameters
        self.step = step
        self.rng = rng
        self.smoothedLoss = smoothedLoss
    }
}

/// Trains one model with mini-batch SGD.
public final class SGDTrainer {
    public let shape: ModelShape
    public let options: TrainingOptions
    public let train: ExampleSet
    public let validation: ExampleSet
    public private(set) var state: TrainerState
    /// Fixed subsets (example indices) used by periodic evaluations.
    public let evalTrainSubset: [Int]
    public let evalValidationSubset: [Int]

    private var gradients: [Float]
    private let workspace: Workspace
    /// Example indices of the current batch, reused every step.
    private var batch: [Int]
    /// Seed of the periodic evaluation subsets. A constant, not the run's seed: every run whose
    /// splits are the same (same corpus, tokenizer and split) is evaluated on the same examples,
    /// so periodic losses of runs with different seeds compare, and no training stream is touched.
    public static let evaluationSeed: UInt64 = 0x6576_616C  // "eval"
    /// EMA factor of the smoothed training loss used by the divergence rule.
    public static let smoothing = 0.9

    /// A trainer for `model`, starting at step 0 or continuing `resuming`.
    public init(model: Model, train: ExampleSet, validation: ExampleSet, options: TrainingOptions,
                resuming: TrainerState? = nil) throws(MLPError) {
        try options.validate()
        guard train.count >= 1 else { throw .notEnoughExamples(split: "training", count: train.count, needed: 1) }
        guard validation.count >= 1 else {
            throw .notEnoughExamples(split: "validation", count: validation.count, needed: 1)
        }
        if let r = resuming, r.parameters.count != model.parameters.count {
            throw .parameterCount(expected: model.parameters.count, got: r.parameters.count)
        }
        shape = model.shape
        self.options = options
        self.train = train
        self.validation = validation
        state = resuming ?? TrainerState(parameters: model.parameters, step: 0,
                                         rng: Xoshiro256(seed: options.seed, stream: .batches), smoothedLoss: 0)
        var subsetRNG = Xoshiro256(seed: SGDTrainer.evaluationSeed)
        evalValidationSubset = SGDTrainer.subset(of: validation.count, size: options.evalExamples, &subsetRNG)
        evalTrainSubset = SGDTrainer.subset(of: train.count, size: evalValidationSubset.count, &subsetRNG)
        gradients = [Float](repeating: 0, count: model.parameters.count)
        batch = [Int](repeating: 0, count: options.batchSize)
        workspace = Workspace(shape: shape, capacity: max(options.batchSize, Workspace.evaluationChunk))
    }

    /// The model as trained so far.
    public var model: Model {
        // The shape and count were checked in init, so this cannot fail.
        try! Model(shape: shape, parameters: state.parameters)
    }

    /// Bias-corrected smoothed training loss (Kingma & Ba, 2015, section 3).
    public var smoothedLoss: Double {
        state.step == 0 ? .nan : state.smoothedLoss / (1 - pow(SGDTrainer.smoothing, Double(state.step)))
    }

    /// One SGD update on a fresh batch; returns the batch's mean loss before the update.
    @discardableResult
    public func step() -> Double {
        let B = options.batchSize
        for b in 0 ..< B { batch[b] = state.rng.nextIndex(below: train.count) }
        workspace.load(train, batch)
        let lr = Float(options.learningRate(atStep: state.step))
        let loss = state.parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                let params = p.baseAddress!, grads = g.baseAddress!
                let loss = workspace.forward(params) / Double(B)
                zeroGrad(grads, count: g.count)
                workspace.backward(params, grads)
                sgdUpdate(params, grads, count: p.count, learningRate: lr)
                return loss
            }
        }
        state.smoothedLoss = SGDTrainer.smoothing * state.smoothedLoss + (1 - SGDTrainer.smoothing) * loss
        state.step += 1
        return loss
    }

    /// True when the last steps met the divergence rule: a non-finite loss, or a smoothed
    /// training loss above divergence_factor x ln(V).
    public var hasDiverged: Bool {
        let s = smoothedLoss
        return state.step > 0 && (!s.isFinite || s > options.divergenceFactor * log(Double(shape.vocabularySize)))
    }

    /// Mean loss over `indices` of `set` (all of it when nil), without changing the model.
    public func loss(on set: ExampleSet, indices: [Int]? = nil) -> Double {
        state.parameters.withUnsafeBufferPointer { p in
            workspace.meanLoss(p.baseAddress!, on: set, indices: indices ?? Array(0 ..< set.count))
        }
    }

    /// Losses on the fixed evaluation subsets of both splits.
    public func evaluate() -> (train: Double, validation: Double) {
        (loss(on: train, indices: evalTrainSubset), loss(on: validation, indices: evalValidationSubset))
    }

    /// `size` distinct indices below `count` in increasing order (all of them when size >= count).
    private static func subset(of count: Int, size: Int, _ rng: inout Xoshiro256) -> [Int] {
        guard size < count else { return Array(0 ..< count) }
        // Partial Fisher-Yates: the first `size` slots end up a uniform sample.
        var pool = Array(0 ..< count)
        for i in 0 ..< size { pool.swapAt(i, i + rng.nextIndex(below: count - i)) }
        return pool[..<size].sorted()
    }
}

// MARK: - Update

/// grads[count] = 0. Backward passes add into gradients, so each step starts here.
func zeroGrad(_ grads: UnsafeMutablePointer<Float>, count: Int) {
    grads.update(repeating: 0, count: count)
}

/// params[count] -= learningRate * grads: plain SGD, no momentum or weight decay.
func sgdUpdate(_ params: UnsafeMutablePointer<Float>, _ grads: UnsafePointer<Float>, count: Int,
               learningRate: Float) {
    for i in 0 ..< count { params[i] -= learningRate * grads[i] }
}
