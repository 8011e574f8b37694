// The pieces of a halving sweep run in shards, one rung at a time: a shard's share of its rung
// (the rung's whole list, split by cost), the rungs as far as they are complete, for the promotion
// jobs of `tinylab slurm`, and halving.json written from the run folders. The list of a rung
// follows from the folders alone, so shards and promotion jobs need no coordinator.
// Leaves out the rungs' arithmetic (Halving.swift) and training (SweepRunner.swift).

import Files
import Foundation

extension SweepRunner {
    /// A halving shard's work: its share of its rung's whole list (Halving.work(ofRung:), split by
    /// cost as runs are without halving), the same in every shard and at any time while the rung
    /// runs, and the items of that share not yet done.
    /// - Throws: `SweepError.badRung` for a rung out of place or past the last,
    ///   `SweepError.rungNotReady` while a rung before it is not complete.
    public func rungShare(folders read: (records: [RunRecord?], rungRows: [[Int: MetricsRow]])? = nil) throws(SweepError)
        -> (share: [HalvingState.Work], left: [HalvingState.Work]) {
        try checkRung()
        guard let halving, let shard, let rung else { return ([], []) }
        let folders = read ?? halvingFolders()
        let work = try halving.work(ofRung: rung, ids: runs.map(\.id), configs: runs.map(\.config),
                                    records: folders.records, rungRows: folders.rungRows)
        let mine = Shard.partition(costs: work.items.map { cost(of: $0) }, count: shard.count)[shard.index]
        return (mine.map { work.items[$0] }, mine.filter { !work.done[$0] }.map { work.items[$0] })
    }

    /// The work of each rung of a halving sweep as its run folders stand, from the first rung to
    /// the first one not complete (every rung once the sweep is done); empty without halving.
    public func rungWorks() -> [RungWork] {
        guard let halving else { return [] }
        let folders = halvingFolders()
        var works: [RungWork] = []
        for k in halving.rungs(steps: runs.first?.config.training.steps ?? 0).indices {
            guard let work = try? halving.work(ofRung: k, ids: runs.map(\.id), configs: runs.map(\.config),
                                               records: folders.records, rungRows: folders.rungRows) else { break }
            works.append(work)
            if !work.isComplete { break }
        }
        return works
    }

    /// Writes halving.json with the decisions the run folders imply so far (nothing without halving).
    public func writeHalvingRecord() throws {
        guard let halving else { return }
        try writeHalvingRecord(halving, decisions: halvingState(halving).halving.decisions)
    }

    func writeHalvingRecord(_ halving: Halving, decisions: [RungDecision]) throws {
        let rungs = halving.rungs(steps: runs.first?.config.training.steps ?? 0)
        try writeAtomically(encodeJSON(HalvingRecord(halving: halving, rungs: rungs, decisions: decisions)), to: layout.halving)
    }

    /// Refuses a rung without halving or a shard, a halving shard without a rung, and `fresh`
    /// with a rung.
    func checkRung() throws(SweepError) {
        if let rung, halving == nil {
            throw .badRung("--rung \(rung + 1) picks a rung of successive halving, and this spec has no `halving`; leave --rung out")
        }
        if let rung, shard == nil {
            throw .badRung("--rung \(rung + 1) goes with --shard: it is the rung a shard trains its share of; "
                           + "without --shard, `tinylab run` trains every rung in turn")
        }
        if halving != nil, let shard, rung == nil {
            throw .badRung("shard \(shard) of a halving sweep trains one rung, the same in every shard: add --rung K "
                           + "(1 first; rung K starts once the rungs before it are complete), or hand the sweep to "
                           + "`tinylab slurm`, which submits one array job per rung")
        }
        if fresh, rung != nil {
            throw .badRung("--fresh with --rung would discard runs that the decisions of the rungs before rest on; "
                           + "to start a halving sweep over, run it with --fresh and no --shard, or give a new --out")
        }
    }
}
