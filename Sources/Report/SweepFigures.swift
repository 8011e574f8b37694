// The sweep's figures in figures/: every run's validation curve overlaid (coloured by the first
// swept axis, seeds of one config as a mean line with a min-max band), final validation loss
// against each swept axis, and a heatmap for every pair of swept axes. Axes are found from the
// runs' configs (the keys whose values differ, seed apart), in the spec's order when spec.json is there.

import Foundation
import Plot
import Sweep

public enum SweepFigures {
    /// One sweep figure: its file under figures/ and what it shows.
    public struct Planned: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case curves
            case byAxis(String)
            case heatmap(row: String, column: String)
        }

        public var kind: Kind
        public var file: String
        public var caption: String
    }

    /// The swept keys the figures show: those whose values differ between `runs` (seed apart),
    /// in the spec's order when spec.json is there (its first axis colours the curves), else RunConfig's.
    public static func axes(of runs: [StoredRun], layout: SweepLayout) -> [String] {
        let specOrder = SpecSummary(contentsOf: layout.spec)?.axes.map(\.key) ?? []
        return sweptKeys(of: runs.map(\.record)).enumerated().sorted { a, b in
            (specOrder.firstIndex(of: a.element) ?? specOrder.count, a.offset)
                < (specOrder.firstIndex(of: b.element) ?? specOrder.count, b.offset)
        }.map(\.element)
    }

    /// The figures of a sweep over `axes`, in reading order: the overlaid curves, the final
    /// loss by each axis, a heatmap for each pair. Drawing and the report's list both read this.
    public static func plan(axes: [String]) -> [Planned] {
        var planned = [Planned(kind: .curves, file: "validation-curves.png", caption: "Validation loss of every run during training")]
        for axis in axes {
            planned.append(Planned(kind: .byAxis(axis), file: "final-loss-by-\(axis).png", caption: "Final validation loss by \(axis)"))
        }
        for (i, row) in axes.enumerated() {
            for column in axes[(i + 1)...] {
                planned.append(Planned(kind: .heatmap(row: row, column: column), file: "heatmap-\(row)-\(column).png",
                                       caption: "Mean final validation loss over \(row) × \(column)"))
            }
        }
        return planned
    }

    /// Draws the sweep figures into `layout.root/figures` and returns the files written.
    @discardableResult
    public static func draw(_ runs: [StoredRun], layout: SweepLayout, name: String,
                            style: FigureStyle = FigureStyle(), jobs: Int = 1) throws -> [URL] {
        let axes = axes(of: runs, layout: layout)
        let plotted = runs.map { run in
            SweepRun(id: run.id,
                     values: Dictionary(uniqueKeysWithValues: axes.map { ($0, axisValue(run.record.config.value(of: $0) ?? "")) }),
                     seed: Int(truncatingIfNeeded: run.record.config.training.seed),
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
        let subtitle = "\(runs.count) runs" + (axes.isEmpty ? "" : " · swept: " + axes.joined(separator: ", "))
        let planned = plan(axes: axes)
        let results = Results(count: planned.count)
        parallel(planned.count, jobs: jobs) { i in
            let figure = planned[i]
            results.store(i, Result {
                let canvas: Canvas
                switch figure.kind {
                case .curves:
                    canvas = try SweepCurvesFigure(title: "\(name) · validation loss", subtitle: subtitle, runs: plotted,
                                                   colorAxis: axes.first, style: style).render()
                case .byAxis(let axis):
                    canvas = try SweepAxisFigure(title: "\(name) · final validation loss by \(axis)", subtitle: subtitle, runs: plotted,
                                                 axis: axis, logX: axis.contains("learning_rate") ? true : nil, style: style).render()
                case .heatmap(let row, let column):
                    canvas = try SweepHeatmapFigure(title: "\(name) · final validation loss", subtitle: "\(row) × \(column)",
                                                    runs: plotted, columnAxis: column, rowAxis: row, style: style).render()
                }
                let url = folder.appendingPathComponent(figure.file)
                try canvas.writePNG(to: url)
                return url
            })
        }
        let written = try results.values.map { try $0.get() }
        // figures/ belongs to this function: drop pictures of axes the runs no longer have, so the
        // report never shows a stale figure.
        let kept = Set(written.map(\.lastPathComponent))
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasSuffix(".png") && !kept.contains(name) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        return written
    }

    /// One result per figure, filled from several threads.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result<URL, any Error>?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func store(_ i: Int, _ result: Result<URL, any Error>) { lock.lock(); slots[i] = result; lock.unlock() }
        /// Every figure's result; `parallel` has visited every index when this is read.
        var values: [Result<URL, any Error>] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
    }

    static func axisValue(_ text: String) -> AxisValue {
        Double(text).map(AxisValue.number) ?? .text(text)
    }
}
