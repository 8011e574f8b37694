// Runs the planned runs of a sweep in parallel: N workers under `concurrentPerform`, each taking
// the next run from a shared queue (largest first, so the slowest run does not start last), each
// run single-threaded. Completed and diverged runs are skipped on a second invocation, others
// resume from their checkpoints, failed ones are retried. Every finished run appends its rows to
// the sweep's summary.csv and metrics.csv (ResultsLog.swift), so nothing done is lost.
// A sharded invocation runs only its shard's runs and writes only their directories and the files
// under shards/<I>-of-<N>/, so shards sharing a folder never write the same file; under halving, a
// shard runs its share of one given rung and writes under shards/rung-<K>/<I>-of-<N>/.
// Leaves out: parsing the spec (SweepSpec.swift) and display (the command line).

import BPE
import Dispatch
import Files
import Foundation
import JSON
import MLP

/// Something that happened in a sweep; sent from worker threads.
public enum SweepEvent: Sendable {
    /// The sweep starts: how many runs there are and how many are already done.
    case started(total: Int, done: Int)
    case runStarted(id: String)
    case runProgress(id: String, step: Int, steps: Int, loss: Double, examplesPerSecond: Double)
    case runEvaluated(id: String, step: Int, trainLoss: Double, valLoss: Double)
    case runWarning(id: String, message: String)
    case runFinished(id: String, record: RunRecord)
    /// A halving sweep starts work on a rung (0-based `index` of `count`): `advancing` runs train
    /// from `from` (the rung before, or 0) to `step`, and `stopping` runs the rung before left behind end.
    case rungStarted(index: Int, count: Int, from: Int, step: Int, advancing: Int, stopping: Int)
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
    /// Some runs were left to a later invocation: stopped by a signal or a deadline, or not started.
    public var interrupted: Bool
    /// Plan indices of the runs this invocation chose not to start (they could not finish in time).
    public var notStarted: [Int] = []

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
    /// Ignore earlier results and checkpoints (of this shard's runs only, when sharded).
    public var fresh: Bool
    /// Run only this shard of the plan (Shard.partition); nil runs all of it.
    public var shard: Shard?
    /// Successive halving (Halving.swift); nil trains every run to its end.
    public var halving: Halving?
    /// The rung (an index into the rungs) a shard of a halving sweep trains its share of; such a
    /// shard needs one, and nothing else takes one.
    public var rung: Int?

    public init(runs: [PlannedRun], output: URL, jobs: Int, fresh: Bool = false, shard: Shard? = nil, halving: Halving? = nil,
                rung: Int? = nil) {
        self.runs = runs
        layout = SweepLayout(root: output)
        self.jobs = max(1, jobs)
        self.fresh = fresh
        self.shard = shard
        self.halving = halving
        self.rung = rung
    }

    /// The plan indices this invocation runs: its shard's, or all. Under halving, a shard's are
    /// the runs of its share of its rung, read from the run folders (none while the rung cannot start).
    public var selected: [Int] {
        selection(share: try? rungShare())
    }

    /// The plan indices of this invocation, given a halving shard's share (`rungShare()`) when
    /// it has one, so the run folders are read once for both.
    public func selection(share: (share: [HalvingState.Work], left: [HalvingState.Work])?) -> [Int] {
        guard let shard else { return Array(runs.indices) }
        if halving != nil { return Set((share?.share ?? []).map(\.run)).sorted() }
        return Shard.partition(costs: runs.map(\.cost), count: shard.count)[shard.index]
    }

    /// Where summary.csv and metrics.csv of this invocation go: the root, or the shard's folder
    /// (of its rung, under halving).
    public var resultsFolder: URL {
        guard let shard else { return layout.root }
        return layout.shardFolder(shard, rung: halving == nil ? nil : rung)
    }

    /// Runs what is left of the sweep. `tokenizers` shares corpora, tokenizers and encodings
    /// between the runs (checking the spec has usually filled it). `admit` is asked before each
    /// run starts; a run it refuses is left for a later invocation (`--until`: it could not finish
    /// in time) and the workers go on to the next.
    public func run(specText: Data, tokenizers: TokenizerCache = TokenizerCache(), stop: StopSignal = StopSignal(),
                    onEvent: @escaping @Sendable (SweepEvent) -> Void = { _ in },
                    admit: @escaping @Sendable (PlannedRun) -> Bool = { _ in true }) throws -> SweepOutcome {
        try checkRung()
        // A halving shard's work, worked out before anything is written: the rung may not be able to start.
        let share = halving != nil && shard != nil ? try rungShare() : nil
        let selected = selection(share: share)
        try refuseOtherSweep(specText: specText)
        if fresh {
            // Only run directories TinyLab planned go: this plan's (its shard's) and, unsharded,
            // the previous plan's; a folder someone put under runs/ stays.
            var ids = Set(selected.map { runs[$0].id })
            if shard == nil, let previous = try? layout.readPlan() { ids.formUnion(previous.runs.map(\.id)) }
            for id in ids { try? FileManager.default.removeItem(at: layout.run(id)) }
        }
        let plan = encodeJSON(SweepPlan(runs: runs))
        if shard == nil {
            try writeAtomically(specText, to: layout.spec)
            try writeAtomically(plan, to: layout.plan)
        } else {
            // subtle: concurrent shards only ever create these (identical) files, never replace them,
            // so a shard never clobbers a plan that `tinylab slurm` or an unsharded run wrote.
            try createExclusively(specText, at: layout.spec)
            try createExclusively(plan, at: layout.plan)
        }
        if let halving {
            return try runHalving(halving, share: share, tokenizers: tokenizers, stop: stop, onEvent: onEvent, admit: admit)
        }
        let previous = finishedRecords(of: selected)
        let collector = Collector(records: previous)
        let pending = PlannedRun.startOrder(selected.filter { collector.records[$0] == nil }, of: runs)
        onEvent(.started(total: selected.count, done: selected.count - pending.count))
        // Rewritten once from what is already done (repairing a killed invocation's files), then
        // grown by one append per finished run, off the workers' threads.
        let log = try ResultsLog(layout: layout, folder: resultsFolder, entries: entries(previous))
        try writeShardStatus(records: collector.records, state: "running")
        let queue = WorkQueue(pending)
        DispatchQueue.concurrentPerform(iterations: min(jobs, max(pending.count, 1))) { _ in
            while !stop.isRequested, let i = queue.next() {
                guard admit(runs[i]) else {
                    queue.skip(i)
                    continue
                }
                let record = execute(runs[i], tokenizers: tokenizers, control: RunControl(resume: true, shouldStop: { stop.isRequested }),
                                     onEvent: onEvent)
                let records = collector.store(record, at: i)
                log.append(id: runs[i].id, record: record)
                if shard != nil { log.perform { try? writeShardStatus(records: records, state: "running") } }
                onEvent(.runFinished(id: runs[i].id, record: record))
            }
        }
        let records = collector.records
        let skipped = queue.skipped
        let unfinished = selected.contains { records[$0].map { !$0.status.isResult } ?? true }
        let interrupted = unfinished && (stop.isRequested || !skipped.isEmpty)
        try log.finish(entries: entries(records))
        try writeShardStatus(records: records, state: interrupted ? "interrupted" : "finished")
        return SweepOutcome(records: records, interrupted: interrupted, notStarted: skipped.sorted())
    }

    /// A halving sweep: rung after rung, the work its run folders say is left (Halving.state),
    /// run in parallel. A shard does the items of its `share` of one rung that are left, once (the
    /// next rung waits for every shard: `tinylab slurm` chains one array job per rung).
    func runHalving(_ halving: Halving, share: (share: [HalvingState.Work], left: [HalvingState.Work])?, tokenizers: TokenizerCache,
                    stop: StopSignal, onEvent: @escaping @Sendable (SweepEvent) -> Void,
                    admit: @escaping @Sendable (PlannedRun) -> Bool) throws -> SweepOutcome {
        let rungs = Set(halving.rungs(steps: runs.first?.config.training.steps ?? 0))
        var state = halvingState(halving)
        // A shard's files list the runs of its share only.
        let mine = share.map { Set($0.share.map(\.run)).sorted() }
        func own(_ records: [RunRecord?]) -> [RunRecord?] {
            guard let mine else { return records }
            var owned = [RunRecord?](repeating: nil, count: records.count)
            for i in mine { owned[i] = records[i] }
            return owned
        }
        let collector = Collector(records: state.records)
        let log = try ResultsLog(layout: layout, folder: resultsFolder, entries: entries(own(state.records)))
        if let share, let mine {
            let left = Set(share.left.map(\.run))
            onEvent(.started(total: mine.count, done: mine.count - left.count))
            try writeShardStatus(records: state.records, state: "running", runs: mine)
        } else {
            let done = runs.indices.filter { state.records[$0]?.status.isResult ?? false }.count
            onEvent(.started(total: runs.count, done: done))
        }
        var skipped: [Int] = []
        while !stop.isRequested {
            let work = share?.left ?? state.halving.work
            if work.isEmpty { break }
            if let k = state.halving.rung {
                let steps = rungs.sorted()
                let advancing = work.filter { if case .advance = $0 { true } else { false } }.count
                onEvent(.rungStarted(index: k, count: steps.count, from: k > 0 ? steps[k - 1] : 0, step: steps[k],
                                     advancing: advancing, stopping: work.count - advancing))
            }
            let order = work.indices.sorted { (cost(of: work[$0]), $1) > (cost(of: work[$1]), $0) }
            let queue = WorkQueue(order)
            DispatchQueue.concurrentPerform(iterations: min(jobs, work.count)) { _ in
                while !stop.isRequested, let w = queue.next() {
                    let item = work[w]
                    let run = runs[item.run]
                    guard admit(run) else {
                        queue.skip(item.run)
                        continue
                    }
                    let control: RunControl
                    switch item {
                    case .advance(_, let to):
                        control = RunControl(resume: true, shouldStop: { stop.isRequested }, rungs: rungs,
                                             pauseAt: to < run.config.training.steps ? to : nil)
                    case .stop(_, let at):
                        control = RunControl(resume: true, shouldStop: { stop.isRequested }, rungs: rungs, stopAt: at)
                    }
                    let record = execute(run, tokenizers: tokenizers, control: control, onEvent: onEvent)
                    let records = collector.store(record, at: item.run)
                    if record.status != .paused { log.append(id: run.id, record: record) }
                    if let mine { log.perform { try? writeShardStatus(records: records, state: "running", runs: mine) } }
                    onEvent(.runFinished(id: run.id, record: record))
                }
            }
            skipped += queue.skipped
            state = halvingState(halving)
            // The decisions so far, for the report pages written while the sweep goes on.
            if shard == nil { try? writeHalvingRecord(halving, decisions: state.halving.decisions) }
            // A shard does its share of one rung; the next rung needs every shard's results.
            if share != nil || !skipped.isEmpty { break }
        }
        if shard == nil { try writeHalvingRecord(halving, decisions: state.halving.decisions) }
        let records = state.records
        let finished = share == nil ? state.halving.work.isEmpty : (try? rungShare(folders: state.folders))?.left.isEmpty ?? false
        let interrupted = !finished && (stop.isRequested || !skipped.isEmpty)
        try log.finish(entries: entries(own(records)))
        try writeShardStatus(records: records, state: interrupted ? "interrupted" : "finished", runs: mine)
        return SweepOutcome(records: share == nil ? records : own(records), interrupted: interrupted,
                            notStarted: Array(Set(skipped)).sorted())
    }

    /// The halving state read from the run folders: every run's record and rung rows.
    func halvingState(_ halving: Halving) -> (halving: HalvingState, records: [RunRecord?],
                                              folders: (records: [RunRecord?], rungRows: [[Int: MetricsRow]])) {
        let folders = halvingFolders()
        return (halving.state(ids: runs.map(\.id), configs: runs.map(\.config), records: folders.records, rungRows: folders.rungRows),
                folders.records, folders)
    }

    /// Every run's record and rung rows (by step), as its folder holds them.
    func halvingFolders() -> (records: [RunRecord?], rungRows: [[Int: MetricsRow]]) {
        let records = runs.map { try? decodeJSON(RunRecord.self, from: layout.run($0.id).appendingPathComponent(RunFile.record)) }
        let rungRows = runs.map { run in
            Dictionary(layout.evaluationRows(of: run.id).filter { $0.split == .rung }.map { ($0.step, $0) }, uniquingKeysWith: { a, _ in a })
        }
        return (records, rungRows)
    }

    /// What a piece of halving work costs: the steps it trains (a stop trains none, but scores both splits).
    func cost(of item: HalvingState.Work) -> Double {
        let run = runs[item.run]
        switch item {
        case .advance(_, let to): return run.cost * Double(to) / Double(max(run.config.training.steps, 1))
        case .stop: return run.cost * 0.01
        }
    }

    /// Refuses to run into a folder that holds a different sweep (spec.json names another),
    /// unless `fresh`: its results would be mixed with, or replace, another experiment's.
    func refuseOtherSweep(specText: Data) throws(SweepError) {
        guard !fresh, fileKind(layout.spec.path) == .regular,
              let existing = try? readFile(at: layout.spec, limit: FileLimit.spec) else { return }
        func name(_ bytes: [UInt8]) -> String? {
            guard let root = try? JSONValue.parse(bytes, source: "spec"), case .string(let name)? = root["name"]?.kind else { return nil }
            return name
        }
        guard let theirs = name(existing), let ours = name([UInt8](specText)), theirs != ours else { return }
        throw SweepError.otherSweep(folder: layout.root.path, holds: theirs, given: ours)
    }

    /// The records of this invocation's runs that are already results (completed or diverged),
    /// by plan index; nil for the runs left to train. With `fresh`, none are.
    public func finishedRecords(of selected: [Int]? = nil) -> [RunRecord?] {
        var records = [RunRecord?](repeating: nil, count: runs.count)
        guard !fresh else { return records }
        for i in selected ?? self.selected {
            records[i] = (try? decodeJSON(RunRecord.self, from: layout.run(runs[i].id).appendingPathComponent(RunFile.record)))
                .flatMap { $0.status.isResult ? $0 : nil }
        }
        return records
    }

    private func execute(_ run: PlannedRun, tokenizers: TokenizerCache, control: RunControl,
                         onEvent: @Sendable (SweepEvent) -> Void) -> RunRecord {
        onEvent(.runStarted(id: run.id))
        let training = TrainingRun(config: run.config, sample: run.sample, directory: layout.run(run.id))
        return training.execute(cache: tokenizers, control: control) { event in
            switch event {
            case .progress(let step, let steps, let loss, let speed):
                onEvent(.runProgress(id: run.id, step: step, steps: steps, loss: loss, examplesPerSecond: speed))
            case .evaluated(let step, let trainLoss, let valLoss):
                onEvent(.runEvaluated(id: run.id, step: step, trainLoss: trainLoss, valLoss: valLoss))
            case .warning(let message):
                onEvent(.runWarning(id: run.id, message: message))
            case .prepared, .finished:
                break
            }
        }
    }

    /// The runs that have a record, in plan order, as the results files list them.
    func entries(_ records: [RunRecord?]) -> [(id: String, record: RunRecord)] {
        zip(runs, records).compactMap { run, record in record.map { (run.id, $0) } }
    }

    /// A sharded invocation's status.json: where it runs, how far it got, and its runs' statuses,
    /// for someone looking at a shared folder while the array runs. Nothing reads it back.
    func writeShardStatus(records: [RunRecord?], state: String, runs mine: [Int]? = nil) throws {
        guard let shard else { return }
        let mine = mine ?? selected
        let status = ShardStatus(
            shard: shard.description, state: state, host: ProcessInfo.processInfo.hostName,
            pid: Int(ProcessInfo.processInfo.processIdentifier),
            updated: ISO8601DateFormatter().string(from: Date()),
            runs: mine.map { runs[$0].id },
            statuses: mine.map { records[$0]?.status.rawValue ?? "pending" })
        try writeAtomically(encodeJSON(status), to: resultsFolder.appendingPathComponent("status.json"))
    }
}

/// shards/<I>-of-<N>/status.json.
struct ShardStatus: Codable {
    var shard: String
    /// `running`, `finished` or `interrupted`.
    var state: String
    var host: String
    var pid: Int
    var updated: String
    var runs: [String]
    /// Each run's status, aligned with `runs`; `pending` before it starts.
    var statuses: [String]
}

/// The columns of summary.csv.
public enum SweepSummary {
    public static let header = ["run", "status"] + RunConfig.keys + [
        "parameters", "vocab_size_actual", "train_loss", "val_loss", "best_val_loss", "best_step",
        "val_perplexity", "train_bpc", "val_bpc", "best_val_bpc", "examples_per_second", "seconds", "diverged_at_step",
        "stopped_at_step", "error",
    ]

    static func row(id: String, record: RunRecord) -> [String] {
        let config = record.config.textValues
        let r = record.results
        func number(_ x: Double?) -> String { x.map(csvNumber) ?? "" }
        func integer(_ x: Int?) -> String { x.map(String.init) ?? "" }
        let configFields: [String] = RunConfig.keys.map { config[$0] ?? "" }
        let resultFields: [String] = [
            integer(r?.parameters), integer(r?.vocabSizeActual),
            number(r?.trainLoss), number(r?.valLoss), number(r?.bestValLoss), integer(r?.bestStep),
            number(r?.valPerplexity), number(r?.trainBpc), number(r?.valBpc), number(r?.bestValBpc),
            number(r?.examplesPerSecond), number(r?.seconds),
            integer(record.divergedAtStep), integer(record.stoppedAtStep), record.error ?? "",
        ]
        return [id, record.status.rawValue] + configFields + resultFields
    }
}

/// Hands out run indices to workers, one at a time, and keeps those they skip.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var items: ArraySlice<Int>
    private var skippedItems: [Int] = []

    init(_ items: [Int]) { self.items = items[...] }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        return items.popFirst()
    }

    func skip(_ item: Int) {
        lock.lock()
        skippedItems.append(item)
        lock.unlock()
    }

    var skipped: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return skippedItems
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

    /// Stores a record and returns all records as they now stand.
    func store(_ record: RunRecord, at index: Int) -> [RunRecord?] {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = record
        return slots
    }
}
