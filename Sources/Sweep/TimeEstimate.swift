// How long a sweep will take, estimated before it starts and used again while it runs (the ETA,
// `run --until`). Everything a run costs is counted: its training steps, its periodic
// evaluations, the final losses over both whole splits, its sample, and a fixed part (building
// its examples, writing its files) measured on this machine; the caller adds what happens outside
// the runner (each run's figures, the sweep's own figures and pages). Runs are packed onto the
// workers in the runner's start order, timed with as many threads busy as there will be workers.
// Leaves out the tokenizers, which checking the spec has already trained.

import Dispatch
import Files
import Foundation
import MLP

/// How fast this machine does each part of a run.
public struct SpeedCalibration: Sendable {
    /// One measured point: a cost in FLOPs and the seconds it took.
    public typealias Point = (flops: Double, seconds: Double)

    /// Seconds per training step against the step's FLOPs.
    public var training: [Point]
    /// Seconds per evaluated example against its forward FLOPs.
    public var evaluation: [Point]
    /// Seconds per sampled token against the forward FLOPs of one example.
    public var sampling: [Point]
    /// Seconds every run costs besides its steps, evaluations and sample: building its examples
    /// and writing its files.
    public var perRun: Double
    /// Seconds each finished run costs outside the runner, on the same worker (its figures).
    public var afterRun: Double

    public init(training: [Point], evaluation: [Point] = [], sampling: [Point] = [], perRun: Double = 0, afterRun: Double = 0) {
        self.training = training.sorted { $0.flops < $1.flops }
        self.evaluation = evaluation.sorted { $0.flops < $1.flops }
        self.sampling = sampling.sorted { $0.flops < $1.flops }
        self.perRun = perRun
        self.afterRun = afterRun
    }

    /// Seconds per training step of `flops` FLOPs.
    public func secondsPerStep(flops: Double) -> Double { Self.interpolate(training, at: flops) }

    /// Linear between the measured points; outside them, proportional to the FLOPs from the nearest.
    static func interpolate(_ points: [Point], at flops: Double) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if flops <= first.flops || points.count == 1 { return first.seconds * flops / first.flops }
        if flops >= last.flops { return last.seconds * flops / last.flops }
        for (a, b) in zip(points, points.dropFirst()) where flops <= b.flops {
            return a.seconds + (b.seconds - a.seconds) * (flops - a.flops) / (b.flops - a.flops)
        }
        return last.seconds
    }

    /// Times the cheapest and the most expensive model shape among `runs`: training with `jobs`
    /// threads training at once (runs share a machine's memory bandwidth), evaluation and
    /// sampling; then one run's fixed part (building its examples from `tokenizers`, writing its
    /// files into a temporary folder). About `budget` seconds in all.
    public static func measure(for runs: [PlannedRun], jobs: Int = 1, tokenizers: TokenizerCache? = nil,
                               budget: Double = 0.8) throws -> SpeedCalibration {
        func flops(_ run: PlannedRun) -> Double { run.shape.trainingFLOPs(batchSize: run.config.training.batchSize) }
        guard let cheapest = runs.min(by: { flops($0) < flops($1) }),
              let dearest = runs.max(by: { flops($0) < flops($1) }) else { return SpeedCalibration(training: []) }
        let chosen = flops(cheapest) == flops(dearest) ? [cheapest] : [cheapest, dearest]
        let threads = max(1, min(jobs, ProcessInfo.processInfo.activeProcessorCount, runs.count))
        var calibration = SpeedCalibration(training: [])
        for run in chosen {
            let batch = run.config.training.batchSize
            let shape = Self.timingShape(for: run.shape, batchSize: batch)
            // Times of a smaller stand-in scale up by FLOPs to the run's shape.
            let scale = run.shape.trainingFLOPs(batchSize: batch) / shape.trainingFLOPs(batchSize: batch)
            // A probe long enough to leave the cold start behind sizes the measurement.
            let probe = try measureTrainingSpeed(shape: shape, batchSize: batch, steps: 50)
            let perStep = max(probe.seconds / 50, 1e-7)
            let steps = Int(min(max(budget / 2 / Double(chosen.count) / perStep, 2), 5000))
            calibration.training.append((flops(run), scale * (try concurrentSecondsPerStep(shape: shape, batchSize: batch, steps: steps, threads: threads))))
            let forward = run.shape.trainingFLOPs(batchSize: 1) / 3
            let examples = Int(min(max(budget / 4 / Double(chosen.count) / (perStep / Double(batch) / 3), 256), 20_000))
            calibration.evaluation.append((forward, scale * (try measureEvaluationSpeed(shape: shape, examples: examples))))
            calibration.sampling.append((forward, scale * (try measureSamplingSpeed(shape: shape, tokens: 20))))
        }
        calibration.training.sort { $0.flops < $1.flops }
        calibration.evaluation.sort { $0.flops < $1.flops }
        calibration.sampling.sort { $0.flops < $1.flops }
        if let tokenizers, timingShape(for: cheapest.shape, batchSize: cheapest.config.training.batchSize) == cheapest.shape {
            calibration.perRun = try measureFixedPart(of: cheapest, tokenizers: tokenizers)
        }
        return calibration
    }

    /// Memory a timing may take: a shape that needs more is timed through a smaller stand-in, so
    /// that checking a spec of huge models allocates no huge model.
    static let timingMemory = 64.0 * 1_048_576

    /// `shape`, or a stand-in with fewer hidden units (and tokens, if need be) that fits `timingMemory`.
    static func timingShape(for shape: ModelShape, batchSize: Int) -> ModelShape {
        func need(_ s: ModelShape) -> Double {
            let m = MemoryNeed(shape: s, batchSize: min(batchSize, 4096), examples: 0, documents: 0)
            return m.parameters + m.activations
        }
        var stand = shape
        while need(stand) > timingMemory && (stand.hiddenSize > 8 || stand.vocabularySize > 64) {
            stand.hiddenSize = max(8, stand.hiddenSize / 2)
            if need(stand) > timingMemory { stand.vocabularySize = max(64, stand.vocabularySize / 2) }
        }
        return stand
    }

    /// Mean seconds per step with `threads` threads each training the shape at once, the
    /// faster of two tries (a try slowed by something else on the machine says nothing of a sweep).
    static func concurrentSecondsPerStep(shape: ModelShape, batchSize: Int, steps: Int, threads: Int) throws -> Double {
        let results = SecondsCollector(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { i in
            let tries = (0 ..< 2).compactMap { _ in try? measureTrainingSpeed(shape: shape, batchSize: batchSize, steps: steps) }
            results.store(i, tries.map { $0.seconds / Double(steps) }.min())
        }
        let measured = results.values.compactMap { $0 }
        guard !measured.isEmpty else { throw SweepError.io(path: "", problem: "timing the training step failed") }
        return measured.reduce(0, +) / Double(measured.count)
    }

    /// What one run costs besides training, evaluation and sampling: its examples built, its
    /// tokenizer, tokens, model, metrics and record written (into a temporary folder, removed).
    static func measureFixedPart(of run: PlannedRun, tokenizers: TokenizerCache) throws -> Double {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-estimate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let start = DispatchTime.now().uptimeNanoseconds
        let training = TrainingRun(config: run.config, sample: run.sample, directory: folder)
        let prepared = try training.prepare(cache: tokenizers)
        try training.writeVocabulary(prepared)
        let row = MetricsRow(step: 1, split: .batch, loss: 1, learningRate: 0.1, elapsedSeconds: 1)
        try training.writeModel(Model(shape: prepared.shape, seed: 1), metrics: Array(repeating: row, count: min(run.config.training.steps, 1000)))
        try writeAtomically(encodeJSON(RunRecord(config: run.config, sample: run.sample, status: .completed)),
                            to: folder.appendingPathComponent(RunFile.record))
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// Per-thread timings, filled from concurrentPerform.
private final class SecondsCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Double?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func store(_ i: Int, _ value: Double?) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }
    var values: [Double?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}

/// Estimated seconds of one run on one worker: its steps, its evaluations, its sample, its fixed
/// part and what follows it on the worker (its figures).
/// How much of its planned work a run does on average: all of it, or under successive halving
/// (Halving.share) a share of its steps, spread over several sessions, with a pass over the
/// whole validation split at each rung it reaches.
public struct WorkShare: Sendable, Equatable {
    /// The share of the run's steps (and periodic evaluations) trained.
    public var steps: Double
    /// Sessions of the run: each loads and saves a checkpoint and the run's files.
    public var sessions: Double
    /// Passes over the whole validation split at rungs.
    public var rungPasses: Double
    /// The share of runs that end with the validation pass (halving stops the others with
    /// their rung measurement; all pass over the training split).
    public var finals: Double

    public init(steps: Double = 1, sessions: Double = 1, rungPasses: Double = 0, finals: Double = 1) {
        self.steps = steps
        self.sessions = sessions
        self.rungPasses = rungPasses
        self.finals = finals
    }

    public static let whole = WorkShare()
}

public func estimatedSeconds(of run: PlannedRun, speed: SpeedCalibration, share: WorkShare = .whole) -> Double {
    let parts = RunCostParts(run, speed: speed)
    return parts.perStep * Double(run.config.training.steps) * share.steps + parts.rungPass * share.rungPasses + parts.end
        + parts.trainPass + parts.rungPass * share.finals + parts.session * share.sessions
}

/// The parts of a run's time: per training step (with its share of the periodic evaluations),
/// a pass over the whole validation split, one over the whole training split, the end (the
/// sample, the figures) and a session's fixed part (files, checkpoint).
struct RunCostParts {
    var perStep: Double
    var rungPass: Double
    var trainPass: Double
    var end: Double
    var session: Double

    init(_ run: PlannedRun, speed: SpeedCalibration) {
        let c = run.config.training
        let step = speed.secondsPerStep(flops: run.shape.trainingFLOPs(batchSize: c.batchSize))
        let forward = run.shape.trainingFLOPs(batchSize: 1) / 3
        // Evaluation without a measured point: a forward pass is a third of a training step's work.
        let perExample = speed.evaluation.isEmpty ? step / Double(c.batchSize) / 3
            : SpeedCalibration.interpolate(speed.evaluation, at: forward)
        // Step 0, every eval_every steps, and a last one when steps is not a multiple; each scores a
        // validation subset and an equal training subset. Then one pass over both whole splits.
        let evaluations = 1 + c.steps / c.evalEvery + (c.steps % c.evalEvery == 0 ? 0 : 1)
        let subset = min(c.evalExamples, run.validationExamples)
        let periodic = Double(evaluations * (subset + min(subset, run.trainingExamples)))
        perStep = step + periodic * perExample / Double(max(1, c.steps))
        rungPass = Double(run.validationExamples) * perExample
        let sample = Double(run.sample.tokens) * SpeedCalibration.interpolate(speed.sampling, at: forward)
        trainPass = Double(run.trainingExamples) * perExample
        end = sample + speed.afterRun
        session = speed.perRun
    }
}

/// Estimated wall time of a halving sweep on `jobs` workers: rung after rung, each waiting for
/// the one before, its runs (of average cost: which ones go on is not known yet) training the
/// steps since the last rung, alongside ending the runs the rung before did not promote.
public func estimatedHalvingWallSeconds(of runs: [PlannedRun], speed: SpeedCalibration, jobs: Int, halving: Halving) -> Double {
    guard !runs.isEmpty else { return 0 }
    let parts = runs.map { RunCostParts($0, speed: speed) }
    func mean(_ part: KeyPath<RunCostParts, Double>) -> Double { parts.reduce(0) { $0 + $1[keyPath: part] } / Double(parts.count) }
    let perStep = mean(\.perStep), rungPass = mean(\.rungPass), end = mean(\.end), session = mean(\.session)
    let trainPass = mean(\.trainPass)
    let schedule = halving.schedule(runs.map(\.config))
    var wall = 0.0
    var previous = (step: 0, runs: 0)
    for rung in schedule {
        let segment = perStep * Double(rung.step - previous.step) + rungPass + session
        let stopping = Double(max(0, previous.runs - rung.runs)) * (trainPass + end + session)
        wall += max(segment, (Double(rung.runs) * segment + stopping) / Double(max(1, jobs)))
        previous = (rung.step, rung.runs)
    }
    // The runs of the last rung end as they finish it.
    return wall + end + trainPass + rungPass
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
