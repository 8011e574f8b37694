// Text generation token by token: the context is the last C tokens of the <|endoftext|>-padded
// prompt plus what was generated so far; the next token is drawn at a temperature, optionally
// from the k most likely only, and stops at <|endoftext|>. Each token keeps the probability the
// model gave it (at temperature 1), which is what figures and reports show as confidence.
// Leaves out: turning ids into text (the BPE module).

import Foundation

/// How to draw tokens. The defaults are what each run of a sweep generates unless its spec says otherwise.
public struct SamplingOptions: Sendable, Hashable, RuleChecked {
    /// Softmax temperature; 0 picks the most likely token every time (greedy).
    public var temperature = 0.8
    /// Draw only from the k most likely tokens; nil draws from all.
    public var topK: Int?
    /// Generate at most this many tokens.
    public var maxTokens = 200

    public init(temperature: Double = 0.8, topK: Int? = nil, maxTokens: Int = 200) {
        self.temperature = temperature
        self.topK = topK
        self.maxTokens = maxTokens
    }

    public static let rules: [OptionRule<SamplingOptions>] = [
        OptionRule("tokens", .nonNegativeInteger) { Double($0.maxTokens) },
        OptionRule("temperature", .nonNegative) { $0.temperature },
        OptionRule("top_k", .positiveInteger) { $0.topK.map(Double.init) },
    ]
}

/// One generated token and the model's probability for it given its context.
public struct SampledToken: Sendable, Equatable, Codable {
    public var id: Int32
    public var probability: Double

    public init(id: Int32, probability: Double) {
        self.id = id
        self.probability = probability
    }
}

/// Runs a model one context at a time.
public final class Sampler {
    public var model: Model { evaluator.model }
    private let evaluator: Evaluator

    public init(model: Model) {
        evaluator = Evaluator(model: model, capacity: 8)
    }

    /// The model's next-token probabilities (temperature 1) after `context`, which is padded on
    /// the left with <|endoftext|> or cut to its last C tokens: the softmax of its logits.
    public func probabilities(after context: [Int32]) throws(MLPError) -> [Double] {
        let logits = try evaluator.logits(after: context).map(Double.init)
        let maximum = logits.max() ?? 0
        let weights = logits.map { Foundation.exp($0 - maximum) }
        let sum = weights.reduce(0, +)
        return weights.map { $0 / sum }
    }

    /// Generates up to `options.maxTokens` tokens after `prompt`, stopping after <|endoftext|>
    /// (which is not returned).
    public func generate(prompt: [Int32], options: SamplingOptions,
                         using rng: inout Xoshiro256) throws(MLPError) -> [SampledToken] {
        try options.validate()
        var context = prompt
        var out: [SampledToken] = []
        while out.count < options.maxTokens {
            let p = try probabilities(after: context)
            let id = Sampler.choose(from: p, options: options, using: &rng)
            if id == 0 { break }
            out.append(SampledToken(id: Int32(id), probability: p[id]))
            context.append(Int32(id))
        }
        return out
    }

    /// Draws an index from `p` reshaped by temperature and top-k; ties in greedy mode go to the
    /// smallest id.
    static func choose(from p: [Double], options: SamplingOptions, using rng: inout Xoshiro256) -> Int {
        if options.temperature == 0 {
            return p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) } ?? 0
        }
        var candidates = Array(p.indices)
        if let k = options.topK, k < p.count {
            candidates.sort { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }
            candidates = Array(candidates.prefix(k))
        }
        // p^(1/T) renormalised is softmax(logits / T); dividing by the largest p first keeps a
        // low temperature from underflowing every weight to zero.
        let largest = Foundation.log(candidates.map { p[$0] }.max() ?? 1)
        let weights = candidates.map { Foundation.exp((Foundation.log(p[$0]) - largest) / options.temperature) }
        let total = weights.reduce(0, +)
        var u = Double(rng.next() >> 11) * 0x1p-53 * total
        for (i, w) in zip(candidates, weights) {
            u -= w
            if u < 0 { return i }
        }
        return candidates.last!
    }
}
