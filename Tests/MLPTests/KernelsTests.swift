import Foundation
import Testing
@testable import MLP

@Suite struct KernelsTests {
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

    @Test("vector exp matches libm to 2 ulps over the range that matters")
    func expAccuracy() {
        var worst: Float = 0
        var x: Float = -87
        while x < 88 {
            let v = exp(Vec(repeating: x))[0]
            let want = Foundation.exp(Double(x))
            worst = max(worst, Float(abs(Double(v) - want) / want))
            x += 0.0137
        }
        #expect(worst < 2.5e-7, "largest relative error \(worst)")
        #expect(exp(Vec(repeating: -1000))[0] < 1e-37)
        #expect(exp(Vec(repeating: 0))[0] == 1)
    }

    @Test("vector tanh matches libm to 2e-7 absolute and is odd")
    func tanhAccuracy() {
        var worst = 0.0
        var x: Float = -12
        while x < 12 {
            let v = tanh(Vec(repeating: x))
            worst = max(worst, abs(Double(v[0]) - Foundation.tanh(Double(x))))
            #expect(tanh(Vec(repeating: -x))[0] == -v[0])
            x += 0.0071
        }
        #expect(worst < 2e-7, "largest absolute error \(worst)")
        #expect(tanh(Vec(repeating: 100))[0] == 1)
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
