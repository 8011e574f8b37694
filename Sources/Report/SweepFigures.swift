// The sweep's figures in figures/, each as PNG and SVG: every run's validation curve overlaid,
// every run across its settings (parallel coordinates), which settings mattered (and
// importance.csv beside the figures), final validation loss against each swept setting, and a
// heatmap for every pair. Losses are in the measure the runs compare by (bits per character when
// their tokenizers differ). Axes are the keys whose values differ between runs (seed apart), in
// the spec's order when spec.json is there; settings a random search draws from a range are
// plotted as ranges. Leaves out the drawing itself (Plot) and the pages (SweepReport).

import Files
import Foundation
import Plot
import Sweep

public enum SweepFigures {
    /// One sweep figure: its file under figures/ and what it shows.
    public struct Planned: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case curves
            case halving
            case parallelCoordinates
            case importance
            case byAxis(String)
            case heatmap(row: String, column: String)
        }

        public var kind: Kind
        /// The PNG's name; the SVG twin has the same name ending in .svg.
        public var file: String
        public var caption: String

        /// The SVG twin's name.
        public var svgFile: String { String(file.dropLast(4)) + ".svg" }
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

    /// The figures of a sweep over `axes`, in reading order: the overlaid curves, the runs across
    /// their settings, what mattered, the final loss by each axis, a heatmap for each pair.
    /// Drawing and the report's list both read this. A halving sweep adds its rungs after the curves.
    public static func plan(axes: [String], halving: Bool = false) -> [Planned] {
        var planned = [Planned(kind: .curves, file: "validation-curves.png", caption: "Validation loss of every run during training")]
        if halving {
            planned.append(Planned(kind: .halving, file: "halving.png",
                                   caption: "Successive halving: every run's validation loss, the rungs, where each stopped run ended"))
        }
        if !axes.isEmpty {
            planned.append(Planned(kind: .parallelCoordinates, file: "parallel-coordinates.png",
                                   caption: "Every run across its settings and its final validation loss (dark is low)"))
            planned.append(Planned(kind: .importance, file: "importance.png",
                                   caption: "Share of the spread in final validation loss each setting explains"))
        }
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

    /// What the figures of a sweep are drawn from: the runs in the measure they compare by,
    /// the swept axes, and which of them are ranges.
    public struct Data: Sendable {
        public var runs: [SweepRun]
        public var axes: [String]
        public var scales: [String: SettingScale]
        public var measure: LossMeasure

        /// Reads `runs` (and the spec in `layout`, for the axes' order and distributions).
        public init(_ runs: [StoredRun], layout: SweepLayout) {
            let axes = SweepFigures.axes(of: runs, layout: layout)
            let measure = LossMeasure.comparing(runs.map(\.record))
            self.axes = axes
            self.measure = measure
            self.runs = runs.map { run in
                SweepRun(id: run.id,
                         values: Dictionary(uniqueKeysWithValues: axes.map { ($0, axisValue(run.record.config.value(of: $0) ?? "")) }),
                         seed: Int(truncatingIfNeeded: run.record.config.training.seed),
                         validation: run.metrics.filter { $0.split == .val }.compactMap { row in measure.value(row).map { (Double(row.step), $0) } },
                         finalValidationLoss: measure.finalValidation(run.record.results),
                         diverged: run.record.status == .diverged)
            }
            scales = SweepFigures.scales(axes: axes, runs: self.runs, spec: SpecSummary(contentsOf: layout.spec))
        }

        /// Which settings mattered, when there is enough to say.
        public var importance: Importance? { Importance(runs: runs, axes: axes, scales: scales) }
    }

    /// How each axis is read: a range when a random search draws it from `uniform` or
    /// `log_uniform` (log-scaled), or from `int_uniform` over more than 12 values; a few values
    /// otherwise. Without the spec, more than 12 distinct numbers make a range.
    static func scales(axes: [String], runs: [SweepRun], spec: SpecSummary?) -> [String: SettingScale] {
        var scales: [String: SettingScale] = [:]
        for axis in axes {
            let values = Array(Set(runs.compactMap { $0.values[axis] }))
            guard values.allSatisfy({ $0.number != nil }) else {
                scales[axis] = .discrete
                continue
            }
            switch spec?.axes.first(where: { $0.key == axis })?.distributionKind {
            case "uniform": scales[axis] = .continuous(log: false)
            case "log_uniform": scales[axis] = .continuous(log: true)
            case "int_uniform": scales[axis] = values.count > 12 ? .continuous(log: false) : .discrete
            case "choice": scales[axis] = .discrete
            default:
                // A grid lists its values; only a spec-less folder is guessed from the values.
                let onGrid = spec?.axes.contains { $0.key == axis && $0.distributionKind == nil } ?? false
                scales[axis] = onGrid ? .discrete : SettingScale.inferred(axis: axis, values: values)
            }
        }
        return scales
    }

    /// Draws the sweep figures into `layout.root/figures`, each as PNG and SVG, writes
    /// importance.csv, and returns the files written.
    @discardableResult
    public static func draw(_ runs: [StoredRun], layout: SweepLayout, name: String,
                            style: FigureStyle = FigureStyle(), jobs: Int = 1) throws -> [URL] {
        let data = Data(runs, layout: layout)
        let axes = data.axes
        let plotted = data.runs
        let unit = data.measure.unit
        let folder = layout.root.appendingPathComponent("figures")
        try createFolder(folder)
        var written: [URL] = []
        let importance = data.importance
        let importanceFile = layout.root.appendingPathComponent(Importance.file)
        if let importance {
            try writeAtomically(Foundation.Data(importance.csv.utf8), to: importanceFile)
            written.append(importanceFile)
        } else {
            try? FileManager.default.removeItem(at: importanceFile)
        }

        let subtitle = "\(runs.count) runs" + (axes.isEmpty ? "" : " · swept: " + axes.joined(separator: ", "))
            + (data.measure == .bitsPerCharacter ? " · in bits per character: the runs' tokenizers differ" : "")
        let vector = { var svg = style; svg.recordsSVG = true; return svg }()
        let halving = try? decodeJSON(HalvingRecord.self, from: layout.halving)
        let planned = plan(axes: axes, halving: halving != nil)
        let results = Results(count: planned.count)
        parallel(planned.count, jobs: jobs) { i in
            let figure = planned[i]
            results.store(i, Result {
                let canvas: Canvas
                switch figure.kind {
                case .curves:
                    canvas = try SweepCurvesFigure(title: "\(name) · validation loss", subtitle: subtitle, runs: plotted,
                                                   colorAxis: axes.first, axes: axes, unit: unit, style: vector).render()
                case .halving:
                    canvas = try halvingFigure(runs, record: halving, axes: axes, measure: data.measure, name: name, style: vector).render()
                case .parallelCoordinates:
                    canvas = try ParallelCoordinatesFigure(title: "\(name) · every run", subtitle: subtitle, runs: plotted, axes: axes,
                                                           scales: data.scales, unit: unit, style: vector).render()
                case .importance:
                    let counted = importance.map { "\($0.runs) runs" + ($0.excluded > 0 ? ", \($0.excluded) left out (diverged or unfinished)" : "") }
                    canvas = try ImportanceFigure(title: "\(name) · what mattered", subtitle: (counted ?? "too few finished runs") + " · main effect of each setting",
                                                  shares: importance?.shares.map { ($0.setting, $0.share) } ?? [],
                                                  residual: importance?.residual, unit: unit, style: vector).render()
                case .byAxis(let axis):
                    canvas = try SweepAxisFigure(title: "\(name) · final validation loss by \(axis)", subtitle: subtitle, runs: plotted,
                                                 axis: axis, logX: axis.contains("learning_rate") ? true : nil,
                                                 scale: data.scales[axis] ?? .discrete, axes: axes, unit: unit, style: vector).render()
                case .heatmap(let row, let column):
                    canvas = try SweepHeatmapFigure(title: "\(name) · final validation loss", subtitle: "\(row) × \(column)",
                                                    runs: plotted, columnAxis: column, rowAxis: row, scales: data.scales, unit: unit,
                                                    style: vector).render()
                }
                return try canvas.writePNGAndSVG(to: folder.appendingPathComponent(figure.file))
            })
        }
        let figures = try results.values.flatMap { try $0.get() }
        written += figures
        // figures/ belongs to this function: drop pictures of axes the runs no longer have, so the
        // report never shows a stale figure.
        let kept = Set(figures.map(\.lastPathComponent))
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where (name.hasSuffix(".png") || name.hasSuffix(".svg")) && !kept.contains(name) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        return written
    }

    /// One result per figure, filled from several threads.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result<[URL], any Error>?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func store(_ i: Int, _ result: Result<[URL], any Error>) { lock.lock(); slots[i] = result; lock.unlock() }
        /// Every figure's result; `parallel` has visited every index when this is read.
        var values: [Result<[URL], any Error>] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
    }

    /// The halving figure's data: each run's periodic validation losses and rung measurements in
    /// the sweep's measure; the runs that trained to the last rung named by their settings.
    static func halvingFigure(_ runs: [StoredRun], record: HalvingRecord?, axes: [String], measure: LossMeasure, name: String,
                              style: FigureStyle) -> HalvingFigure {
        let rungs = record?.rungs ?? []
        let reached = rungs.map { step in
            Halving.configurations(runs.filter { run in run.metrics.contains { $0.split == .rung && $0.step == step } }.map(\.record.config)).count
        }
        let last = rungs.last
        let plotted = runs.map { run in
            let points = { (split: MetricsRow.Split) in
                run.metrics.filter { $0.split == split }.compactMap { row in measure.value(row).map { (x: Double(row.step), y: $0) } }
            }
            let survived = last.map { step in run.metrics.contains { $0.split == .rung && $0.step == step } } ?? false
            let settings = axes.map { "\($0) \(run.record.config.value(of: $0) ?? "")" }.joined(separator: ", ")
            let loss = measure.finalValidation(run.record.results).map { " · val " + ReportText.loss($0) } ?? ""
            return HalvingFigure.Run(label: (settings.isEmpty ? run.id : settings) + loss, validation: points(.val),
                                     rungs: points(.rung), survived: survived)
        }
        let counts = zip(rungs, reached).map { "\($1) at \(ReportText.integer($0))" }.joined(separator: ", ")
        let subtitle = "\(runs.count) runs · configurations per rung: " + counts + " steps"
        return HalvingFigure(title: "\(name) · successive halving", subtitle: subtitle, runs: plotted,
                             rungs: Array(zip(rungs, reached)).map { (step: $0, configurations: $1) }, unit: measure.unit, style: style)
    }

    static func axisValue(_ text: String) -> AxisValue {
        Double(text).map(AxisValue.number) ?? .text(text)
    }
}
