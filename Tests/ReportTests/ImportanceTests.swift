// Which settings mattered: main-effect shares of the variance of final validation loss, worked
// by hand on a 2 x 2 grid, a setting that dominates by construction ranked first, ranges binned,
// and runs that diverged or have no loss left out.

import Foundation
import Plot
import Testing
@testable import Report

/// A run of settings `values` with final loss `loss`.
private func run(_ id: String, _ values: [String: Double], _ loss: Double?, diverged: Bool = false) -> SweepRun {
    SweepRun(id: id, values: values.mapValues(AxisValue.number), seed: 1, validation: [], finalValidationLoss: loss, diverged: diverged)
}

@Suite struct ImportanceTests {
    @Test("a 2 x 2 grid, worked by hand: each setting's share is its groups' spread over the total")
    func twoByTwo() throws {
        // Losses (a, b): (0, 0) 1, (0, 1) 3, (1, 0) 2, (1, 1) 6. Mean 3; total sum of squares 4 + 0 + 1 + 9 = 14.
        // a: groups a=0 {1, 3} mean 2, a=1 {2, 6} mean 4: 2 x (2-3)² + 2 x (4-3)² = 4 -> 4/14 = 0.2857.
        // b: groups b=0 {1, 2} mean 1.5, b=1 {3, 6} mean 4.5: 2 x 1.5² + 2 x 1.5² = 9 -> 9/14 = 0.6429.
        // What is left, 1/14 = 0.0714, is the interaction: (1, 1) is 1 higher than a and b add up to.
        let runs = [run("r1", ["a": 0, "b": 0], 1), run("r2", ["a": 0, "b": 1], 3), run("r3", ["a": 1, "b": 0], 2), run("r4", ["a": 1, "b": 1], 6)]
        let importance = try #require(Importance(runs: runs, axes: ["a", "b"]))
        #expect(importance.shares.map(\.setting) == ["b", "a"])
        #expect(abs(importance.shares[0].share - 9.0 / 14) < 1e-12 && abs(importance.shares[1].share - 4.0 / 14) < 1e-12)
        #expect(abs(importance.residual - 1.0 / 14) < 1e-12)
        #expect(importance.runs == 4 && importance.excluded == 0)
        #expect(importance.csv == "setting,share\nb,0.6429\na,0.2857\nresidual,0.0714\n")
    }

    @Test("in a sweep where one setting dominates by construction, it is ranked first with most of the share")
    func dominantFirst() throws {
        // 4 x 4 x 4 grid, 2 seeds: loss = 2 + 1.0 x lr index + 0.1 x size index + 0.05 x noise. The lr effect's
        // variance (1.25) is 100 times the size's (0.0125), and the noise is small.
        var runs: [SweepRun] = []
        var state: UInt64 = 42
        for lr in 0..<4 {
            for size in 0..<4 {
                for context in 0..<4 {
                    for seed in 1...2 {
                        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                        let noise = Double(state >> 11) / Double(1 << 53) - 0.5
                        let loss = 2 + Double(lr) + 0.1 * Double(size) + 0.05 * noise
                        var r = run("r\(lr)\(size)\(context)\(seed)", ["size": Double(size), "context": Double(context),
                                                                         "learning_rate": [0.01, 0.03, 0.1, 0.3][lr]], loss)
                        r.seed = seed
                        runs.append(r)
                    }
                }
            }
        }
        let importance = try #require(Importance(runs: runs, axes: ["context", "size", "learning_rate"]))
        #expect(importance.shares.map(\.setting) == ["learning_rate", "size", "context"])
        #expect(importance.shares[0].share > 0.95)
        #expect(importance.shares[2].share < 0.01)
        #expect(importance.sentences(unit: "nats per token").first?.hasPrefix("learning_rate explains 99% of the spread in final validation loss (nats per token); size 1%") == true)
    }

    @Test("diverged runs and runs without a loss are left out and counted; too few runs or no spread give nothing")
    func leftOut() throws {
        let runs = [run("r1", ["a": 0], 1), run("r2", ["a": 1], 3), run("r3", ["a": 1], 3.2),
                    run("d", ["a": 2], nil, diverged: true), run("f", ["a": 2], nil)]
        let importance = try #require(Importance(runs: runs, axes: ["a"]))
        #expect(importance.runs == 3 && importance.excluded == 2 && importance.diverged == 1)
        #expect(importance.shares.first?.groups == 2)
        #expect(importance.sentences(unit: "nats per token").last?.contains("left out: 1 diverged, 1 without a final loss") == true)
        #expect(Importance(runs: Array(runs.prefix(2)), axes: ["a"]) == nil)
        #expect(Importance(runs: runs, axes: []) == nil)
        #expect(Importance(runs: [run("1", ["a": 0], 2), run("2", ["a": 1], 2), run("3", ["a": 2], 2)], axes: ["a"]) == nil)
    }

    @Test("a setting drawn from a range is binned: a smooth effect is found where each drawn value alone would explain everything")
    func binned() throws {
        // 40 learning rates, each drawn once, loss falling with log lr, and a second setting of noise only.
        let runs = (0..<40).map { i -> SweepRun in
            let lr = 0.01 * pow(10, Double(i) / 20)
            let wobble = i % 2 == 0 ? 0.05 : -0.05
            return run("r\(i)", ["learning_rate": lr, "noise": Double(i % 2)], 5 - Double(i) / 10 + wobble)
        }
        let unbinned = try #require(Importance(runs: runs, axes: ["learning_rate", "noise"]))
        // One group per value: a share of 1 that says nothing.
        #expect(unbinned.shares[0].groups == 40 && abs(unbinned.shares[0].share - 1) < 1e-12)
        let binned = try #require(Importance(runs: runs, axes: ["learning_rate", "noise"], scales: ["learning_rate": .continuous(log: true)]))
        // sqrt(40 / 4) = 3.2: 3 bins.
        #expect(binned.shares[0].setting == "learning_rate" && binned.shares[0].groups == 3)
        #expect(binned.shares[0].share > 0.8 && binned.shares[0].share < 1)
        #expect(binned.shares[1].share < 0.01)
        // With 3 groups and 40 runs, chance alone gives about (3 - 1) / 39 = 5%.
        #expect(abs(binned.chanceLevel - 2.0 / 39) < 1e-12)
    }
}
