// Successive halving (Jamieson & Talwalkar 2016; the synchronous variant of Li et al. 2018): every
// configuration trains to the first rung, the best 1/reduction of them (all their seeds) go on to
// the next, and so on to the last step. Decisions are a pure function of the runs' rung losses
// (whole validation split, exactly at the rung step) and plan order, read back from the run
// folders, so the outcome is the same for any --jobs, any interruption and any number of shards,
// and a promoted run continues from its checkpoint exactly as if it had never paused.
// Leaves out running the work (SweepRunner.swift) and the report's tables (Report).

import Foundation
import MLP

/// A spec's `halving` object.
public struct Halving: Sendable, Equatable, Codable {
    /// The first rung.
    public var minSteps: Int
    /// Each rung is this many times the one before, and keeps 1/reduction of the configurations.
    public var reduction: Int

    public init(minSteps: Int, reduction: Int = 3) {
        self.minSteps = minSteps
        self.reduction = reduction
    }

    enum CodingKeys: String, CodingKey {
        case minSteps = "min_steps", reduction
    }

    /// The rungs of runs of `steps` steps: min_steps x reduction^k while below `steps`, then `steps`.
    public func rungs(steps: Int) -> [Int] {
        var rungs: [Int] = []
        var rung = minSteps
        while rung < steps {
            rungs.append(rung)
            let (next, overflow) = rung.multipliedReportingOverflow(by: reduction)
            if overflow { break }
            rung = next
        }
        return rungs + [steps]
    }

    /// How many of `n` configurations a rung promotes: ceil(n / reduction).
    public func promoted(of n: Int) -> Int { (n + reduction - 1) / reduction }
}

/// One rung of a halving sweep as planned: its step and how many configurations and runs reach it.
public struct PlannedRung: Sendable, Equatable {
    public var step: Int
    public var configurations: Int
    public var runs: Int
}

extension Halving {
    /// The rungs of a halving sweep over the runs `configs` (plan order), with the configurations
    /// each reaches when none is out early (a diverged configuration leaves fewer).
    public func schedule(_ configs: [RunConfig]) -> [PlannedRung] {
        let groups = Halving.configurations(configs)
        // Seeds per configuration: the same for every one of a spec's configurations.
        let seeds = groups.isEmpty ? 0 : configs.count / groups.count
        var n = groups.count
        var planned: [PlannedRung] = []
        for step in rungs(steps: configs.first?.training.steps ?? 0) {
            planned.append(PlannedRung(step: step, configurations: n, runs: n * seeds))
            n = promoted(of: n)
        }
        return planned
    }

    /// What an average run of the sweep does, for the time estimate: its share of the steps,
    /// a session per rung it reaches (and one more to stop, if it is not promoted at the last),
    /// a pass over the validation split at each rung it reaches, and the final passes over both
    /// splits only if it trains to the end.
    public func share(_ configs: [RunConfig]) -> WorkShare {
        let schedule = schedule(configs)
        guard !configs.isEmpty, let last = schedule.last else { return .whole }
        let reached = Double(schedule.reduce(0) { $0 + $1.runs }) / Double(configs.count)
        let stopped = Double(configs.count - last.runs) / Double(configs.count)
        return WorkShare(steps: plannedWork(configs).fraction, sessions: reached + stopped, rungPasses: reached,
                         finals: Double(last.runs) / Double(configs.count))
    }

    /// The training steps of the schedule, in run-steps, and the fraction they are of training
    /// every run to its end.
    public func plannedWork(_ configs: [RunConfig]) -> (runSteps: Int, fraction: Double) {
        var previous = 0
        var total = 0
        for rung in schedule(configs) {
            total += rung.runs * (rung.step - previous)
            previous = rung.step
        }
        let full = configs.count * (configs.first?.training.steps ?? 0)
        return (total, full > 0 ? Double(total) / Double(full) : 1)
    }
}

/// How one run stands at a rung.
public enum RungOutcome: Sendable, Equatable {
    /// Its loss on the whole validation split at the rung step (nats per token) and in bits per character.
    case measured(loss: Double, bpc: Double?)
    /// It cannot go on: it diverged, failed, or stopped (patience) before the rung.
    case out(RunStatus)
    /// It has not reached the rung yet.
    case pending
}

/// The decision of one rung: the configurations that reached it, ranked.
public struct RungDecision: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        /// The configuration's runs (its seeds), by id, in plan order.
        public var runs: [String]
        /// The mean rung loss over its seeds in the sweep's comparable measure; nil when a seed is out.
        public var loss: Double?
        public var promoted: Bool
    }

    /// The rung's step.
    public var step: Int
    /// Best first; configurations with a seed out (diverged, failed, stopped) last.
    public var ranking: [Entry]

    enum CodingKeys: String, CodingKey {
        case step, ranking
    }
}

extension Halving {
    /// The runs grouped into configurations (the same settings but the seed), each in plan
    /// order, the groups in the order of their first run.
    public static func configurations(_ configs: [RunConfig]) -> [[Int]] {
        var groups: [[Int]] = []
        var index: [RunConfig: Int] = [:]
        for (i, config) in configs.enumerated() {
            var key = config
            key.training.seed = 0
            if let g = index[key] {
                groups[g].append(i)
            } else {
                index[key] = groups.count
                groups.append([i])
            }
        }
        return groups
    }

    /// Ranks the configurations `groups` (indices into `runs`) at the rung `step` by the mean of
    /// their seeds' outcomes in `measure`, ties to plan order; promotes the best ceil(n/reduction)
    /// that have no seed out. nil while any run is pending.
    public func decide(step: Int, last: Bool, groups: [[Int]], ids: [String], outcome: (Int) -> RungOutcome,
                       measure: LossMeasure) -> RungDecision? {
        var entries: [(entry: RungDecision.Entry, order: Int)] = []
        for (order, group) in groups.enumerated() {
            var losses: [Double] = []
            var out = false
            for i in group {
                switch outcome(i) {
                case .pending: return nil
                case .out: out = true
                case .measured(let loss, let bpc):
                    guard let value = measure == .natsPerToken ? loss : bpc, value.isFinite else { out = true; continue }
                    losses.append(value)
                }
            }
            let mean = out ? nil : losses.reduce(0, +) / Double(losses.count)
            entries.append((RungDecision.Entry(runs: group.map { ids[$0] }, loss: mean, promoted: false), order))
        }
        entries.sort { a, b in
            switch (a.entry.loss, b.entry.loss) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.order < b.order
            }
        }
        let promote = last ? 0 : promoted(of: groups.count)
        for i in entries.indices where i < promote && entries[i].entry.loss != nil { entries[i].entry.promoted = true }
        return RungDecision(step: step, ranking: entries.map(\.entry))
    }
}

/// halving.json: the settings, the rungs and the decision of every rung decided so far, for people
/// and reports (the runner works them out again from the run folders each time).
public struct HalvingRecord: Sendable, Equatable, Codable {
    public var halving: Halving
    public var rungs: [Int]
    public var decisions: [RungDecision]

    public init(halving: Halving, rungs: [Int], decisions: [RungDecision]) {
        self.halving = halving
        self.rungs = rungs
        self.decisions = decisions
    }
}

/// Where a halving sweep stands, worked out from its run folders alone.
public struct HalvingState: Sendable {
    /// One piece of work: train a run to a rung (pausing there, or to its end at the last rung),
    /// or end a run that was not promoted as `stopped` at its rung.
    public enum Work: Sendable, Equatable {
        case advance(run: Int, to: Int)
        case stop(run: Int, at: Int)

        public var run: Int {
            switch self {
            case .advance(let run, _), .stop(let run, _): run
            }
        }
    }

    /// The decisions made so far, rung by rung.
    public var decisions: [RungDecision]
    /// What is left of the current rung: its runs still to train to it, and the runs of the
    /// rung before that were not promoted and are still to be stopped. Empty when the sweep is done.
    public var work: [Work]
    /// The rung being trained (index into the rungs), nil when done.
    public var rung: Int?
    /// Configurations at each rung, the counts the report shows (only as far as decided).
    public var configurationsPerRung: [Int]
}

extension Halving {
    /// The state of a halving sweep over the runs `ids` with `configs` (plan order), given each
    /// run's record and rung rows as its folder holds them: the decisions each finished rung
    /// implies, and what is left to do.
    public func state(ids: [String], configs: [RunConfig], records: [RunRecord?], rungRows: [[Int: MetricsRow]]) -> HalvingState {
        let steps = configs.first?.training.steps ?? 0
        let rungs = rungs(steps: steps)
        let measure = LossMeasure.comparing(configs)
        var groups = Halving.configurations(configs)
        var decisions: [RungDecision] = []
        var counts: [Int] = []
        var stopping: [HalvingState.Work] = []
        for (k, step) in rungs.enumerated() {
            counts.append(groups.count)
            func outcome(_ i: Int) -> RungOutcome { Halving.outcome(of: i, at: step, records: records, rungRows: rungRows) }
            let members = groups.flatMap { $0 }
            guard let decision = decide(step: step, last: k == rungs.count - 1, groups: groups, ids: ids, outcome: outcome, measure: measure) else {
                let advance = members.filter { outcome($0) == .pending }.map { HalvingState.Work.advance(run: $0, to: step) }
                return HalvingState(decisions: decisions, work: stopping + advance, rung: k, configurationsPerRung: counts)
            }
            decisions.append(decision)
            // The runs this rung leaves behind end here, unless they already have (kept across
            // rungs: a sweep killed before stopping them stops them on the next invocation).
            let promoted = Set(decision.ranking.filter(\.promoted).flatMap(\.runs))
            if k < rungs.count - 1 {
                stopping += members.filter { i in !promoted.contains(ids[i]) && !Halving.hasEnded(records[i]) }
                    .map { .stop(run: $0, at: step) }
            }
            groups = groups.filter { promoted.contains(ids[$0[0]]) }
            if groups.isEmpty { break }
        }
        return HalvingState(decisions: decisions, work: stopping, rung: stopping.isEmpty ? nil : rungs.count - 1,
                            configurationsPerRung: counts)
    }
}

extension Halving {
    /// How run `i` stands at the rung `step`, from its record and rung rows.
    static func outcome(of i: Int, at step: Int, records: [RunRecord?], rungRows: [[Int: MetricsRow]]) -> RungOutcome {
        if let row = rungRows[i][step] { return .measured(loss: row.loss, bpc: row.bpc) }
        // subtle: a run stopped by its patience at or before the rung has no rung row and
        // will not get one; it is out, not pending.
        if let record = records[i], record.status == .diverged || record.status == .failed
            || (record.status == .stopped && (record.stoppedAtStep ?? 0) <= step) {
            return .out(record.status)
        }
        return .pending
    }

    /// Whether a run has ended for good (a result, or failed), so there is nothing left to stop.
    static func hasEnded(_ record: RunRecord?) -> Bool {
        record.map { $0.status.isResult || $0.status == .failed } ?? false
    }
}

// MARK: - One rung at a time, for shards

/// All the work of one rung, as the shards that share it see it: the same list at any time
/// while the rung runs, since it follows from the decisions of the rungs before it alone.
public struct RungWork: Sendable, Equatable {
    /// The rung, as an index into the rungs.
    public var rung: Int
    public var step: Int
    /// The runs the rung before did not promote, to stop at its step, then every run of the
    /// configurations that reach this rung, to train to it; each part in plan order.
    public var items: [HalvingState.Work]
    /// Whether each item is done, aligned with `items`: its run reached the rung or is out
    /// (diverged, failed, stopped by patience), or, for a stop, it has ended.
    public var done: [Bool]

    /// The items not done yet.
    public var left: [HalvingState.Work] { zip(items, done).compactMap { $1 ? nil : $0 } }

    /// Every item is done: the rung's decision can be made and the next rung can start.
    public var isComplete: Bool { !done.contains(false) }
}

extension Halving {
    /// The work of rung `k` (an index into the rungs) of the sweep over the runs `ids` with
    /// `configs` (plan order), given each run's record and rung rows as its folder holds them,
    /// as for `state`. The list depends only on the decisions of the rungs before `k`, which are
    /// final once every one of them is complete, so shards that start at different times, or
    /// again after an interruption, all split the same list.
    /// - Throws: `SweepError.badRung` when the sweep has no rung `k`; `SweepError.rungNotReady`
    ///   while a rung before it is not complete.
    public func work(ofRung k: Int, ids: [String], configs: [RunConfig], records: [RunRecord?],
                     rungRows: [[Int: MetricsRow]]) throws(SweepError) -> RungWork {
        let rungs = rungs(steps: configs.first?.training.steps ?? 0)
        guard rungs.indices.contains(k) else {
            throw SweepError.badRung("--rung \(k + 1): the sweep has \(rungs.count) rungs, at steps "
                                     + rungs.map(String.init).joined(separator: ", ") + "; give 1 to \(rungs.count)")
        }
        let measure = LossMeasure.comparing(configs)
        // The configurations that reach rung j, and the runs of rung j - 1 it did not promote.
        var groups = Halving.configurations(configs)
        var notPromoted: [Int] = []
        func work(at j: Int) -> RungWork {
            let members = groups.flatMap { $0 }.sorted()
            let stops = notPromoted.map { HalvingState.Work.stop(run: $0, at: rungs[j - 1]) }
            let advances = members.map { HalvingState.Work.advance(run: $0, to: rungs[j]) }
            let done = notPromoted.map { Halving.hasEnded(records[$0]) }
                + members.map { Halving.outcome(of: $0, at: rungs[j], records: records, rungRows: rungRows) != .pending }
            return RungWork(rung: j, step: rungs[j], items: stops + advances, done: done)
        }
        for j in 0 ..< k {
            let earlier = work(at: j)
            let step = rungs[j]
            guard earlier.isComplete, let decision = decide(
                step: step, last: false, groups: groups, ids: ids,
                outcome: { Halving.outcome(of: $0, at: step, records: records, rungRows: rungRows) }, measure: measure)
            else {
                throw SweepError.rungNotReady(rung: k + 1, step: rungs[k], earlier: j + 1, earlierStep: step,
                                              waiting: earlier.left.map { ids[$0.run] })
            }
            let promoted = Set(decision.ranking.filter(\.promoted).flatMap(\.runs))
            notPromoted = groups.flatMap { $0 }.sorted().filter { !promoted.contains(ids[$0]) }
            groups = groups.filter { promoted.contains(ids[$0[0]]) }
        }
        return work(at: k)
    }
}
