// The hot loops of one training step: a register-tiled matrix product, a vectorised exp and tanh,
// the softmax cross-entropy, and the embedding gather/scatter. The product and each layer kernel
// have a plain scalar twin beside them (`...Naive`) that tests hold them to; exp and tanh are held
// to Foundation's. All single-threaded, Float, allocation-free; callers pass pointers taken once.
// Leaves out: the order of the step (Workspace.swift) and the parameter update (SGDTrainer.swift).

import Foundation

typealias Vec = SIMD8<Float>

@inline(__always) func load(_ p: UnsafePointer<Float>) -> Vec {
    UnsafeRawPointer(p).loadUnaligned(as: Vec.self)
}

@inline(__always) func store(_ v: Vec, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vec.self)
}

// MARK: - Matrix product

/// out[M, N] += A[M, K] · b[K, N]. A is addressed as `a[m * aRow + k * aCol]`, so a transposed
/// weight is read in place; b and out are row-major with row lengths `ldb` and `ldo`.
/// `spare` is scratch of at least N floats that absorbs the rows a partial tile does not have.
///
/// A 6 x 16 tile of out lives in twelve 8-wide registers while k runs; per k it loads two
/// vectors of b and broadcasts six scalars of A (the AVX2 shape of Goto & van de Geijn, 2008).
/// Columns past the last multiple of 16 fall back to `matmulNaive`'s loop.
func matmul(
    _ out: UnsafeMutablePointer<Float>, ldo: Int,
    _ a: UnsafePointer<Float>, aRow: Int, aCol: Int,
    _ b: UnsafePointer<Float>, ldb: Int,
    M: Int, N: Int, K: Int,
    spare: UnsafeMutablePointer<Float>
) {
    let vectorN = N - N % 16
    var m = 0
    while m < M {
        let rows = min(6, M - m)
        // subtle: a partial tile repeats its last real row of A and sends those results to
        // `spare`, so one kernel serves every M without reading or writing out of bounds.
        let r1 = min(1, rows - 1) * aRow, r2 = min(2, rows - 1) * aRow, r3 = min(3, rows - 1) * aRow
        let r4 = min(4, rows - 1) * aRow, r5 = min(5, rows - 1) * aRow
        let o0 = out + m * ldo
        let o1 = rows > 1 ? o0 + ldo : spare, o2 = rows > 2 ? o0 + 2 * ldo : spare
        let o3 = rows > 3 ? o0 + 3 * ldo : spare, o4 = rows > 4 ? o0 + 4 * ldo : spare
        let o5 = rows > 5 ? o0 + 5 * ldo : spare
        var j = 0
        while j < vectorN {
            var c00 = Vec(), c01 = Vec(), c10 = Vec(), c11 = Vec(), c20 = Vec(), c21 = Vec()
            var c30 = Vec(), c31 = Vec(), c40 = Vec(), c41 = Vec(), c50 = Vec(), c51 = Vec()
            var bp = b + j
            var ap = a + m * aRow
            for _ in 0 ..< K {
                let b0 = load(bp), b1 = load(bp + 8)
                var x = Vec(repeating: ap[0])
                c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
                x = Vec(repeating: ap[r1])
                c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
                x = Vec(repeating: ap[r2])
                c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
                x = Vec(repeating: ap[r3])
                c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
                x = Vec(repeating: ap[r4])
                c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
                x = Vec(repeating: ap[r5])
                c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
                bp += ldb
                ap += aCol
            }
            store(load(o0 + j) + c00, o0 + j); store(load(o0 + j + 8) + c01, o0 + j + 8)
            store(load(o1 + j) + c10, o1 + j); store(load(o1 + j + 8) + c11, o1 + j + 8)
            store(load(o2 + j) + c20, o2 + j); store(load(o2 + j + 8) + c21, o2 + j + 8)
            store(load(o3 + j) + c30, o3 + j); store(load(o3 + j + 8) + c31, o3 + j + 8)
            store(load(o4 + j) + c40, o4 + j); store(load(o4 + j + 8) + c41, o4 + j + 8)
            store(load(o5 + j) + c50, o5 + j); store(load(o5 + j + 8) + c51, o5 + j + 8)
            j += 16
        }
        m += rows
    }
    if vectorN < N {
        matmulNaive(out + vectorN, ldo: ldo, a, aRow: aRow, aCol: aCol, b + vectorN, ldb: ldb,
                    M: M, N: N - vectorN, K: K)
    }
}

/// Reference for `matmul`: out[M, N] += A[M, K] · b[K, N], one multiply-add at a time.
func matmulNaive(
    _ out: UnsafeMutablePointer<Float>, ldo: Int,
    _ a: UnsafePointer<Float>, aRow: Int, aCol: Int,
    _ b: UnsafePointer<Float>, ldb: Int,
    M: Int, N: Int, K: Int
) {
    for m in 0 ..< M {
        for n in 0 ..< N {
            var sum: Float = 0
            for k in 0 ..< K {
                sum += a[m * aRow + k * aCol] * b[k * ldb + n]
            }
            out[m * ldo + n] += sum
        }
    }
}

// MARK: - Elementwise functions

/// e^x on eight lanes: x = n ln2 + r with |r| <= ln2/2, e^r by a degree-6 polynomial, 2^n by
/// writing the exponent bits (Cephes `expf`, Moshier 1992). Relative error about 1e-7; inputs
/// are clamped to [-87.3, 88.3762626647949].
/// subtle: the upper clamp is just below 127.5 ln2 = 88.3763, from where n would round to 128
/// and 2^128 written into the exponent bits would be +inf. (Training never reaches it: the
/// softmax passes x <= 0, and tanh gets 1 - 2 / (e^(2|x|) + 1) = 1 either way.)
@inline(__always)
func exp(_ x: Vec) -> Vec {
    let low = Vec(repeating: -87.3), high = Vec(repeating: 88.376_262_664_794_9)
    let clamped = x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
    // subtle: adding 1.5 x 2^23 rounds to the nearest integer (ties to even) and leaves that
    // integer in the low mantissa bits, so no float-to-int conversion is needed.
    let shifter = Vec(repeating: 12_582_912)
    let shifted = shifter.addingProduct(clamped, Vec(repeating: 1.442_695_04))
    let n = shifted - shifter
    var r = clamped.addingProduct(n, Vec(repeating: -0.693_359_375))
    r = r.addingProduct(n, Vec(repeating: 2.121_944_4e-4))
    var p = Vec(repeating: 1.987_569_15e-4)
    p = Vec(repeating: 1.398_199_95e-3).addingProduct(p, r)
    p = Vec(repeating: 8.333_451_9e-3).addingProduct(p, r)
    p = Vec(repeating: 4.166_579_59e-2).addingProduct(p, r)
    p = Vec(repeating: 1.666_666_55e-1).addingProduct(p, r)
    p = Vec(repeating: 5.000_000_12e-1).addingProduct(p, r)
    let er = (r + 1).addingProduct(p, r * r)
    let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(shifter, to: SIMD8<Int32>.self)
    return er * unsafeBitCast((integer &+ 127) &<< 23, to: Vec.self)
}

/// tanh on eight lanes: an odd polynomial for |x| < 0.625 (Cephes `tanhf`), otherwise
/// 1 - 2 / (e^(2|x|) + 1) with the sign put back. Absolute error about 1e-7.
@inline(__always)
func tanh(_ x: Vec) -> Vec {
    let ax = x.replacing(with: -x, where: x .< 0)
    let z = x * x
    var p = Vec(repeating: -5.704_988_727_45e-3)
    p = Vec(repeating: 2.063_908_879_54e-2).addingProduct(p, z)
    p = Vec(repeating: -5.373_971_555_31e-2).addingProduct(p, z)
    p = Vec(repeating: 1.333_144_220_36e-1).addingProduct(p, z)
    p = Vec(repeating: -3.333_328_194_22e-1).addingProduct(p, z)
    let small = x.addingProduct(p * z, x)
    let large = 1 - 2 / (exp(ax + ax) + 1)
    let signed = large.replacing(with: -large, where: x .< 0)
    return signed.replacing(with: small, where: ax .< 0.625)
}

// MARK: - Layers
// Activations are feature-major: a [F, ld] buffer holds feature f of example b at f * ld + b,
// with ld a multiple of 8 so that the softmax and tanh run eight examples per instruction.

/// xT[C*E, ld] and x[ld, C*E]: the context embeddings of each example, oldest token first.
/// contexts [n, C] token ids; embedding [V, E].
func embeddingForward(
    xT: UnsafeMutablePointer<Float>, x: UnsafeMutablePointer<Float>, ld: Int,
    contexts: UnsafePointer<Int32>, embedding: UnsafePointer<Float>, n: Int, C: Int, E: Int
) {
    let K = C * E
    for b in 0 ..< n {
        for c in 0 ..< C {
            let row = embedding + Int(contexts[b * C + c]) * E
            for e in 0 ..< E {
                x[b * K + c * E + e] = row[e]
                xT[(c * E + e) * ld + b] = row[e]
            }
        }
    }
}

/// Reference for `embeddingForward`: x[b, k] = xT[k, b] = embedding[token, e] for k = c * E + e,
/// where token is contexts[b, c], for the n real examples. Padding columns are left alone.
func embeddingForwardNaive(
    xT: UnsafeMutablePointer<Float>, x: UnsafeMutablePointer<Float>, ld: Int,
    contexts: UnsafePointer<Int32>, embedding: UnsafePointer<Float>, n: Int, C: Int, E: Int
) {
    // xT[C*E, ld], x[ld, C*E], contexts[n, C], embedding[V, E]
    let K = C * E
    for b in 0 ..< n {
        for k in 0 ..< K {
            let token = Int(contexts[b * C + k / E])
            x[b * K + k] = embedding[token * E + k % E]
            xT[k * ld + b] = embedding[token * E + k % E]
        }
    }
}

/// dembedding[V, E] += the columns of dxT[C*E, ld] of the n real examples, back to their tokens.
func embeddingBackward(
    dembedding: UnsafeMutablePointer<Float>, dxT: UnsafePointer<Float>, ld: Int,
    contexts: UnsafePointer<Int32>, n: Int, C: Int, E: Int
) {
    for b in 0 ..< n {
        for c in 0 ..< C {
            let row = dembedding + Int(contexts[b * C + c]) * E
            for e in 0 ..< E {
                row[e] += dxT[(c * E + e) * ld + b]
            }
        }
    }
}

/// Reference for `embeddingBackward`, gathered instead of scattered: dembedding[v, e] += the sum,
/// in Double, of dxT[c * E + e, b] over every real example b and position c whose token is v.
func embeddingBackwardNaive(
    dembedding: UnsafeMutablePointer<Float>, dxT: UnsafePointer<Float>, ld: Int,
    contexts: UnsafePointer<Int32>, n: Int, C: Int, E: Int, V: Int
) {
    // dembedding[V, E], dxT[C*E, ld], contexts[n, C]
    for v in 0 ..< V {
        for e in 0 ..< E {
            var sum = 0.0
            for b in 0 ..< n {
                for c in 0 ..< C where Int(contexts[b * C + c]) == v {
                    sum += Double(dxT[(c * E + e) * ld + b])
                }
            }
            dembedding[v * E + e] += Float(sum)
        }
    }
}

/// out[F, ld]: every column set to bias[F], ready for a matmul to add into.
func broadcastBias(_ out: UnsafeMutablePointer<Float>, ld: Int, bias: UnsafePointer<Float>, F: Int) {
    for f in 0 ..< F {
        (out + f * ld).update(repeating: bias[f], count: ld)
    }
}

/// Reference for `broadcastBias`: out[f, b] = bias[f], one entry at a time.
func broadcastBiasNaive(_ out: UnsafeMutablePointer<Float>, ld: Int, bias: UnsafePointer<Float>, F: Int) {
    // out[F, ld], bias[F]
    for f in 0 ..< F {
        for b in 0 ..< ld {
            out[f * ld + b] = bias[f]
        }
    }
}

/// dbias[F] += the row sums of dout[F, ld].
func biasBackward(_ dbias: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, ld: Int, F: Int) {
    for f in 0 ..< F {
        var sum = Vec()
        var j = 0
        while j < ld { sum += load(dout + f * ld + j); j += 8 }
        dbias[f] += sum.sum()
    }
}

/// Reference for `biasBackward`: dbias[f] += the sum over b of dout[f, b], added up in Double.
func biasBackwardNaive(_ dbias: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, ld: Int, F: Int) {
    // dbias[F], dout[F, ld]
    for f in 0 ..< F {
        var sum = 0.0
        for b in 0 ..< ld {
            sum += Double(dout[f * ld + b])
        }
        dbias[f] += Float(sum)
    }
}

/// hT[H, ld] = tanh(hT) in place, and h[ld, H] its transpose (the weight gradient reads rows).
func tanhForward(hT: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, ld: Int, H: Int) {
    for f in 0 ..< H {
        let row = hT + f * ld
        var j = 0
        while j < ld {
            let t = tanh(load(row + j))
            store(t, row + j)
            for lane in 0 ..< 8 { h[(j + lane) * H + f] = t[lane] }
            j += 8
        }
    }
}

/// Reference for `tanhForward`: hT[f, b] = h[b, f] = tanh(hT[f, b]) with Foundation's tanh in
/// Double, rounded once to Float.
func tanhForwardNaive(hT: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, ld: Int, H: Int) {
    // hT[H, ld], h[ld, H]
    for f in 0 ..< H {
        for b in 0 ..< ld {
            let t = Float(Foundation.tanh(Double(hT[f * ld + b])))
            hT[f * ld + b] = t
            h[b * H + f] = t
        }
    }
}

/// dhT[H, ld] *= 1 - hT², the tanh derivative written in terms of its output.
func tanhBackward(dhT: UnsafeMutablePointer<Float>, hT: UnsafePointer<Float>, count: Int) {
    var i = 0
    while i < count {
        let t = load(hT + i)
        store(load(dhT + i) * (1 - t * t), dhT + i)
        i += 8
    }
}

/// Reference for `tanhBackward`: dhT[i] *= 1 - hT[i]², one element at a time in Float.
func tanhBackwardNaive(dhT: UnsafeMutablePointer<Float>, hT: UnsafePointer<Float>, count: Int) {
    // dhT[H, ld] and hT[H, ld], seen as `count` = H * ld elements
    for i in 0 ..< count {
        dhT[i] = dhT[i] * (1 - hT[i] * hT[i])
    }
}

/// Softmax cross-entropy over logitsT[V, ld] for the first n of ld examples. Writes
/// dlogitsT[V, ld] = (softmax - onehot(target)) * scale (zero for padding columns) and returns
/// the summed loss of the n real examples.
func crossEntropyForwardBackward(
    dlogitsT: UnsafeMutablePointer<Float>, logitsT: UnsafePointer<Float>, ld: Int,
    targets: UnsafePointer<Int32>, n: Int, V: Int, scale: Float
) -> Double {
    var total = 0.0
    var j = 0
    while j < n {
        var maximum = Vec(repeating: -.infinity)
        for v in 0 ..< V {
            let l = load(logitsT + v * ld + j)
            maximum = maximum.replacing(with: l, where: l .> maximum)
        }
        var sum = Vec()
        for v in 0 ..< V {
            let e = exp(load(logitsT + v * ld + j) - maximum)
            store(e, dlogitsT + v * ld + j)
            sum += e
        }
        let real = Vec(repeating: 1).replacing(with: 0, where: SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) .>= Int32(n - j))
        let factor = real * scale / sum
        for v in 0 ..< V { store(load(dlogitsT + v * ld + j) * factor, dlogitsT + v * ld + j) }
        for lane in 0 ..< min(8, n - j) {
            let b = j + lane
            let t = Int(targets[b])
            total += Double(maximum[lane]) + log(Double(sum[lane])) - Double(logitsT[t * ld + b])
            dlogitsT[t * ld + b] -= scale
        }
        j += 8
    }
    // Columns past the last block of real examples hold no example at all.
    for v in 0 ..< V where j < ld { (dlogitsT + v * ld + j).update(repeating: 0, count: ld - j) }
    return total
}

/// Reference for `crossEntropyForwardBackward`, one example at a time in Double: the loss of
/// example b is log Σ_v e^logit[v, b] - logit[target, b] and its gradient is
/// (softmax - onehot(target)) * scale; padding columns b >= n get zero gradient and no loss.
func crossEntropyForwardBackwardNaive(
    dlogitsT: UnsafeMutablePointer<Float>, logitsT: UnsafePointer<Float>, ld: Int,
    targets: UnsafePointer<Int32>, n: Int, V: Int, scale: Float
) -> Double {
    // dlogitsT[V, ld], logitsT[V, ld], targets[n]
    var total = 0.0
    for b in 0 ..< ld {
        if b >= n {
            for v in 0 ..< V { dlogitsT[v * ld + b] = 0 }
            continue
        }
        // Subtracting the largest logit keeps e^logit finite; it cancels in the softmax.
        var maximum = -Double.infinity
        for v in 0 ..< V { maximum = max(maximum, Double(logitsT[v * ld + b])) }
        var sum = 0.0
        for v in 0 ..< V { sum += Foundation.exp(Double(logitsT[v * ld + b]) - maximum) }
        let target = Int(targets[b])
        total += maximum + Foundation.log(sum) - Double(logitsT[target * ld + b])
        for v in 0 ..< V {
            let probability = Foundation.exp(Double(logitsT[v * ld + b]) - maximum) / sum
            let onehot: Double = v == target ? 1 : 0
            dlogitsT[v * ld + b] = Float((probability - onehot) * Double(scale))
        }
    }
    return total
}
