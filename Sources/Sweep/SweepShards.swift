// Splitting a sweep into N shards that separate processes (array tasks of a batch system) run
// into one shared folder: which shard a process is (`I/N`, or `auto` from the batch system's
// environment) and which runs belong to it. The split is a pure function of the plan, so every
// task computes the same one without talking to the others.
// Leaves out: running a shard (SweepRunner) and writing job scripts (the command line).

import Foundation

/// One shard of a sweep: the `index`-th (0-based) of `count`.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// - Throws: `SweepError.badShard` unless 0 <= index < count.
    public init(index: Int, count: Int) throws(SweepError) {
        guard count >= 1 else { throw SweepError.badShard("the shard count must be at least 1, got \(count)") }
        guard index >= 0, index < count else {
            throw SweepError.badShard("shard index \(index) is outside 0...\(count - 1): shards of \(count) are numbered from 0 to \(count - 1)")
        }
        self.index = index
        self.count = count
    }

    /// "2/5"
    public var description: String { "\(index)/\(count)" }

    /// The folder name of the shard's own files under shards/: "2-of-5".
    public var folderName: String { "\(index)-of-\(count)" }

    /// Reads `--shard`: "I/N", or "auto" to take I and N from the environment: Slurm's
    /// SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (an array numbered 0, 1, ... N-1), or a
    /// Kubernetes Indexed Job's JOB_COMPLETION_INDEX together with `count` (`--shard-count`).
    public static func parse(_ text: String, count: Int? = nil, environment: [String: String]) throws(SweepError) -> Shard {
        if text != "auto" {
            if count != nil { throw SweepError.badShard("--shard-count goes with --shard auto; --shard \(text) already gives the count") }
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
                throw SweepError.badShard("--shard expects I/N (e.g. 0/4, the first of four shards) or auto, got \"\(text)\"")
            }
            return try Shard(index: i, count: n)
        }
        if let id = environment["SLURM_ARRAY_TASK_ID"] {
            let total = environment["SLURM_ARRAY_TASK_COUNT"]
            guard let i = Int(id) else { throw SweepError.badShard("SLURM_ARRAY_TASK_ID is \"\(id)\", not an integer") }
            guard let total, let n = Int(total) else {
                throw SweepError.badShard("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is \(total.map { "\"\($0)\"" } ?? "missing"); "
                                          + "--shard auto needs both (Slurm 17.11 or later sets them for array jobs)")
            }
            // subtle: the task id is the shard index only for arrays numbered 0, 1, ..., N-1.
            if let low = environment["SLURM_ARRAY_TASK_MIN"], low != "0" {
                throw SweepError.badShard("the array starts at \(low); --shard auto needs --array=0-\(n - 1) (or give --shard I/N)")
            }
            if let step = environment["SLURM_ARRAY_TASK_STEP"], step != "1" {
                throw SweepError.badShard("the array steps by \(step); --shard auto needs consecutive task ids --array=0-\(n - 1)")
            }
            if let count, count != n {
                throw SweepError.badShard("--shard-count \(count) disagrees with SLURM_ARRAY_TASK_COUNT \(n); leave --shard-count out under Slurm")
            }
            return try Shard(index: i, count: n)
        }
        if let id = environment["JOB_COMPLETION_INDEX"] {
            guard let i = Int(id) else { throw SweepError.badShard("JOB_COMPLETION_INDEX is \"\(id)\", not an integer") }
            guard let count else {
                throw SweepError.badShard("JOB_COMPLETION_INDEX is set but not the number of shards; add --shard-count N (the Job's completions)")
            }
            return try Shard(index: i, count: count)
        }
        throw SweepError.badShard("--shard auto found neither SLURM_ARRAY_TASK_ID (a Slurm array task) nor JOB_COMPLETION_INDEX "
                                  + "(a Kubernetes Indexed Job, with --shard-count N); outside those, give --shard I/N")
    }

    /// The plan indices of each of `count` shards, each list in plan order.
    ///
    /// Longest processing time first (Graham 1969): runs by cost, largest first (ties by plan
    /// index), each to the shard with the least cost so far (ties to the lowest shard). A shard's
    /// total then exceeds the mean by at most one run's cost. Pure arithmetic on the costs, so every
    /// process that expands the same spec gets the same split.
    public static func partition(costs: [Double], count: Int) -> [[Int]] {
        precondition(count >= 1, "partition needs at least one shard, got \(count)")
        var shards = [[Int]](repeating: [], count: count)
        var loads = [Double](repeating: 0, count: count)
        let order = costs.indices.sorted { (costs[$0], $1) > (costs[$1], $0) }
        for i in order {
            var target = 0
            for s in 1 ..< count where loads[s] < loads[target] { target = s }
            shards[target].append(i)
            loads[target] += costs[i]
        }
        return shards.map { $0.sorted() }
    }
}
