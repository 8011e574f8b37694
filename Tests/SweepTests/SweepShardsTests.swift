// Shards: the split is deterministic, covers each run once and is balanced by cost; `--shard`
// values and the batch systems' variables parse, or fail with a message naming what is wrong.

import Foundation
import Testing
@testable import Sweep

@Suite struct SweepShardsTests {
    /// Costs with repeats and a wide range, from a small fixed formula (no generator needed).
    static let costs: [Double] = (0 ..< 23).map { (i: Int) -> Double in
        let base = Double((i * 37) % 11 + 1)
        return i % 3 == 0 ? 10 * base : base
    }

    @Test("a worked example: costs 5 4 3 3 3 over two shards go 5+3 and 4+3+3")
    func workedExample() {
        // Largest first, each to the lighter shard: 5 -> s0 (loads 5, 0); 4 -> s1 (5, 4);
        // run 2 -> s1 (5, 7); run 3 -> s0 (8, 7); run 4 -> s1 (8, 10).
        #expect(Shard.partition(costs: [5, 4, 3, 3, 3], count: 2) == [[0, 3], [1, 2, 4]])
    }

    @Test("the same costs always give the same shards, and every run is in exactly one", arguments: [1, 2, 3, 5, 23, 30])
    func coversEachRunOnce(count: Int) {
        let shards = Shard.partition(costs: Self.costs, count: count)
        #expect(shards == Shard.partition(costs: Self.costs, count: count))
        #expect(shards.count == count)
        #expect(shards.flatMap { $0 }.sorted() == Array(Self.costs.indices))
        #expect(shards.allSatisfy { $0 == $0.sorted() })
    }

    @Test("no shard costs more than the mean plus the largest single run", arguments: [2, 3, 4, 7])
    func balanced(count: Int) {
        let loads = Shard.partition(costs: Self.costs, count: count).map { $0.map { Self.costs[$0] }.reduce(0, +) }
        let mean = Self.costs.reduce(0, +) / Double(count)
        let largest = Self.costs.max() ?? 0
        #expect(loads.max()! <= mean + largest)
        // Every shard gets work while there are at least as many runs as shards.
        #expect(loads.allSatisfy { $0 > 0 })
    }

    @Test("I/N parses, and auto reads Slurm's or a Kubernetes Indexed Job's variables")
    func parsing() throws {
        #expect(try Shard.parse("2/5", environment: [:]) == Shard(index: 2, count: 5))
        let slurm = ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0"]
        #expect(try Shard.parse("auto", environment: slurm) == Shard(index: 1, count: 3))
        #expect(try Shard.parse("auto", count: 4, environment: ["JOB_COMPLETION_INDEX": "3"]) == Shard(index: 3, count: 4))
        #expect(try Shard.parse("auto", environment: slurm).folderName == "1-of-3")
    }

    /// A `--shard` value, `--shard-count` and environment that make no shard, and a piece of the message.
    struct BadShard: Sendable, CustomTestStringConvertible {
        var text: String
        var count: Int?
        var environment: [String: String]
        var message: String
        var testDescription: String { "\(text) \(count.map(String.init) ?? "-") \(environment)" }
    }

    static let badShards: [BadShard] = [
        BadShard(text: "3/3", count: nil, environment: [:], message: "outside 0...2"),
        BadShard(text: "-1/2", count: nil, environment: [:], message: "outside 0...1"),
        BadShard(text: "1of2", count: nil, environment: [:], message: "expects I/N"),
        BadShard(text: "0/0", count: nil, environment: [:], message: "at least 1"),
        BadShard(text: "1/2", count: 2, environment: [:], message: "--shard-count goes with --shard auto"),
        BadShard(text: "auto", count: nil, environment: [:], message: "neither SLURM_ARRAY_TASK_ID"),
        BadShard(text: "auto", count: nil, environment: ["SLURM_ARRAY_TASK_ID": "1"], message: "SLURM_ARRAY_TASK_COUNT is missing"),
        BadShard(text: "auto", count: nil, environment: ["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "2"],
                 message: "\"x\", not an integer"),
        BadShard(text: "auto", count: nil, environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1"],
                 message: "the array starts at 1"),
        BadShard(text: "auto", count: nil, environment: ["JOB_COMPLETION_INDEX": "0"], message: "add --shard-count N"),
        BadShard(text: "auto", count: 2, environment: ["JOB_COMPLETION_INDEX": "2"], message: "outside 0...1"),
    ]

    @Test("bad shards are errors that say what is wrong", arguments: badShards)
    func errors(bad: BadShard) {
        do {
            let shard = try Shard.parse(bad.text, count: bad.count, environment: bad.environment)
            Issue.record("\(bad.text) parsed as \(shard)")
        } catch {
            #expect(error.description.contains(bad.message), "\(error.description)")
        }
    }
}
