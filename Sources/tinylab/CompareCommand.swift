// `tinylab compare`: overlays the validation curves of run directories and sweep folders in one
// PNG or SVG, one colour and legend entry per input, for before/after comparisons across specs.

import ArgumentParser
import Foundation
import Plot
import Report
import Sweep

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Overlay the validation curves of runs or whole sweeps in one figure.",
        discussion: """
            Each DIR is a run directory (with run.json) or a sweep folder (with runs/). A sweep is \
            drawn in one colour, its best run bold; the legend names each input with its final \
            (or best) validation loss.

            Examples:
              tinylab compare Reports/demo Reports/demo-cosine -o before-after.png
              tinylab compare Reports/demo/runs/<run-id> Reports/story -o two.png
            """)

    @Argument(help: "Run directories or sweep folders to compare.")
    var directories: [String]

    @Option(name: [.short, .customLong("output")], help: "PNG or SVG file to write (with --svg, a PNG gets an SVG twin beside it).")
    var output: String

    @Option(help: "Title of the figure. (default: Validation loss compared)")
    var title: String?

    @Flag(help: "Logarithmic loss axis.")
    var logY = false

    @OptionGroup var figures: FigureOptions

    func validate() throws {
        if directories.isEmpty { throw ValidationError("give at least one run directory or sweep folder to compare") }
        if !output.lowercased().hasSuffix(".png") && !output.lowercased().hasSuffix(".svg") {
            throw ValidationError("--output must name a .png or .svg file, got \(output)")
        }
    }

    func run() throws {
        let figure = try reportingErrors {
            try Comparison.write(directories.map { URL(fileURLWithPath: $0) }, to: URL(fileURLWithPath: output),
                                 title: title, logY: logY, style: figures.style)
        }
        Terminal.write("\(output): \(figure.series.count) compared\n" + figure.series.map { "  \($0.label)\n" }.joined())
    }
}
