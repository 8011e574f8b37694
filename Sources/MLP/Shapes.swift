// The model's dimensions and where each parameter tensor lives in the one flat parameter buffer.
// Dimension letters follow the design notes: V vocabulary, E embedding, C context, H hidden,
// B batch. Leaves out: the values themselves (Model.swift) and activations (Workspace.swift).

/// The four numbers that fix the model's architecture. The defaults are the model TinyLab
/// trains unless told otherwise: about 24,000 parameters.
public struct ModelShape: Sendable, Equatable, Hashable, Codable, RuleChecked {
    /// V: number of tokens, including `<|endoftext|>` (typically 64-4096).
    public var vocabularySize = 256
    /// E: length of one token's embedding (typically 2-64).
    public var embeddingDim = 8
    /// C: number of preceding tokens the model sees (typically 1-32).
    public var contextLength = 10
    /// H: width of the tanh hidden layer (typically 16-1024).
    public var hiddenSize = 64

    /// The default shape.
    public init() {}

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

    /// Every dimension is a positive integer.
    public static let rules: [OptionRule<ModelShape>] = [
        OptionRule("vocab_size", .positiveInteger) { Double($0.vocabularySize) },
        OptionRule("embedding_dim", .positiveInteger) { Double($0.embeddingDim) },
        OptionRule("context_length", .positiveInteger) { Double($0.contextLength) },
        OptionRule("hidden_size", .positiveInteger) { Double($0.hiddenSize) },
    ]
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
