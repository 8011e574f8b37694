// The model's parameters: one flat Float buffer laid out by `ParameterLayout`, and the
// initialisation that makes a fresh model start at loss ≈ ln(V) and train well with plain SGD.
// Leaves out: the passes over it (Workspace.swift) and files (Safetensors.swift).

/// An MLP language model: shape plus parameters.
public struct Model: Sendable, Equatable {
    public let shape: ModelShape
    /// All parameters in `ParameterLayout` order.
    public var parameters: [Float]

    /// A model with the given parameters; throws if their count does not fit the shape.
    public init(shape: ModelShape, parameters: [Float]) throws(MLPError) {
        try shape.validate()
        guard parameters.count == shape.parameterCount else {
            throw .parameterCount(expected: shape.parameterCount, got: parameters.count)
        }
        self.shape = shape
        self.parameters = parameters
    }

    /// A freshly initialised model. Every draw is uniform from the run's own generator:
    /// - embedding.weight ~ U(-√3, √3): unit variance, like `nn.Embedding`'s N(0, 1);
    /// - hidden.weight ~ U(-a, a) with a = (5/3)·√(3 / (C·E)): standard deviation 5/3 / √fan_in,
    ///   the tanh gain of Glorot & Bengio (2010) as PyTorch's `calculate_gain('tanh')` gives it,
    ///   so pre-activations start with unit scale and tanh neither saturates nor stays linear;
    /// - output.weight ~ U(-a, a) with a = 0.01·√3 (standard deviation 0.01) and both biases 0,
    ///   so the first logits are all near 0 and the first loss is ln(V) to within about 0.01.
    public init(shape: ModelShape, seed: UInt64) throws(MLPError) {
        try shape.validate()
        self.shape = shape
        let L = ParameterLayout(shape)
        var rng = Xoshiro256(seed: seed, stream: .initialization)
        var p = [Float](repeating: 0, count: L.count)
        let hiddenBound = Float(5.0 / 3.0 * (3.0 / Double(shape.inputSize)).squareRoot())
        for i in L.embedding { p[i] = rng.nextFloat(bound: Float(3.0.squareRoot())) }
        for i in L.hiddenWeight { p[i] = rng.nextFloat(bound: hiddenBound) }
        for i in L.outputWeight { p[i] = rng.nextFloat(bound: Float(0.01 * 3.0.squareRoot())) }
        parameters = p
    }

    /// The values of one named tensor, row-major.
    public func tensor(_ range: KeyPath<ParameterLayout, Range<Int>>) -> ArraySlice<Float> {
        parameters[ParameterLayout(shape)[keyPath: range]]
    }
}
