// `tinylab report`: redraws a sweep's (or a single run's) figures from its files alone, for a
// finished, interrupted or partly copied sweep, without training anything.

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
        let runs = layout.storedRuns()
        guard !runs.isEmpty else {
            Terminal.status("error: \(url.path) holds no runs: expected run.json, or runs/<id>/run.json below it")
            throw ExitCode(2)
        }
        for run in runs { drawFigures(of: run, style: figures.style) }
        let name = (try? decodeJSON(SpecName.self, from: layout.spec).name) ?? url.lastPathComponent
        try reportingErrors { _ = try SweepFigures.draw(runs, layout: layout, name: name, style: figures.style) }
        Terminal.write("\(runs.count) runs; figures redrawn in \(url.path)\n")
    }
}

/// The one field of spec.json that a report needs.
private struct SpecName: Decodable { var name: String }
