// Sweep figure 2: final validation loss against one swept axis. Each point is the mean over
// seeds with a min-max error bar and the seeds themselves as faint dots; one line per setting
// of the other swept axes. Learning rates and values spanning two decades get a log axis.
// Diverged runs sit as crosses on the top edge instead of stretching the axis.
// Leaves out fitted trends: the points are the result.
import Foundation

/// Final validation loss against one swept axis.
public struct SweepAxisFigure: Sendable {
    /// Bold title at the top left, usually the run or sweep name.
    public var title: String
    /// Grey line under the title (key hyperparameters, counts); may be empty.
    public var subtitle: String
    /// The runs to show; runs with equal swept values are seeds of one configuration.
    public var runs: [SweepRun]
    /// The swept axis along x.
    public var axis: String
    /// Log x axis; nil decides: numeric, positive, and a learning rate, two decades or more,
    /// or a geometric progression.
    public var logX: Bool?
    /// Size, scale and fonts.
    public var style: FigureStyle

    /// A figure from its data; see the properties for what each input means.
    public init(
        title: String, subtitle: String = "", runs: [SweepRun], axis: String, logX: Bool? = nil,
        style: FigureStyle = FigureStyle()
    ) {
        self.title = title
        self.subtitle = subtitle
        self.runs = runs
        self.axis = axis
        self.logX = logX
        self.style = style
    }

    /// Draws the figure.
    public func render() throws -> Canvas {
        try draw().canvas
    }

    /// Draws the figure and returns the chart frame too, whose scales say where data went.
    func draw() throws -> (canvas: Canvas, frame: ChartFrame) {
        let names = axisNames(of: runs)
        guard names.contains(axis) else { throw PlotError.unknownAxis(name: axis, available: names) }
        let canvas = try style.makeCanvas()
        let m = style.metrics
        let s = m.scale
        let onAxis = runs.filter { $0.values[axis] != nil }
        let xValues = distinctValues(of: axis, in: onAxis)
        let numeric = xValues.allSatisfy { $0.number?.isFinite == true }
        let log = numeric && (logX ?? prefersLogScale(axis: axis, values: xValues.compactMap(\.number)))
            && xValues.allSatisfy { ($0.number ?? 0) > 0 }
        // Text values sit at 0, 1, 2... with their text as tick labels.
        func position(_ v: AxisValue) -> Double {
            numeric ? (v.number ?? .nan) : Double(xValues.firstIndex(of: v) ?? 0)
        }
        let others = sweptAxes(of: onAxis).filter { $0 != axis }
        let groups = groupRuns(onAxis, by: others)

        /// One series at one x position: the seeds' spread and how many diverged.
        struct Cell {
            var x: Double
            var stats: (mean: Double, min: Double, max: Double, count: Int)?
            var seeds: [Double]
            var diverged: Int
        }
        var series: [(label: String, color: Color, points: [Cell])] = []
        for (i, group) in groups.enumerated() {
            var points: [Cell] = []
            for value in xValues {
                let cell = group.runs.filter { $0.values[axis] == value }
                guard !cell.isEmpty else { continue }
                let finals = cell.filter { !$0.diverged }.compactMap(\.finalValidationLoss).filter(\.isFinite)
                points.append(Cell(x: position(value), stats: spread(finals), seeds: finals, diverged: cell.filter(\.diverged).count))
            }
            let label = others.isEmpty ? "mean over seeds" : describe(group.values, axes: others)
            series.append((label, Palette.color(i, of: groups.count), points))
        }

        var entries = series.map { LegendEntry(label: $0.label, swatch: numeric ? .lineAndMarker($0.color, .circle) : .marker($0.color, .circle)) }
        let seedCounts = groups.flatMap { g in xValues.map { v in g.runs.filter { $0.values[axis] == v }.count } }
        if (seedCounts.max() ?? 0) > 1 {
            entries.append(LegendEntry(label: "seeds; bars: min–max", swatch: .marker(Palette.secondaryInk.withAlpha(0.45), .circle)))
        }
        let anyDiverged = series.contains { $0.points.contains { $0.diverged > 0 } }
        if anyDiverged { entries.append(LegendEntry(label: "diverged (off the scale)", swatch: .marker(Palette.ink, .cross))) }

        var ticks: [Tick]?
        if !numeric {
            ticks = xValues.enumerated().map { Tick(value: Double($0.offset), label: $0.element.description) }
        } else if xValues.count <= 10 {
            // The swept values themselves, when they fit: the reader sees what was run.
            let candidate = xValues.map { Tick(value: $0.number ?? 0, label: $0.description) }
            ticks = try fits(candidate, log: log, canvas: canvas, metrics: m) ? candidate : nil
        }
        let yValues = series.flatMap { $0.points.flatMap { p in p.stats.map { [$0.min, $0.max] } ?? [] } }
        let xAxis = AxisSpec(
            title: axis, kind: log ? .log : .linear, values: xValues.map(position), ticks: ticks,
            padding: numeric ? 0.06 : 0, domain: numeric ? nil : (-0.5, Double(max(1, xValues.count)) - 0.5))
        let yAxis = AxisSpec(title: "final validation loss (nats)", values: yValues, padding: anyDiverged ? 0.12 : 0.06)
        // Crosses for diverged runs sit at the top edge; the legend must not cover them either.
        // They are drawn a few pixels below the top; a short vertical stretch from the top covers that.
        let (bottom, top) = ChartFrame.domain(of: yAxis)
        let divergedMarks = series.flatMap {
            $0.points.filter { $0.diverged > 0 }.map { [(x: $0.x, y: top), (x: $0.x, y: top - 0.1 * (top - bottom))] }
        }
        let spec = ChartSpec(
            title: title, subtitle: subtitle, x: xAxis, y: yAxis,
            legend: entries.isEmpty ? nil : LegendSpec(entries: entries),
            occupied: series.map { $0.points.compactMap { p in p.stats.map { (x: p.x, y: $0.mean) } } }
                + series.flatMap { $0.points.compactMap { p in p.stats.map { [(x: p.x, y: $0.min), (x: p.x, y: $0.max)] } } }
                + divergedMarks,
            emptyMessage: yValues.isEmpty && !anyDiverged ? "no finished runs to show" : nil)
        let frame = try ChartFrame.make(canvas: canvas, metrics: m, spec: spec)
        frame.drawGrid()
        let clip = frame.plot.insetBy(-m.markerRadius * 2)
        // Side by side when several series share an x position, so bars do not hide each other.
        let offsetStep = series.count > 1 ? min(10 * s, frame.plot.width / Double(max(1, xValues.count)) / Double(series.count) / 2) : 0
        for (index, line) in series.enumerated() {
            let dx = (Double(index) - Double(series.count - 1) / 2) * offsetStep
            let means = line.points.compactMap { p in p.stats.map { frame.point(p.x, $0.mean) + Point(dx, 0) } }
            if numeric { canvas.stroke(means, width: m.lineWidth * 0.9, color: line.color, clip: frame.plot) }
            for p in line.points {
                guard let stats = p.stats else { continue }
                let px = frame.x.pixel(p.x) + dx
                if stats.count > 1 {
                    canvas.drawErrorBar(
                        x: px, low: frame.y.pixel(stats.min), high: frame.y.pixel(stats.max), capWidth: 12 * s,
                        width: 1.8 * s, color: line.color, clip: clip)
                    for seed in p.seeds {
                        canvas.drawMarker(.circle, at: Point(px, frame.y.pixel(seed)), radius: 3.2 * s, color: line.color.withAlpha(0.45), edge: nil, clip: clip)
                    }
                }
            }
            for p in means { canvas.drawMarker(.circle, at: p, radius: m.markerRadius * 1.1, color: line.color, clip: clip) }
            for p in line.points where p.diverged > 0 {
                let at = Point(frame.x.pixel(p.x) + dx, frame.plot.minY + 14 * s)
                canvas.drawMarker(.cross, at: at, radius: m.markerRadius * 1.1, color: line.color, clip: clip)
            }
        }
        try frame.drawAxes()
        try frame.drawLegend()
        return (canvas, frame)
    }

    /// Whether tick labels at these values leave room between them on a plot about as wide
    /// as the figure's.
    private func fits(_ ticks: [Tick], log: Bool, canvas: Canvas, metrics m: Metrics) throws -> Bool {
        let values = ticks.map { log ? Foundation.log10($0.value) : $0.value }
        guard let lo = values.min(), let hi = values.max(), hi > lo else { return true }
        let usable = Double(canvas.width) * 0.7
        var previousRight = -Double.infinity
        for (tick, v) in zip(ticks, values).sorted(by: { $0.1 < $1.1 }) {
            let center = (v - lo) / (hi - lo) * usable
            let w = try canvas.textWidth(tick.label, size: m.tickLabelSize)
            if center - w / 2 < previousRight + 16 * m.scale { return false }
            previousRight = center + w / 2
        }
        return true
    }
}
