// The model's dimensions and where each parameter tensor lives in the one flat parameter buffer.
// Dimension letters follow the design notes: V vocabulary, E embedding, C context, H hidden,
// B batch. Leaves out: the values themselves (Model.swift) and activations (Workspace.swift).

/// The four numbers that fix the model's architecture.
public struct ModelShape: Sendable, Equatable, Hashable, Codable {
    /// V: number of tokens, including `<|endoftext|>`.
    public var vocabularySize: Int
    /// E: length of one token's embedding.
    public var embeddingDim: Int
    /// C: number of preceding tokens the model sees.
    public var contextLength: Int
    /// H: width of the tanh hidden layer.
    public var hiddenSize: Int

    public init(vocabularySize: Int, embeddingDim: Int, contextLength: Int, hiddenSize: Int) {
        self.vocabularySize = vocabularySize
        self.embeddingDim = embeddingDim
        self.contextLength = contextLength
        self.hiddenSize = hiddenSize
    }

    /// C*E: length of the concatenated context embeddings fed to the hidden layer.
    public var inputSize: Int { contextLength * embeddingDim }

    /// Total number of float parameters.
    public var parameterCount: Int { ParameterLayout(self).count }

    /// Floating-point operations of one training step on `batchSize` examples: forward 2 per
    /// multiply-add, backward twice the forward, counting only the two matrix products
    /// (6 x B x (C*E*H + H*V)); tanh, softmax and the embedding gather are left out.
    public func trainingFLOPs(batchSize: Int) -> Double {
        6 * Double(batchSize) * Double(inputSize * hiddenSize + hiddenSize * vocabularySize)
    }

    /// Throws when a dimension is not positive.
    public func validate() throws(MLPError) {
        for (name, value) in [("vocabulary size", vocabularySize), ("embedding dim", embeddingDim),
                              ("context length", contextLength), ("hidden size", hiddenSize)]
        where value < 1 {
            throw .invalidShape("\(name) must be at least 1, got \(value)")
        }
    }
}

/// Where each named tensor sits in the flat parameter (and gradient) buffer, in PyTorch's
/// `nn.Embedding` / `nn.Linear` layouts.
public struct ParameterLayout: Sendable, Equatable {
    public let embedding: Range<Int>     // embedding.weight [V, E]
    public let hiddenWeight: Range<Int>  // hidden.weight    [H, C*E]
    public let hiddenBias: Range<Int>    // hidden.bias      [H]
    public let outputWeight: Range<Int>  // output.weight    [V, H]
    public let outputBias: Range<Int>    // output.bias      [V]

    public init(_ s: ModelShape) {
        let (V, E, H, K) = (s.vocabularySize, s.embeddingDim, s.hiddenSize, s.inputSize)
        embedding = 0 ..< V * E
        hiddenWeight = embedding.upperBound ..< embedding.upperBound + H * K
        hiddenBias = hiddenWeight.upperBound ..< hiddenWeight.upperBound + H
        outputWeight = hiddenBias.upperBound ..< hiddenBias.upperBound + V * H
        outputBias = outputWeight.upperBound ..< outputWeight.upperBound + V
    }

    public var count: Int { outputBias.upperBound }

    /// The tensors in file order with their names and shapes.
    public func tensors(_ s: ModelShape) -> [(name: String, shape: [Int], range: Range<Int>)] {
        [
            ("embedding.weight", [s.vocabularySize, s.embeddingDim], embedding),
            ("hidden.weight", [s.hiddenSize, s.inputSize], hiddenWeight),
            ("hidden.bias", [s.hiddenSize], hiddenBias),
            ("output.weight", [s.vocabularySize, s.hiddenSize], outputWeight),
            ("output.bias", [s.vocabularySize], outputBias),
        ]
    }
}
