// One forward and backward pass over a batch, in buffers allocated once and reused every step.
// Activations are feature-major ([features, ld], ld = batch rounded up to 8) so that softmax and
// tanh vectorise across examples and every product is in the broadcast form `matmul` wants.
// Leaves out: choosing the batch (SGDTrainer.swift) and the update (SGD in SGDTrainer.swift).

/// Activation and scratch buffers for batches of up to `capacity` examples.
final class Workspace {
    let shape: ModelShape
    /// Largest batch this workspace holds, a multiple of 8.
    let capacity: Int
    /// Padded batch of the current pass: n rounded up to 8.
    private(set) var ld = 0
    /// Real examples in the current pass.
    private(set) var n = 0

    let contexts: UnsafeMutablePointer<Int32>  // [capacity, C] token ids, oldest first
    let targets: UnsafeMutablePointer<Int32>   // [capacity]
    let xT: UnsafeMutablePointer<Float>        // [C*E, ld] concatenated context embeddings
    let x: UnsafeMutablePointer<Float>         // [ld, C*E] the same, example-major
    let hT: UnsafeMutablePointer<Float>        // [H, ld] hidden activations (after tanh)
    let h: UnsafeMutablePointer<Float>         // [ld, H] the same, example-major
    let logitsT: UnsafeMutablePointer<Float>   // [V, ld]
    let dlogitsT: UnsafeMutablePointer<Float>  // [V, ld] softmax, then d loss / d logits
    let dhT: UnsafeMutablePointer<Float>       // [H, ld] d loss / d pre-activation
    let dxT: UnsafeMutablePointer<Float>       // [C*E, ld]
    let spare: UnsafeMutablePointer<Float>     // [max(V, H, C*E)] absorbs partial matmul tiles
    private let allocations: [UnsafeMutablePointer<Float>]

    init(shape: ModelShape, capacity requested: Int) {
        self.shape = shape
        capacity = (max(requested, 1) + 7) / 8 * 8
        let (V, C, H, K) = (shape.vocabularySize, shape.contextLength, shape.hiddenSize, shape.inputSize)
        contexts = .allocate(capacity: capacity * C)
        targets = .allocate(capacity: capacity)
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
            p.initialize(repeating: 0, count: count)
            return p
        }
        xT = buffer(K * capacity); x = buffer(capacity * K)
        hT = buffer(H * capacity); h = buffer(capacity * H)
        logitsT = buffer(V * capacity); dlogitsT = buffer(V * capacity)
        dhT = buffer(H * capacity); dxT = buffer(K * capacity)
        spare = buffer(max(V, H, K, capacity))
        allocations = [xT, x, hT, h, logitsT, dlogitsT, dhT, dxT, spare]
    }

    deinit {
        contexts.deallocate()
        targets.deallocate()
        for p in allocations { p.deallocate() }
    }

    /// Copies the contexts and targets of `indices` from `examples`, and pads to a multiple of 8
    /// with all-`<|endoftext|>` examples that the loss ignores.
    func load<Indices: Collection<Int>>(_ examples: ExampleSet, _ indices: Indices) {
        precondition(indices.count <= capacity, "batch of \(indices.count) exceeds workspace capacity \(capacity)")
        let C = shape.contextLength
        n = indices.count
        ld = (n + 7) / 8 * 8
        for (b, i) in indices.enumerated() {
            examples.copyContext(of: i, into: contexts + b * C)
            targets[b] = examples.target(of: i)
        }
        (contexts + n * C).update(repeating: 0, count: (ld - n) * C)
        (targets + n).update(repeating: 0, count: ld - n)
    }

    /// Loads one context (oldest token first, exactly C tokens) as the only example, for the
    /// next-token logits; its target is unused.
    func load(context: [Int32]) {
        let C = shape.contextLength
        precondition(context.count == C, "context of \(context.count) tokens, the model takes \(C)")
        n = 1
        ld = 8
        for c in 0 ..< C { contexts[c] = context[c] }
        (contexts + C).update(repeating: 0, count: 7 * C)
        targets.update(repeating: 0, count: 8)
    }

    /// The logits of the loaded examples, in logitsT[V, ld]: everything of the forward pass but
    /// the loss.
    func forwardLogits(_ parameters: UnsafePointer<Float>) {
        let s = shape, L = ParameterLayout(shape)
        let (V, E, C, H, K) = (s.vocabularySize, s.embeddingDim, s.contextLength, s.hiddenSize, s.inputSize)
        embeddingForward(xT: xT, x: x, ld: ld, contexts: contexts,
                         embedding: parameters + L.embedding.lowerBound, n: ld, C: C, E: E)
        // hT[H, ld] = tanh(hidden.weight[H, K] · xT[K, ld] + hidden.bias)
        broadcastBias(hT, ld: ld, bias: parameters + L.hiddenBias.lowerBound, F: H)
        matmul(hT, ldo: ld, parameters + L.hiddenWeight.lowerBound, aRow: K, aCol: 1, xT, ldb: ld,
               M: H, N: ld, K: K, spare: spare)
        tanhForward(hT: hT, h: h, ld: ld, H: H)
        // logitsT[V, ld] = output.weight[V, H] · hT[H, ld] + output.bias
        broadcastBias(logitsT, ld: ld, bias: parameters + L.outputBias.lowerBound, F: V)
        matmul(logitsT, ldo: ld, parameters + L.outputWeight.lowerBound, aRow: H, aCol: 1, hT, ldb: ld,
               M: V, N: ld, K: H, spare: spare)
    }

    /// Runs the forward pass on the loaded batch; returns the summed loss of its real examples
    /// and leaves d loss / d logits (for the mean loss) in dlogitsT.
    func forward(_ parameters: UnsafePointer<Float>) -> Double {
        forwardLogits(parameters)
        return crossEntropyForwardBackward(dlogitsT: dlogitsT, logitsT: logitsT, ld: ld, targets: targets,
                                           n: n, V: shape.vocabularySize, scale: 1 / Float(n))
    }

    /// Examples per forward pass when evaluating; a workspace that evaluates holds at least this many.
    /// subtle: a fixed chunk keeps every example in the same column of the same pass whatever the
    /// batch size, so evaluations give the same bits (the matrix product's last columns take a
    /// different path).
    static let evaluationChunk = 256

    /// Mean loss over `indices` of `set`, in chunks of `evaluationChunk` examples; NaN for no
    /// examples. Changes nothing but the activations.
    func meanLoss(_ parameters: UnsafePointer<Float>, on set: ExampleSet, indices: [Int]) -> Double {
        precondition(capacity >= Workspace.evaluationChunk, "an evaluating workspace holds \(Workspace.evaluationChunk) examples, this one \(capacity)")
        guard !indices.isEmpty else { return .nan }
        var total = 0.0
        var start = 0
        while start < indices.count {
            let end = min(start + Workspace.evaluationChunk, indices.count)
            load(set, indices[start ..< end])
            total += forward(parameters)
            start = end
        }
        return total / Double(indices.count)
    }

    /// Adds the gradients of the mean loss of the last forward pass into `gradients`.
    func backward(_ parameters: UnsafePointer<Float>, _ gradients: UnsafeMutablePointer<Float>) {
        let s = shape, L = ParameterLayout(shape)
        let (V, E, C, H, K) = (s.vocabularySize, s.embeddingDim, s.contextLength, s.hiddenSize, s.inputSize)
        // output layer: doutput.weight[V, H] += dlogitsT[V, ld] · h[ld, H]
        biasBackward(gradients + L.outputBias.lowerBound, dout: dlogitsT, ld: ld, F: V)
        matmul(gradients + L.outputWeight.lowerBound, ldo: H, dlogitsT, aRow: ld, aCol: 1, h, ldb: H,
               M: V, N: H, K: ld, spare: spare)
        // dhT[H, ld] = output.weightᵀ[H, V] · dlogitsT[V, ld], then through tanh
        dhT.update(repeating: 0, count: H * ld)
        matmul(dhT, ldo: ld, parameters + L.outputWeight.lowerBound, aRow: 1, aCol: H, dlogitsT, ldb: ld,
               M: H, N: ld, K: V, spare: spare)
        tanhBackward(dhT: dhT, hT: hT, count: H * ld)
        // hidden layer: dhidden.weight[H, K] += dhT[H, ld] · x[ld, K]
        biasBackward(gradients + L.hiddenBias.lowerBound, dout: dhT, ld: ld, F: H)
        matmul(gradients + L.hiddenWeight.lowerBound, ldo: K, dhT, aRow: ld, aCol: 1, x, ldb: K,
               M: H, N: K, K: ld, spare: spare)
        // dxT[K, ld] = hidden.weightᵀ[K, H] · dhT[H, ld], then back to the embedding rows
        dxT.update(repeating: 0, count: K * ld)
        matmul(dxT, ldo: ld, parameters + L.hiddenWeight.lowerBound, aRow: 1, aCol: K, dhT, ldb: ld,
               M: K, N: ld, K: H, spare: spare)
        embeddingBackward(dembedding: gradients + L.embedding.lowerBound, dxT: dxT, ld: ld,
                          contexts: contexts, n: n, C: C, E: E)
    }
}
