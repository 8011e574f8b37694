import Foundation
import Testing
@testable import MLP

/// Character-level ids for a text: 0 stays <|endoftext|>, characters get 1, 2, ... by first use.
func characterIDs(_ text: String) -> (ids: [Int32], alphabet: [Character]) {
    var alphabet: [Character] = []
    let ids = text.map { ch -> Int32 in
        if let i = alphabet.firstIndex(of: ch) { return Int32(i + 1) }
        alphabet.append(ch)
        return Int32(alphabet.count)
    }
    return (ids, alphabet)
}

@Suite struct TrainerTests {
    static let rhyme = """
        The cat sat on the warm mat by the door, and the dog lay down on the cold stone floor. \
        One sang a song of fish and cream; one dreamt a long and muddy dream. Then both woke up.
        """

    func trainer(_ ids: [Int32], V: Int, options: TrainingOptions, seed: UInt64 = 1) throws -> SGDTrainer {
        let shape = ModelShape(vocabularySize: V, embeddingDim: 8, contextLength: 10, hiddenSize: 64)
        let set = ExampleSet(documents: [ids], contextLength: 10)
        return try SGDTrainer(model: Model(shape: shape, seed: seed), train: set, validation: set, options: options)
    }

    @Test("the model memorises a 200-character text and greedy sampling replays it")
    func memorises() throws {
        let (ids, alphabet) = characterIDs(Self.rhyme)
        var options = TrainingOptions()
        options.learningRate = 0.5
        options.steps = 300  // about twice what this needs (measured: 150)
        let t = try trainer(ids, V: alphabet.count + 1, options: options)
        for _ in 0 ..< options.steps { t.step() }
        let loss = t.loss(on: t.train)
        #expect(loss < 0.05, "training loss \(loss) after \(options.steps) steps")
        // From its first 10 characters, greedy decoding reproduces the other 190 and stops.
        var rng = Xoshiro256(seed: 1)
        let sampled = try Sampler(model: t.model).generate(
            prompt: Array(ids.prefix(10)), options: SamplingOptions(temperature: 0, maxTokens: 400), using: &rng)
        let text = String(sampled.map { alphabet[Int($0.id) - 1] })
        #expect(text == String(Self.rhyme.dropFirst(10)))
    }

    @Test("the same seed gives bit-identical parameters and losses")
    func deterministic() throws {
        let (ids, alphabet) = characterIDs(Self.rhyme)
        var options = TrainingOptions()
        options.steps = 30
        let a = try trainer(ids, V: alphabet.count + 1, options: options)
        let b = try trainer(ids, V: alphabet.count + 1, options: options)
        let lossesA = (0 ..< 30).map { _ in a.step() }
        let lossesB = (0 ..< 30).map { _ in b.step() }
        #expect(lossesA == lossesB)
        #expect(a.state == b.state)
    }

    @Test("a run stopped and resumed from its state equals one never stopped")
    func resumeIsExact() throws {
        let (ids, alphabet) = characterIDs(Self.rhyme)
        var options = TrainingOptions()
        options.steps = 40
        options.schedule = .cosine
        let whole = try trainer(ids, V: alphabet.count + 1, options: options)
        for _ in 0 ..< 40 { whole.step() }
        let first = try trainer(ids, V: alphabet.count + 1, options: options)
        for _ in 0 ..< 17 { first.step() }
        let saved = first.state
        let shape = first.shape
        let second = try SGDTrainer(model: Model(shape: shape, seed: 99), train: first.train,
                                 validation: first.validation, options: options, resuming: saved)
        for _ in 17 ..< 40 { second.step() }
        #expect(second.state == whole.state)
    }

    @Test("a far too high learning rate is caught as divergence although the loss stays finite")
    func divergence() throws {
        let (ids, alphabet) = characterIDs(Self.rhyme)
        var options = TrainingOptions()
        options.learningRate = 5000
        let t = try trainer(ids, V: alphabet.count + 1, options: options)
        var steps = 0
        while !t.hasDiverged && steps < 200 {
            t.step()
            steps += 1
        }
        #expect(t.hasDiverged, "not diverged after \(steps) steps, smoothed loss \(t.smoothedLoss)")
        #expect(t.smoothedLoss.isFinite)
        // A sensible rate on the same data does not trip the rule.
        options.learningRate = 0.1
        let calm = try trainer(ids, V: alphabet.count + 1, options: options)
        for _ in 0 ..< 50 { calm.step() }
        #expect(!calm.hasDiverged)
    }

    @Test("learning-rate schedules start at the rate and end at the floor",
          arguments: zip(LearningRateSchedule.allCases, [0.1, 0.01, 0.01]))
    func schedules(schedule: LearningRateSchedule, last: Double) {
        var options = TrainingOptions()
        options.schedule = schedule
        options.steps = 101
        #expect(options.learningRate(atStep: 0) == 0.1)
        #expect(abs(options.learningRate(atStep: 100) - last) < 1e-12)
        switch schedule {
        case .constant: #expect(options.learningRate(atStep: 50) == 0.1)
        // Halfway (step 50 of 0...100) cosine is at the midpoint (0.1 + 0.01) / 2.
        case .cosine: #expect(abs(options.learningRate(atStep: 50) - 0.055) < 1e-12)
        // step keeps the rate for steps below 101 * 3 / 4 = 75.
        case .step: #expect(options.learningRate(atStep: 74) == 0.1 && options.learningRate(atStep: 75) == 0.01)
        }
    }

    @Test("bad options are rejected with the key and the value", arguments: ["batch_size", "steps", "eval_every"])
    func badOptions(name: String) {
        var options = TrainingOptions()
        switch name {
        case "batch_size": options.batchSize = 0
        case "steps": options.steps = 0
        default: options.evalEvery = 0
        }
        #expect(throws: MLPError.invalidOption(OptionProblem(key: name, message: "must be a positive integer, got 0"))) {
            try options.validate()
        }
        #expect(options.problems() == [OptionProblem(key: name, message: "must be a positive integer, got 0")])
    }

    @Test("runs that differ only in seed evaluate on the same example indices, drawn from no training stream")
    func sameEvaluationSubsets() throws {
        let (ids, alphabet) = characterIDs(String(repeating: Self.rhyme, count: 3))
        var options = TrainingOptions()
        options.evalExamples = 50  // fewer than the ~570 examples, so the subsets are true subsets
        let a = try trainer(ids, V: alphabet.count + 1, options: options, seed: 1)
        options.seed = 2
        let b = try trainer(ids, V: alphabet.count + 1, options: options, seed: 2)
        #expect(a.evalValidationSubset.count == 50 && a.evalTrainSubset.count == 50)
        #expect(a.evalValidationSubset == b.evalValidationSubset && a.evalTrainSubset == b.evalTrainSubset)
        #expect(a.evalValidationSubset != Array(0 ..< 50))
        // Drawing them leaves the batch stream where the run's seed put it.
        #expect(b.state.rng == Xoshiro256(seed: 2, stream: .batches))
    }
}
