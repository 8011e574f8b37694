// Sweep figure 2: final validation loss against one swept setting. With a few settings of the
// other swept axes, one line each: each point the mean over seeds with a min-max error bar and
// the seeds as faint dots. With more, every run is a dot, with the lowest mean at each value and
// the best configuration's line drawn over them. A setting drawn from a range (a random
// search) is a scatter plot, log-scaled when drawn log-uniformly, with the best run marked.
// Learning rates and values spanning two decades get a log axis. Diverged runs sit as crosses
// on the top edge instead of stretching the axis.
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
    /// Log x axis; nil decides: the scale's when continuous, else numeric, positive, and a
    /// learning rate, two decades or more, or a geometric progression.
    public var logX: Bool?
    /// Whether `axis` was drawn from a range (a scatter plot) or has a few values.
    public var scale: SettingScale
    /// The swept axes in the order legends name them; nil for by name.
    public var axes: [String]?
    /// What the losses measure, for the axis title: "nats per token" or "bits per character".
    public var unit: String
    /// Size, scale and fonts.
    public var style: FigureStyle

    /// A figure from its data; see the properties for what each input means.
    public init(
        title: String, subtitle: String = "", runs: [SweepRun], axis: String, logX: Bool? = nil, scale: SettingScale = .discrete,
        axes: [String]? = nil, unit: String = "nats per token", style: FigureStyle = FigureStyle()
    ) {
        self.axes = axes
        self.title = title
        self.subtitle = subtitle
        self.runs = runs
        self.axis = axis
        self.logX = logX
        self.scale = scale
        self.unit = unit
        self.style = style
    }

    /// The most lines (settings of the other axes) drawn one by one; more become dots.
    static let readableSeries = 7

    /// Draws the figure.
    public func render() throws -> Canvas {
        try draw().canvas
    }

    /// One series at one x position: the seeds' spread and how many diverged.
    struct Cell {
        var x: Double
        var stats: (mean: Double, min: Double, max: Double, count: Int)?
        var seeds: [Double]
        var diverged: Int
        var hover: String
    }

    /// A line of means across the axis.
    struct Series {
        var color: Color
        var points: [Cell]
        var errorBars: Bool
    }

    /// Draws the figure and returns the chart frame too, whose scales say where data went.
    func draw() throws -> (canvas: Canvas, frame: ChartFrame) {
        let names = axisNames(of: runs)
        guard names.contains(axis) else { throw PlotError.unknownAxis(name: axis, available: names) }
        var canvas = try style.makeCanvas()
        let m = style.metrics
        let s = m.scale
        let onAxis = runs.filter { $0.values[axis] != nil }
        let xValues = distinctValues(of: axis, in: onAxis)
        let numeric = xValues.allSatisfy { $0.number?.isFinite == true }
        let continuous = numeric && scale.isContinuous
        let log = numeric && (logX ?? (continuous ? scale.isLog : prefersLogScale(axis: axis, values: xValues.compactMap(\.number))))
            && xValues.allSatisfy { ($0.number ?? 0) > 0 }
        // Text values sit at 0, 1, 2... with their text as tick labels.
        func position(_ v: AxisValue) -> Double {
            numeric ? (v.number ?? .nan) : Double(xValues.firstIndex(of: v) ?? 0)
        }
        let swept = ordered(sweptAxes(of: onAxis), by: axes)
        let others = swept.filter { $0 != axis }
        let groups = groupRuns(onAxis, by: others)
        let finals: (SweepRun) -> Double? = \.trainedFinalLoss

        /// The cells of the runs of one series, one per x value.
        func cells(of runs: [SweepRun], label: [String: AxisValue]) -> [Cell] {
            xValues.compactMap { value in
                let cell = runs.filter { $0.values[axis] == value }
                guard !cell.isEmpty else { return nil }
                let values = cell.compactMap(finals)
                var settings = label
                settings[axis] = value
                let stats = spread(values)
                return Cell(x: position(value), stats: stats, seeds: values, diverged: cell.filter(\.diverged).count,
                            hover: hoverTitle(settings, axes: others + [axis], runs: cell, loss: stats?.mean, unit: unit))
            }
        }

        var series: [Series] = []
        var entries: [LegendEntry] = []
        // Every run as a dot, for the scatter plot and for sweeps with many series.
        var dots: [(x: Double, y: Double, hover: String)] = []
        var best: (x: Double, y: Double)?
        let mode: Mode = continuous ? .scatter : groups.count <= SweepAxisFigure.readableSeries ? .series : .profile
        switch mode {
        case .series:
            for (i, group) in groups.enumerated() {
                series.append(Series(color: Palette.color(i, of: groups.count), points: cells(of: group.runs, label: group.values), errorBars: true))
                let label = others.isEmpty ? "mean over seeds" : describe(group.values, axes: others)
                entries.append(LegendEntry(label: label, swatch: numeric ? .lineAndMarker(series[i].color, .circle) : .marker(series[i].color, .circle)))
            }
            let seedCounts = groups.flatMap { g in xValues.map { v in g.runs.filter { $0.values[axis] == v }.count } }
            if (seedCounts.max() ?? 0) > 1 {
                entries.append(LegendEntry(label: "seeds; bars: min–max", swatch: .marker(Palette.secondaryInk.withAlpha(0.45), .circle)))
            }
        case .scatter, .profile:
            for run in onAxis {
                guard let value = run.values[axis], let y = finals(run) else { continue }
                dots.append((position(value), y, hoverTitle(run.values.filter { swept.contains($0.key) }, axes: swept, runs: [run], loss: y, unit: unit)))
            }
            entries.append(LegendEntry(label: "each run (\(dots.count))", swatch: .marker(SweepAxisFigure.dotColor(mode), .circle)))
            let ranked = rankedGroups(onAxis, by: swept)
            if mode == .scatter {
                if let top = ranked.first, let mean = top.mean, let value = top.group.values[axis] {
                    best = (position(value), mean)
                    let seeds = top.group.runs.count > 1 ? " (mean of \(top.group.runs.count) seeds)" : ""
                    entries.append(LegendEntry(
                        label: "best: \(describe(top.group.values, axes: swept)) · \(lossText(mean))\(seeds)",
                        swatch: .marker(Palette.okabeIto[1], .circle)))
                }
            } else {
                // The lowest mean over seeds at each value: what the setting allows at its best.
                let lowest = xValues.compactMap { value -> Cell? in
                    let atValue = groups.compactMap { group -> (Cell, Double)? in
                        guard let cell = cells(of: group.runs.filter { $0.values[axis] == value }, label: group.values).first,
                              let mean = cell.stats?.mean else { return nil }
                        return (cell, mean)
                    }
                    return atValue.min { $0.1 < $1.1 }.map { cell, _ in
                        var c = cell
                        c.stats = cell.stats.map { (mean: $0.mean, min: $0.mean, max: $0.mean, count: 1) }
                        c.diverged = 0
                        return c
                    }
                }
                series.append(Series(color: Palette.okabeIto[0], points: lowest, errorBars: false))
                entries.append(LegendEntry(label: "lowest mean over seeds at each \(axis)", swatch: .lineAndMarker(Palette.okabeIto[0], .circle)))
                // The best configuration's other settings, held while this one varies.
                if let top = ranked.first, let mean = top.mean,
                   let group = groups.first(where: { group in others.allSatisfy { group.values[$0] == top.group.values[$0] } }) {
                    let points = cells(of: group.runs, label: group.values)
                    series.append(Series(color: Palette.okabeIto[1], points: points, errorBars: true))
                    // subtle: in a random search the best run's other settings were drawn once: a point, not a line.
                    let label = points.count > 1 ? "\(describe(group.values, axes: others)) (the best configuration's)"
                        : "best: \(describe(top.group.values, axes: swept)) · \(lossText(mean))"
                    entries.append(LegendEntry(label: label, swatch: .lineAndMarker(Palette.okabeIto[1], .circle)))
                }
            }
        }
        let divergedCells: [(x: Double, hover: String)] = onAxis.filter(\.diverged).compactMap { run in
            run.values[axis].map { (position($0), hoverTitle(run.values.filter { swept.contains($0.key) }, axes: swept, runs: [run], loss: nil, unit: unit)) }
        }
        // A few runs far above the rest would squash the others against the bottom: they sit on
        // the top edge as triangles instead.
        let cutoff = outlierCutoff(dots.map(\.y))
        let above = cutoff.map { top in dots.filter { $0.y > top } } ?? []
        if let cutoff { dots.removeAll { $0.y > cutoff } }
        if !above.isEmpty {
            entries.append(LegendEntry(label: "\(above.count) above the scale, up to \(lossText(above.map(\.y).max() ?? 0))",
                                       swatch: .marker(SweepAxisFigure.dotColor(mode).withAlpha(1), .triangle)))
        }
        let anyDiverged = !divergedCells.isEmpty
        if anyDiverged { entries.append(LegendEntry(label: "diverged (off the scale)", swatch: .marker(Palette.ink, .cross))) }

        var ticks: [Tick]?
        if !numeric {
            ticks = xValues.enumerated().map { Tick(value: Double($0.offset), label: $0.element.description) }
        } else if !continuous, xValues.count <= 10 {
            // The swept values themselves, when they fit: the reader sees what was run.
            let candidate = xValues.map { Tick(value: $0.number ?? 0, label: $0.description) }
            ticks = try fits(candidate, log: log, canvas: canvas, metrics: m) ? candidate : nil
        }
        let yValues = series.flatMap { $0.points.flatMap { p in p.stats.map { [$0.min, $0.max] } ?? [] } } + dots.map(\.y)
        let xAxis = AxisSpec(
            title: axis, kind: log ? .log : .linear, values: xValues.map(position), ticks: ticks,
            padding: numeric ? 0.06 : 0, domain: numeric ? nil : (-0.5, Double(max(1, xValues.count)) - 0.5))
        let yAxis = AxisSpec(title: "final validation loss (\(unit))", values: yValues, padding: anyDiverged || !above.isEmpty ? 0.12 : 0.06)
        // Crosses for diverged runs sit at the top edge; the legend must not cover them either.
        // They are drawn a few pixels below the top; a short vertical stretch from the top covers that.
        let (bottom, top) = ChartFrame.domain(of: yAxis)
        let divergedMarks = (divergedCells.map(\.x) + above.map(\.x)).map { [(x: $0, y: top), (x: $0, y: top - 0.1 * (top - bottom))] }
        let spec = ChartSpec(
            title: title, subtitle: subtitle, x: xAxis, y: yAxis,
            legend: entries.isEmpty ? nil : LegendSpec(entries: entries),
            occupied: series.map { $0.points.compactMap { p in p.stats.map { (x: p.x, y: $0.mean) } } }
                + series.flatMap { $0.points.compactMap { p in p.stats.map { [(x: p.x, y: $0.min), (x: p.x, y: $0.max)] } } }
                + dots.map { [(x: $0.x, y: $0.y)] }
                + divergedMarks,
            emptyMessage: yValues.isEmpty && !anyDiverged ? "no finished runs to show" : nil)
        let frame = try ChartFrame.make(canvas: canvas, metrics: m, spec: spec)
        // subtle: on paper the frame may have moved to a taller canvas to hold its legend.
        canvas = frame.canvas
        frame.drawGrid()
        let clip = frame.plot.insetBy(-m.markerRadius * 2)
        // Dots first, spread sideways on a few values so runs at one value do not hide each other.
        let spacing = frame.plot.width / Double(max(1, xValues.count))
        let width = mode == .profile ? min(28 * s, spacing * 0.35) : 0
        // subtle: golden-ratio offsets spread any number of dots evenly, and the same way every time.
        func jitter(_ i: Int) -> Double { width * ((Double(i) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1) - 0.5) }
        for (i, dot) in dots.enumerated() {
            let dx = jitter(i)
            canvas.beginGroup(title: dot.hover)
            canvas.drawMarker(.circle, at: Point(frame.x.pixel(dot.x) + dx, frame.y.pixel(dot.y)), radius: m.markerRadius * 0.75,
                              color: SweepAxisFigure.dotColor(mode), edgeWidth: 0.8 * s, clip: clip)
            canvas.endGroup()
        }
        // Side by side when several series share an x position, so bars do not hide each other.
        let offsetStep = mode == .series && series.count > 1 ? min(10 * s, spacing / Double(series.count) / 2) : 0
        for (index, line) in series.enumerated() {
            let dx = (Double(index) - Double(series.count - 1) / 2) * offsetStep
            let means = line.points.compactMap { p in p.stats.map { frame.point(p.x, $0.mean) + Point(dx, 0) } }
            if numeric { canvas.stroke(means, width: m.lineWidth * 0.9, color: line.color, clip: frame.plot) }
            for p in line.points {
                guard let stats = p.stats else { continue }
                let px = frame.x.pixel(p.x) + dx
                canvas.beginGroup(title: p.hover)
                if line.errorBars, stats.count > 1 {
                    canvas.drawErrorBar(
                        x: px, low: frame.y.pixel(stats.min), high: frame.y.pixel(stats.max), capWidth: 12 * s,
                        width: 1.8 * s, color: line.color, clip: clip)
                    for seed in p.seeds {
                        canvas.drawMarker(.circle, at: Point(px, frame.y.pixel(seed)), radius: 3.2 * s, color: line.color.withAlpha(0.45), edge: nil, clip: clip)
                    }
                }
                canvas.drawMarker(.circle, at: frame.point(p.x, stats.mean) + Point(dx, 0), radius: m.markerRadius * 1.1, color: line.color, clip: clip)
                canvas.endGroup()
            }
            for p in line.points where p.diverged > 0 && mode == .series {
                let at = Point(frame.x.pixel(p.x) + dx, frame.plot.minY + 14 * s)
                canvas.drawMarker(.cross, at: at, radius: m.markerRadius * 1.1, color: line.color, clip: clip)
            }
        }
        for (i, dot) in above.enumerated() {
            let dx = jitter(i)
            canvas.beginGroup(title: dot.hover)
            canvas.drawMarker(.triangle, at: Point(frame.x.pixel(dot.x) + dx, frame.plot.minY + 14 * s), radius: m.markerRadius * 0.8,
                              color: SweepAxisFigure.dotColor(mode).withAlpha(1), edgeWidth: 0.8 * s, clip: clip)
            canvas.endGroup()
        }
        if mode != .series {
            for (i, cell) in divergedCells.enumerated() {
                let dx = jitter(i)
                canvas.beginGroup(title: cell.hover)
                canvas.drawMarker(.cross, at: Point(frame.x.pixel(cell.x) + dx, frame.plot.minY + 14 * s), radius: m.markerRadius,
                                  color: Palette.secondaryInk, clip: clip)
                canvas.endGroup()
            }
        }
        if let best {
            canvas.drawMarker(.circle, at: frame.point(best.x, best.y), radius: m.markerRadius * 1.5, color: Palette.okabeIto[1],
                              edgeWidth: 1.5 * s, clip: clip)
        }
        try frame.drawAxes()
        try frame.drawLegend()
        return (canvas, frame)
    }

    /// How the runs are drawn: lines per setting of the other axes, every run against a range,
    /// or every run with the lowest means and the best configuration's line.
    enum Mode {
        case series, scatter, profile
    }

    static func dotColor(_ mode: Mode) -> Color {
        mode == .scatter ? Palette.okabeIto[0].withAlpha(0.55) : Color(hex: 0x8C8C8C).withAlpha(0.6)
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
