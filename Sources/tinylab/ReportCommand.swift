// `tinylab report`: rebuilds a sweep's results from its files alone, for a finished, interrupted,
// sharded or partly copied sweep, without training anything: it merges the run directories into
// summary.csv and metrics.csv, names the planned runs still missing, redraws every figure and
// rebuilds report.md and index.html. Given a run directory, it redraws that run's figures.

import ArgumentParser
import Foundation
import Report
import Sweep

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Redraw the figures and report pages of a sweep folder (or a run's figures) from its files.",
        discussion: """
            For a sweep folder: every run's figures, the sweep figures, report.md and index.html, \
            from the files alone (a finished, interrupted or partly copied sweep; nothing is \
            trained). For a run directory: its figures.

            Example:
              tinylab report Reports/demo
            """)

    @Argument(help: "Sweep folder (with runs/) or run directory (with run.json).")
    var directory: String

    @Option(help: "Figures drawn at the same time, one core each.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var figures: FigureOptions

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: directory)
        if let single = StoredRun(directory: url) {
            try reportingErrors { _ = try RunFigures.draw(single, style: figures.style) }
            Terminal.write("figures of \(single.id) redrawn in \(url.path)\n")
            return
        }
        let layout = SweepLayout(root: url)
        let merge = try reportingErrors { try layout.mergeResults() }
        guard !merge.runs.isEmpty else {
            if merge.planned != nil { return Terminal.write("no run has finished yet\n" + missingRuns(merge)) }
            Terminal.status("error: \(url.path) holds no runs: expected run.json, or runs/<id>/run.json below it")
            throw ExitCode(2)
        }
        // The figures as the spec asked for them (its `figures` setting), unless the flags say otherwise.
        let style = figures.style(spec: SpecSummary(contentsOf: layout.spec)?.figures ?? FigureSettings())
        let rebuilt = try reportingErrors { try ReportPages.finish(folder: url, runFigures: .all, jobs: jobs, style: style) }
        for problem in rebuilt.problems { Terminal.status("warning: \(problem)") }
        Terminal.write("\(rebuilt.runs) runs; summary.csv, metrics.csv, figures, \(ReportPages.markdown) and "
                       + "\(ReportPages.html) rebuilt in \(url.path)\n" + missingRuns(merge))
        // Everything that could be drawn was written; a figure that could not is still a failure.
        if !rebuilt.problems.isEmpty { throw ExitCode(1) }
    }
}

/// What is left to do, from plan.json: nothing, or the missing runs and how to finish them.
func missingRuns(_ merge: SweepMerge) -> String {
    guard let planned = merge.planned else { return "" }
    var text = merge.missing.isEmpty ? "all \(planned) planned runs are done\n"
        : "\(merge.missing.count) of \(planned) planned runs missing (run or resubmit the sweep to finish them):\n"
            + merge.missing.map { "  \($0.id)  \($0.status?.rawValue ?? "not started")\n" }.joined()
    if merge.unplanned > 0 { text += "\(merge.unplanned) run directories not in plan.json were left out\n" }
    return text
}
