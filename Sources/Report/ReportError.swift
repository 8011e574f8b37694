// The errors of the Report module that come from what a user points it at: a folder with no
// runs, a compare input that is neither a run nor a sweep. Failures to read or write files keep
// the Sweep module's `SweepError.io`, and drawing failures are `PlotError`s.

/// A report or comparison asked of something that cannot give one.
public enum ReportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The folder has no run.json, neither itself nor under runs/<id>/.
    case noRuns(path: String)
    /// A compare input has no validation curve to draw.
    case nothingToCompare(path: String)
    /// Compare was given no inputs.
    case noInputs

    public var description: String {
        switch self {
        case .noRuns(let path):
            return "\(path) holds no runs: expected run.json in it, or runs/<id>/run.json below it "
                + "(a folder written by `tinylab run` or `tinylab train`)"
        case .nothingToCompare(let path):
            return "\(path) has no validation losses to compare: its metrics.csv files are missing or empty; "
                + "compare runs that have trained for at least one evaluation"
        case .noInputs:
            return "nothing to compare: give one or more run directories or sweep folders"
        }
    }
}
