// Sweep figure 1: every configuration's validation curve overlaid. While there are few
// configurations and two swept settings at most, colour follows one setting and the dash a
// second; beyond that, the best few configurations are drawn in distinct colours with a table
// legend naming each one's settings and loss, and the rest thin and grey behind them. Seeds of
// one configuration become a mean line in a min-max band. Diverged runs are drawn one by one,
// outside the means and the axis range, so they do not flatten the others.
// Leaves out training curves, which would double the lines for little insight.
import Foundation

/// Validation curves of all runs of a sweep.
public struct SweepCurvesFigure: Sendable {
    /// Bold title at the top left, usually the run or sweep name.
    public var title: String
    /// Grey line under the title (key hyperparameters, counts); may be empty.
    public var subtitle: String
    /// The runs to show; runs with equal swept values are seeds of one configuration.
    public var runs: [SweepRun]
    /// The swept axis that picks each line's colour; nil for the first swept axis by name.
    public var colorAxis: String?
    /// The swept axes in the order legends name them; nil for by name. Axes that do not vary
    /// among the runs are left out either way.
    public var axes: [String]?
    /// Logarithmic loss axis.
    public var logY: Bool
    /// What the losses measure, for the axis title: "nats per token" or "bits per character".
    public var unit: String
    /// How many of the best configurations are drawn in colour when there are too many to tell
    /// apart by their settings (at most 7, the colours Okabe-Ito has for lines).
    public var highlightCount: Int
    /// Size, scale and fonts.
    public var style: FigureStyle

    /// A figure from its data; see the properties for what each input means.
    public init(
        title: String, subtitle: String = "", runs: [SweepRun], colorAxis: String? = nil, axes: [String]? = nil,
        logY: Bool = false, unit: String = "nats per token", highlightCount: Int = 5, style: FigureStyle = FigureStyle()
    ) {
        self.title = title
        self.subtitle = subtitle
        self.runs = runs
        self.colorAxis = colorAxis
        self.axes = axes
        self.logY = logY
        self.unit = unit
        self.highlightCount = highlightCount
        self.style = style
    }

    /// Dash patterns (at scale 1) for the values of the second swept axis.
    static let dashes: [[Double]?] = [nil, [13, 7], [2.5, 6.5], [13, 6, 2.5, 6]]

    /// The most configurations drawn with colour and dash by their settings; more are ranked.
    static let readableConfigurations = 12

    /// Grey of the configurations behind the highlighted ones.
    static let background = Color(hex: 0x8C8C8C)

    /// Draws the figure.
    public func render() throws -> Canvas {
        try draw().canvas
    }

    /// One configuration's line as drawn.
    struct Line {
        var color: Color
        var dash: [Double]?
        var width: Double
        var curve: [(x: Double, mean: Double, min: Double, max: Double)]
        var seeds: Int
        var highlighted: Bool
        var hover: String
    }

    /// Draws the figure and returns the chart frame too, whose scales say where data went.
    func draw() throws -> (canvas: Canvas, frame: ChartFrame) {
        let names = axisNames(of: runs)
        if let colorAxis, !names.contains(colorAxis) {
            throw PlotError.unknownAxis(name: colorAxis, available: names)
        }
        var canvas = try style.makeCanvas()
        let m = style.metrics
        let swept = ordered(sweptAxes(of: runs), by: axes)
        let colorBy = colorAxis ?? swept.first
        let styleBy = swept.first { $0 != colorBy && distinctValues(of: $0, in: runs).count <= SweepCurvesFigure.dashes.count }
        let colorValues = colorBy.map { distinctValues(of: $0, in: runs) } ?? []
        let styleValues = styleBy.map { distinctValues(of: $0, in: runs) } ?? []
        let ranked = rankedGroups(runs, by: names)
        // Colour and dash tell every configuration apart: each swept axis is one of the two.
        let encoded = swept.allSatisfy { $0 == colorBy || $0 == styleBy } && colorValues.count <= Palette.okabeIto.count - 1
            && ranked.count <= SweepCurvesFigure.readableConfigurations
        // Otherwise the best configurations get the colours, in rank order; the rest are grey.
        let trainedCount = ranked.filter { $0.mean != nil }.count
        var highlighted = encoded ? 0
            : ranked.count <= Palette.okabeIto.count - 1 ? trainedCount : min(trainedCount, max(1, min(7, highlightCount)))

        let usable: ((x: Double, y: Double)) -> Bool = { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
        var lines: [Line] = []
        var shown: [Line] = []
        // Diverged seeds are drawn on their own: averaging them with seeds that trained would
        // describe neither.
        var divergedCurves: [(color: Color, highlighted: Bool, hover: String, curve: [(x: Double, y: Double)])] = []
        var frame: ChartFrame
        let base = canvas
        while true {
            lines = []
            divergedCurves = []
            for (rank, entry) in ranked.enumerated() {
                let group = entry.group
                let color: Color
                var dash: [Double]?
                var isHighlighted = true
                if encoded {
                    let colorIndex = colorBy.flatMap { axis in group.values[axis].flatMap { colorValues.firstIndex(of: $0) } } ?? 0
                    let styleIndex = styleBy.flatMap { axis in group.values[axis].flatMap { styleValues.firstIndex(of: $0) } } ?? 0
                    color = Palette.color(colorIndex, of: max(1, colorValues.count))
                    dash = SweepCurvesFigure.dashes[styleIndex].map { $0.map { $0 * m.scale } }
                } else if rank < highlighted {
                    color = Palette.okabeIto[rank]
                } else {
                    color = SweepCurvesFigure.background
                    isHighlighted = false
                }
                let hover = hoverTitle(group.values, axes: swept, runs: group.runs, loss: entry.mean, unit: unit)
                let trained = group.runs.filter { !$0.diverged }
                if !trained.isEmpty {
                    lines.append(Line(
                        color: color, dash: dash, width: isHighlighted ? m.lineWidth * 0.9 : m.thinLineWidth * 0.8,
                        curve: combineCurves(trained.map { $0.validation.filter(usable) }), seeds: trained.count,
                        highlighted: isHighlighted, hover: hover))
                }
                for run in group.runs where run.diverged {
                    divergedCurves.append((color, isHighlighted, hoverTitle(group.values, axes: swept, runs: [run], loss: nil, unit: unit),
                                           run.validation.filter(usable).sorted { $0.x < $1.x }))
                }
            }

            var legend: LegendSpec?
            shown = lines.filter(\.highlighted)
            let maxSeeds = ranked.prefix(encoded ? ranked.count : highlighted).map(\.group.runs.count).max() ?? 0
            var extra: [LegendEntry] = []
            if maxSeeds > 1 {
                extra.append(LegendEntry(label: "mean, band: min–max over \(maxSeeds) seeds", swatch: .band(Palette.secondaryInk)))
            }
            if !divergedCurves.isEmpty {
                extra.append(LegendEntry(label: "diverged run (× where it stopped)", swatch: .lineAndMarker(Palette.secondaryInk, .cross)))
            }
            if encoded {
                var entries: [LegendEntry] = []
                if let colorBy {
                    for (i, value) in colorValues.enumerated() {
                        entries.append(LegendEntry(label: "\(colorBy) = \(value)", swatch: .line(Palette.color(i, of: colorValues.count), dash: nil)))
                    }
                }
                if let styleBy {
                    for (i, value) in styleValues.enumerated() {
                        entries.append(LegendEntry(
                            label: "\(styleBy) = \(value)",
                            swatch: .line(Palette.ink, dash: SweepCurvesFigure.dashes[i].map { $0.map { $0 * m.scale } })))
                    }
                }
                // Colour and dash name the settings; the best configuration is named and marked at its end.
                if ranked.count > 1, let top = ranked.first, let mean = top.mean {
                    entries.append(LegendEntry(label: "best: \(describe(top.group.values, axes: swept)) · \(lossText(mean))",
                                               swatch: .marker(Palette.ink, .circle)))
                }
                entries += extra
                legend = entries.isEmpty ? nil : LegendSpec(entries: entries)
            } else {
                // A table: one row per highlighted configuration, its settings and final loss.
                var entries = ranked.prefix(highlighted).enumerated().map { rank, entry in
                    LegendEntry(cells: swept.map { entry.group.values[$0]?.description ?? "–" } + [entry.mean.map(lossText) ?? "–"],
                                swatch: .line(Palette.okabeIto[rank], dash: nil))
                }
                let others = ranked.count - highlighted
                if others > 0 {
                    entries.append(LegendEntry(label: "\(others) other configuration\(others == 1 ? "" : "s")",
                                               swatch: .faintLine(SweepCurvesFigure.background)))
                }
                entries += extra
                let heading = highlighted == ranked.count ? "configurations, best first" : "best \(highlighted) of \(ranked.count) configurations"
                legend = LegendSpec(title: heading, header: swept + [maxSeeds > 1 ? "mean final" : "final"], entries: entries)
            }
            // The axis range follows the runs that trained; diverged ones only when nothing else is left.
            // Grey lines count up to their 98th percentile, so one spike does not flatten the best.
            let greyValues = lines.filter { !$0.highlighted }.flatMap { $0.curve.map(\.mean) }.sorted()
            let greyCap = greyValues.isEmpty ? -Double.infinity : greyValues[min(greyValues.count - 1, greyValues.count * 98 / 100)]
            let yValues = lines.isEmpty
                ? divergedCurves.flatMap { $0.curve.map(\.y) }
                : lines.filter(\.highlighted).flatMap { $0.curve.flatMap { [$0.min, $0.max] } } + greyValues.filter { $0 <= greyCap }
            // The legend may cover grey lines, never a highlighted one.
            let occupiedLines = encoded ? lines : shown
            let spec = ChartSpec(
                title: title, subtitle: subtitle,
                x: AxisSpec(title: "step", values: lines.flatMap { $0.curve.map(\.x) } + divergedCurves.flatMap { $0.curve.map(\.x) }, padding: 0.02, counts: true),
                y: AxisSpec(
                    title: logY ? "validation loss (\(unit), log scale)" : "validation loss (\(unit))", kind: logY ? .log : .linear,
                    values: yValues),
                legend: legend,
                occupied: occupiedLines.flatMap { line in
                    [line.curve.map { (x: $0.x, y: $0.mean) }, line.curve.map { (x: $0.x, y: $0.min) }, line.curve.map { (x: $0.x, y: $0.max) }]
                } + divergedCurves.filter { encoded || $0.highlighted }.map(\.curve),
                emptyMessage: lines.allSatisfy({ $0.curve.isEmpty }) && divergedCurves.allSatisfy({ $0.curve.isEmpty })
                    ? "no finite validation losses to show" : nil)
            frame = try ChartFrame.make(canvas: base, metrics: m, spec: spec)
            // subtle: on paper the frame may have moved to a taller canvas to hold its legend.
            canvas = frame.canvas
            // Fewer highlighted configurations when their table does not fit (a figure for a paper column).
            let cut = (frame.spec.legend?.leftOut ?? 0) > 0
            if !encoded, cut, highlighted > 1 {
                highlighted -= 1
                continue
            }
            break
        }
        frame.drawGrid()
        // Grey first, then the highlighted ones from the last to the best, which ends on top.
        for diverged in divergedCurves where !diverged.highlighted {
            canvas.beginGroup(title: diverged.hover)
            let points = diverged.curve.map { frame.point($0.x, $0.y) }
            canvas.stroke(points, width: m.thinLineWidth * 0.8, color: diverged.color.withAlpha(0.5), clip: frame.plot)
            frame.markDivergedEnd(of: points, color: diverged.color.withAlpha(0.7))
            canvas.endGroup()
        }
        for line in lines where !line.highlighted {
            canvas.beginGroup(title: line.hover)
            canvas.stroke(line.curve.map { frame.point($0.x, $0.mean) }, width: line.width, color: line.color.withAlpha(0.45), clip: frame.plot)
            canvas.endGroup()
        }
        for line in shown.reversed() {
            canvas.beginGroup(title: line.hover)
            if line.seeds > 1 {
                canvas.fillBand(
                    upper: line.curve.map { frame.point($0.x, $0.max) }, lower: line.curve.map { frame.point($0.x, $0.min) },
                    color: line.color.withAlpha(0.16), clip: frame.plot)
            }
            let points = line.curve.map { frame.point($0.x, $0.mean) }
            canvas.stroke(points, width: line.width, color: line.color, dash: line.dash, clip: frame.plot)
            if points.count == 1, let p = points.first {
                canvas.drawMarker(.circle, at: p, radius: m.markerRadius, color: line.color, clip: frame.plot)
            }
            canvas.endGroup()
        }
        if encoded, ranked.count > 1, ranked.first?.mean != nil, let best = shown.first, let end = best.curve.last {
            canvas.drawMarker(.circle, at: frame.point(end.x, end.mean), radius: m.markerRadius * 1.2, color: Palette.ink,
                              edgeWidth: 1.5 * m.scale, clip: frame.plot.insetBy(-m.markerRadius * 3))
        }
        for diverged in divergedCurves where diverged.highlighted {
            canvas.beginGroup(title: diverged.hover)
            let points = diverged.curve.map { frame.point($0.x, $0.y) }
            canvas.stroke(points, width: m.thinLineWidth, color: diverged.color.withAlpha(0.8), clip: frame.plot)
            frame.markDivergedEnd(of: points, color: diverged.color)
            canvas.endGroup()
        }
        try frame.drawAxes()
        try frame.drawLegend()
        return (canvas, frame)
    }
}
