// `tinylab validate`: check a spec and list its runs with an estimate of the time they take,
// training nothing and writing nothing. A bad spec prints every problem and exits with status 2.

import ArgumentParser
import Foundation
import Report
import Sweep

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an experiment spec and list its runs, without training anything.",
        discussion: """
            Reads the spec, its corpora and trains their tokenizers, checks every run (all \
            problems are listed at once, each with its file, line, column and key path), then \
            prints the runs, their parameter counts and an estimated time. The estimate times, on \
            this machine and with --jobs threads busy, a fraction of a second of training, \
            evaluation and sampling of the smallest and largest model, one run's files and one \
            run's figures, and packs the runs onto the workers in the order `tinylab run` starts \
            them (largest first).

            Example:
              tinylab validate Experiments/demo.json
            """)

    @Argument(help: "Experiment spec (JSON), e.g. Experiments/demo.json.")
    var spec: String

    @Option(help: "Parallel jobs to assume for the estimate. (default: the number of cores)")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    @OptionGroup var figures: FigureOptions

    func run() throws {
        let cache = TokenizerCache()
        let loaded = try reportingErrors { try SweepSpec.load(contentsOf: URL(fileURLWithPath: spec), tokenizers: cache) }
        Terminal.write(listing(of: loaded))
        let jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let estimate = try reportingErrors {
            try SweepEstimate.measure(runs: loaded.runs, total: loaded.runs.count, axes: loaded.sweptKeys, jobs: jobs,
                                      tokenizers: cache, style: figures.style(spec: loaded.figures), halving: loaded.halving, plan: loaded.runs)
        }
        let seconds = estimate.wallSeconds(of: loaded.runs)
        let workers = min(jobs, loaded.runs.count)
        let finish = Date().addingTimeInterval(seconds)
        let clock = DateFormatter()
        clock.dateFormat = seconds < 20 * 3600 ? "HH:mm" : "EEE HH:mm"
        Terminal.write("estimated time: about \(formatDuration(seconds)) with \(workers) parallel job\(workers == 1 ? "" : "s")"
                       + " (done at \(clock.string(from: finish)) if started now): training steps, evaluations, samples,"
                       + " files and figures timed on this machine\n")
    }

    /// The header, the table of runs and the totals.
    func listing(of spec: SweepSpec) -> String {
        var out = "sweep: \(spec.name)\n"
        if let description = spec.description { out += "\(description)\n" }
        out += "\(spec.runs.count) run\(spec.runs.count == 1 ? "" : "s"): \(spec.layout)\n\n"
        let header = ["run"] + spec.sweptKeys + ["parameters"]
        let rows = spec.runs.map { run in
            [run.id] + run.swept.map(\.value) + [ReportText.integer(run.shape.parameterCount)]
        }
        out += alignedTable(header: header, rows: rows, rightAligned: [header.count - 1])
        let counts = spec.runs.map(\.shape.parameterCount)
        out += "\nparameters: \(ReportText.integer(counts.reduce(0, +))) in all"
        if let low = counts.min(), let high = counts.max(), low != high {
            out += " (\(ReportText.integer(low)) to \(ReportText.integer(high)) per run)"
        }
        if let halving = spec.halving { out += "\n" + halvingPlan(halving, runs: spec.runs) }
        out += "\noutput: Reports/\(spec.name)/ (unless `tinylab run --out DIR`)\n"
        return out
    }
}

/// The rungs of a halving sweep: how many configurations and runs train to each, and the share
/// of the full grid's steps that is.
func halvingPlan(_ halving: Halving, runs: [PlannedRun]) -> String {
    let configs = runs.map(\.config)
    let schedule = halving.schedule(configs)
    var out = "successive halving: keeps 1/\(halving.reduction) of the configurations at each rung\n"
    out += alignedTable(header: ["rung", "step", "configurations", "runs"],
                        rows: schedule.enumerated().map { k, rung in
                            ["\(k + 1)", ReportText.integer(rung.step), "\(rung.configurations)", "\(rung.runs)"]
                        }, rightAligned: [0, 1, 2, 3])
    let work = halving.plannedWork(configs)
    let full = runs.count * (configs.first?.training.steps ?? 0)
    out += "training: \(ReportText.integer(work.runSteps)) run-steps, "
        + String(format: "%.1f%%", work.fraction * 100) + " of the \(ReportText.integer(full)) of training every run to its end\n"
    return out
}

/// Columns padded to their widest cell, two spaces apart; `rightAligned` columns (numbers) flush right.
func alignedTable(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
    return all.map { row in
        row.indices.map { column in
            let padding = String(repeating: " ", count: widths[column] - row[column].count)
            return rightAligned.contains(column) ? padding + row[column] : row[column] + padding
        }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }.joined(separator: "\n") + "\n"
}
