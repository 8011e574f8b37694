// The sweep's figures in figures/: every run's validation curve overlaid (coloured by the first
// swept axis, seeds of one config as a mean line with a min-max band), final validation loss
// against each swept axis, and a heatmap for every pair of swept axes. Axes are found from the
// runs' configs (the keys whose values differ, seed apart), in the spec's order when spec.json is there.

import Foundation
import Plot
import Sweep

public enum SweepFigures {
    /// Draws the sweep figures into `layout.root/figures` and returns the files written.
    @discardableResult
    public static func draw(_ runs: [StoredRun], layout: SweepLayout, name: String,
                            style: FigureStyle = FigureStyle()) throws -> [URL] {
        // The spec's order when there is one (its first axis colours the curves), else RunConfig's.
        let specOrder = SpecSummary(contentsOf: layout.spec)?.axes.map(\.key) ?? []
        let axes = sweptKeys(of: runs.map(\.record)).enumerated().sorted { a, b in
            (specOrder.firstIndex(of: a.element) ?? specOrder.count, a.offset)
                < (specOrder.firstIndex(of: b.element) ?? specOrder.count, b.offset)
        }.map(\.element)
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
        // figures/ belongs to this function: drop pictures of axes the runs no longer have, so the
        // report never shows a stale figure.
        let kept = Set(written.map(\.lastPathComponent))
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasSuffix(".png") && !kept.contains(name) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        return written
    }

    static func axisValue(_ text: String) -> AxisValue {
        Double(text).map(AxisValue.number) ?? .text(text)
    }
}
