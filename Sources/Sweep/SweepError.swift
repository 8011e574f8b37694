// The errors of the Sweep module: a spec that cannot run, a run that cannot start, a file that
// cannot be written or read, a shard or a rung that cannot be. Each message names the file or key
// involved and what to do about it.

import JSON

/// An error from reading specs, setting up, running or storing runs.
public enum SweepError: Error, Equatable, CustomStringConvertible {
    /// A spec that cannot be run, with every problem found in it, in the order found: syntax and
    /// keys in file order first, then the runs. Nothing has been trained or written.
    case invalidSpec([SpecProblem])
    case io(path: String, problem: String)
    case invalidConfig(key: String, problem: String)
    case notARunDirectory(path: String, missing: String)
    /// A `--shard` value or the batch system's variables behind `--shard auto` make no shard.
    case badShard(String)
    /// A path that names the wrong kind of thing (a file where a folder was expected, or nothing).
    case wrongPath(path: String, problem: String)
    /// The output folder holds the results of a sweep of another name.
    case otherSweep(folder: String, holds: String, given: String)
    /// A `--rung` that names no rung of the sweep, or is missing or out of place: a shard of a
    /// halving sweep trains one given rung, and only it takes one.
    case badRung(String)
    /// Rung `rung` (counted from 1, as `--rung` counts) cannot start: the rung `earlier` before it
    /// is not complete, and the runs `waiting` have not reached it (or, not promoted, not ended).
    case rungNotReady(rung: Int, step: Int, earlier: Int, earlierStep: Int, waiting: [String])

    /// A spec error with one problem.
    static func spec(file: String, path: String, position: SourcePosition?, message: String) -> SweepError {
        .invalidSpec([SpecProblem(file: file, path: path, position: position, message: message)])
    }

    /// The problems of an invalid spec; empty for the other errors.
    public var problems: [SpecProblem] {
        if case .invalidSpec(let problems) = self { return problems }
        return []
    }

    public var description: String {
        switch self {
        case .invalidSpec(let problems):
            return problems.map(\.description).joined(separator: "\n")
        case .io(let path, let problem):
            return "\(path): \(problem)"
        case .invalidConfig(let key, let problem):
            return "\(key) \(problem)"
        case .notARunDirectory(let path, let missing):
            return "\(path) is not a run directory: \(missing) is missing (runs are written by `tinylab train` or `tinylab run`)"
        case .badShard(let problem):
            return problem
        case .wrongPath(let path, let problem):
            return "\(path) \(problem)"
        case .otherSweep(let folder, let holds, let given):
            return "\(folder) holds the sweep \"\(holds)\" (its spec.json), and this spec is the sweep \"\(given)\"; "
                + "give another --out, or --fresh to replace that sweep's runs with this one's"
        case .badRung(let problem):
            return problem
        case .rungNotReady(let rung, let step, let earlier, let earlierStep, let waiting):
            let named = waiting.prefix(3).joined(separator: ", ") + (waiting.count > 3 ? " and \(waiting.count - 3) more" : "")
            return "rung \(rung) (step \(step)) cannot start: rung \(earlier) (step \(earlierStep)) is not complete, "
                + "\(waiting.count) of its runs \(waiting.count == 1 ? "is" : "are") not done (\(named)); finish rung \(earlier) first "
                + "(its shards with --rung \(earlier), or `tinylab slurm`, which starts at the first rung not complete)"
        }
    }
}
