// Runs the planned runs of a sweep in parallel: N workers under `concurrentPerform`, each taking
// the next run from a shared queue (largest first, so the slowest run does not start last), each
// run single-threaded. Completed and diverged runs are skipped on a second invocation, others
// resume from their checkpoints, failed ones are retried. After every finished run the sweep's
// summary.csv and metrics.csv are rewritten from the run directories, so nothing done is lost.
// Leaves out: parsing the spec (SweepSpec.swift) and display (the command line).

import BPE
import Dispatch
import Foundation
import MLP

/// Something that happened in a sweep; sent from worker threads.
public enum SweepEvent: Sendable {
    /// The sweep starts: how many runs there are and how many are already done.
    case started(total: Int, done: Int)
    case runStarted(id: String)
    case runProgress(id: String, step: Int, steps: Int, loss: Double, examplesPerSecond: Double)
    case runEvaluated(id: String, step: Int, trainLoss: Double, valLoss: Double)
    case runFinished(id: String, record: RunRecord)
}

/// A flag that asks every run of a sweep to stop (set from a signal handler or a test).
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false

    public init() {}

    public func request() {
        lock.lock()
        requested = true
        lock.unlock()
    }

    public var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }
}

/// How a sweep invocation ended.
public struct SweepOutcome: Sendable {
    /// The record of each planned run, in plan order (nil if it never started).
    public var records: [RunRecord?]
    public var interrupted: Bool

    /// Exit status per the command-line contract: 1 if a run failed, 130 if interrupted, else 0.
    public var exitStatus: Int32 {
        if records.contains(where: { $0?.status == .failed }) { return 1 }
        return interrupted ? 130 : 0
    }
}

/// The sweep's folder layout.
public struct SweepLayout: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    public var spec: URL { root.appendingPathComponent("spec.json") }
    public var summary: URL { root.appendingPathComponent("summary.csv") }
    public var metrics: URL { root.appendingPathComponent("metrics.csv") }
    public func run(_ id: String) -> URL { root.appendingPathComponent("runs").appendingPathComponent(id) }
}

public struct SweepRunner: Sendable {
    public let runs: [PlannedRun]
    public let layout: SweepLayout
    /// Runs trained at the same time.
    public var jobs: Int
    /// Ignore earlier results and checkpoints.
    public var fresh: Bool

    public init(runs: [PlannedRun], output: URL, jobs: Int, fresh: Bool = false) {
        self.runs = runs
        layout = SweepLayout(root: output)
        self.jobs = max(1, jobs)
        self.fresh = fresh
    }

    /// Runs what is left of the sweep. `tokenizer` gives each run its (shared) tokenizer.
    public func run(specText: Data, tokenizer: @escaping @Sendable (RunConfig) throws -> Tokenizer,
                    stop: StopSignal = StopSignal(), onEvent: @escaping @Sendable (SweepEvent) -> Void = { _ in }) throws -> SweepOutcome {
        if fresh { try? FileManager.default.removeItem(at: layout.root.appendingPathComponent("runs")) }
        try writeAtomically(specText, to: layout.spec)
        let previous = runs.map { try? decodeJSON(RunRecord.self, from: layout.run($0.id).appendingPathComponent(RunFile.record)) }
        let collector = Collector(records: previous.map { $0.flatMap { Self.isFinal($0) ? $0 : nil } })
        // Largest first: steps x FLOPs per step, so the longest run never starts last.
        let pending = runs.indices.filter { collector.records[$0] == nil }.sorted {
            (cost(runs[$0]), $1) > (cost(runs[$1]), $0)
        }
        onEvent(.started(total: runs.count, done: runs.count - pending.count))
        let queue = WorkQueue(pending)
        DispatchQueue.concurrentPerform(iterations: min(jobs, max(pending.count, 1))) { _ in
            while !stop.isRequested, let i = queue.next() {
                let record = execute(runs[i], tokenizer: tokenizer, stop: stop, onEvent: onEvent)
                collector.store(record, at: i) { try? writeResults(records: $0) }
                onEvent(.runFinished(id: runs[i].id, record: record))
            }
        }
        try writeResults(records: collector.records)
        return SweepOutcome(records: collector.records,
                            interrupted: stop.isRequested && collector.records.contains { $0.map { !Self.isFinal($0) } ?? true })
    }

    /// Completed and diverged runs are results; failed, interrupted and running ones are not.
    static func isFinal(_ record: RunRecord) -> Bool {
        record.status == .completed || record.status == .diverged
    }

    func cost(_ run: PlannedRun) -> Double {
        run.shape.trainingFLOPs(batchSize: run.config.batchSize) * Double(run.config.steps)
    }

    private func execute(_ run: PlannedRun, tokenizer: @Sendable (RunConfig) throws -> Tokenizer, stop: StopSignal,
                         onEvent: @Sendable (SweepEvent) -> Void) -> RunRecord {
        onEvent(.runStarted(id: run.id))
        let training = TrainingRun(config: run.config, sample: run.sample, directory: layout.run(run.id))
        let control = RunControl(resume: true, shouldStop: { stop.isRequested })
        let shared: Tokenizer
        do { shared = try tokenizer(run.config) } catch {
            var record = RunRecord(config: run.config, sample: run.sample, status: .failed)
            record.error = "\(error)"
            try? writeAtomically(encodeJSON(record), to: training.directory.appendingPathComponent(RunFile.record))
            return record
        }
        return training.execute(tokenizer: shared, control: control) { event in
            switch event {
            case .progress(let step, let steps, let loss, let speed):
                onEvent(.runProgress(id: run.id, step: step, steps: steps, loss: loss, examplesPerSecond: speed))
            case .evaluated(let step, let trainLoss, let valLoss):
                onEvent(.runEvaluated(id: run.id, step: step, trainLoss: trainLoss, valLoss: valLoss))
            case .prepared, .finished:
                break
            }
        }
    }

    /// Rewrites summary.csv and metrics.csv from the runs that have a record.
    func writeResults(records: [RunRecord?]) throws {
        var summary: [[String]] = []
        var metrics: [[String]] = []
        for (run, record) in zip(runs, records) {
            guard let record else { continue }
            summary.append(SweepSummary.row(id: run.id, record: record))
            let url = layout.run(run.id).appendingPathComponent(RunFile.metrics)
            if let text = try? String(contentsOf: url, encoding: .utf8), let rows = parseMetrics(text) {
                metrics += rows.map { [run.id] + $0.fields }
            }
        }
        try writeAtomically(Data(csvText(header: SweepSummary.header, rows: summary).utf8), to: layout.summary)
        try writeAtomically(Data(csvText(header: ["run"] + MetricsRow.header, rows: metrics).utf8), to: layout.metrics)
    }
}

/// The columns of summary.csv.
public enum SweepSummary {
    public static let header = ["run", "status"] + RunConfig.keys + [
        "parameters", "vocab_size_actual", "train_loss", "val_loss", "best_val_loss", "best_step",
        "val_perplexity", "examples_per_second", "seconds", "diverged_at_step", "error",
    ]

    static func row(id: String, record: RunRecord) -> [String] {
        let config = (try? JSONSerialization.jsonObject(with: encodeJSON(record.config))) as? [String: Any] ?? [:]
        let r = record.results
        func number(_ x: Double?) -> String { x.map(csvNumber) ?? "" }
        func integer(_ x: Int?) -> String { x.map(String.init) ?? "" }
        let configFields: [String] = RunConfig.keys.map { key in config[key].map { "\($0)" } ?? "" }
        let resultFields: [String] = [
            integer(r?.parameters), integer(r?.vocabSizeActual),
            number(r?.trainLoss), number(r?.valLoss), number(r?.bestValLoss), integer(r?.bestStep),
            number(r?.valPerplexity), number(r?.examplesPerSecond), number(r?.seconds),
            integer(record.divergedAtStep), record.error ?? "",
        ]
        return [id, record.status.rawValue] + configFields + resultFields
    }
}

/// Hands out run indices to workers, one at a time.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var items: ArraySlice<Int>

    init(_ items: [Int]) { self.items = items[...] }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        return items.popFirst()
    }
}

/// Each worker writes its run's record into the slot of its index; nothing else is shared.
final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [RunRecord?]

    init(records: [RunRecord?]) { slots = records }

    var records: [RunRecord?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }

    /// Stores a record and, still holding the lock, lets `then` see all records, so that files
    /// written from them are never written by two workers at once.
    func store(_ record: RunRecord, at index: Int, then: ([RunRecord?]) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = record
        then(slots)
    }
}
