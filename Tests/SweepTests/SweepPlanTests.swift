// plan.json and the merge of shards: sharded runs keep to their own files, and merging the
// shards' run directories gives the summary and curves of the same sweep run in one piece.

import Dispatch
import Files
import Foundation
import TestFolders
import Testing
@testable import Sweep

/// metrics.csv rows without elapsed_s (the last column), which differs from run to run.
func metricsWithoutTimings(_ root: URL) throws -> [String] {
    let lines = try String(contentsOf: root.appendingPathComponent("metrics.csv"), encoding: .utf8).split(separator: "\r\n")
    let elapsed = try #require(lines.first?.split(separator: ",").firstIndex(of: "elapsed_s"))
    return lines.map { line in
        var fields = line.split(separator: ",", omittingEmptySubsequences: false)
        fields.remove(at: elapsed)
        return fields.joined(separator: ",")
    }
}

@Suite struct SweepPlanTests {
    @Test("a sharded run writes its runs and shards/<I>-of-<N>/ only, creating plan.json and spec.json but never replacing them")
    func shardKeepsToItsFiles() throws {
        let dir = try temporaryDirectory()
        let runs = plannedRuns(corpus: try writeCorpus(in: dir))
        let root = dir.appendingPathComponent("s")
        let earlierPlan = Data("{\"runs\": [], \"swept_keys\": []}\n".utf8)
        try writeAtomically(earlierPlan, to: root.appendingPathComponent("plan.json"))
        let runner = SweepRunner(runs: runs, output: root, jobs: 1, shard: try Shard(index: 1, count: 2))
        let outcome = try runner.run(specText: Data("{\"name\": \"s\"}".utf8))

        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(names == ["plan.json", "runs", "shards", "spec.json"])
        #expect(try Data(contentsOf: root.appendingPathComponent("plan.json")) == earlierPlan)
        let shardFiles = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("shards/1-of-2").path).sorted()
        #expect(shardFiles == ["metrics.csv", "status.json", "summary.csv"])
        // Exactly the shard's runs were trained, and only they have directories.
        let mine = runner.selected.map { runs[$0].id }
        #expect(mine.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("runs").path).sorted() == mine.sorted())
        #expect(outcome.records.compactMap { $0 }.count == 2)
        #expect(try summaryWithoutTimings(root.appendingPathComponent("shards/1-of-2")).dropFirst().map { $0[0] } == mine)
    }

    @Test("two shards run at once and merged equal the unsharded sweep, minus timings; the merge names what is missing")
    func mergeEqualsUnsharded() throws {
        let dir = try temporaryDirectory()
        let runs = plannedRuns(corpus: try writeCorpus(in: dir))
        let whole = dir.appendingPathComponent("whole"), sharded = dir.appendingPathComponent("sharded")
        _ = try SweepRunner(runs: runs, output: whole, jobs: 1).run(specText: Data("{}".utf8))
        let layout = SweepLayout(root: sharded)
        // plan.json as `tinylab slurm` writes it before submitting.
        try writeAtomically(encodeJSON(SweepPlan(runs: runs)), to: layout.plan)

        let first = SweepRunner(runs: runs, output: sharded, jobs: 1, shard: try Shard(index: 0, count: 2))
        _ = try first.run(specText: Data("{}".utf8))
        let partial = try layout.mergeResults()
        let rest = Set(runs.map(\.id)).subtracting(first.selected.map { runs[$0].id })
        #expect(partial.planned == 4)
        #expect(Set(partial.missing.map(\.id)) == rest)
        #expect(partial.missing.allSatisfy { $0.status == nil })
        #expect(try summaryWithoutTimings(sharded).count == 1 + first.selected.count)

        // Both shards at the same time, as two array tasks would run (the first has nothing left).
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do {
                let runner = SweepRunner(runs: runs, output: sharded, jobs: 1, shard: try Shard(index: i, count: 2))
                _ = try runner.run(specText: Data("{}".utf8))
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let merged = try layout.mergeResults()
        #expect(merged.missing.isEmpty && merged.unplanned == 0)
        #expect(merged.runs.map(\.id) == runs.map(\.id))
        #expect(try summaryWithoutTimings(sharded) == summaryWithoutTimings(whole))
        #expect(try metricsWithoutTimings(sharded) == metricsWithoutTimings(whole))
        // The unsharded run wrote the same plan as the one given before the shards.
        #expect(try SweepLayout(root: whole).readPlan() == layout.readPlan())
    }

    @Test("--fresh in a shard discards that shard's runs only, leaving the other shards' alone")
    func freshShard() throws {
        let dir = try temporaryDirectory()
        let runs = plannedRuns(corpus: try writeCorpus(in: dir))
        let layout = SweepLayout(root: dir.appendingPathComponent("s"))
        for run in runs { try writeAtomically(Data("old".utf8), to: layout.run(run.id).appendingPathComponent("marker")) }
        let runner = SweepRunner(runs: runs, output: layout.root, jobs: 1, fresh: true, shard: try Shard(index: 0, count: 2))
        _ = try runner.run(specText: Data("{}".utf8))
        for (i, run) in runs.enumerated() {
            let kept = FileManager.default.fileExists(atPath: layout.run(run.id).appendingPathComponent("marker").path)
            #expect(kept == !runner.selected.contains(i), "\(run.id)")
        }
    }

    @Test("plan.json lists the run ids in plan order with their swept values, and reads back")
    func planFile() throws {
        let dir = try temporaryDirectory()
        let runs = plannedRuns(corpus: try writeCorpus(in: dir))
        let layout = SweepLayout(root: dir)
        #expect(try layout.readPlan() == nil)
        try writeAtomically(encodeJSON(SweepPlan(runs: runs)), to: layout.plan)
        let plan = try #require(try layout.readPlan())
        #expect(plan.sweptKeys == ["learning_rate", "seed"])
        #expect(plan.runs.map(\.id) == runs.map(\.id))
        #expect(plan.runs[1].values == ["0.3", "2"])
    }

    @Test("a folder with neither plan nor runs is left untouched by a merge")
    func emptyFolder() throws {
        let dir = try temporaryDirectory()
        let merge = try SweepLayout(root: dir).mergeResults()
        #expect(merge.runs.isEmpty && merge.planned == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test("creating a file exclusively succeeds once and never replaces it")
    func exclusiveCreate() throws {
        let url = try temporaryDirectory().appendingPathComponent("plan.json")
        #expect(try createExclusively(Data("one".utf8), at: url))
        #expect(try !createExclusively(Data("two".utf8), at: url))
        #expect(try String(contentsOf: url, encoding: .utf8) == "one")
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["plan.json"])
    }
}

/// Errors from worker threads, collected for the test to check.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return messages }
}
