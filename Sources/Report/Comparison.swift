// `tinylab compare`: validation curves of run directories and whole sweep folders, possibly from
// different specs, overlaid in one figure with one colour and one legend entry per input, for
// before/after comparisons. Each input is read from its files alone.
// Leaves out drawing (Plot's ComparisonFigure) and matching runs across sweeps by their settings.

import Foundation
import Plot
import Sweep

public enum Comparison {
    /// One thing being compared: a single run, or every run of a sweep.
    public struct Input: Sendable {
        public var directory: URL
        /// The runs drawn: the run itself, or the sweep's runs with a run.json.
        public var runs: [StoredRun]
        public var isSweep: Bool
        /// The legend text, e.g. "demo · 12 runs · best 3.7121" or "demo / learning_rate=0.3 · 3.7121".
        public var label: String
    }

    /// Reads each directory as a run (it has run.json) or a sweep (it has runs/<id>/run.json)
    /// and names it for the legend: sweep name and run id, with the id's hash left out where
    /// the names stay distinct.
    /// - Throws: `ReportError` for no inputs, a directory with no runs, or runs without curves.
    public static func inputs(_ directories: [URL]) throws -> [Input] {
        guard !directories.isEmpty else { throw ReportError.noInputs }
        var inputs: [Input] = []
        for directory in directories {
            let runs: [StoredRun]
            let isSweep: Bool
            if let run = StoredRun(directory: directory) {
                runs = [run]
                isSweep = false
            } else {
                runs = SweepLayout(root: directory).storedRuns()
                isSweep = true
            }
            guard !runs.isEmpty else { throw ReportError.noRuns(path: directory.path) }
            guard runs.contains(where: { $0.metrics.contains { $0.split == .val } }) else {
                throw ReportError.nothingToCompare(path: directory.path)
            }
            inputs.append(Input(directory: directory, runs: runs, isSweep: isSweep, label: ""))
        }
        let names = distinctNames(inputs)
        let measure = self.measure(inputs)
        for i in inputs.indices { inputs[i].label = names[i] + " · " + outcome(inputs[i], measure: measure) }
        return inputs
    }

    /// The figure comparing `inputs`; `title` defaults to one naming what is compared. Losses
    /// are bits per character when the inputs' tokenizers differ (LossMeasure), else nats per token.
    public static func figure(_ inputs: [Input], title: String? = nil, logY: Bool = false,
                              style: FigureStyle = FigureStyle()) -> ComparisonFigure {
        let measure = self.measure(inputs)
        let series = inputs.map { input in
            // The bold curve is the run the legend's "best" names: the lowest final validation loss.
            let best = input.runs.filter { measure.finalValidation($0.record.results)?.isFinite == true }
                .min { (measure.finalValidation($0.record.results) ?? .infinity) < (measure.finalValidation($1.record.results) ?? .infinity) }?.id
            return ComparedSeries(label: input.label, curves: input.runs.map { run in
                ComparedCurve(points: run.metrics.filter { $0.split == .val }.compactMap { row in measure.value(row).map { (Double(row.step), $0) } },
                              diverged: run.record.status == .diverged, emphasized: run.id == best, name: run.id)
            })
        }
        var subtitle = inputs.count == 1 ? "1 input" : "\(inputs.count) inputs"
        if inputs.contains(where: { $0.runs.count > 1 }) { subtitle += " · bold: the best run of each sweep, thin: its other runs" }
        if inputs.contains(where: { $0.runs.contains { $0.record.status == .diverged } }) { subtitle += " · ×: diverged" }
        if measure == .bitsPerCharacter { subtitle += " · bits per character: the tokenizers differ" }
        return ComparisonFigure(title: title ?? "Validation loss compared", subtitle: subtitle, series: series, logY: logY,
                                unit: measure.unit, style: style)
    }

    /// The measure every input's runs compare by together.
    static func measure(_ inputs: [Input]) -> LossMeasure {
        LossMeasure.comparing(inputs.flatMap { $0.runs.map(\.record) })
    }

    /// Reads `directories`, draws their comparison and writes it to `output`: as SVG when its
    /// name ends in .svg, else as PNG, with an SVG twin beside it when `style.recordsSVG`.
    @discardableResult
    public static func write(_ directories: [URL], to output: URL, title: String? = nil, logY: Bool = false,
                             style: FigureStyle = FigureStyle()) throws -> ComparisonFigure {
        let asSVG = output.pathExtension.lowercased() == "svg"
        var style = style
        style.recordsSVG = style.recordsSVG || asSVG
        let figure = self.figure(try inputs(directories), title: title, logY: logY, style: style)
        let canvas = try figure.render()
        if asSVG {
            try canvas.writeSVG(to: output)
        } else {
            try canvas.writePNG(to: output)
            if style.recordsSVG { try canvas.writeSVG(to: output.deletingPathExtension().appendingPathExtension("svg")) }
        }
        return figure
    }

    // MARK: - Names

    /// "demo" for a sweep; "demo / learning_rate=0.3_embedding_dim=8" for a run in demo/runs/.
    /// The hash suffix of run ids is dropped unless two inputs would then share a name, and
    /// names still shared get their path instead.
    static func distinctNames(_ inputs: [Input]) -> [String] {
        func sweepName(_ folder: URL) -> String {
            SpecSummary(contentsOf: SweepLayout(root: folder).spec)?.name ?? folder.standardizedFileURL.lastPathComponent
        }
        func name(_ input: Input, shortID: Bool) -> String {
            if input.isSweep { return sweepName(input.directory) }
            let id = input.directory.standardizedFileURL.lastPathComponent
            let shown = shortID ? withoutHash(id) : id
            let parent = input.directory.standardizedFileURL.deletingLastPathComponent()
            return parent.lastPathComponent == "runs" ? sweepName(parent.deletingLastPathComponent()) + " / " + shown : shown
        }
        let short = inputs.map { name($0, shortID: true) }
        let full = inputs.map { name($0, shortID: false) }
        let shortIsDistinct = Set(short).count == short.count
        let names = shortIsDistinct ? short : full
        // Still shared (the same folder name in two places): fall back to the paths as given.
        return names.indices.map { i in
            names.filter { $0 == names[i] }.count > 1 ? inputs[i].directory.relativePath : names[i]
        }
    }

    /// A run id without its hash: `lr=0.1-9f2c01ab` -> `lr=0.1`; other names stay as they are.
    static func withoutHash(_ id: String) -> String {
        ReportText.splitRunID(id).readable
    }

    /// "12 runs · best 3.7121", "3.7121", "2.6850 bpc", "diverged at step 120", "failed".
    static func outcome(_ input: Input, measure: LossMeasure = .natsPerToken) -> String {
        let losses = input.runs.compactMap { measure.finalValidation($0.record.results) }.filter(\.isFinite)
        let unit = measure == .bitsPerCharacter ? " bpc" : ""
        if input.isSweep {
            let count = input.runs.count == 1 ? "1 run" : "\(input.runs.count) runs"
            return losses.min().map { "\(count) · best \(ReportText.loss($0))\(unit)" } ?? count
        }
        guard let run = input.runs.first else { return "no runs" }
        if let loss = losses.first { return ReportText.loss(loss) + unit }
        if run.record.status == .diverged, let step = run.record.divergedAtStep { return "diverged at step \(ReportText.integer(step))" }
        return run.record.status.rawValue
    }
}
