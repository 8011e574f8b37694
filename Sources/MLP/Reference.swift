// The model's forward and backward pass written as plainly as possible, one example at a time
// in Double, straight from the equations in Docs/MODEL.md. It is slow and allocates freely: it is
// the oracle the fast Workspace path is tested against, and the one checked by finite
// differences. Nothing in training calls it.

import Foundation

/// Mean cross-entropy of `model` on (contexts[i], targets[i]) pairs and its gradient with
/// respect to every parameter, in `ParameterLayout` order.
func referenceLossAndGradients(model: Model, contexts: [[Int32]], targets: [Int32]) -> (loss: Double, gradients: [Double]) {
    let s = model.shape, L = ParameterLayout(s)
    let (V, E, C, H, K) = (s.vocabularySize, s.embeddingDim, s.contextLength, s.hiddenSize, s.inputSize)
    let p = model.parameters.map(Double.init)
    var g = [Double](repeating: 0, count: p.count)
    let B = Double(contexts.count)
    var loss = 0.0
    for (context, target) in zip(contexts, targets) {
        // x[K]: the context embeddings, oldest first
        var x = [Double](repeating: 0, count: K)
        for c in 0 ..< C {
            for e in 0 ..< E { x[c * E + e] = p[L.embedding.lowerBound + Int(context[c]) * E + e] }
        }
        // h[H] = tanh(W1 x + b1)
        var h = [Double](repeating: 0, count: H)
        for j in 0 ..< H {
            var z = p[L.hiddenBias.lowerBound + j]
            for k in 0 ..< K { z += p[L.hiddenWeight.lowerBound + j * K + k] * x[k] }
            h[j] = Foundation.tanh(z)
        }
        // logits[V] = W2 h + b2; probs = softmax(logits)
        var logits = [Double](repeating: 0, count: V)
        for v in 0 ..< V {
            var z = p[L.outputBias.lowerBound + v]
            for j in 0 ..< H { z += p[L.outputWeight.lowerBound + v * H + j] * h[j] }
            logits[v] = z
        }
        let maximum = logits.max()!
        let sum = logits.reduce(0) { $0 + Foundation.exp($1 - maximum) }
        loss += (maximum + Foundation.log(sum) - logits[Int(target)]) / B
        // dlogits = (probs - onehot) / B
        var dlogits = logits.map { Foundation.exp($0 - maximum) / sum / B }
        dlogits[Int(target)] -= 1 / B
        var dh = [Double](repeating: 0, count: H)
        for v in 0 ..< V {
            g[L.outputBias.lowerBound + v] += dlogits[v]
            for j in 0 ..< H {
                g[L.outputWeight.lowerBound + v * H + j] += dlogits[v] * h[j]
                dh[j] += dlogits[v] * p[L.outputWeight.lowerBound + v * H + j]
            }
        }
        for j in 0 ..< H {
            let dz = dh[j] * (1 - h[j] * h[j])
            g[L.hiddenBias.lowerBound + j] += dz
            for k in 0 ..< K {
                g[L.hiddenWeight.lowerBound + j * K + k] += dz * x[k]
                let c = k / E, e = k % E
                g[L.embedding.lowerBound + Int(context[c]) * E + e] += dz * p[L.hiddenWeight.lowerBound + j * K + k]
            }
        }
    }
    return (loss, g)
}
