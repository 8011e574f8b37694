// Each kernel in Kernels.swift held to its plain `...Naive` twin on small random inputs of awkward
// sizes (n not a multiple of 8, padding columns, V = 1, repeated tokens), and the vector exp and
// tanh held to Foundation's. Leaves out the whole training step, which WorkspaceTests holds to the
// Double reference pass.

import Foundation
import Testing
@testable import MLP

/// `count` floats uniform in [-bound, bound).
private func randomFloats(_ count: Int, bound: Float, _ rng: inout Xoshiro256) -> [Float] {
    (0 ..< count).map { _ in rng.nextFloat(bound: bound) }
}

/// `count` token ids uniform in 0 ..< V.
private func randomTokens(_ count: Int, below V: Int, _ rng: inout Xoshiro256) -> [Int32] {
    (0 ..< count).map { _ in Int32(rng.nextIndex(below: V)) }
}

/// f applied to xs eight lanes at a time, each lane a different x; the last vector is padded with zeros.
private func eachLane(_ xs: [Float], _ f: (Vec) -> Vec) -> [Float] {
    stride(from: 0, to: xs.count, by: 8).flatMap { start in
        var v = Vec()
        for lane in 0 ..< min(8, xs.count - start) { v[lane] = xs[start + lane] }
        let out = f(v)
        return (0 ..< min(8, xs.count - start)).map { out[$0] }
    }
}

/// `from` up to but not including `to` in steps of `step`.
private func sweep(_ from: Float, _ to: Float, step: Float) -> [Float] {
    Array(stride(from: from, to: to, by: step))
}

@Suite struct KernelsTests {
    // MARK: - Matrix product

    @Test("the tiled matmul equals the naive one for every tile remainder and stride",
          arguments: [(1, 1, 1), (6, 16, 3), (7, 17, 5), (13, 40, 9), (5, 33, 1), (12, 64, 80)])
    func matmulMatchesNaive(M: Int, N: Int, K: Int) {
        var rng = Xoshiro256(seed: UInt64(M * 1000 + N * 10 + K))
        for transposedA in [false, true] {
            let a = (0 ..< M * K).map { _ in rng.nextFloat(bound: 1) }
            let b = (0 ..< K * N).map { _ in rng.nextFloat(bound: 1) }
            let start = (0 ..< M * N).map { _ in rng.nextFloat(bound: 1) }
            var fast = start, naive = start
            var spare = [Float](repeating: 0, count: N)
            let (aRow, aCol) = transposedA ? (1, M) : (K, 1)
            fast.withUnsafeMutableBufferPointer { o in
                matmul(o.baseAddress!, ldo: N, a, aRow: aRow, aCol: aCol, b, ldb: N, M: M, N: N, K: K,
                       spare: spare.withUnsafeMutableBufferPointer { $0.baseAddress! })
            }
            naive.withUnsafeMutableBufferPointer { o in
                matmulNaive(o.baseAddress!, ldo: N, a, aRow: aRow, aCol: aCol, b, ldb: N, M: M, N: N, K: K)
            }
            // Same products, different summation order (fused multiply-adds): a few ulps apart.
            expectClose(fast, naive, rtol: 1e-5, atol: 1e-5, "matmul \(M)x\(N)x\(K) transposedA=\(transposedA)")
        }
    }

    // MARK: - Elementwise functions

    @Test("vector exp is within 2 ulps of Foundation's exp from the lower clamp at -87.3 to 88.37")
    func expMatchesFoundation() {
        // Every lane a different x: a sweep, then the points where something changes. ±ln2/2 is
        // where the reduction x = n ln2 + r moves to the next n.
        let halfLn2 = Float(M_LN2 / 2)
        let xs = sweep(-87.3, 88.37, step: 0.0137) + [
            -87.3, (-87.3 as Float).nextUp, -20, -1, -0.625, -1e-3, -1e-30, -0.0, 0, 1e-30, 1e-3, 0.625, 1, 20,
            halfLn2.nextDown, halfLn2, halfLn2.nextUp, -halfLn2.nextDown, -halfLn2, -halfLn2.nextUp,
            88, 88.37,
        ]
        let want = xs.map { Foundation.exp(Double($0)) }
        // 2.5e-7 is two ulps (2^-23 = 1.2e-7 each): the polynomial's error plus the final
        // rounding. A sweep 137 times finer measured 1.2e-7 at worst.
        expectClose(eachLane(xs, exp), want, rtol: 2.5e-7, atol: 0, "exp at xs[i]")
        #expect(exp(Vec(repeating: 0)) == Vec(repeating: 1))
    }

    @Test("vector exp clamps x below -87.3 to e^-87.3, a normal float, never 0")
    func expClampsBelow() {
        let edge = exp(Vec(repeating: -87.3))[0]
        #expect(edge >= Float.leastNormalMagnitude)
        expectClose([edge], [Foundation.exp(Double(Float(-87.3)))], rtol: 2.5e-7, atol: 0, "exp(-87.3)")
        let below: [Float] = [(-87.3 as Float).nextDown, -87.31, -88, -100, -1e4, -.greatestFiniteMagnitude, -.infinity]
        let got = eachLane(below, exp)
        #expect(got.allSatisfy { $0 == edge }, "exp below -87.3: \(got), want \(edge) everywhere")
    }

    @Test("vector exp clamps x above 88.3763 to its value there and stays finite up to it")
    func expClampsAbove() {
        // From 127.5 ln2 = 88.3763 on, x / ln2 would round to n = 128, and 2^128 written into the
        // exponent bits would be +inf; the clamp sits just below.
        let top: Float = 88.376_262_664_794_9
        let xs = sweep(88.2, top, step: 0.001) + [top]
        expectClose(eachLane(xs, exp), xs.map { Foundation.exp(Double($0)) }, rtol: 2.5e-7, atol: 0,
                    "exp at xs[i] near the upper clamp")
        let above: [Float] = [top.nextUp, 88.7, 89, 100, 1e4, .greatestFiniteMagnitude, .infinity]
        let got = eachLane(above, exp)
        let edge = exp(Vec(repeating: top))[0]
        #expect(edge.isFinite && got.allSatisfy { $0 == edge }, "exp above the clamp: \(got), want \(edge) everywhere")
    }

    @Test("vector tanh is within 2 ulps of Foundation's tanh everywhere, odd, and exactly ±1 for large |x|")
    func tanhMatchesFoundation() {
        // The sweep crosses the switch from polynomial to 1 - 2 / (e^2|x| + 1) at |x| = 0.625, and
        // large |x| includes 2|x| past exp's clamp.
        let switchPoint: Float = 0.625
        let xs = sweep(-12, 12, step: 0.0071) + [
            0, -0.0, 1e-30, -1e-30, 1e-3, -1e-3, Float.leastNormalMagnitude,
            switchPoint.nextDown, switchPoint, switchPoint.nextUp,
            -switchPoint.nextDown, -switchPoint, -switchPoint.nextUp,
            9, -9, 20, -20, 44.2, -44.2, 88.7, -88.7, 1e4, -1e4,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity,
        ]
        let got = eachLane(xs, tanh)
        // Two ulps relative, as for exp: above 0.625 the result is at least 0.55, so exp's error
        // shrinks through 2 / (e + 1). A sweep 237 times finer measured 1.4e-7 at worst, at -0.6266.
        expectClose(got, xs.map { Foundation.tanh(Double($0)) }, rtol: 2.5e-7, atol: 0, "tanh at xs[i]")
        let negated = eachLane(xs.map { -$0 }, tanh)
        #expect(zip(got, negated).allSatisfy { $0 == -$1 }, "tanh(-x) != -tanh(x) somewhere")
        let large = eachLane([10, 20, 44.2, 1e4, .infinity], tanh)
        #expect(large == [1, 1, 1, 1, 1], "tanh of large x: \(large)")
    }

    // MARK: - Layers
    // The cases mix n not a multiple of 8, padding columns past n (one more than the next multiple
    // of 8), V = 1 and one exactly full block. Tokens come from a vocabulary smaller than n * C, so
    // ids repeat within the batch and the embedding gradient has to accumulate.

    static let embeddingCases: [(n: Int, ld: Int, C: Int, E: Int, V: Int)] = [
        (1, 8, 3, 2, 1), (5, 8, 4, 3, 2), (8, 8, 1, 1, 3), (13, 16, 2, 5, 7), (17, 32, 3, 4, 11),
    ]

    @Test("embeddingForward copies exactly what the naive gather copies and leaves padding alone",
          arguments: embeddingCases)
    func embeddingForwardMatchesNaive(n: Int, ld: Int, C: Int, E: Int, V: Int) {
        var rng = Xoshiro256(seed: UInt64(n * 100 + V))
        let K = C * E
        let contexts = randomTokens(n * C, below: V, &rng)                  // [n, C]
        let embedding = randomFloats(V * E, bound: 1, &rng)                  // [V, E]
        // Both start from the same garbage, so a write to a padding column shows up as a difference.
        var fastXT = randomFloats(K * ld, bound: 9, &rng), naiveXT = fastXT  // [C*E, ld]
        var fastX = randomFloats(ld * K, bound: 9, &rng), naiveX = fastX     // [ld, C*E]
        embeddingForward(xT: &fastXT, x: &fastX, ld: ld, contexts: contexts, embedding: embedding, n: n, C: C, E: E)
        embeddingForwardNaive(xT: &naiveXT, x: &naiveX, ld: ld, contexts: contexts, embedding: embedding,
                              n: n, C: C, E: E)
        // A copy rounds nothing: the two agree bit for bit.
        expectClose(fastXT, naiveXT, rtol: 0, atol: 0, "xT n=\(n) ld=\(ld) C=\(C) E=\(E) V=\(V)")
        expectClose(fastX, naiveX, rtol: 0, atol: 0, "x n=\(n) ld=\(ld) C=\(C) E=\(E) V=\(V)")
    }

    @Test("embeddingBackward adds every occurrence of a token into its row, as the naive gather does",
          arguments: embeddingCases)
    func embeddingBackwardMatchesNaive(n: Int, ld: Int, C: Int, E: Int, V: Int) throws {
        var rng = Xoshiro256(seed: UInt64(n * 100 + V + 1))
        let contexts = randomTokens(n * C, below: V, &rng)                         // [n, C]
        try #require(Set(contexts).count < contexts.count, "no token repeats, nothing accumulates")
        // Padding columns of dxT hold values too: a kernel that read them would show.
        let dxT = randomFloats(C * E * ld, bound: 1, &rng)                          // [C*E, ld]
        var fast = randomFloats(V * E, bound: 1, &rng), naive = fast                // [V, E]
        embeddingBackward(dembedding: &fast, dxT: dxT, ld: ld, contexts: contexts, n: n, C: C, E: E)
        embeddingBackwardNaive(dembedding: &naive, dxT: dxT, ld: ld, contexts: contexts, n: n, C: C, E: E, V: V)
        // The fast kernel rounds after each Float addition, the twin once after a Double sum. An
        // entry starts at most 1 and gains at most n * C terms of size at most 1, so each rounding
        // is at most half an ulp of n * C + 1; two ulps of that allow for a few of them.
        let largest = Float(n * C + 1)
        expectClose(fast, naive, rtol: 0, atol: 2 * Double(largest.ulp),
                    "dembedding n=\(n) ld=\(ld) C=\(C) E=\(E) V=\(V)")
    }

    static let rowCases: [(F: Int, ld: Int)] = [(1, 8), (5, 8), (7, 16), (11, 24), (3, 40)]

    @Test("broadcastBias writes the same bias into every column as the naive loop", arguments: rowCases)
    func broadcastBiasMatchesNaive(F: Int, ld: Int) {
        var rng = Xoshiro256(seed: UInt64(F * 100 + ld))
        let bias = randomFloats(F, bound: 1, &rng)                          // [F]
        var fast = randomFloats(F * ld, bound: 9, &rng), naive = fast       // [F, ld]
        broadcastBias(&fast, ld: ld, bias: bias, F: F)
        broadcastBiasNaive(&naive, ld: ld, bias: bias, F: F)
        expectClose(fast, naive, rtol: 0, atol: 0, "out F=\(F) ld=\(ld)")
    }

    @Test("biasBackward adds the row sums the naive Double loop adds", arguments: rowCases)
    func biasBackwardMatchesNaive(F: Int, ld: Int) {
        var rng = Xoshiro256(seed: UInt64(F * 100 + ld + 1))
        let dout = randomFloats(F * ld, bound: 1, &rng)                     // [F, ld]
        var fast = randomFloats(F, bound: 1, &rng), naive = fast            // [F]
        biasBackward(&fast, dout: dout, ld: ld, F: F)
        biasBackwardNaive(&naive, dout: dout, ld: ld, F: F)
        // Eight Float partial sums against one Double sum. dbias starts at most 1 and gains ld
        // terms of size at most 1: two ulps of ld + 1, as for the embedding gradient.
        let largest = Float(ld + 1)
        expectClose(fast, naive, rtol: 0, atol: 2 * Double(largest.ulp), "dbias F=\(F) ld=\(ld)")
    }

    @Test("tanhForward agrees with Foundation's tanh to 2 ulps and writes the same transpose",
          arguments: rowCases)
    func tanhForwardMatchesNaive(H: Int, ld: Int) {
        var rng = Xoshiro256(seed: UInt64(H * 100 + ld + 2))
        // Pre-activations in [-3, 3) cross the switch at |x| = 0.625; one is exactly on it.
        var fastHT = randomFloats(H * ld, bound: 3, &rng)                   // [H, ld]
        fastHT[0] = 0.625
        var naiveHT = fastHT
        var fastH = randomFloats(ld * H, bound: 9, &rng), naiveH = fastH    // [ld, H]
        tanhForward(hT: &fastHT, h: &fastH, ld: ld, H: H)
        tanhForwardNaive(hT: &naiveHT, h: &naiveH, ld: ld, H: H)
        // Same bound as the vector tanh against Foundation's.
        expectClose(fastHT, naiveHT, rtol: 2.5e-7, atol: 0, "hT H=\(H) ld=\(ld)")
        expectClose(fastH, naiveH, rtol: 2.5e-7, atol: 0, "h H=\(H) ld=\(ld)")
    }

    @Test("tanhBackward multiplies by 1 - t² exactly as the naive loop does", arguments: rowCases)
    func tanhBackwardMatchesNaive(H: Int, ld: Int) {
        var rng = Xoshiro256(seed: UInt64(H * 100 + ld + 3))
        let hT = randomFloats(H * ld, bound: 1, &rng)                       // [H, ld], tanh outputs
        var fast = randomFloats(H * ld, bound: 1, &rng), naive = fast       // [H, ld]
        tanhBackward(dhT: &fast, hT: hT, count: H * ld)
        tanhBackwardNaive(dhT: &naive, hT: hT, count: H * ld)
        // The same three Float operations per element, in the same order: bit for bit.
        expectClose(fast, naive, rtol: 0, atol: 0, "dhT H=\(H) ld=\(ld)")
    }

    @Test("crossEntropyForwardBackward gives the naive Double loss and gradient, padding included",
          arguments: [(n: 0, ld: 8, V: 4, spread: Float(4)), (1, 8, 1, 4), (5, 8, 7, 4), (8, 8, 3, 4),
                      (13, 16, 1, 4), (13, 24, 11, 4), (20, 24, 33, 4), (13, 16, 11, 40)])
    func crossEntropyMatchesNaive(n: Int, ld: Int, V: Int, spread: Float) {
        var rng = Xoshiro256(seed: UInt64(n * 100 + V))
        let logits = randomFloats(V * ld, bound: spread, &rng)              // [V, ld]
        let targets = randomTokens(ld, below: V, &rng)                      // [ld], only n are real
        var fast = randomFloats(V * ld, bound: 9, &rng), naive = fast       // [V, ld]
        let scale = 1 / Float(max(n, 1))
        let fastLoss = crossEntropyForwardBackward(dlogitsT: &fast, logitsT: logits, ld: ld, targets: targets,
                                                   n: n, V: V, scale: scale)
        let naiveLoss = crossEntropyForwardBackwardNaive(dlogitsT: &naive, logitsT: logits, ld: ld, targets: targets,
                                                         n: n, V: V, scale: scale)
        let what = "n=\(n) ld=\(ld) V=\(V) spread=\(spread)"
        // The fast loss takes log of a Float sum of V exps, each a few ulps off, so each example's
        // loss is off by a few times 1e-7 whatever its size: 1e-6 per example (measured: 1.8e-7).
        expectClose([fastLoss], [naiveLoss], rtol: 0, atol: 1e-6 * Double(max(n, 1)), "loss " + what)
        // A probability is off by a few ulps of itself, hence 1e-6 relative. At the target,
        // p * scale - scale cancels and keeps that error while the value shrinks, hence also
        // 1e-6 * scale absolute (measured: 1.9e-7 * scale).
        expectClose(fast, naive, rtol: 1e-6, atol: 1e-6 * Double(scale), "dlogitsT " + what)
    }

    @Test("cross-entropy gives padding columns zero gradient and sums the loss of the n real examples only")
    func crossEntropyIgnoresPadding() {
        // n = 5 real examples in ld = 16 columns, V = 6. The padding columns are filled twice
        // with different values; nothing the kernel returns may change.
        let (n, ld, V) = (5, 16, 6)
        var rng = Xoshiro256(seed: 5)
        var logits = randomFloats(V * ld, bound: 4, &rng)                   // [V, ld]
        var targets = randomTokens(ld, below: V, &rng)                      // [ld]
        func run(_ logits: [Float], _ targets: [Int32], n: Int) -> (loss: Double, dlogits: [Float]) {
            var dlogits = [Float](repeating: 9, count: V * ld)              // [V, ld], garbage before
            let loss = crossEntropyForwardBackward(dlogitsT: &dlogits, logitsT: logits, ld: ld, targets: targets,
                                                   n: n, V: V, scale: 0.2)
            return (loss, dlogits)
        }
        let first = run(logits, targets, n: n)
        for v in 0 ..< V {
            for b in n ..< ld { logits[v * ld + b] = 50 * Float(v - b % 3) }
        }
        for b in n ..< ld { targets[b] = Int32((b + 1) % V) }
        let second = run(logits, targets, n: n)
        #expect(first.loss == second.loss)
        #expect(first.dlogits == second.dlogits)
        let padding = (0 ..< V).flatMap { v in (n ..< ld).map { b in first.dlogits[v * ld + b] } }
        #expect(padding.allSatisfy { $0 == 0 }, "padding gradients: \(padding)")
        // Each example alone, moved to column 0 of its own pass: the lanes never mix, so the
        // loss is exactly the sum over the five real ones.
        var alone = 0.0
        for b in 0 ..< n {
            var single = [Float](repeating: 0, count: V * ld)
            for v in 0 ..< V { single[v * ld] = logits[v * ld + b] }
            alone += run(single, [targets[b]] + Array(repeating: 0, count: ld - 1), n: 1).loss
        }
        #expect(first.loss == alone, "loss \(first.loss), sum of the \(n) examples alone \(alone)")
    }

    @Test("cross-entropy of uniform logits is ln(V) and its gradient is (1/V - onehot) / n")
    func crossEntropyUniform() {
        // V = 4, n = 3 real examples padded to ld = 8; all logits 0.
        let (V, ld, n) = (4, 8, 3)
        let logits = [Float](repeating: 0, count: V * ld)
        var dlogits = [Float](repeating: 9, count: V * ld)
        let targets: [Int32] = [2, 0, 3, 0, 0, 0, 0, 0]
        let total = crossEntropyForwardBackward(dlogitsT: &dlogits, logitsT: logits, ld: ld, targets: targets,
                                                n: n, V: V, scale: 1 / Float(n))
        #expect(abs(total - 3 * Foundation.log(4.0)) < 1e-6)
        // Example 0 (target 2): d/dlogit = (0.25 - [v == 2]) / 3.
        #expect(abs(dlogits[0 * ld + 0] - 0.25 / 3) < 1e-7)
        #expect(abs(dlogits[2 * ld + 0] - (0.25 - 1) / 3) < 1e-7)
        // Padding columns carry no gradient.
        #expect((3 ..< ld).allSatisfy { b in (0 ..< V).allSatisfy { dlogits[$0 * ld + b] == 0 } })
    }
}
