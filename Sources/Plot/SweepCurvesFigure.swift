// Sweep figure 1: every configuration's validation curve overlaid, coloured by one swept axis
// and dashed by a second; seeds of one configuration become a mean line in a min-max band.
// Diverged runs are drawn one by one, outside the means and the axis range, so they do not
// flatten the others.
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
    /// Logarithmic loss axis.
    public var logY: Bool
    /// Size, scale and fonts.
    public var style: FigureStyle

    /// A figure from its data; see the properties for what each input means.
    public init(
        title: String, subtitle: String = "", runs: [SweepRun], colorAxis: String? = nil, logY: Bool = false,
        style: FigureStyle = FigureStyle()
    ) {
        self.title = title
        self.subtitle = subtitle
        self.runs = runs
        self.colorAxis = colorAxis
        self.logY = logY
        self.style = style
    }

    /// Dash patterns (at scale 1) for the values of the second swept axis.
    static let dashes: [[Double]?] = [nil, [13, 7], [2.5, 6.5], [13, 6, 2.5, 6]]

    /// Draws the figure.
    public func render() throws -> Canvas {
        try draw().canvas
    }

    /// Draws the figure and returns the chart frame too, whose scales say where data went.
    func draw() throws -> (canvas: Canvas, frame: ChartFrame) {
        let names = axisNames(of: runs)
        if let colorAxis, !names.contains(colorAxis) {
            throw PlotError.unknownAxis(name: colorAxis, available: names)
        }
        let canvas = try style.makeCanvas()
        let m = style.metrics
        let swept = sweptAxes(of: runs)
        let colorBy = colorAxis ?? swept.first
        let styleBy = swept.first { $0 != colorBy && distinctValues(of: $0, in: runs).count <= SweepCurvesFigure.dashes.count }
        let colorValues = colorBy.map { distinctValues(of: $0, in: runs) } ?? []
        let styleValues = styleBy.map { distinctValues(of: $0, in: runs) } ?? []

        let usable: ((x: Double, y: Double)) -> Bool = { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
        let groups = groupRuns(runs, by: names)
        struct Line {
            var color: Color
            var dash: [Double]?
            var curve: [(x: Double, mean: Double, min: Double, max: Double)]
            var seeds: Int
        }
        var lines: [Line] = []
        // Diverged seeds are drawn on their own: averaging them with seeds that trained would
        // describe neither.
        var divergedCurves: [(color: Color, curve: [(x: Double, y: Double)])] = []
        for group in groups {
            let colorIndex = colorBy.flatMap { axis in group.values[axis].flatMap { colorValues.firstIndex(of: $0) } } ?? 0
            let styleIndex = styleBy.flatMap { axis in group.values[axis].flatMap { styleValues.firstIndex(of: $0) } } ?? 0
            let color = Palette.color(colorIndex, of: max(1, colorValues.count))
            let trained = group.runs.filter { !$0.diverged }
            if !trained.isEmpty {
                lines.append(Line(
                    color: color, dash: SweepCurvesFigure.dashes[styleIndex].map { $0.map { $0 * m.scale } },
                    curve: combineCurves(trained.map { $0.validation.filter(usable) }), seeds: trained.count))
            }
            for run in group.runs where run.diverged {
                divergedCurves.append((color, run.validation.filter(usable).sorted { $0.x < $1.x }))
            }
        }

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
        let maxSeeds = groups.map(\.runs.count).max() ?? 0
        if maxSeeds > 1 {
            entries.append(LegendEntry(label: "mean, band: min–max over \(maxSeeds) seeds", swatch: .band(Palette.secondaryInk)))
        }
        if !divergedCurves.isEmpty {
            entries.append(LegendEntry(label: "diverged run (× where it stopped)", swatch: .lineAndMarker(Palette.secondaryInk, .cross)))
        }
        // The axis range follows the runs that trained; diverged ones only when nothing else is left.
        let yValues = lines.isEmpty
            ? divergedCurves.flatMap { $0.curve.map(\.y) }
            : lines.flatMap { $0.curve.flatMap { [$0.min, $0.max] } }
        let spec = ChartSpec(
            title: title, subtitle: subtitle,
            x: AxisSpec(title: "step", values: lines.flatMap { $0.curve.map(\.x) } + divergedCurves.flatMap { $0.curve.map(\.x) }, padding: 0.02, counts: true),
            y: AxisSpec(
                title: logY ? "validation loss (nats, log scale)" : "validation loss (nats)", kind: logY ? .log : .linear,
                values: yValues),
            legend: entries.isEmpty ? nil : LegendSpec(entries: entries),
            occupied: lines.flatMap { line in
                [line.curve.map { (x: $0.x, y: $0.mean) }, line.curve.map { (x: $0.x, y: $0.min) }, line.curve.map { (x: $0.x, y: $0.max) }]
            } + divergedCurves.map(\.curve),
            emptyMessage: lines.allSatisfy({ $0.curve.isEmpty }) && divergedCurves.allSatisfy({ $0.curve.isEmpty })
                ? "no finite validation losses to show" : nil)
        let frame = try ChartFrame.make(canvas: canvas, metrics: m, spec: spec)
        frame.drawGrid()
        for line in lines where line.seeds > 1 {
            canvas.fillBand(
                upper: line.curve.map { frame.point($0.x, $0.max) }, lower: line.curve.map { frame.point($0.x, $0.min) },
                color: line.color.withAlpha(0.16), clip: frame.plot)
        }
        for line in lines {
            let points = line.curve.map { frame.point($0.x, $0.mean) }
            canvas.stroke(points, width: m.lineWidth * 0.9, color: line.color, dash: line.dash, clip: frame.plot)
            if points.count == 1, let p = points.first {
                canvas.drawMarker(.circle, at: p, radius: m.markerRadius, color: line.color, clip: frame.plot)
            }
        }
        for diverged in divergedCurves {
            let points = diverged.curve.map { frame.point($0.x, $0.y) }
            canvas.stroke(points, width: m.thinLineWidth, color: diverged.color.withAlpha(0.8), clip: frame.plot)
            frame.markDivergedEnd(of: points, color: diverged.color)
        }
        try frame.drawAxes()
        try frame.drawLegend()
        return (canvas, frame)
    }
}
