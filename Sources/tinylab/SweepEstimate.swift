// The time a sweep will take on this machine, for `validate`, the ETA of `run` and `run --until`:
// the library's calibration of training, evaluation, sampling and a run's files (Sweep's
// TimeEstimate.swift), plus what the command adds around the runner: each run's three figures,
// drawn on its worker as it ends, and the sweep's figures and pages at the end.

import Foundation
import Plot
import Report
import Sweep

struct SweepEstimate: Sendable {
    let speed: SpeedCalibration
    let jobs: Int
    /// Estimated seconds of each run on a worker, by run id, figures included.
    let perRun: [String: Double]
    /// Seconds of the work after the last run: the sweep figures and both pages.
    let end: Double
    /// Seconds before the first run: reading what earlier invocations wrote.
    let start: Double
    let halving: Halving?
    /// Estimated seconds of each run per step it trains, by id: its estimate over its expected steps.
    let perStep: [String: Double]

    /// Times this machine and estimates `runs` (the ones left to train) of a sweep whose `axes`
    /// are swept; `total` is the sweep's number of planned runs. The timing takes about 1% of
    /// the sweep's work, at most a second: a short sweep is not held up by measuring it.
    static func measure(runs: [PlannedRun], total: Int, axes: [String], jobs: Int, tokenizers: TokenizerCache,
                        style: FigureStyle, halving: Halving? = nil, plan: [PlannedRun] = []) throws -> SweepEstimate {
        let share = halving?.share(plan.map(\.config)) ?? .whole
        // A first guess at the work: the training steps at 20 GFLOP/s, what one core of a 2-core
        // server trains the default model at.
        let rough = runs.reduce(0.0) { $0 + $1.cost } / 20e9 / Double(max(1, jobs))
        let budget = min(max(rough * 0.01, 0.05), 0.8)
        var speed = try SpeedCalibration.measure(for: runs, jobs: jobs, tokenizers: tokenizers, budget: budget)
        // The three figures of a run, drawn once to warm up and once measured, when the sweep is
        // long enough for that to be worth it; else the time they took on a 2-core machine.
        speed.afterRun = budget >= 0.4 ? try FigureBenchmark(repeats: 1, style: style).run().totalMilliseconds / 1000
            : 0.06 * Double(style.pixelWidth * style.pixelHeight) / 1_600_000
        var perRun: [String: Double] = [:]
        var perStep: [String: Double] = [:]
        for run in runs {
            perRun[run.id] = estimatedSeconds(of: run, speed: speed, share: share)
            // subtle: a run's whole estimate spread over the steps it is expected to train, so
            // that steps trained measure progress in the same seconds as the total, even under
            // halving, where sessions and stops cost time and train no step.
            perStep[run.id] = perRun[run.id, default: 0] / max(1, Double(run.config.training.steps) * share.steps)
        }
        // subtle: measured on sweeps of 12 to 1,000 runs: the sweep figures cost about as much as a
        // run's figures each, reading the runs back for them and the pages about 2 ms per run.
        let sweepFigures = Double(SweepFigures.plan(axes: axes).count) * speed.afterRun / 3 * 1.5
        let end = sweepFigures / Double(max(1, min(jobs, SweepFigures.plan(axes: axes).count))) + Double(total) * 0.002
        return SweepEstimate(speed: speed, jobs: jobs, perRun: perRun, end: end, start: Double(total) * 0.001,
                             halving: halving, perStep: perStep)
    }

    /// Estimated wall seconds of the runs on the workers, in the runner's start order.
    func wallSeconds(of runs: [PlannedRun]) -> Double {
        let training = halving.map { estimatedHalvingWallSeconds(of: runs, speed: speed, jobs: jobs, halving: $0) }
            ?? estimatedWallSeconds(of: runs, speed: speed, jobs: jobs)
        return training + start + end
    }
}
