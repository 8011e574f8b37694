// Sweep figure: which settings mattered. A horizontal bar per swept setting, longest on top,
// for the share of the spread in final validation loss its main effect explains, written at the
// bar's end; a grey last bar for what no single setting explains (interactions and seed noise).
// Leaves out computing the shares (Report's Importance does, from the runs).
import Foundation

/// Shares of the variance of the final loss explained by each setting.
public struct ImportanceFigure: Sendable {
    /// Bold title at the top left, usually the sweep name.
    public var title: String
    /// Grey line under the title; may be empty.
    public var subtitle: String
    /// Each setting's share (0...1), drawn in this order from the top.
    public var shares: [(setting: String, share: Double)]
    /// The share no single setting explains, drawn last in grey; nil for none.
    public var residual: Double?
    /// What the losses measure, for the axis title: "nats per token" or "bits per character".
    public var unit: String
    /// Size, scale and fonts.
    public var style: FigureStyle

    /// A figure from its data; see the properties for what each input means.
    public init(title: String, subtitle: String = "", shares: [(setting: String, share: Double)], residual: Double? = nil,
                unit: String = "nats per token", style: FigureStyle = FigureStyle()) {
        self.title = title
        self.subtitle = subtitle
        self.shares = shares
        self.residual = residual
        self.unit = unit
        self.style = style
    }

    /// The label of the residual bar.
    public static let residualLabel = "interactions and noise"

    /// Draws the figure.
    public func render() throws -> Canvas {
        try draw().canvas
    }

    /// Draws the figure and returns the chart frame too, whose scales say where the bars went.
    func draw() throws -> (canvas: Canvas, frame: ChartFrame) {
        let m = style.metrics
        let s = m.scale
        // As tall as the bars need, up to the style's height: a band of 90 px per bar at scale 1.
        let rows = Double(shares.count + (residual == nil ? 0 : 1))
        let scratch = try Canvas(width: style.pixelWidth, height: 1, fonts: try style.validatedFonts())
        let needed = m.padding * 2 + (try ChartFrame.headerHeight(title: title, subtitle: subtitle, metrics: m, canvas: scratch)) + 12 * s
            + max(2, rows) * 90 * s + m.tickLength + 8 * s + m.tickLabelSize * 1.05 + 14 * s + m.axisTitleSize * 2.3
        let canvas = try style.makeCanvas(height: min(style.pixelHeight, Int(needed.rounded(.up))))
        var bars = shares.map { (label: $0.setting, share: $0.share, color: Palette.okabeIto[0]) }
        if let residual { bars.append((ImportanceFigure.residualLabel, residual, Color(hex: 0xA6A6A6))) }
        let n = bars.count
        // The first bar on top: category i sits at n - 1 - i.
        let yTicks = bars.enumerated().map { Tick(value: Double(n - 1 - $0.offset), label: $0.element.label) }
        let percents = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
        let spec = ChartSpec(
            title: title, subtitle: subtitle,
            x: AxisSpec(title: "share of the spread in final validation loss (\(unit)) explained",
                        ticks: percents.map { Tick(value: $0, label: "\(Int(($0 * 100).rounded()))%") }, padding: 0, domain: (0, 1)),
            y: AxisSpec(title: "", ticks: yTicks, padding: 0, domain: (-0.5, Double(max(1, n)) - 0.5)),
            emptyMessage: bars.isEmpty ? "no setting varies among runs with a final loss" : nil)
        let frame = try ChartFrame.make(canvas: canvas, metrics: m, spec: spec)
        frame.drawGrid()
        let band = abs(frame.y.pixel(0) - frame.y.pixel(1))
        let height = min(band * 0.62, 60 * s)
        for (i, bar) in bars.enumerated() {
            let cy = frame.y.pixel(Double(n - 1 - i))
            let share = max(0, min(1, bar.share.isFinite ? bar.share : 0))
            let x1 = frame.x.pixel(share)
            let text = ImportanceFigure.percent(share)
            canvas.beginGroup(title: "\(bar.label): \(text)")
            canvas.fill(Rect(minX: frame.plot.minX, minY: cy - height / 2, maxX: max(frame.plot.minX + 1, x1), maxY: cy + height / 2),
                        color: bar.color)
            // The value at the bar's end, inside it when the bar is long.
            let w = try canvas.textWidth(text, size: m.annotationSize * 1.1, weight: .bold)
            let inside = x1 - frame.plot.minX > w + 24 * s
            try canvas.drawText(text, at: Point(inside ? x1 - 10 * s : x1 + 10 * s, cy), size: m.annotationSize * 1.1,
                                color: inside ? .white : Palette.ink, weight: .bold, horizontal: inside ? .right : .left, vertical: .middle)
            canvas.endGroup()
        }
        try frame.drawAxes()
        return (canvas, frame)
    }

    /// A share as a whole percentage, "<1%" for small nonzero ones.
    public static func percent(_ share: Double) -> String {
        let value = (share * 100).rounded()
        if value == 0, share > 0 { return "<1%" }
        return "\(Int(value))%"
    }
}
