// Training throughput of the kernels on synthetic data: what `tinylab bench` reports and what a
// run's examples_per_second means, and the speed of evaluation and sampling, which the time
// estimate of a sweep adds up. Leaves out tokenisation.

import Dispatch

/// Speed of training one configuration on one thread.
public struct TrainingSpeed: Sendable {
    public let shape: ModelShape
    public let batchSize: Int
    public let steps: Int
    public let seconds: Double

    public var examplesPerSecond: Double { Double(steps * batchSize) / seconds }
    public var millisecondsPerStep: Double { seconds * 1000 / Double(steps) }
    /// Using `ModelShape.trainingFLOPs`: 6 x B x (C*E*H + H*V) per step.
    public var gigaflopsPerSecond: Double { shape.trainingFLOPs(batchSize: batchSize) * Double(steps) / seconds / 1e9 }
}

/// Times `steps` SGD steps of a fresh model on random tokens, after a short warm-up.
public func measureTrainingSpeed(shape: ModelShape, batchSize: Int, steps: Int, seed: UInt64 = 1) throws -> TrainingSpeed {
    var rng = Xoshiro256(seed: seed)
    let document = (0 ..< 20_000).map { _ in Int32(rng.nextIndex(below: shape.vocabularySize)) }
    let (train, validation) = ValidationSplit().examples(of: [document], contextLength: shape.contextLength)
    var options = TrainingOptions()
    options.batchSize = batchSize
    options.steps = steps
    // Random tokens keep the loss near ln(V); make sure the rule never stops the benchmark.
    options.divergenceFactor = 1e9
    let trainer = try SGDTrainer(model: Model(shape: shape, seed: seed), train: train, validation: validation,
                              options: options)
    for _ in 0 ..< max(steps / 10, 5) { trainer.step() }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0 ..< steps { trainer.step() }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return TrainingSpeed(shape: shape, batchSize: batchSize, steps: steps, seconds: seconds)
}

/// Seconds per example of a forward-only loss over `examples` random examples, as periodic and
/// final evaluations run it (chunks of 256), after a warm-up pass.
public func measureEvaluationSpeed(shape: ModelShape, examples: Int, seed: UInt64 = 1) throws -> Double {
    var rng = Xoshiro256(seed: seed)
    let document = (0 ..< max(examples, 1)).map { _ in Int32(rng.nextIndex(below: shape.vocabularySize)) }
    let set = ExampleSet(documents: [document], contextLength: shape.contextLength)
    let evaluator = Evaluator(model: try Model(shape: shape, seed: seed))
    let indices = Array(0 ..< min(set.count, examples))
    _ = evaluator.loss(on: set, indices: Array(indices.prefix(256)))
    let start = DispatchTime.now().uptimeNanoseconds
    _ = evaluator.loss(on: set, indices: indices)
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(max(indices.count, 1))
}

/// Seconds per generated token of sampling `tokens` tokens one context at a time.
public func measureSamplingSpeed(shape: ModelShape, tokens: Int, seed: UInt64 = 1) throws -> Double {
    let sampler = Sampler(model: try Model(shape: shape, seed: seed))
    var context: [Int32] = [1]
    _ = try sampler.probabilities(after: context)
    let start = DispatchTime.now().uptimeNanoseconds
    for i in 0 ..< tokens {
        _ = try sampler.probabilities(after: context)
        context.append(Int32(1 + i % max(shape.vocabularySize - 1, 1)))
    }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(max(tokens, 1))
}
