// The figure of a successive-halving sweep (halving.png): every run's validation curve against
// steps on a log axis (the rungs are evenly spaced there and are its ticks), the rungs as dotted
// lines, each stopped run's curve ending in a mark at its rung, and the runs that trained to the
// end in colour with a legend. Curves are the periodic validation subset; the marks are the
// whole-split rung measurements the decisions used.
// Leaves out the rankings themselves (the report's tables).
import Foundation

/// Validation curves of a halving sweep, with its rungs.
public struct HalvingFigure: Sendable {
    /// One run as the figure draws it.
    public struct Run: Sendable {
        /// Settings and final loss, for the legend when it trained to the end; its id for the SVG.
        public var label: String
        /// Periodic validation losses: (step, loss).
        public var validation: [(x: Double, y: Double)]
        /// Its rung measurements: (rung step, loss on the whole validation split).
        public var rungs: [(x: Double, y: Double)]
        /// It trained to the last rung.
        public var survived: Bool

        public init(label: String, validation: [(x: Double, y: Double)], rungs: [(x: Double, y: Double)], survived: Bool) {
            self.label = label
            self.validation = validation
            self.rungs = rungs
            self.survived = survived
        }
    }

    public var title: String
    public var subtitle: String
    public var runs: [Run]
    /// The rung steps, and how many configurations trained to each.
    public var rungs: [(step: Int, configurations: Int)]
    /// What the losses measure: "nats per token" or "bits per character".
    public var unit: String
    public var style: FigureStyle

    public init(title: String, subtitle: String = "", runs: [Run], rungs: [(step: Int, configurations: Int)],
                unit: String = "nats per token", style: FigureStyle = FigureStyle()) {
        self.title = title
        self.subtitle = subtitle
        self.runs = runs
        self.rungs = rungs
        self.unit = unit
        self.style = style
    }

    /// Grey of the runs that stopped at a rung, darker the further they got.
    static func stoppedColor(reached: Int, of count: Int) -> Color {
        let t = count > 1 ? Double(max(reached, 1) - 1) / Double(count - 1) : 0
        let grey = 0.72 - 0.4 * t
        return Color(red: grey, green: grey, blue: grey)
    }

    /// The most runs named in the legend; more survivors share one entry.
    static let namedSurvivors = 6

    public func render() throws -> Canvas {
        try draw().canvas
    }

    func draw() throws -> (canvas: Canvas, frame: ChartFrame) {
        var canvas = try style.makeCanvas()
        let m = style.metrics
        // Steps on a log axis: only positive, finite points.
        let usable: ((x: Double, y: Double)) -> Bool = { $0.x > 0 && $0.x.isFinite && $0.y.isFinite }
        // A line through the periodic losses and, at rungs between them, the rung measurements.
        let curves = runs.map { run in
            let marks = run.rungs.filter(usable).sorted { $0.x < $1.x }
            let periodic = run.validation.filter(usable)
            let steps = Set(periodic.map(\.x))
            let line = (periodic + marks.filter { !steps.contains($0.x) }).sorted { $0.x < $1.x }
            return (run: run, line: line, marks: marks)
        }
        let survivors = curves.filter(\.run.survived)
        let stopped = curves.filter { !$0.run.survived }
        let rungSteps = rungs.map { Double($0.step) }

        var entries: [LegendEntry] = []
        let named = survivors.prefix(Self.namedSurvivors)
        for (i, curve) in named.enumerated() {
            entries.append(LegendEntry(label: curve.run.label, swatch: .lineAndMarker(Palette.okabeIto[i % Palette.okabeIto.count], .circle)))
        }
        if survivors.count > named.count {
            entries.append(LegendEntry(label: "\(survivors.count - named.count) more trained to the end", swatch: .line(Palette.okabeIto[0], dash: nil)))
        }
        if !stopped.isEmpty {
            entries.append(LegendEntry(label: "\(stopped.count) stopped at a rung (darker: later)",
                                       swatch: .lineAndMarker(Self.stoppedColor(reached: 1, of: 2), .cross)))
        }
        let values = curves.flatMap { $0.line.map(\.y) + $0.marks.map(\.y) }
        let steps = curves.flatMap { $0.line.map(\.x) } + rungSteps
        let spec = ChartSpec(
            title: title, subtitle: subtitle,
            // The rungs are the ticks: evenly spaced on the log axis, and the steps that decided.
            x: AxisSpec(title: "step (log scale; dotted lines: rungs)", kind: .log, values: steps,
                        ticks: rungs.map { Tick(value: Double($0.step), label: Ticks.fixed(Double($0.step), decimals: 0)) }, padding: 0.03),
            y: AxisSpec(title: "validation loss (\(unit))", values: values),
            legend: entries.isEmpty ? nil : LegendSpec(entries: entries),
            occupied: curves.map(\.line),
            emptyMessage: values.isEmpty ? "no run has reached its first evaluation" : nil)
        let frame = try ChartFrame.make(canvas: canvas, metrics: m, spec: spec)
        canvas = frame.canvas
        frame.drawGrid()
        let clip = frame.plot
        let markClip = clip.insetBy(-m.markerRadius * 2)

        // The rungs: dotted verticals (the subtitle gives the configurations at each).
        for rung in rungs {
            let x = frame.x.pixel(Double(rung.step))
            guard x.isFinite else { continue }
            canvas.stroke([Point(x, clip.minY), Point(x, clip.maxY)], width: m.thinLineWidth, color: Palette.secondaryInk,
                          dash: [3 * m.scale, 5 * m.scale], clip: clip.insetBy(-1))
        }
        // Stopped runs first, lightest first, so the later ones and the survivors lie on top.
        for curve in stopped.sorted(by: { $0.marks.count < $1.marks.count }) {
            let color = Self.stoppedColor(reached: curve.marks.count, of: rungs.count)
            canvas.beginGroup(title: curve.run.label)
            canvas.stroke(curve.line.map { frame.point($0.x, $0.y) }, width: m.thinLineWidth, color: color.withAlpha(0.7), clip: clip)
            if let end = curve.marks.last {
                canvas.drawMarker(.cross, at: frame.point(end.x, end.y), radius: m.markerRadius * 0.8, color: color, clip: markClip)
            }
            canvas.endGroup()
        }
        for (i, curve) in survivors.enumerated().reversed() {
            let color = i < named.count ? Palette.okabeIto[i % Palette.okabeIto.count] : Palette.okabeIto[0].withAlpha(0.5)
            canvas.beginGroup(title: curve.run.label)
            canvas.stroke(curve.line.map { frame.point($0.x, $0.y) }, width: m.lineWidth, color: color, clip: clip)
            for mark in curve.marks {
                canvas.drawMarker(.circle, at: frame.point(mark.x, mark.y), radius: m.markerRadius, color: color, clip: markClip)
            }
            canvas.endGroup()
        }
        try frame.drawAxes()
        try frame.drawLegend()
        return (canvas, frame)
    }
}
