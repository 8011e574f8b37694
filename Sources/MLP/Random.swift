// The seeded generator every run owns: xoshiro256** seeded through SplitMix64, plus the few
// draws the model needs (uniform floats, unbiased indices). Written here rather than taken from
// the standard library so that a seed gives the same numbers on every platform and toolchain.
// Leaves out: Gaussian draws (initialisation is uniform; see Model.swift).

/// xoshiro256** (Blackman & Vigna, 2018), seeded by expanding a 64-bit seed with SplitMix64.
public struct Xoshiro256: RandomNumberGenerator, Sendable, Equatable {
    /// The four state words; saved in checkpoints so a resumed run continues the same stream.
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        state = (sm.next(), sm.next(), sm.next(), sm.next())
    }

    /// Restores a generator from `state` as saved by a checkpoint.
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        // subtle: the all-zero state is the one fixed point of xoshiro; it can't come from a
        // seed, so treat it as corrupt input and reseed rather than emit zeros forever.
        self.state = state == (0, 0, 0, 0) ? Xoshiro256(seed: 0).state : state
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    /// A float uniform in [0, 1) with 24 random bits.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A float uniform in [-bound, bound).
    public mutating func nextFloat(bound: Float) -> Float {
        (nextUnitFloat() * 2 - 1) * bound
    }

    /// An integer uniform in 0..<n, without modulo bias (Lemire, 2019).
    public mutating func nextIndex(below n: Int) -> Int {
        precondition(n > 0, "nextIndex(below:) needs n > 0, got \(n)")
        let bound = UInt64(n)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }

    public static func == (a: Xoshiro256, b: Xoshiro256) -> Bool { a.state == b.state }
}

/// SplitMix64 (Steele, Lea & Flood, 2014): turns one seed into well-mixed words.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@inline(__always)
private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

/// The independent random streams of one run, all derived from the run's `seed` alone, so that
/// changing how often a run evaluates or samples never changes the batches it trains on.
public enum RandomStream: UInt64, Sendable {
    case initialization = 1
    case batches = 2
    // 3 drew evaluation subsets; they now come from `SGDTrainer.evaluationSeed`, the same for every run.
    case sampling = 4
}

extension Xoshiro256 {
    /// The generator for one purpose of a run seeded with `seed`.
    public init(seed: UInt64, stream: RandomStream) {
        var mix = SplitMix64(state: seed)
        let base = mix.next()
        self.init(seed: base ^ (stream.rawValue &* 0xD1B5_4A32_D192_ED03))
    }
}
