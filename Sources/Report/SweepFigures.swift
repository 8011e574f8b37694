// The sweep's figures in figures/: every run's validation curve overlaid (coloured by the first
// swept axis, seeds of one config as a mean line with a min-max band), final validation loss
// against each swept axis, and a heatmap for every pair of swept axes. Axes are found from the
// runs' configs: the keys whose values differ, seed apart.

import Foundation
import Plot
import Sweep

public enum SweepFigures {
    /// Draws the sweep figures into `layout.root/figures` and returns the files written.
    @discardableResult
    public static func draw(_ runs: [StoredRun], layout: SweepLayout, name: String,
                            style: FigureStyle = FigureStyle()) throws -> [URL] {
        let axes = sweptKeys(of: runs.map(\.record))
        let plotted = runs.map { run in
            SweepRun(id: run.id,
                     values: Dictionary(uniqueKeysWithValues: axes.map { ($0, axisValue(run.record.config.value(of: $0) ?? "")) }),
                     seed: Int(truncatingIfNeeded: run.record.config.seed),
                     validation: run.metrics.filter { $0.split == .val }.map { (Double($0.step), $0.loss) },
                     finalValidationLoss: run.record.results?.valLoss,
                     diverged: run.record.status == .diverged)
        }
        let folder = layout.root.appendingPathComponent("figures")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SweepError.io(path: folder.path, problem: "cannot be created (\(error.localizedDescription))")
        }
        var written: [URL] = []
        func save(_ canvas: Canvas, _ file: String) throws {
            let url = folder.appendingPathComponent(file)
            try canvas.writePNG(to: url)
            written.append(url)
        }
        let subtitle = "\(runs.count) runs" + (axes.isEmpty ? "" : " · swept: " + axes.joined(separator: ", "))
        try save(SweepCurvesFigure(title: "\(name) · validation loss", subtitle: subtitle, runs: plotted,
                                   colorAxis: axes.first, style: style).render(), "validation-curves.png")
        for axis in axes {
            try save(SweepAxisFigure(title: "\(name) · final validation loss by \(axis)", subtitle: subtitle, runs: plotted,
                                     axis: axis, logX: axis.contains("learning_rate") ? true : nil, style: style).render(),
                     "final-loss-by-\(axis).png")
        }
        for (i, row) in axes.enumerated() {
            for column in axes[(i + 1)...] {
                try save(SweepHeatmapFigure(title: "\(name) · final validation loss", subtitle: "\(row) × \(column)",
                                            runs: plotted, columnAxis: column, rowAxis: row, style: style).render(),
                         "heatmap-\(row)-\(column).png")
            }
        }
        return written
    }

    static func axisValue(_ text: String) -> AxisValue {
        Double(text).map(AxisValue.number) ?? .text(text)
    }
}
