// `tinylab report`: redraws a sweep's (or a single run's) figures from its files alone, for a
// finished, interrupted or partly copied sweep, without training anything. For a sweep it first
// merges the run directories (shards included) into summary.csv and metrics.csv and names the
// planned runs still missing.

import ArgumentParser
import Foundation
import Report
import Sweep

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Redraw the figures of a sweep folder or a run directory from its files.",
        discussion: """
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
        let layout = SweepLayout(root: url)
        let merge = try reportingErrors { try layout.mergeResults() }
        let runs = merge.runs
        guard !runs.isEmpty else {
            if merge.planned != nil { return Terminal.write("no run has finished yet\n" + missingRuns(merge)) }
            Terminal.status("error: \(url.path) holds no runs: expected run.json, or runs/<id>/run.json below it")
            throw ExitCode(2)
        }
        for run in runs { drawFigures(of: run, style: figures.style) }
        let name = (try? decodeJSON(SpecName.self, from: layout.spec).name) ?? url.lastPathComponent
        try reportingErrors { _ = try SweepFigures.draw(runs, layout: layout, name: name, style: figures.style) }
        Terminal.write("\(runs.count) runs; summary.csv, metrics.csv and figures redrawn in \(url.path)\n" + missingRuns(merge))
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

/// The one field of spec.json that a report needs.
private struct SpecName: Decodable { var name: String }
