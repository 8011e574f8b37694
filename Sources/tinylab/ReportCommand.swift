// `tinylab report`: rebuilds a sweep's results from its files alone, for a finished, interrupted,
// sharded or partly copied sweep, without training anything: it merges the run directories into
// summary.csv and metrics.csv, names the planned runs still missing, redraws every figure and
// rebuilds report.md and index.html. Given a run directory, it redraws that run's figures.

import ArgumentParser
import Files
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
        switch fileKind(url.path) {
        case .directory: break
        case .missing:
            Terminal.status("error: \(url.path) does not exist; give a sweep folder (with runs/) or a run directory (with run.json)")
            throw ExitCode(2)
        case .regular, .other:
            Terminal.status("error: \(url.path) is a file; give a sweep folder (with runs/) or a run directory (with run.json)"
                            + (url.lastPathComponent == RunFile.record ? ", here \(url.deletingLastPathComponent().path)" : ""))
            throw ExitCode(2)
        }
        if fileKind(url.appendingPathComponent(RunFile.record).path) != .missing {
            let single = try reportingErrors { try StoredRun.read(url) }
            if let problem = single.problem { Terminal.status("warning: \(problem)") }
            try reportingErrors { _ = try RunFigures.draw(single.run, style: figures.style) }
            Terminal.write("figures of \(single.run.id) redrawn in \(url.path)\n")
            if single.problem != nil { throw ExitCode(1) }
            return
        }
        let layout = SweepLayout(root: url)
        // Not while `tinylab run` works in the folder: it appends to the files a merge rewrites
        // (its pages are rewritten every few minutes meanwhile). Shards lock their own folders.
        let lock = try reportingErrors { try FolderLock(folder: url) }
        defer { lock.release() }
        let merge = try reportingErrors { try layout.mergeResults() }
        guard !merge.runs.isEmpty else {
            for problem in merge.problems { Terminal.status("warning: \(problem)") }
            if merge.planned != nil {
                Terminal.write("no run has finished yet\n" + missingRuns(merge))
                if !merge.problems.isEmpty { throw ExitCode(1) }
                return
            }
            Terminal.status("error: \(url.path) holds no runs: expected run.json, or runs/<id>/run.json below it")
            throw ExitCode(merge.problems.isEmpty ? 2 : 1)
        }
        // The figures as the spec asked for them (its `figures` setting), unless the flags say otherwise.
        let style = figures.style(spec: SpecSummary(contentsOf: layout.spec)?.figures ?? FigureSettings())
        let rebuilt = try reportingErrors { try ReportPages.finish(folder: url, runFigures: .all, jobs: jobs, style: style) }
        for problem in rebuilt.problems { Terminal.status("warning: \(problem)") }
        Terminal.write("\(rebuilt.runs) runs; summary.csv, metrics.csv, figures, \(ReportPages.markdown) and "
                       + "\(ReportPages.html) rebuilt in \(url.path)\n" + missingRuns(merge))
        // Everything that could be read and drawn was written; a file that could not is still a failure.
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
