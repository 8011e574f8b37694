import Testing
@testable import MLP

@Suite struct ShapesTests {
    @Test("the default model has 23,872 parameters laid out in PyTorch order")
    func defaultCount() {
        // V=256, E=8, C=10, H=64: 256*8 + 64*80 + 64 + 256*64 + 256 = 2048 + 5120 + 64 + 16384 + 256.
        let shape = ModelShape(vocabularySize: 256, embeddingDim: 8, contextLength: 10, hiddenSize: 64)
        #expect(shape.parameterCount == 23_872)
        let L = ParameterLayout(shape)
        #expect(L.hiddenWeight == 2048 ..< 7168)
        #expect(L.outputBias == 23_616 ..< 23_872)
        #expect(L.tensors(shape).map(\.name) == ["embedding.weight", "hidden.weight", "hidden.bias",
                                                  "output.weight", "output.bias"])
    }

    @Test("training FLOPs are 6 x B x (C*E*H + H*V)")
    func flops() {
        let shape = ModelShape(vocabularySize: 256, embeddingDim: 8, contextLength: 10, hiddenSize: 64)
        // 6 * 64 * (80 * 64 + 64 * 256) = 384 * 21504 = 8,257,536
        #expect(shape.trainingFLOPs(batchSize: 64) == 8_257_536)
    }

    @Test("a zero dimension is rejected by name")
    func invalid() {
        let shape = ModelShape(vocabularySize: 10, embeddingDim: 0, contextLength: 3, hiddenSize: 4)
        #expect(throws: MLPError.invalidOption(OptionProblem(key: "embedding_dim", message: "must be a positive integer, got 0"))) {
            try shape.validate()
        }
    }
}
