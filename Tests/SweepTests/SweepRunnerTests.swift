import BPE
import Foundation
import TestFolders
import Testing
@testable import Sweep

/// Four small runs over two learning rates and two seeds.
func plannedRuns(corpus: URL, learningRates: [Double] = [0.3, 0.6], seeds: [UInt64] = [1, 2]) -> [PlannedRun] {
    learningRates.flatMap { lr in
        seeds.map { seed in
            var c = smallConfig(corpus: corpus)
            c.training.learningRate = lr
            c.training.seed = seed
            c.checkpointEvery = 20
            return PlannedRun(id: "lr=\(lr)_seed=\(seed)", config: c, sample: SampleConfig(tokens: 5),
                              swept: [("learning_rate", "\(lr)"), ("seed", "\(seed)")],
                              shape: c.shape(vocabularySize: c.model.vocabularySize), trainingExamples: 0, validationExamples: 0)
        }
    }
}

/// summary.csv without the timing columns, which differ from run to run.
func summaryWithoutTimings(_ root: URL) throws -> [[String]] {
    let lines = try String(contentsOf: root.appendingPathComponent("summary.csv"), encoding: .utf8).split(separator: "\r\n")
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let timing = Set(["examples_per_second", "seconds"].compactMap { header.firstIndex(of: $0) })
    return lines.map { line in
        line.split(separator: ",", omittingEmptySubsequences: false).enumerated().filter { !timing.contains($0.offset) }.map { String($0.element) }
    }
}

/// Records the ids of runs that started.
final class StartedRuns: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []
    func add(_ id: String) { lock.lock(); ids.append(id); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return ids }
}

@Suite struct SweepRunnerTests {
    @Test("one job and two jobs give the same summary, row for row")
    func jobsDoNotChangeResults() throws {
        let dir = try temporaryDirectory()
        let runs = plannedRuns(corpus: try writeCorpus(in: dir))
        let one = try SweepRunner(runs: runs, output: dir.appendingPathComponent("one"), jobs: 1)
            .run(specText: Data("{}".utf8))
        let two = try SweepRunner(runs: runs, output: dir.appendingPathComponent("two"), jobs: 2)
            .run(specText: Data("{}".utf8))
        #expect(one.records.allSatisfy { $0?.status == .completed })
        #expect(two.exitStatus == 0)
        #expect(try summaryWithoutTimings(dir.appendingPathComponent("one")) == summaryWithoutTimings(dir.appendingPathComponent("two")))
        // One row per run in plan order, whatever order they finished in.
        #expect(try summaryWithoutTimings(dir.appendingPathComponent("two")).dropFirst().map { $0[0] } == runs.map(\.id))
    }

    @Test("a second invocation skips completed runs and starts none")
    func resumeSkipsCompleted() throws {
        let dir = try temporaryDirectory()
        let runs = plannedRuns(corpus: try writeCorpus(in: dir))
        let runner = SweepRunner(runs: runs, output: dir.appendingPathComponent("s"), jobs: 2)
        _ = try runner.run(specText: Data("{}".utf8))
        let started = StartedRuns()
        let again = try runner.run(specText: Data("{}".utf8)) { event in
            if case .runStarted(let id) = event { started.add(id) }
        }
        #expect(started.all.isEmpty)
        #expect(again.records.allSatisfy { $0?.status == .completed })
    }

    @Test("a sweep stopped part-way and run again ends with the numbers of one never stopped")
    func stopAndResume() throws {
        let dir = try temporaryDirectory()
        let runs = plannedRuns(corpus: try writeCorpus(in: dir))
        _ = try SweepRunner(runs: runs, output: dir.appendingPathComponent("whole"), jobs: 2)
            .run(specText: Data("{}".utf8))
        let stop = StopSignal()
        let evaluations = StartedRuns()
        let runner = SweepRunner(runs: runs, output: dir.appendingPathComponent("split"), jobs: 2)
        let first = try runner.run(specText: Data("{}".utf8), stop: stop) { event in
            // Stop once two evaluations past step 0 have happened anywhere in the sweep.
            if case .runEvaluated(let id, let step, _, _) = event, step > 0 {
                evaluations.add(id)
                if evaluations.all.count >= 2 { stop.request() }
            }
        }
        #expect(first.interrupted)
        #expect(first.exitStatus == 130)
        let second = try runner.run(specText: Data("{}".utf8))
        #expect(!second.interrupted)
        #expect(try summaryWithoutTimings(dir.appendingPathComponent("split")) == summaryWithoutTimings(dir.appendingPathComponent("whole")))
    }

    @Test("a diverging run and a failing run are recorded while the others complete")
    func failureIsolation() throws {
        let dir = try temporaryDirectory()
        var runs = plannedRuns(corpus: try writeCorpus(in: dir), learningRates: [0.3, 5000], seeds: [1])
        var broken = runs[0]
        broken.id = "missing-corpus"
        broken.config.corpus = dir.appendingPathComponent("missing.txt").path
        runs.append(broken)
        let outcome = try SweepRunner(runs: runs, output: dir.appendingPathComponent("s"), jobs: 2)
            .run(specText: Data("{}".utf8))
        #expect(outcome.records.map { $0?.status } == [.completed, .diverged, .failed])
        #expect(outcome.records[2]?.error?.contains("missing.txt") == true)
        #expect(outcome.exitStatus == 1)
        let summary = try summaryWithoutTimings(dir.appendingPathComponent("s"))
        #expect(summary.count == 4)
        #expect(summary[3].last?.contains("missing.txt") == true)
    }
}
