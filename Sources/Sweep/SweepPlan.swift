// plan.json, the list of a sweep's runs written once before any shard starts, and the merge that
// turns whatever run directories exist into the sweep's summary.csv and metrics.csv and names the
// planned runs still missing. Both work from the folder alone: no spec, no corpus.
// Leaves out: expanding a spec (SweepSpec) and running (SweepRunner).

import Files
import Foundation

/// plan.json: every planned run of a sweep, in plan order, with its swept values.
public struct SweepPlan: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public var id: String
        /// The run's values of `swept_keys`, in that order, as the spec writes them.
        public var values: [String]
    }

    /// The keys that vary between runs, in expansion order.
    public var sweptKeys: [String]
    public var runs: [Entry]

    public init(runs: [PlannedRun]) {
        sweptKeys = runs.first?.swept.map(\.key) ?? []
        self.runs = runs.map { Entry(id: $0.id, values: $0.swept.map(\.value)) }
    }

    enum CodingKeys: String, CodingKey {
        case sweptKeys = "swept_keys", runs
    }
}

/// What `SweepLayout.mergeResults()` found.
public struct SweepMerge: Sendable {
    /// The runs in summary.csv: planned ones in plan order (every stored run by id without a plan).
    public var runs: [StoredRun]
    /// Planned runs with no completed or diverged record yet, with the status they have if any.
    public var missing: [(id: String, status: RunStatus?)]
    /// Runs in the plan; nil without plan.json.
    public var planned: Int?
    /// Run directories that are not in plan.json (left by an earlier version of the spec).
    public var unplanned: Int
    /// Files that could not be read (SweepLayout.readRuns), one line each.
    public var problems: [String] = []
}

extension SweepLayout {
    public var plan: URL { root.appendingPathComponent("plan.json") }
    /// halving.json: the rungs of a successive-halving sweep and each rung's decision.
    public var halving: URL { root.appendingPathComponent("halving.json") }
    /// Where a shard keeps its own summary.csv, metrics.csv and status.json: shards/<I>-of-<N>/,
    /// or for a shard of `rung` (an index into the rungs) of a halving sweep, shards/rung-<K>/<I>-of-<N>/
    /// with K counted from 1.
    public func shardFolder(_ shard: Shard, rung: Int? = nil) -> URL {
        let shards = root.appendingPathComponent("shards")
        return (rung.map { shards.appendingPathComponent("rung-\($0 + 1)") } ?? shards).appendingPathComponent(shard.folderName)
    }

    /// The plan, nil when the folder has none.
    /// - Throws: `SweepError.io` when plan.json exists but cannot be read.
    public func readPlan() throws -> SweepPlan? {
        guard fileKind(plan.path) != .missing else { return nil }
        return try decodeJSON(SweepPlan.self, from: plan)
    }

    /// Rewrites summary.csv and metrics.csv at the root from the run directories and says which
    /// planned runs are missing. Running it again as more runs finish completes the picture.
    public func mergeResults() throws -> SweepMerge {
        let (stored, problems) = readRuns()
        guard let plan = try readPlan() else {
            // subtle: a folder with neither plan nor runs is not a sweep; leave it untouched.
            if !stored.isEmpty { try writeResults(stored.map { ($0.id, $0.record) }) }
            return SweepMerge(runs: stored, missing: [], planned: nil, unplanned: 0, problems: problems)
        }
        let byID = Dictionary(stored.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let runs = plan.runs.compactMap { byID[$0.id] }
        let missing = plan.runs.compactMap { entry -> (id: String, status: RunStatus?)? in
            let status = byID[entry.id]?.record.status
            return status?.isResult == true ? nil : (entry.id, status)
        }
        try writeResults(runs.map { ($0.id, $0.record) })
        return SweepMerge(runs: runs, missing: missing, planned: plan.runs.count,
                          unplanned: Set(byID.keys).subtracting(plan.runs.map(\.id)).count, problems: problems)
    }
}

/// Creates `url` with `data` unless it already exists, atomically: the data goes to a temporary
/// file that is then hard-linked to the name, and link(2) fails rather than replace a file. So of
/// several processes racing to create it, exactly one succeeds and nobody sees a partial file.
/// Returns whether this call created it.
@discardableResult
public func createExclusively(_ data: Data, at url: URL) throws -> Bool {
    if fileKind(url.path) != .missing { return false }
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString)")
    try writeAtomically(data, to: temporary)
    defer { try? FileManager.default.removeItem(at: temporary) }
    if link(temporary.path, url.path) == 0 { return true }
    if errno == EEXIST { return false }
    throw SweepError.io(path: url.path, problem: "cannot be created (\(systemReason(errno)))")
}
