// `tinylab report`: redraws a sweep's (or a single run's) figures and rebuilds the sweep's
// report.md and index.html from its files alone, for a finished, interrupted or partly copied
// sweep, without training anything.

import ArgumentParser
import Foundation
import Report
import Sweep

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Redraw the figures and report pages of a sweep folder (or a run's figures) from its files.",
        discussion: """
            For a sweep folder: every run's figures, the sweep figures, report.md and index.html,
            from the files alone (a finished, interrupted or partly copied sweep; nothing is
            trained). For a run directory: its figures.

            Example:
              tinylab report Reports/demo
            """)

    @Argument(help: "Sweep folder (with runs/) or run directory (with run.json).")
    var directory: String

    @OptionGroup var figures: FigureOptions

    func run() throws {
        let url = URL(fileURLWithPath: directory)
        if let single = StoredRun(directory: url) {
            try reportingErrors { _ = try RunFigures.draw(single, style: figures.style) }
            Terminal.write("figures of \(single.id) redrawn in \(url.path)\n")
            return
        }
        let rebuilt = try reportingErrors { try ReportPages.rebuild(folder: url, style: figures.style) }
        for problem in rebuilt.problems { Terminal.status("warning: \(problem)") }
        Terminal.write("\(rebuilt.runs) runs; figures, \(ReportPages.markdown) and \(ReportPages.html) rebuilt in \(url.path)\n")
        // Everything that could be drawn was written; a figure that could not is still a failure.
        if !rebuilt.problems.isEmpty { throw ExitCode(1) }
    }
}
