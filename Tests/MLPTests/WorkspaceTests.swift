import Testing
@testable import MLP

@Suite struct WorkspaceTests {
    /// Loss and gradients of the fast path for (contexts, targets).
    func fastLossAndGradients(_ model: Model, _ contexts: [[Int32]], _ targets: [Int32]) -> (Double, [Float]) {
        let (set, indices) = exampleSet(contexts, targets)
        let workspace = Workspace(shape: model.shape, capacity: contexts.count)
        workspace.load(set, indices)
        var gradients = [Float](repeating: 0, count: model.parameters.count)
        let loss = model.parameters.withUnsafeBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                let loss = workspace.forward(p.baseAddress!)
                workspace.backward(p.baseAddress!, g.baseAddress!)
                return loss / Double(contexts.count)
            }
        }
        return (loss, gradients)
    }

    @Test("the fast forward and backward pass equal the plain reference, padding included",
          arguments: [1, 8, 13])
    func fastMatchesReference(batch: Int) throws {
        // A shape with every tile remainder: V = 11 and H = 7 are not multiples of 6 or 16.
        let model = try Model(shape: tinyShape, seed: 42)
        let (contexts, targets) = randomBatch(count: batch, shape: tinyShape, seed: UInt64(batch))
        let (fastLoss, fastGradients) = fastLossAndGradients(model, contexts, targets)
        let reference = referenceLossAndGradients(model: model, contexts: contexts, targets: targets)
        #expect(abs(fastLoss - reference.loss) < 1e-5 * reference.loss)
        let L = ParameterLayout(tinyShape)
        for (name, _, range) in L.tensors(tinyShape) {
            expectClose(fastGradients[range], reference.gradients[range], rtol: 1e-3, atol: 1e-6, name)
        }
    }

    @Test("the reference gradient of every tensor equals central finite differences of the loss")
    func referenceMatchesFiniteDifferences() throws {
        // Larger weights than the initialisation, so that tanh is non-linear and the output layer
        // matters: a test that would pass with a wrong tanh derivative at small weights.
        var model = try Model(shape: tinyShape, seed: 9)
        var rng = Xoshiro256(seed: 10)
        for i in model.parameters.indices { model.parameters[i] += rng.nextFloat(bound: 0.5) }
        let (contexts, targets) = randomBatch(count: 5, shape: tinyShape, seed: 11)
        let analytic = referenceLossAndGradients(model: model, contexts: contexts, targets: targets).gradients
        // The reference computes in Double, so step through Double parameters: perturb one
        // float by h in both directions and take (L(+h) - L(-h)) / 2h. Float inputs limit h.
        let h: Float = 1e-2
        for (name, _, range) in ParameterLayout(tinyShape).tensors(tinyShape) {
            var numeric: [Double] = []
            for i in range {
                var plus = model, minus = model
                plus.parameters[i] += h
                minus.parameters[i] -= h
                let lp = referenceLossAndGradients(model: plus, contexts: contexts, targets: targets).loss
                let lm = referenceLossAndGradients(model: minus, contexts: contexts, targets: targets).loss
                let step = Double(plus.parameters[i]) - Double(minus.parameters[i])
                numeric.append((lp - lm) / step)
            }
            // Central differences err by O(h²) ≈ 1e-4 of the curvature scale.
            expectClose(numeric, analytic[range], rtol: 1e-2, atol: 2e-4, name)
        }
    }
}
