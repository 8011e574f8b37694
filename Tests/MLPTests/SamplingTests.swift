import Testing
@testable import MLP

@Suite struct SamplingTests {
    @Test("next-token probabilities are a distribution and short contexts are padded with EOT")
    func probabilities() throws {
        let sampler = Sampler(model: try Model(shape: tinyShape, seed: 5))
        let p = try sampler.probabilities(after: [3, 4])
        #expect(p.count == tinyShape.vocabularySize)
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        // C = 4: [3, 4] is seen as [0, 0, 3, 4]; a longer context keeps only its last 4.
        #expect(try sampler.probabilities(after: [0, 0, 3, 4]) == p)
        #expect(try sampler.probabilities(after: [9, 9, 0, 0, 3, 4]) == p)
    }

    @Test("temperature 0 and top-k 1 both pick the most likely token")
    func greedy() {
        let p = [0.1, 0.2, 0.6, 0.1]
        var rng = Xoshiro256(seed: 1)
        #expect(Sampler.choose(from: p, options: SamplingOptions(temperature: 0), using: &rng) == 2)
        for _ in 0 ..< 20 {
            #expect(Sampler.choose(from: p, options: SamplingOptions(temperature: 1, topK: 1), using: &rng) == 2)
        }
    }

    @Test("at temperature 1 tokens are drawn with their probabilities")
    func frequencies() {
        let p = [0.0, 0.25, 0.75]
        var rng = Xoshiro256(seed: 2)
        var counts = [0, 0, 0]
        for _ in 0 ..< 20_000 { counts[Sampler.choose(from: p, options: SamplingOptions(temperature: 1), using: &rng)] += 1 }
        // Binomial(20000, 0.25): mean 5000, sd ≈ 61.
        #expect(counts[0] == 0)
        #expect(abs(counts[1] - 5000) < 400, "counts \(counts)")
    }

    @Test("a low temperature sharpens and a high one flattens the choice")
    func temperature() {
        let p = [0.4, 0.6]
        var rng = Xoshiro256(seed: 3)
        func share(_ t: Double) -> Double {
            var ones = 0
            for _ in 0 ..< 4000 where Sampler.choose(from: p, options: SamplingOptions(temperature: t), using: &rng) == 1 {
                ones += 1
            }
            return Double(ones) / 4000
        }
        // T = 0.05: 0.6^20 / (0.4^20 + 0.6^20) ≈ 0.9997. T = 100: ≈ 0.501.
        #expect(share(0.05) > 0.99)
        #expect(abs(share(100) - 0.5) < 0.05)
    }

    @Test("a token id outside the vocabulary is an error naming it")
    func unknownToken() throws {
        let sampler = Sampler(model: try Model(shape: tinyShape, seed: 5))
        #expect(throws: MLPError.unknownToken(id: 11, vocabularySize: 11)) { try sampler.probabilities(after: [11]) }
    }
}
