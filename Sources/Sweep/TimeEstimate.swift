// How long a sweep will take, estimated before it starts: time a fraction of a second of training
// on the smallest and largest model shapes of the sweep, scale each run by its FLOPs per step and
// steps (evaluations included), then pack the runs onto the parallel workers in order.
// Leaves out tokenizer training and figures, which take seconds, not minutes.

import MLP

/// Seconds per training step as a function of the step's FLOPs, from timing one or two shapes.
public struct SpeedCalibration: Sendable {
    /// Measured points, sorted by FLOPs per step.
    public let points: [(flops: Double, secondsPerStep: Double)]

    public init(points: [(flops: Double, secondsPerStep: Double)]) {
        self.points = points.sorted { $0.flops < $1.flops }
    }

    /// Interpolated linearly between the measured points; outside them, proportional to the
    /// FLOPs from the nearest one.
    public func secondsPerStep(flops: Double) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if flops <= first.flops || points.count == 1 { return first.secondsPerStep * flops / first.flops }
        if flops >= last.flops { return last.secondsPerStep * flops / last.flops }
        for (a, b) in zip(points, points.dropFirst()) where flops <= b.flops {
            return a.secondsPerStep + (b.secondsPerStep - a.secondsPerStep) * (flops - a.flops) / (b.flops - a.flops)
        }
        return last.secondsPerStep
    }

    /// Times the cheapest and the most expensive step among `runs` on this machine, one
    /// thread each, for about `budget` seconds in all.
    public static func measure(for runs: [PlannedRun], budget: Double = 0.2) throws -> SpeedCalibration {
        func flops(_ run: PlannedRun) -> Double { run.shape.trainingFLOPs(batchSize: run.config.training.batchSize) }
        guard let cheapest = runs.min(by: { flops($0) < flops($1) }),
              let dearest = runs.max(by: { flops($0) < flops($1) }) else { return SpeedCalibration(points: []) }
        let chosen = flops(cheapest) == flops(dearest) ? [cheapest] : [cheapest, dearest]
        var points: [(flops: Double, secondsPerStep: Double)] = []
        for run in chosen {
            let (shape, batch) = (run.shape, run.config.training.batchSize)
            let probe = try measureTrainingSpeed(shape: shape, batchSize: batch, steps: 2)
            let perStep = max(probe.seconds / 2, 1e-7)
            let steps = Int(min(max(budget / Double(chosen.count) / perStep, 2), 5000))
            let speed = steps > 4 ? try measureTrainingSpeed(shape: shape, batchSize: batch, steps: steps) : probe
            points.append((flops(run), speed.seconds / Double(speed.steps)))
        }
        return SpeedCalibration(points: points)
    }
}

/// Estimated seconds of one run: its training steps, plus its evaluations, each example of
/// which costs about a third of a training example (a forward pass without the backward).
public func estimatedSeconds(of run: PlannedRun, speed: SpeedCalibration) -> Double {
    let c = run.config.training
    let perStep = speed.secondsPerStep(flops: run.shape.trainingFLOPs(batchSize: c.batchSize))
    let perExample = perStep / Double(c.batchSize)
    // Step 0, every eval_every steps, and a last one when steps is not a multiple; each scores
    // a validation subset and an equal training subset. Then one full pass over both splits.
    let evaluations = 1 + c.steps / c.evalEvery + (c.steps % c.evalEvery == 0 ? 0 : 1)
    let periodic = Double(evaluations * 2 * min(c.evalExamples, run.validationExamples))
    let final = Double(run.trainingExamples + run.validationExamples)
    return Double(c.steps) * perStep + (periodic + final) * perExample / 3
}

/// Estimated wall time of `runs` on `jobs` parallel workers, each worker taking the next run in
/// the runner's start order when it becomes free.
public func estimatedWallSeconds(of runs: [PlannedRun], speed: SpeedCalibration, jobs: Int) -> Double {
    var free = [Double](repeating: 0, count: max(1, min(jobs, runs.count)))
    for run in PlannedRun.startOrder(Array(runs.indices), of: runs).map({ runs[$0] }) {
        // The earliest free worker takes the run.
        let i = free.indices.min { free[$0] < free[$1] } ?? 0
        free[i] += estimatedSeconds(of: run, speed: speed)
    }
    return free.max() ?? 0
}
