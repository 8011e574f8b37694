// The errors of the Sweep module: a run that cannot start, a file that cannot be written or
// read, a shard that cannot be. Each message names the file or key involved and what to do about it.

/// An error from setting up, running or storing runs.
public enum SweepError: Error, Equatable, CustomStringConvertible {
    case io(path: String, problem: String)
    case invalidConfig(key: String, problem: String)
    case notARunDirectory(path: String, missing: String)
    /// A `--shard` value or the batch system's variables behind `--shard auto` make no shard.
    case badShard(String)

    public var description: String {
        switch self {
        case .io(let path, let problem):
            return "\(path): \(problem)"
        case .invalidConfig(let key, let problem):
            return "\(key) \(problem)"
        case .notARunDirectory(let path, let missing):
            return "\(path) is not a run directory: \(missing) is missing (runs are written by `tinylab train` or `tinylab run`)"
        case .badShard(let problem):
            return problem
        }
    }
}
