// The comparison figure: validation curves from several inputs (single runs or whole sweeps,
// possibly from different experiments) on one plot, one colour and one legend entry per input,
// for before/after comparisons. An input of several runs shows its emphasized (best) run bold
// and the rest thin, so a sweep reads as one family. Leaves out grouping by swept axes and seed bands
// (SweepCurvesFigure) and training curves.
import Foundation

/// One validation curve of a compared input.
public struct ComparedCurve: Sendable {
    /// Validation loss over training: (x: step, y: loss).
    public var points: [(x: Double, y: Double)]
    /// Whether the run diverged; it is drawn thin, ends in a cross and never stretches the axis.
    public var diverged: Bool
    /// Drawn bold: the input's best run. An input's only trained curve is bold anyway.
    public var emphasized: Bool
    /// What the curve is called in the SVG when the pointer rests on it (its run); may be empty.
    public var name: String

    public init(points: [(x: Double, y: Double)], diverged: Bool = false, emphasized: Bool = false, name: String = "") {
        self.points = points
        self.diverged = diverged
        self.emphasized = emphasized
        self.name = name
    }
}

/// One input of a comparison: a legend label and its runs' curves.
public struct ComparedSeries: Sendable {
    /// The legend text, e.g. "demo · 12 runs · best 3.712".
    public var label: String
    public var curves: [ComparedCurve]

    public init(label: String, curves: [ComparedCurve]) {
        self.label = label
        self.curves = curves
    }
}

/// Validation curves of several runs or sweeps overlaid, one colour per input.
public struct ComparisonFigure: Sendable {
    /// Bold title at the top left.
    public var title: String
    /// Grey line under the title; may be empty.
    public var subtitle: String
    /// The inputs, in legend order; each gets one colour and exactly one legend entry.
    public var series: [ComparedSeries]
    /// Logarithmic loss axis.
    public var logY: Bool
    /// What the losses measure, for the axis title: "nats per token" or "bits per character".
    public var unit: String
    /// Size, scale and fonts.
    public var style: FigureStyle

    /// A figure from its data; see the properties for what each input means.
    public init(title: String, subtitle: String = "", series: [ComparedSeries], logY: Bool = false,
                unit: String = "nats per token", style: FigureStyle = FigureStyle()) {
        self.title = title
        self.subtitle = subtitle
        self.series = series
        self.logY = logY
        self.unit = unit
        self.style = style
    }

    /// Draws the figure.
    public func render() throws -> Canvas {
        try draw().canvas
    }

    /// Whether a curve of a series is drawn bold: emphasized, or the series' only trained curve.
    static func isBold(_ index: Int, of series: ComparedSeries) -> Bool {
        let curve = series.curves[index]
        return !curve.diverged && (curve.emphasized || series.curves.filter { !$0.diverged }.count == 1)
    }

    /// Draws the figure and returns the chart frame too, whose scales say where data went.
    func draw() throws -> (canvas: Canvas, frame: ChartFrame) {
        var canvas = try style.makeCanvas()
        let m = style.metrics
        let usable: ((x: Double, y: Double)) -> Bool = { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
        struct Line {
            var color: Color
            var points: [(x: Double, y: Double)]
            var bold: Bool
            var diverged: Bool
            var name: String
        }
        var lines: [Line] = []
        var entries: [LegendEntry] = []
        for (i, input) in series.enumerated() {
            let color = Palette.color(i, of: series.count)
            for (j, curve) in input.curves.enumerated() {
                lines.append(Line(color: color, points: curve.points.filter(usable).sorted { $0.x < $1.x },
                                  bold: Self.isBold(j, of: input), diverged: curve.diverged,
                                  name: [input.label, curve.name].filter { !$0.isEmpty }.joined(separator: " · ")))
            }
            entries.append(LegendEntry(label: input.label, swatch: .line(color, dash: nil)))
        }
        let trained = lines.filter { !$0.diverged }
        let yValues = (trained.isEmpty ? lines : trained).flatMap { $0.points.map(\.y) }
        let spec = ChartSpec(
            title: title, subtitle: subtitle,
            x: AxisSpec(title: "step", values: lines.flatMap { $0.points.map(\.x) }, padding: 0.02, counts: true),
            y: AxisSpec(title: logY ? "validation loss (\(unit), log scale)" : "validation loss (\(unit))",
                        kind: logY ? .log : .linear, values: yValues),
            legend: entries.isEmpty ? nil : LegendSpec(entries: entries),
            occupied: lines.map(\.points),
            emptyMessage: lines.allSatisfy({ $0.points.isEmpty }) ? "no finite validation losses to show" : nil)
        let frame = try ChartFrame.make(canvas: canvas, metrics: m, spec: spec)
        // subtle: on paper the frame may have moved to a taller canvas to hold its legend.
        canvas = frame.canvas
        frame.drawGrid()
        // Thin lines first, so every bold line stays on top of the families behind it.
        for line in lines.filter({ !$0.bold }) + lines.filter(\.bold) {
            canvas.beginGroup(title: line.name)
            defer { canvas.endGroup() }
            let points = line.points.map { frame.point($0.x, $0.y) }
            if line.bold {
                canvas.stroke(points, width: m.lineWidth, color: line.color, clip: frame.plot)
            } else {
                canvas.stroke(points, width: m.thinLineWidth, color: line.color.withAlpha(line.diverged ? 0.8 : 0.45), clip: frame.plot)
            }
            if points.count == 1, let p = points.first, !line.diverged {
                canvas.drawMarker(.circle, at: p, radius: m.markerRadius, color: line.color, clip: frame.plot)
            }
            if line.diverged { frame.markDivergedEnd(of: points, color: line.color) }
        }
        try frame.drawAxes()
        try frame.drawLegend()
        return (canvas, frame)
    }
}
