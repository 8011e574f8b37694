import Foundation
import TestFolders
import MLP
import Testing
@testable import Sweep

/// `n` configurations (learning rates 0.1, 0.2, ...) of `seeds` seeds each, in plan order
/// configuration by configuration, training `steps` steps.
private func configs(_ n: Int, seeds: [UInt64] = [1], steps: Int = 2700) -> [RunConfig] {
    (0..<n).flatMap { i in
        seeds.map { seed in
            var c = RunConfig()
            c.training.learningRate = 0.1 * Double(i + 1)
            c.training.seed = seed
            c.training.steps = steps
            return c
        }
    }
}

/// A rung row of metrics.csv at `step` with `loss`.
private func rungRow(_ step: Int, _ loss: Double) -> MetricsRow {
    MetricsRow(step: step, split: .rung, loss: loss, learningRate: 0.1, elapsedSeconds: 0, bpc: loss / log(2))
}

@Suite struct HalvingArithmeticTests {
    @Test("rungs are min_steps times reduction to the k while below steps, then steps")
    func rungs() {
        let halving = Halving(minSteps: 100, reduction: 3)
        #expect(halving.rungs(steps: 2700) == [100, 300, 900, 2700])
        #expect(halving.rungs(steps: 1000) == [100, 300, 900, 1000])
        #expect(halving.rungs(steps: 900) == [100, 300, 900])
        #expect(halving.rungs(steps: 101) == [100, 101])
        // A rung past Int.max ends the list instead of overflowing.
        #expect(Halving(minSteps: 1 << 40, reduction: 1 << 30).rungs(steps: .max) == [1 << 40, .max])
    }

    @Test("each rung keeps ceil(n / reduction) configurations, also when reduction does not divide n")
    func promotedCounts() {
        let halving = Halving(minSteps: 100, reduction: 3)
        #expect([27, 10, 4, 3, 2, 1].map(halving.promoted(of:)) == [9, 4, 2, 1, 1, 1])
        // 10 configurations of 2 seeds each: 10, 4, 2, 1 configurations reach the four rungs.
        let schedule = halving.schedule(configs(10, seeds: [1, 2]))
        #expect(schedule.map(\.step) == [100, 300, 900, 2700])
        #expect(schedule.map(\.configurations) == [10, 4, 2, 1])
        #expect(schedule.map(\.runs) == [20, 8, 4, 2])
    }

    @Test("the planned work of 27 configurations to 2,700 steps is 8,100 run-steps, 11.1% of the grid")
    func plannedWork() {
        let work = Halving(minSteps: 100, reduction: 3).plannedWork(configs(27))
        #expect(work.runSteps == 27 * 100 + 9 * 200 + 3 * 600 + 1 * 1800)
        #expect(work.runSteps == 8100)
        #expect(abs(work.fraction - 8100.0 / 72900.0) < 1e-12)
        let share = Halving(minSteps: 100, reduction: 3).share(configs(27))
        #expect(abs(share.rungPasses - 40.0 / 27) < 1e-12)
        #expect(abs(share.sessions - (40.0 + 26) / 27) < 1e-12)
    }

    @Test("runs that differ only in their seed are one configuration, in the order of their first run")
    func seedsGrouped() {
        var plan = configs(3, seeds: [1, 2])
        // Move the second configuration's first seed to the end of the plan.
        plan.append(plan.remove(at: 2))
        #expect(Halving.configurations(plan) == [[0, 1], [2, 5], [3, 4]])
    }
}

@Suite struct HalvingDecisionTests {
    let halving = Halving(minSteps: 10, reduction: 2)
    let ids = ["a", "b", "c", "d", "e", "f"]

    @Test("configurations rank by the mean of their seeds; the best ceil(n/2) go on")
    func meanOfSeeds() throws {
        // Three configurations of two seeds: means 2.5, 2.0, 3.0.
        let losses = [2.0, 3.0, 1.5, 2.5, 3.0, 3.0]
        let decision = try #require(halving.decide(step: 10, last: false, groups: [[0, 1], [2, 3], [4, 5]], ids: ids,
                                                   outcome: { .measured(loss: losses[$0], bpc: nil) }, measure: .natsPerToken))
        #expect(decision.ranking.map(\.runs) == [["c", "d"], ["a", "b"], ["e", "f"]])
        #expect(decision.ranking.map(\.loss) == [2.0, 2.5, 3.0])
        #expect(decision.ranking.map(\.promoted) == [true, true, false])
    }

    @Test("equal losses go to plan order")
    func ties() throws {
        let decision = try #require(halving.decide(step: 10, last: false, groups: [[0], [1], [2], [3]], ids: ids,
                                                   outcome: { .measured(loss: $0 == 0 ? 3 : 2, bpc: nil) }, measure: .natsPerToken))
        #expect(decision.ranking.map(\.runs) == [["b"], ["c"], ["d"], ["a"]])
        #expect(decision.ranking.map(\.promoted) == [true, true, false, false])
    }

    @Test("a configuration with a diverged seed is never promoted, even into a free place")
    func divergedNeverPromoted() throws {
        // Two configurations, one place; the better mean has a diverged seed.
        let outcomes: [RungOutcome] = [.measured(loss: 1, bpc: nil), .out(.diverged), .measured(loss: 3, bpc: nil), .measured(loss: 3, bpc: nil)]
        let decision = try #require(Halving(minSteps: 10, reduction: 2).decide(
            step: 10, last: false, groups: [[0, 1], [2, 3]], ids: ids, outcome: { outcomes[$0] }, measure: .natsPerToken))
        #expect(decision.ranking.map(\.runs) == [["c", "d"], ["a", "b"]])
        #expect(decision.ranking.map(\.promoted) == [true, false])
        // With every configuration out, no place is filled.
        let none = try #require(halving.decide(step: 10, last: false, groups: [[0], [1]], ids: ids,
                                               outcome: { _ in .out(.diverged) }, measure: .natsPerToken))
        #expect(none.ranking.allSatisfy { !$0.promoted && $0.loss == nil })
    }

    @Test("nothing is decided while a run has not reported; the last rung promotes nothing")
    func pendingAndLast() throws {
        #expect(halving.decide(step: 10, last: false, groups: [[0], [1]], ids: ids,
                               outcome: { $0 == 0 ? .measured(loss: 1, bpc: nil) : .pending }, measure: .natsPerToken) == nil)
        let last = try #require(halving.decide(step: 10, last: true, groups: [[0], [1]], ids: ids,
                                               outcome: { .measured(loss: Double($0), bpc: nil) }, measure: .natsPerToken))
        #expect(last.ranking.allSatisfy { !$0.promoted })
    }

    @Test("per character when the tokenizers differ: bits per character decide, not nats per token")
    func comparableMeasure() throws {
        let outcomes: [RungOutcome] = [.measured(loss: 2, bpc: 3), .measured(loss: 4, bpc: 2)]
        let decision = try #require(halving.decide(step: 10, last: false, groups: [[0], [1]], ids: ids,
                                                   outcome: { outcomes[$0] }, measure: .bitsPerCharacter))
        #expect(decision.ranking.map(\.runs) == [["b"], ["a"]])
        #expect(decision.ranking.first?.loss == 2)
    }
}

@Suite struct HalvingStateTests {
    let halving = Halving(minSteps: 100, reduction: 3)

    @Test("a fresh sweep trains every run to the first rung")
    func fresh() {
        let plan = configs(4)
        let state = halving.state(ids: ["a", "b", "c", "d"], configs: plan, records: [nil, nil, nil, nil], rungRows: [[:], [:], [:], [:]])
        #expect(state.rung == 0)
        #expect(state.decisions.isEmpty)
        #expect(state.work == (0..<4).map { .advance(run: $0, to: 100) })
    }

    @Test("after a rung: the promoted go on, the others are stopped, once, at the rung")
    func afterFirstRung() {
        let plan = configs(4)
        let ids = ["a", "b", "c", "d"]
        let rows = [3.0, 1.0, 2.0, 4.0].map { [100: rungRow(100, $0)] }
        var records = plan.map { Optional(RunRecord(config: $0, sample: SampleConfig(), status: .paused)) }
        var state = halving.state(ids: ids, configs: plan, records: records, rungRows: rows)
        // ceil(4/3) = 2 promoted: b and c.
        #expect(state.decisions.first?.ranking.filter(\.promoted).flatMap(\.runs) == ["b", "c"])
        #expect(state.rung == 1)
        #expect(state.work == [.stop(run: 0, at: 100), .stop(run: 3, at: 100), .advance(run: 1, to: 300), .advance(run: 2, to: 300)])
        // A run already stopped is not stopped again.
        records[0]?.status = .stopped
        records[0]?.stoppedAtStep = 100
        state = halving.state(ids: ids, configs: plan, records: records, rungRows: rows)
        #expect(state.work == [.stop(run: 3, at: 100), .advance(run: 1, to: 300), .advance(run: 2, to: 300)])
        #expect(state.configurationsPerRung == [4, 2])
    }

    @Test("a run that diverged before a rung is out of it, not waited for")
    func divergedIsOut() {
        let plan = configs(3)
        var diverged = RunRecord(config: plan[0], sample: SampleConfig(), status: .diverged)
        diverged.divergedAtStep = 40
        let state = halving.state(ids: ["a", "b", "c"], configs: plan, records: [diverged, nil, nil],
                                  rungRows: [[:], [100: rungRow(100, 2)], [100: rungRow(100, 3)]])
        #expect(state.decisions.count == 1)
        #expect(state.decisions[0].ranking.map(\.runs) == [["b"], ["c"], ["a"]])
        #expect(state.work == [.stop(run: 2, at: 100), .advance(run: 1, to: 300)])
    }

    @Test("a run stopped by its patience before a rung is out of it")
    func patienceIsOut() {
        let plan = configs(2)
        var stopped = RunRecord(config: plan[1], sample: SampleConfig(), status: .stopped)
        stopped.stoppedAtStep = 60
        let state = halving.state(ids: ["a", "b"], configs: plan, records: [nil, stopped], rungRows: [[100: rungRow(100, 2)], [:]])
        #expect(state.decisions.first?.ranking.map(\.promoted) == [true, false])
        #expect(state.work == [.advance(run: 0, to: 300)])
    }

    @Test("every rung measured: done, with the decisions of all four")
    func done() {
        let plan = configs(9)
        let ids = (0..<9).map { "r\($0)" }
        // Run i has loss i at every rung, so r0 wins and is promoted each time.
        let rows = (0..<9).map { i in Dictionary(uniqueKeysWithValues: [100, 300, 900, 2700].map { ($0, rungRow($0, Double(i))) }) }
        var records: [RunRecord?] = plan.map { RunRecord(config: $0, sample: SampleConfig(), status: .stopped) }
        records[0]?.status = .completed
        let state = halving.state(ids: ids, configs: plan, records: records, rungRows: rows)
        #expect(state.work.isEmpty)
        #expect(state.rung == nil)
        #expect(state.decisions.map { $0.ranking.filter(\.promoted).count } == [3, 1, 1, 0])
        #expect(state.configurationsPerRung == [9, 3, 1, 1])
    }
}

@Suite struct PatienceTests {
    @Test("patience counts the evaluations since the first time the best loss was reached")
    func rule() {
        var options = TrainingOptions()
        #expect(!options.isOutOfPatience(validationLosses: [3, 3, 3, 3, 3]))
        options.patience = 2
        #expect(options.isOutOfPatience(validationLosses: [3, 2, 2.5, 2.6]))
        #expect(!options.isOutOfPatience(validationLosses: [3, 2, 2.5]))
        // An equal loss is no improvement.
        #expect(options.isOutOfPatience(validationLosses: [2, 2, 2]))
        options.patience = 3
        #expect(!options.isOutOfPatience(validationLosses: [3, 2, 2.5, 2.6]))
    }

    @Test("a run whose validation loss stays put ends stopped after `patience` evaluations, with results")
    func runStops() throws {
        let dir = try temporaryDirectory()
        var config = smallConfig(corpus: try writeCorpus(in: dir))
        // Steps this small leave every float32 parameter, and so the loss, exactly as it was.
        config.training.learningRate = 1e-12
        config.training.patience = 2
        let record = TrainingRun(config: config, sample: SampleConfig(tokens: 5), directory: dir.appendingPathComponent("run")).execute()
        #expect(record.status == .stopped)
        #expect(record.stoppedAtStep == 2 * config.training.evalEvery)
        #expect(record.results?.valLoss?.isFinite == true)
        #expect(record.results?.trainLoss?.isFinite == true)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("run/samples.json").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("run/checkpoint.safetensors").path))
    }
}

@Suite struct RungSessionTests {
    @Test("a rung session repeated (killed after its checkpoint, before its files) measures the rung once")
    func repeatedPause() throws {
        let dir = try temporaryDirectory()
        let layout = SweepLayout(root: dir)
        let run = TrainingRun(config: smallConfig(corpus: try writeCorpus(in: dir)), sample: SampleConfig(tokens: 5),
                              directory: layout.run("run"))
        let control = RunControl(rungs: [20, 60], pauseAt: 20)
        #expect(run.execute(control: control).status == .paused)
        #expect(run.execute(control: control).status == .paused)
        let rows = layout.evaluationRows(of: "run").filter { $0.split == .rung }
        #expect(rows.map(\.step) == [20])
        // And the run goes on from there to its end like one never paused.
        let resumed = run.execute(control: RunControl(rungs: [20, 60]))
        let straight = TrainingRun(config: run.config, sample: run.sample, directory: dir.appendingPathComponent("straight")).execute()
        #expect(resumed.status == .completed)
        #expect(resumed.results?.valLoss == straight.results?.valLoss)
        #expect(layout.evaluationRows(of: "run").filter { $0.split == .rung }.map(\.step) == [20, 60])
    }
}

@Suite struct HalvingSweepTests {
    /// Four configurations (learning rates) of one seed, 60 steps, rungs at 15, 30 and 60.
    func halvingRuns(corpus: URL) -> [PlannedRun] {
        plannedRuns(corpus: corpus, learningRates: [0.05, 0.3, 0.6, 1.2], seeds: [1])
    }
    let halving = Halving(minSteps: 15, reduction: 2)

    @Test("4 configurations, reduction 2: 4, 2, 1 reach the rungs; one completes, three stop at their rungs")
    func sweep() throws {
        let dir = try temporaryDirectory()
        let runs = halvingRuns(corpus: try writeCorpus(in: dir))
        let runner = SweepRunner(runs: runs, output: dir.appendingPathComponent("h"), jobs: 2, halving: halving)
        let outcome = try runner.run(specText: Data("{}".utf8))
        #expect(outcome.exitStatus == 0)
        let statuses = outcome.records.map { $0?.status }
        #expect(statuses.filter { $0 == .completed }.count == 1)
        #expect(statuses.filter { $0 == .stopped }.count == 3)
        #expect(outcome.records.compactMap { $0?.stoppedAtStep }.sorted() == [15, 15, 30])
        // Every stopped run has its results as of its rung, its rung row the same number.
        for (run, record) in zip(runs, outcome.records) {
            let record = try #require(record)
            let rungs = runner.layout.evaluationRows(of: run.id).filter { $0.split == .rung }
            #expect(rungs.map(\.step) == [15, 30, 60].filter { $0 <= (record.stoppedAtStep ?? 60) })
            #expect(record.results?.valLoss == rungs.last?.loss)
            #expect(record.results?.trainLoss != nil)
        }
        let saved = try decodeJSON(HalvingRecord.self, from: runner.layout.halving)
        #expect(saved.rungs == [15, 30, 60])
        #expect(saved.decisions.map { $0.ranking.count } == [4, 2, 1])
        #expect(!FileManager.default.fileExists(atPath: runner.layout.run(runs[0].id).appendingPathComponent(RunFile.checkpoint).path))

        // The winner ends exactly where a plain run of its configuration ends.
        let winner = try #require(zip(runs, outcome.records).first { $0.1?.status == .completed })
        let plain = TrainingRun(config: winner.0.config, sample: winner.0.sample, directory: dir.appendingPathComponent("plain")).execute()
        #expect(plain.results?.valLoss == winner.1?.results?.valLoss)
        #expect(plain.results?.trainLoss == winner.1?.results?.trainLoss)

        // One job gives the same summary.
        let one = SweepRunner(runs: runs, output: dir.appendingPathComponent("one"), jobs: 1, halving: halving)
        _ = try one.run(specText: Data("{}".utf8))
        #expect(try summaryWithoutTimings(one.layout.root) == summaryWithoutTimings(runner.layout.root))
    }

    @Test("stopped after each piece of work and resumed, the sweep ends with the same summary")
    func interrupted() throws {
        let dir = try temporaryDirectory()
        let runs = halvingRuns(corpus: try writeCorpus(in: dir))
        let straight = SweepRunner(runs: runs, output: dir.appendingPathComponent("straight"), jobs: 1, halving: halving)
        _ = try straight.run(specText: Data("{}".utf8))

        let resumed = SweepRunner(runs: runs, output: dir.appendingPathComponent("resumed"), jobs: 1, halving: halving)
        var invocations = 0
        while true {
            invocations += 1
            let stop = StopSignal()
            // Each invocation does one piece of work (a rung of one run, or a stop) and is stopped.
            let outcome = try resumed.run(specText: Data("{}".utf8), stop: stop, onEvent: { event in
                if case .runFinished = event { stop.request() }
            })
            if !outcome.interrupted { break }
            try #require(invocations < 30)
        }
        // 4 + 2 + 1 trainings to rungs and 3 stops, one per invocation, and a last one that finds the sweep done
        // (the last training also ends the sweep, so it may be the one).
        #expect(invocations >= 10)
        #expect(try summaryWithoutTimings(resumed.layout.root) == summaryWithoutTimings(straight.layout.root))
    }
}
