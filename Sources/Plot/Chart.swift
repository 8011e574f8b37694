// The frame every x-y figure shares: header, margins sized to the tick labels, linear or log
// scales, 1-2-5 ticks, a light grid, axis titles, an optional top axis, and a legend placed
// where it hides no data. Figures describe a chart with a ChartSpec and draw their data
// through the ChartFrame's scales. Leaves out data drawing itself and multi-panel layouts.
import Foundation

/// How values map onto an axis.
enum ScaleKind: Sendable {
    case linear, log
}

/// One axis' mapping from data values to pixels.
struct Scale {
    let kind: ScaleKind
    /// The data values at the two ends of the axis.
    let lo: Double
    let hi: Double
    /// The pixels of `lo` and `hi` (for a y axis start is the bottom, so start > end).
    let start: Double
    let end: Double

    func transform(_ v: Double) -> Double {
        switch kind {
        case .linear: return v
        case .log: return v > 0 ? log10(v) : -.infinity
        }
    }

    /// The pixel of value `v`; NaN when it has none (NaN, or non-positive on a log axis).
    func pixel(_ v: Double) -> Double {
        let t0 = transform(lo)
        let t1 = transform(hi)
        let t = transform(v)
        guard t.isFinite, t1 != t0 else { return .nan }
        return start + (t - t0) / (t1 - t0) * (end - start)
    }
}

/// A tick with its label.
struct Tick: Sendable {
    var value: Double
    var label: String
}

/// What a chart shows along one axis.
struct AxisSpec {
    var title: String
    var kind: ScaleKind = .linear
    /// The data along this axis; non-finite values (and non-positive ones on a log axis) are ignored.
    var values: [Double] = []
    /// Ticks to use instead of computed ones (categories, swept values).
    var ticks: [Tick]? = nil
    /// Empty space beyond the data at each end, as a fraction of the range.
    var padding: Double = 0.04
    /// A fixed range instead of one computed from `values`.
    var domain: (lo: Double, hi: Double)? = nil
    /// Whole-number ticks only, none below zero when the data is not: for counts like steps.
    var counts = false
    /// At most one tick per this many pixels at scale 1; nil for 150 (x) or 95 (y).
    var tickSpacing: Double? = nil
}

/// A second x axis along the top whose values are the bottom ones times `factor` (a count,
/// such as tokens seen).
struct SecondaryAxis {
    var title: String
    var factor: Double
}

/// Everything a chart frame needs to lay itself out.
struct ChartSpec {
    var title: String = ""
    var subtitle: String = ""
    var x: AxisSpec
    var y: AxisSpec
    var top: SecondaryAxis? = nil
    var legend: LegendSpec? = nil
    /// The data as polylines (in data coordinates; one point for a marker), so the legend can
    /// be put where it covers none of it.
    var occupied: [[(x: Double, y: Double)]] = []
    /// Shown in the middle of the plot when there is nothing to draw.
    var emptyMessage: String? = nil
    /// Pixels kept free right of the plot (for a colour bar).
    var reservedRight: Double = 0
}

/// A laid-out chart: the plot rectangle, scales and ticks, ready to draw on.
struct ChartFrame {
    let canvas: Canvas
    let metrics: Metrics
    /// What was asked for; its legend is cut to what fits by `make`.
    private(set) var spec: ChartSpec
    /// The data area, on whole pixels.
    let plot: Rect
    let x: Scale
    let y: Scale
    let xTicks: [Tick]
    let yTicks: [Tick]
    let xMinor: [Double]
    let yMinor: [Double]
    let topTicks: [Tick]
    /// Pixels kept under the x axis title, for a legend below the plot.
    let belowAxis: Double
    /// The axis titles' lines (one, or two when longer than the axis).
    let xTitle: [String]
    let yTitle: [String]
    /// Where the legend goes, once placed.
    var legendRect: Rect?

    /// The pixel of a data point.
    func point(_ px: Double, _ py: Double) -> Point { Point(x.pixel(px), y.pixel(py)) }

    // MARK: - Layout

    /// Lays out the chart and places its legend: inside, in the first corner that covers no
    /// data; else outside on the right when it is narrow; else below the plot when it is short,
    /// or on paper, where the figure grows to hold it (the frame's canvas is then a taller one);
    /// else inside where it covers the least data. Labels wrap so it is never wider than the plot.
    static func make(canvas: Canvas, metrics: Metrics, spec: ChartSpec) throws -> ChartFrame {
        var frame = try layout(canvas: canvas, metrics: metrics, spec: spec, legendWidth: nil, legendBelow: nil)
        guard let full = spec.legend, !full.entries.isEmpty else { return frame }
        let margin = 14 * metrics.scale
        let width = Double(canvas.width)
        let height = Double(canvas.height)
        // The legend gets at most the plot's height (more when it may go below a figure that grows)
        // and the plot's width, or the figure's below it.
        let plotRoom = frame.plot.height - 2 * margin
        let room = canvas.growsForLegends ? max(plotRoom, height * 0.6) : plotRoom
        let fullWidth = width - 2 * metrics.padding
        let wrapWidth = canvas.growsForLegends ? fullWidth : frame.plot.width - 2 * margin
        let legend = try full.fitted(toHeight: room, metrics: metrics)
            .wrapped(toWidth: wrapWidth, on: canvas, metrics: metrics)
            .fitted(toHeight: room, metrics: metrics)
        var spec = spec
        spec.legend = legend
        frame.spec = spec
        let size = try legend.size(on: canvas, metrics: metrics)
        let (best, covered) = frame.bestInsideLegendRect(size: size)
        if covered == 0, let best {
            frame.legendRect = best
            return frame
        }
        // Outside costs plot width; only do it when the legend leaves most of the width to data,
        // its long labels wrapped to fit a third of the figure.
        var narrow = spec
        narrow.legend = try legend.wrapped(toWidth: width * 0.34, on: canvas, metrics: metrics).fitted(toHeight: plotRoom, metrics: metrics)
        let narrowSize = try narrow.legend.map { try $0.size(on: canvas, metrics: metrics) } ?? size
        let keepsEntries = narrow.legend?.entries.count == legend.entries.count
        if narrowSize.width < width * 0.35, narrowSize.height <= plotRoom, keepsEntries {
            var outside = try layout(canvas: canvas, metrics: metrics, spec: narrow, legendWidth: narrowSize.width, legendBelow: nil)
            outside.legendRect = Rect(
                x: outside.plot.maxX + 24 * metrics.scale, y: outside.plot.minY, width: narrowSize.width, height: narrowSize.height)
            return outside
        }
        // Below costs plot height; do it while the plot keeps most of it, or on a taller figure.
        if size.width <= fullWidth, size.height < height * 0.3 || canvas.growsForLegends {
            // subtle: a figure that may grow does, rather than squeeze its plot.
            let target = canvas.growsForLegends ? try canvas.blank(height: Int((height + size.height + 20 * metrics.scale).rounded(.up))) : canvas
            var below = try layout(canvas: target, metrics: metrics, spec: spec, legendWidth: nil, legendBelow: size.height)
            let x = min(max(metrics.padding, below.plot.midX - size.width / 2), width - metrics.padding - size.width)
            below.legendRect = Rect(x: x.rounded(), y: (Double(target.height) - metrics.padding - size.height).rounded(),
                                    width: size.width, height: size.height)
            return below
        }
        frame.legendRect = best ?? Rect(x: frame.plot.minX + margin, y: frame.plot.minY + margin, width: size.width, height: size.height)
        return frame
    }

    private static func layout(
        canvas: Canvas, metrics m: Metrics, spec: ChartSpec, legendWidth: Double?, legendBelow: Double?
    ) throws -> ChartFrame {
        let s = m.scale
        let width = Double(canvas.width)
        let height = Double(canvas.height)
        var top = m.padding + (try headerHeight(title: spec.title, subtitle: spec.subtitle, metrics: m, canvas: canvas))
        if let secondary = spec.top {
            top += m.tickLength + 8 * s + m.tickLabelSize * 1.05
            if !secondary.title.isEmpty { top += 12 * s + m.axisTitleSize * 1.15 }
        }
        top += 12 * s  // half a tick label sticks out above the top tick
        let belowAxis = legendBelow.map { $0 + 20 * s } ?? 0
        var bottom = m.padding + m.tickLength + 8 * s + m.tickLabelSize * 1.05 + belowAxis
        // Axis titles longer than their axis take two lines (about: the x axis is most of the width).
        let xTitle = spec.x.title.isEmpty ? [] : try wrapLines(spec.x.title, width: width - 2 * m.padding, size: m.axisTitleSize, canvas: canvas)
        if !xTitle.isEmpty { bottom += 14 * s + m.axisTitleSize * 1.15 * Double(xTitle.count) }
        let plotTop = top.rounded()
        let plotBottom = max(plotTop + 10, (height - bottom).rounded())
        let yTitle = spec.y.title.isEmpty ? [] : try wrapLines(spec.y.title, width: plotBottom - plotTop, size: m.axisTitleSize, canvas: canvas)

        let yDomain = domain(of: spec.y)
        let labelGap = m.tickLabelSize * 1.3
        let (yTicks, yMinor) = ticks(
            of: spec.y, domain: yDomain, length: plotBottom - plotTop, spacing: (spec.y.tickSpacing ?? 95) * s, labelGap: labelGap)
        var yLabelWidth = 0.0
        for tick in yTicks { yLabelWidth = max(yLabelWidth, try canvas.textWidth(tick.label, size: m.tickLabelSize)) }
        var left = m.padding + yLabelWidth + 10 * s + m.tickLength
        if !yTitle.isEmpty { left += m.axisTitleSize * 1.2 * Double(yTitle.count) + 12 * s }
        var right = m.padding + 14 * s + spec.reservedRight
        if let legendWidth { right += legendWidth + 24 * s }
        let plotLeft = left.rounded()
        let plotRight = max(plotLeft + 10, (width - right).rounded())

        let xDomain = domain(of: spec.x)
        var spacing = (spec.x.tickSpacing ?? 150) * s
        var (xTicks, xMinor) = ticks(of: spec.x, domain: xDomain, length: plotRight - plotLeft, spacing: spacing, labelGap: labelGap)
        let xScale = Scale(kind: spec.x.kind, lo: xDomain.lo, hi: xDomain.hi, start: plotLeft, end: plotRight)
        // Wide labels (SI-suffixed token counts, long categories) get fewer ticks until they fit.
        while spec.x.ticks == nil, xTicks.count > 2, try labelsOverlap(xTicks, scale: xScale, canvas: canvas, metrics: m) {
            spacing *= 1.4
            (xTicks, xMinor) = ticks(of: spec.x, domain: xDomain, length: plotRight - plotLeft, spacing: spacing, labelGap: labelGap)
        }
        var topTicks: [Tick] = []
        if let secondary = spec.top, spec.x.kind == .linear, secondary.factor > 0, secondary.factor.isFinite {
            var count = max(2, Int((plotRight - plotLeft) / (150 * s)))
            while true {
                // Token counts: whole, and never below zero.
                let values = Ticks.linear(
                    from: xDomain.lo * secondary.factor, to: xDomain.hi * secondary.factor, maxCount: count, minimumStep: 1
                ).filter { $0 >= 0 }
                topTicks = zip(values, Ticks.labels(for: values)).map { Tick(value: $0 / secondary.factor, label: $1) }
                count -= 1
                let overlap = try labelsOverlap(topTicks, scale: xScale, canvas: canvas, metrics: m)
                if !overlap || count < 2 || topTicks.count <= 2 { break }
            }
        }
        return ChartFrame(
            canvas: canvas, metrics: m, spec: spec,
            plot: Rect(minX: plotLeft, minY: plotTop, maxX: plotRight, maxY: plotBottom),
            x: xScale,
            y: Scale(kind: spec.y.kind, lo: yDomain.lo, hi: yDomain.hi, start: plotBottom, end: plotTop),
            xTicks: xTicks, yTicks: yTicks, xMinor: xMinor, yMinor: yMinor, topTicks: topTicks, belowAxis: belowAxis,
            xTitle: xTitle, yTitle: yTitle, legendRect: nil)
    }

    /// The height of the title and the subtitle (each on two lines when wider than the figure).
    static func headerHeight(title: String, subtitle: String, metrics m: Metrics, canvas: Canvas) throws -> Double {
        var h = 0.0
        if !title.isEmpty { h += m.titleSize * 1.1 * Double(try titleLines(title, metrics: m, canvas: canvas).count) }
        if !subtitle.isEmpty {
            let lines = try subtitleLines(subtitle, metrics: m, canvas: canvas)
            h += 10 * m.scale + m.subtitleSize * 1.1 * Double(lines.count)
        }
        if h > 0 { h += 22 * m.scale }
        return h
    }

    static func titleLines(_ title: String, metrics m: Metrics, canvas: Canvas) throws -> [String] {
        try wrapLines(title, width: Double(canvas.width) - 2 * m.padding, size: m.titleSize, weight: .bold, canvas: canvas)
    }

    static func subtitleLines(_ subtitle: String, metrics m: Metrics, canvas: Canvas) throws -> [String] {
        try wrapLines(subtitle, width: Double(canvas.width) - 2 * m.padding, size: m.subtitleSize, canvas: canvas)
    }

    private static func labelsOverlap(_ ticks: [Tick], scale: Scale, canvas: Canvas, metrics m: Metrics) throws -> Bool {
        var previousRight = -Double.infinity
        for tick in ticks {
            let w = try canvas.textWidth(tick.label, size: m.tickLabelSize)
            let center = scale.pixel(tick.value)
            if center - w / 2 < previousRight + 18 * m.scale { return true }
            previousRight = center + w / 2
        }
        return false
    }

    /// The range an axis shows: the data's extent plus padding, widened when it has no extent.
    static func domain(of axis: AxisSpec) -> (lo: Double, hi: Double) {
        if let d = axis.domain { return d }
        let values = axis.values.filter { $0.isFinite && (axis.kind == .linear || $0 > 0) }
        guard let lo = values.min(), let hi = values.max() else {
            return axis.kind == .log ? (1, 10) : (0, 1)
        }
        switch axis.kind {
        case .linear:
            if hi - lo <= max(abs(lo), abs(hi)) * 1e-12 {
                // subtle: all values equal; show half a unit of their magnitude on each side.
                let d = lo == 0 ? 1 : Ticks.decade(Int(log10(abs(lo)).rounded(.down))) / 2
                return (lo - d, hi + d)
            }
            let pad = (hi - lo) * axis.padding
            guard pad.isFinite, (lo - pad).isFinite, (hi + pad).isFinite else { return (lo, hi) }
            return (lo - pad, hi + pad)
        case .log:
            var a = log10(lo)
            var b = log10(hi)
            if b - a < 1e-9 {
                a -= 0.5
                b += 0.5
            } else {
                let pad = (b - a) * axis.padding
                a -= pad
                b += pad
            }
            return (pow(10, max(-300, a)), pow(10, min(300, b)))
        }
    }

    /// Major ticks (with labels) and minor tick values for an axis `length` pixels long.
    /// Explicit ticks (categories) are kept at least `labelGap` pixels apart: with more
    /// categories than that allows, every k-th is labelled, so the labels measured and drawn are
    /// bounded by the axis length, not by the data.
    static func ticks(
        of axis: AxisSpec, domain: (lo: Double, hi: Double), length: Double, spacing: Double, labelGap: Double
    ) -> ([Tick], [Double]) {
        let lo = min(domain.lo, domain.hi)
        let hi = max(domain.lo, domain.hi)
        if let explicit = axis.ticks {
            let tolerance = (hi - lo) * 1e-9
            let inside = explicit.filter { $0.value >= lo - tolerance && $0.value <= hi + tolerance }
            let room = max(1, Int(length / labelGap))
            guard inside.count > room else { return (inside, []) }
            let every = (inside.count + room - 1) / room
            return (Swift.stride(from: 0, to: inside.count, by: every).map { inside[$0] }, [])
        }
        let maxCount = max(2, Int(length / spacing))
        switch axis.kind {
        case .linear:
            var values = Ticks.linear(from: lo, to: hi, maxCount: maxCount, minimumStep: axis.counts ? 1 : 0)
            if axis.counts, axis.values.allSatisfy({ !($0 < 0) }) { values = values.filter { $0 >= 0 } }
            return (zip(values, Ticks.labels(for: values)).map { Tick(value: $0, label: $1) }, [])
        case .log:
            let values = Ticks.log(from: lo, to: hi, maxCount: maxCount)
            let oneTwoFive = values.allSatisfy { v in
                let m = v / Ticks.decade(Int(log10(v).rounded(.down)))
                return [1.0, 2.0, 5.0].contains { abs(m - $0) < 1e-9 }
            }
            let labels = oneTwoFive ? values.map(Ticks.logLabel) : Ticks.labels(for: values)
            let decadesShown = log10(hi) - log10(lo)
            // Minor ticks only while a decade is wide enough for them to be told apart.
            let minor = decadesShown > 0 && length / decadesShown >= 60
                ? Ticks.logMinor(from: lo, to: hi).filter { m in !values.contains { abs($0 - m) <= m * 1e-9 } } : []
            return (zip(values, labels).map { Tick(value: $0, label: $1) }, minor)
        }
    }

    /// The legend rectangle inside the plot covering the fewest data pixels, and how many.
    func bestInsideLegendRect(size: (width: Double, height: Double)) -> (Rect?, Int) {
        let margin = 14 * metrics.scale
        guard size.width + 2 * margin <= plot.width, size.height + 2 * margin <= plot.height else { return (nil, Int.max) }
        let left = plot.minX + margin
        let right = plot.maxX - margin - size.width
        let top = plot.minY + margin
        let bottom = plot.maxY - margin - size.height
        let centerX = plot.midX - size.width / 2
        // Preference order when several are free: corners first, the usual upper right first.
        let candidates = [(right, top), (left, top), (right, bottom), (left, bottom), (centerX, top), (centerX, bottom)]
            .map { Rect(x: $0.0, y: $0.1, width: size.width, height: size.height) }
        let pixels = occupiedPixels()
        var best: Rect?
        var bestCount = Int.max
        for rect in candidates {
            let grown = rect.insetBy(-8 * metrics.scale)
            let count = pixels.reduce(0) { $0 + (grown.contains($1) ? 1 : 0) }
            if count < bestCount {
                best = rect
                bestCount = count
            }
        }
        return (best, bestCount)
    }

    /// The data as pixels: every point, and points every few pixels along each line.
    func occupiedPixels() -> [Point] {
        var pixels: [Point] = []
        let step = 4 * metrics.scale
        for line in spec.occupied {
            let points = thinned(line.map { point($0.x, $0.y) })
            if points.count == 1, let p = points.first, p.isFinite { pixels.append(p) }
            for i in 0..<max(0, points.count - 1) {
                let a = points[i]
                let b = points[i + 1]
                guard a.isFinite, b.isFinite else { continue }
                let n = min(1000, Int(((b - a).length / step).rounded(.up)))
                for k in 0...max(0, n) { pixels.append(a + (b - a) * (Double(k) / Double(max(1, n)))) }
            }
        }
        return pixels
    }

    // MARK: - Drawing

    /// Grid lines at the major ticks, under the data.
    func drawGrid() {
        let w = metrics.gridWidth
        for tick in yTicks {
            let py = y.pixel(tick.value)
            guard py.isFinite else { continue }
            canvas.line(from: Point(plot.minX, py), to: Point(plot.maxX, py), width: w, color: Palette.grid)
        }
        for tick in xTicks {
            let px = x.pixel(tick.value)
            guard px.isFinite else { continue }
            canvas.line(from: Point(px, plot.minY), to: Point(px, plot.maxY), width: w, color: Palette.grid)
        }
    }

    /// Spines, ticks, tick labels, axis titles, the header and the empty-data note, over the data.
    func drawAxes() throws {
        let m = metrics
        let s = m.scale
        let w = m.spineWidth
        canvas.line(from: Point(plot.minX, plot.maxY), to: Point(plot.maxX, plot.maxY), width: w, color: Palette.spine)
        canvas.line(from: Point(plot.minX, plot.minY), to: Point(plot.minX, plot.maxY), width: w, color: Palette.spine)
        for tick in xTicks {
            let px = x.pixel(tick.value)
            guard px.isFinite else { continue }
            canvas.line(from: Point(px, plot.maxY), to: Point(px, plot.maxY + m.tickLength), width: w, color: Palette.spine)
            try canvas.drawText(
                tick.label, at: Point(px, plot.maxY + m.tickLength + 8 * s), size: m.tickLabelSize, color: Palette.ink,
                horizontal: .center, vertical: .top)
        }
        for value in xMinor {
            let px = x.pixel(value)
            guard px.isFinite else { continue }
            canvas.line(from: Point(px, plot.maxY), to: Point(px, plot.maxY + m.minorTickLength), width: w, color: Palette.spine)
        }
        for tick in yTicks {
            let py = y.pixel(tick.value)
            guard py.isFinite else { continue }
            canvas.line(from: Point(plot.minX - m.tickLength, py), to: Point(plot.minX, py), width: w, color: Palette.spine)
            try canvas.drawText(
                tick.label, at: Point(plot.minX - m.tickLength - 10 * s, py), size: m.tickLabelSize, color: Palette.ink,
                horizontal: .right, vertical: .middle)
        }
        for value in yMinor {
            let py = y.pixel(value)
            guard py.isFinite else { continue }
            canvas.line(from: Point(plot.minX - m.minorTickLength, py), to: Point(plot.minX, py), width: w, color: Palette.spine)
        }
        for (i, line) in xTitle.enumerated() {
            let fromBottom = Double(xTitle.count - 1 - i) * m.axisTitleSize * 1.15
            // Centred under the plot, but inside the figure when it is wider than the plot.
            let half = try canvas.textWidth(line, size: m.axisTitleSize) / 2
            let x = min(max(plot.midX, m.padding + half), Double(canvas.width) - m.padding - half)
            try canvas.drawText(
                line, at: Point(x, Double(canvas.height) - m.padding - belowAxis - fromBottom), size: m.axisTitleSize,
                color: Palette.ink, horizontal: .center, vertical: .bottom)
        }
        for (i, line) in yTitle.enumerated() {
            try canvas.drawText(
                line, at: Point(m.padding + m.axisTitleSize * (Canvas.ascent + 1.2 * Double(i)), plot.midY), size: m.axisTitleSize,
                color: Palette.ink, horizontal: .center, vertical: .baseline, rotated: true)
        }
        if let secondary = spec.top {
            canvas.line(from: Point(plot.minX, plot.minY), to: Point(plot.maxX, plot.minY), width: w, color: Palette.spine)
            for tick in topTicks {
                let px = x.pixel(tick.value)
                guard px.isFinite, px >= plot.minX - 0.5, px <= plot.maxX + 0.5 else { continue }
                canvas.line(from: Point(px, plot.minY - m.tickLength), to: Point(px, plot.minY), width: w, color: Palette.spine)
                try canvas.drawText(
                    tick.label, at: Point(px, plot.minY - m.tickLength - 8 * s), size: m.tickLabelSize, color: Palette.ink,
                    horizontal: .center, vertical: .baseline)
            }
            if !secondary.title.isEmpty {
                let baseline = plot.minY - m.tickLength - 8 * s - m.tickLabelSize * 1.05 - 12 * s
                try canvas.drawText(
                    secondary.title, at: Point(plot.midX, baseline), size: m.axisTitleSize, color: Palette.ink,
                    horizontal: .center, vertical: .baseline)
            }
        }
        if let message = spec.emptyMessage {
            try canvas.drawText(
                message, at: Point(plot.midX, plot.midY), size: m.axisTitleSize, color: Palette.secondaryInk,
                horizontal: .center, vertical: .middle)
        }
        try drawHeader(canvas: canvas, title: spec.title, subtitle: spec.subtitle, metrics: m)
    }

    /// The legend, if the chart has one, where `make` placed it.
    func drawLegend() throws {
        guard let legend = spec.legend, let rect = legendRect else { return }
        try legend.draw(on: canvas, in: rect, metrics: metrics)
    }
}

/// Title (bold) and subtitle (grey, on two lines when wider than the figure) at the top left of a figure.
func drawHeader(canvas: Canvas, title: String, subtitle: String, metrics m: Metrics) throws {
    var top = m.padding
    if !title.isEmpty {
        for line in try ChartFrame.titleLines(title, metrics: m, canvas: canvas) {
            try canvas.drawText(line, at: Point(m.padding, top), size: m.titleSize, color: Palette.ink, weight: .bold, vertical: .top)
            top += m.titleSize * 1.1
        }
        top += 10 * m.scale
    }
    if !subtitle.isEmpty {
        for line in try ChartFrame.subtitleLines(subtitle, metrics: m, canvas: canvas) {
            try canvas.drawText(line, at: Point(m.padding, top), size: m.subtitleSize, color: Palette.secondaryInk, vertical: .top)
            top += m.subtitleSize * 1.1
        }
    }
}

/// `text` on one line when it is at most `width` wide, else on two: broken before a
/// parenthesis, after a "·" or at a space, wherever the longer line is shortest. A text with no
/// place to break stays on one line.
func wrapLines(_ text: String, width: Double, size: Double, weight: FontWeight = .regular, canvas: Canvas) throws -> [String] {
    guard try canvas.textWidth(text, size: size, weight: weight) > width else { return [text] }
    let characters = Array(text)
    var best: (lines: [String], widest: Double, preferred: Bool)?
    for i in characters.indices where characters[i] == " " {
        let first = String(characters[..<i]).trimmingCharacters(in: .whitespaces)
        let second = String(characters[(i + 1)...]).trimmingCharacters(in: .whitespaces)
        guard !first.isEmpty, !second.isEmpty else { continue }
        let widest = max(try canvas.textWidth(first, size: size, weight: weight), try canvas.textWidth(second, size: size, weight: weight))
        // A break before "(" or after "·" reads best, when it fits.
        let preferred = second.hasPrefix("(") || first.hasSuffix("·")
        let better: Bool
        if let best {
            let fits = widest <= width
            let bestFits = best.widest <= width
            better = fits != bestFits ? fits : (fits && preferred != best.preferred ? preferred : widest < best.widest)
        } else {
            better = true
        }
        if better { best = ([first, second], widest, preferred) }
    }
    return best?.lines ?? [text]
}

extension ChartFrame {
    /// A cross where a diverged run's curve (in pixels) ends, pinned inside the plot, so a run that
    /// left the axis range still shows where it stopped.
    func markDivergedEnd(of points: [Point], color: Color) {
        guard let last = points.last else { return }
        let m = metrics
        let inside = Point(
            max(plot.minX, min(plot.maxX, last.x)),
            max(plot.minY + 10 * m.scale, min(plot.maxY, last.y.isFinite ? last.y : plot.minY)))
        canvas.drawMarker(.cross, at: inside, radius: m.markerRadius, color: color, clip: plot.insetBy(-20 * m.scale))
    }
}
