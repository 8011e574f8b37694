import Foundation
import Testing
@testable import MLP

@Suite struct ModelTests {
    // Logits start with a spread of about 0.25 (see Model.init), which adds about 0.25² / 2 ≈ 0.03
    // to ln(V); uniform logits would give ln(V) exactly.
    @Test("a fresh model's loss on random tokens is within 0.06 of ln(V)", arguments: [16, 256])
    func initialLoss(V: Int) throws {
        let shape = ModelShape(vocabularySize: V, embeddingDim: 8, contextLength: 10, hiddenSize: 64)
        let model = try Model(shape: shape, seed: 1)
        let (contexts, targets) = randomBatch(count: 256, shape: shape, seed: 2)
        let (set, indices) = exampleSet(contexts, targets)
        let trainer = try SGDTrainer(model: model, train: set, validation: set, options: TrainingOptions())
        #expect(abs(trainer.loss(on: set, indices: indices) - Foundation.log(Double(V))) < 0.06)
    }

    @Test("the same seed gives the same parameters; another seed does not")
    func seeded() throws {
        let a = try Model(shape: tinyShape, seed: 3), b = try Model(shape: tinyShape, seed: 3)
        #expect(a.parameters == b.parameters)
        #expect(try Model(shape: tinyShape, seed: 4).parameters != a.parameters)
        // Biases start at zero; weights are not all zero.
        #expect(a.tensor(\.hiddenBias).allSatisfy { $0 == 0 })
        #expect(a.tensor(\.outputWeight).contains { $0 != 0 })
    }

    @Test("a parameter buffer of the wrong size is rejected with both counts")
    func wrongCount() {
        #expect(throws: MLPError.parameterCount(expected: tinyShape.parameterCount, got: 3)) {
            try Model(shape: tinyShape, parameters: [1, 2, 3])
        }
    }
}
