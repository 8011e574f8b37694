// Halving in shards: a rung's work is one list, the same however far the rung has got, worked out
// from the decisions of the rungs before it; a rung whose earlier rungs are not complete is
// refused; and shards of each rung, run rung after rung, end with the numbers of the whole sweep.

import Foundation
import TestFolders
import Testing
@testable import Sweep

@Suite struct HalvingShardTests {
    // MARK: - A worked example

    // Four configurations A B C D (learning rates 0.1 0.2 0.3 0.4), two seeds each, so runs
    // 0..7 are A1 A2 B1 B2 C1 C2 D1 D2. Steps 40, min_steps 10, reduction 2: rungs 10, 20, 40.
    static let halving = Halving(minSteps: 10, reduction: 2)
    static let ids = ["A1", "A2", "B1", "B2", "C1", "C2", "D1", "D2"]
    static let configs: [RunConfig] = ids.indices.map { i in
        var c = RunConfig()
        c.training.steps = 40
        c.training.learningRate = [0.1, 0.2, 0.3, 0.4][i / 2]
        c.training.seed = UInt64(i % 2 + 1)
        return c
    }

    /// The run folders as the example has them: each run's record and rung losses by step.
    struct Folders {
        var records = [RunRecord?](repeating: nil, count: 8)
        var rungRows = [[Int: MetricsRow]](repeating: [:], count: 8)

        mutating func measure(_ run: Int, at step: Int, loss: Double) {
            rungRows[run][step] = MetricsRow(step: step, split: .rung, loss: loss, learningRate: 0.1, elapsedSeconds: 0)
            set(run, .paused)
        }

        mutating func set(_ run: Int, _ status: RunStatus) {
            records[run] = RunRecord(config: HalvingShardTests.configs[run], sample: SampleConfig(), status: status)
        }

        func work(ofRung k: Int) throws(SweepError) -> RungWork {
            try HalvingShardTests.halving.work(ofRung: k, ids: HalvingShardTests.ids, configs: HalvingShardTests.configs,
                                               records: records, rungRows: rungRows)
        }
    }

    /// Rung 1 decided: mean losses A 3.0, B 2.0, C 2.5, D out (D2 diverged before step 10),
    /// so the best ceil(4/2) = 2, B and C, go on.
    static func rungOneDone() -> Folders {
        var folders = Folders()
        for (run, loss) in [(0, 2.9), (1, 3.1), (2, 1.9), (3, 2.1), (4, 2.4), (5, 2.6), (6, 1.0)] {
            folders.measure(run, at: 10, loss: loss)
        }
        folders.set(7, .diverged)
        return folders
    }

    @Test("rung 1 is every run, each done once it has its rung row or is out")
    func firstRung() throws {
        var folders = Folders()
        folders.measure(0, at: 10, loss: 3)
        folders.set(5, .failed)
        let work = try folders.work(ofRung: 0)
        #expect(work.step == 10)
        #expect(work.items == (0 ..< 8).map { .advance(run: $0, to: 10) })
        #expect(work.done == [true, false, false, false, false, true, false, false])
        #expect(!work.isComplete)
    }

    @Test("rung 2 is the runs rung 1 did not promote, to stop, then the runs of the configurations it promoted")
    func secondRung() throws {
        let work = try Self.rungOneDone().work(ofRung: 1)
        #expect(work.step == 20)
        #expect(work.items == [.stop(run: 0, at: 10), .stop(run: 1, at: 10), .stop(run: 6, at: 10), .stop(run: 7, at: 10),
                               .advance(run: 2, to: 20), .advance(run: 3, to: 20), .advance(run: 4, to: 20), .advance(run: 5, to: 20)])
        // D2 diverged: it has ended, there is nothing to stop.
        #expect(work.done == [false, false, false, true, false, false, false, false])
    }

    @Test("a rung's list stays the same as its work gets done; only what is done changes")
    func stableList() throws {
        var folders = Self.rungOneDone()
        let before = try folders.work(ofRung: 1)
        folders.set(0, .stopped)
        folders.measure(2, at: 20, loss: 1.5)
        folders.set(4, .interrupted)
        let after = try folders.work(ofRung: 1)
        #expect(after.items == before.items)
        #expect(after.done == [true, false, false, true, true, false, false, false])
        #expect(after.left == [.stop(run: 1, at: 10), .stop(run: 6, at: 10), .advance(run: 3, to: 20), .advance(run: 4, to: 20),
                               .advance(run: 5, to: 20)])
    }

    @Test("the work left of the rung being trained is the work the halving state has left")
    func agreesWithState() throws {
        var folders = Self.rungOneDone()
        folders.set(0, .stopped)
        folders.measure(2, at: 20, loss: 1.5)
        let state = Self.halving.state(ids: Self.ids, configs: Self.configs, records: folders.records, rungRows: folders.rungRows)
        let rung = try #require(state.rung)
        #expect(rung == 1)
        #expect(Set(try folders.work(ofRung: rung).left.map(String.init(describing:))) == Set(state.work.map(String.init(describing:))))
    }

    @Test("rung 3 waits for every item of rung 2, stops included, and names the runs it waits for")
    func refusedUntilComplete() throws {
        var folders = Self.rungOneDone()
        // Rung 2 trained: B 1.5, C 1.2, so C goes on; but A2 has not been stopped yet.
        for (run, loss) in [(2, 1.4), (3, 1.6), (4, 1.1), (5, 1.3)] { folders.measure(run, at: 20, loss: loss) }
        for run in [0, 6] { folders.set(run, .stopped) }
        #expect(throws: SweepError.rungNotReady(rung: 3, step: 40, earlier: 2, earlierStep: 20, waiting: ["A2"])) {
            try folders.work(ofRung: 2)
        }
        folders.set(1, .stopped)
        let work = try folders.work(ofRung: 2)
        #expect(work.items == [.stop(run: 2, at: 20), .stop(run: 3, at: 20), .advance(run: 4, to: 40), .advance(run: 5, to: 40)])
        #expect(work.left == work.items)
    }

    @Test("a rung the sweep does not have is refused with the rungs it has")
    func noSuchRung() {
        #expect(throws: SweepError.badRung("--rung 4: the sweep has 3 rungs, at steps 10, 20, 40; give 1 to 3")) {
            try Folders().work(ofRung: 3)
        }
    }

    @Test("the message of a rung that cannot start says which rung to finish first")
    func notReadyMessage() {
        let error = SweepError.rungNotReady(rung: 3, step: 40, earlier: 2, earlierStep: 20, waiting: ["a", "b", "c", "d", "e"])
        #expect(error.description == "rung 3 (step 40) cannot start: rung 2 (step 20) is not complete, 5 of its runs are not done "
                + "(a, b, c and 2 more); finish rung 2 first (its shards with --rung 2, or `tinylab slurm`, which starts at the first rung not complete)")
    }

    // MARK: - Shards that train

    @Test("shards of each rung, run rung after rung, end with the summary and decisions of the sweep run whole")
    func shardsMatchWholeSweep() throws {
        let dir = try temporaryDirectory()
        let runs = plannedRuns(corpus: try writeCorpus(in: dir), learningRates: [0.1, 0.3, 0.6, 0.9], seeds: [1])
        // Steps 60, rungs 20, 40, 60: four configurations, then two, then one.
        let halving = Halving(minSteps: 20, reduction: 2)
        let whole = SweepRunner(runs: runs, output: dir.appendingPathComponent("whole"), jobs: 2, halving: halving)
        #expect(try whole.run(specText: Data("{}".utf8)).exitStatus == 0)

        let out = dir.appendingPathComponent("shards")
        func shard(_ i: Int, of n: Int, rung: Int) throws -> SweepRunner {
            SweepRunner(runs: runs, output: out, jobs: 1, shard: try Shard(index: i, count: n), halving: halving, rung: rung)
        }
        // Rung 2 before rung 1 is complete is refused before anything is written.
        #expect(throws: SweepError.self) { try shard(0, of: 2, rung: 1).run(specText: Data("{}".utf8)) }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // Three shards at rung 1, two after, one of them run twice (it finds nothing left).
        for (rung, count) in [(0, 3), (1, 2), (1, 2), (2, 2)] {
            for i in 0 ..< count { #expect(try shard(i, of: count, rung: rung).run(specText: Data("{}".utf8)).exitStatus == 0) }
        }
        let layout = SweepLayout(root: out)
        let merge = try layout.mergeResults()
        #expect(merge.missing.isEmpty)
        let sharded = SweepRunner(runs: runs, output: out, jobs: 1, halving: halving)
        #expect(sharded.rungWorks().map(\.isComplete) == [true, true, true])
        try sharded.writeHalvingRecord()
        #expect(try summaryWithoutTimings(out) == summaryWithoutTimings(dir.appendingPathComponent("whole")))
        let expected = try decodeJSON(HalvingRecord.self, from: whole.layout.halving)
        #expect(try decodeJSON(HalvingRecord.self, from: layout.halving) == expected)
        #expect(expected.decisions.map { $0.ranking.filter(\.promoted).count } == [2, 1, 0])
        // Each rung's shards keep their files apart.
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("shards/rung-2/1-of-2/status.json").path))
    }

    @Test("a shard of a halving sweep needs a rung, and a rung needs a shard and halving", arguments: [
        (true, true, false, "trains one rung"), (true, false, true, "goes with --shard"), (false, true, true, "has no `halving`"),
    ])
    func rungInPlace(halving: Bool, shard: Bool, rung: Bool, message: String) throws {
        let runner = SweepRunner(runs: [], output: try temporaryDirectory(), jobs: 1, shard: shard ? try Shard(index: 0, count: 2) : nil,
                                 halving: halving ? Self.halving : nil, rung: rung ? 0 : nil)
        do {
            _ = try runner.run(specText: Data("{}".utf8))
            Issue.record("ran")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}
