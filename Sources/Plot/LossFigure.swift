// The per-run loss figure (loss.png): raw training loss drawn faintly, its bias-corrected EMA,
// and validation loss with markers, against steps, with tokens seen on an optional top axis.
// Leaves out learning-rate curves and comparisons between runs (see SweepCurvesFigure).
import Foundation

/// Loss curves of one run.
public struct LossFigure: Sendable {
    /// Bold title, usually the run's name.
    public var title: String
    /// Grey line under the title, usually the key hyperparameters.
    public var subtitle: String
    /// Training loss per step: (x: step, y: loss).
    public var train: [(x: Double, y: Double)]
    /// Validation loss at evaluation steps: (x: step, y: loss).
    public var validation: [(x: Double, y: Double)]
    /// Tokens per step (the batch size: one predicted token per example); adds a top axis of
    /// tokens seen = step x tokensPerStep. Nil for no top axis.
    public var tokensPerStep: Double?
    /// EMA factor beta for the smoothed training curve; nil picks ``automaticSmoothing(count:)``.
    public var smoothing: Double?
    /// Logarithmic loss axis.
    public var logY: Bool
    /// Size, scale and fonts.
    public var style: FigureStyle

    /// A figure from its data; see the properties for what each input means.
    public init(
        title: String, subtitle: String = "", train: [(x: Double, y: Double)], validation: [(x: Double, y: Double)],
        tokensPerStep: Double? = nil, smoothing: Double? = nil, logY: Bool = false, style: FigureStyle = FigureStyle()
    ) {
        self.title = title
        self.subtitle = subtitle
        self.train = train
        self.validation = validation
        self.tokensPerStep = tokensPerStep
        self.smoothing = smoothing
        self.logY = logY
        self.style = style
    }

    /// Draws the figure.
    public func render() throws -> Canvas {
        try draw().canvas
    }

    /// Draws the figure and returns the chart frame too, whose scales say where data went.
    func draw() throws -> (canvas: Canvas, frame: ChartFrame) {
        if let smoothing, !(smoothing >= 0 && smoothing < 1) {
            throw PlotError.invalidParameter(name: "LossFigure.smoothing", value: "\(smoothing)", expected: "in [0, 1)")
        }
        var canvas = try style.makeCanvas()
        let m = style.metrics
        // Points that cannot be drawn are skipped; the rest are drawn in step order.
        let usable: ((x: Double, y: Double)) -> Bool = { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
        let raw = train.filter(usable).sorted { $0.x < $1.x }
        let val = validation.filter(usable).sorted { $0.x < $1.x }
        let beta = smoothing ?? automaticSmoothing(count: raw.count)
        let smoothed = zip(raw, debiasedEMA(raw.map(\.y), beta: beta)).map { (x: $0.x, y: $1) }

        let trainColor = Palette.okabeIto[0]
        let valColor = Palette.okabeIto[1]
        var entries: [LegendEntry] = []
        if !raw.isEmpty {
            entries.append(LegendEntry(label: "training loss (per step)", swatch: .faintLine(trainColor.withAlpha(0.35))))
            if beta > 0 {
                entries.append(LegendEntry(label: "training loss, smoothed (EMA β = \(formatBeta(beta)))", swatch: .line(trainColor, dash: nil)))
            }
        }
        if let best = val.min(by: { $0.y < $1.y }) {
            let label = "validation loss (best \(String(format: "%.3f", best.y)) at step \(Ticks.fixed(best.x, decimals: 0)))"
            entries.append(LegendEntry(label: label, swatch: .lineAndMarker(valColor, .circle)))
        }

        var yValues = smoothed.map(\.y) + val.map(\.y)
        yValues += robustRange(raw.map(\.y))
        let spec = ChartSpec(
            title: title, subtitle: subtitle,
            x: AxisSpec(title: "step", values: raw.map(\.x) + val.map(\.x), padding: 0.02, counts: true),
            y: AxisSpec(title: logY ? "loss (nats, log scale)" : "loss (nats)", kind: logY ? .log : .linear, values: yValues),
            top: tokensPerStep.flatMap { $0 > 0 && $0.isFinite ? SecondaryAxis(title: "tokens seen", factor: $0) : nil },
            legend: entries.isEmpty ? nil : LegendSpec(entries: entries),
            occupied: [raw, smoothed, val],
            emptyMessage: raw.isEmpty && val.isEmpty ? "no finite loss values to show" : nil)
        let frame = try ChartFrame.make(canvas: canvas, metrics: m, spec: spec)
        // subtle: on paper the frame may have moved to a taller canvas to hold its legend.
        canvas = frame.canvas
        frame.drawGrid()
        let clip = frame.plot
        canvas.stroke(raw.map { frame.point($0.x, $0.y) }, width: m.thinLineWidth, color: trainColor.withAlpha(0.35), clip: clip)
        if beta > 0 {
            canvas.stroke(smoothed.map { frame.point($0.x, $0.y) }, width: m.lineWidth, color: trainColor, clip: clip)
        }
        if raw.count == 1, let only = raw.first {
            // subtle: a line through one point is a dot too faint to see; mark it instead.
            canvas.drawMarker(.circle, at: frame.point(only.x, only.y), radius: m.markerRadius, color: trainColor, clip: clip.insetBy(-m.markerRadius * 2))
        }
        let valPixels = val.map { frame.point($0.x, $0.y) }
        canvas.stroke(valPixels, width: m.lineWidth, color: valColor, clip: clip)
        let radius = val.count <= 60 ? m.markerRadius : m.markerRadius * 0.6
        for p in valPixels {
            canvas.drawMarker(.circle, at: p, radius: radius, color: valColor, edgeWidth: 1.5 * m.scale, clip: clip.insetBy(-radius * 2))
        }
        try frame.drawAxes()
        try frame.drawLegend()
        return (canvas, frame)
    }
}

/// The 1st to 99th percentile of `values`, so a few spikes in raw training loss do not squash
/// the axis; short series keep all their values.
func robustRange(_ values: [Double]) -> [Double] {
    let sorted = values.filter(\.isFinite).sorted()
    guard sorted.count >= 100 else { return sorted }
    return [sorted[sorted.count / 100], sorted[sorted.count - 1 - sorted.count / 100]]
}

private func formatBeta(_ beta: Double) -> String {
    var text = String(format: "%.4f", beta)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text += "0" }
    return text
}
