// Sweep figure: parallel coordinates. One vertical axis per swept setting and a last one for the
// final validation loss; every run is a line through its values, coloured by its loss on the
// sequential colormap (dark is low), drawn worst first so the best runs end on top. Settings
// with a few values are evenly spaced categories, the runs through each spread over part of it
// by loss (best highest); settings drawn from a range are numeric axes, logarithmic where the
// draw was. Diverged runs are grey dashed lines ending above the loss axis.
// Leaves out brushing and reordering axes, which need a script; the SVG names each run on hover.
import Foundation

/// Every run of a sweep as a line across its swept settings and its final loss.
public struct ParallelCoordinatesFigure: Sendable {
    /// Bold title at the top left, usually the sweep name.
    public var title: String
    /// Grey line under the title; may be empty.
    public var subtitle: String
    /// The runs; each with a final loss (or diverged) is one line.
    public var runs: [SweepRun]
    /// The settings, in order from left to right; nil for the swept axes by name.
    public var axes: [String]?
    /// Settings drawn from a range, which get numeric axes (log where asked); others are categories.
    public var scales: [String: SettingScale]
    /// What the losses measure, for the last axis' title: "nats per token" or "bits per character".
    public var unit: String
    /// Size, scale and fonts.
    public var style: FigureStyle

    /// A figure from its data; see the properties for what each input means.
    public init(
        title: String, subtitle: String = "", runs: [SweepRun], axes: [String]? = nil, scales: [String: SettingScale] = [:],
        unit: String = "nats per token", style: FigureStyle = FigureStyle()
    ) {
        self.title = title
        self.subtitle = subtitle
        self.runs = runs
        self.axes = axes
        self.scales = scales
        self.unit = unit
        self.style = style
    }

    /// One vertical axis: where a value goes (0 at the bottom, 1 at the top) and its labels.
    struct Axis {
        var name: String
        var x: Double = 0
        /// The position of a value from 0 (bottom) to 1 (top); nil when it has none.
        var position: (AxisValue) -> Double?
        var ticks: [(position: Double, label: String)]
        /// The height of one category (0 on a numeric axis): runs of a category are spread
        /// over part of it by their loss, so lines through one value do not all coincide.
        var band: Double = 0
    }

    /// Draws the figure.
    public func render() throws -> Canvas {
        try draw().canvas
    }

    /// Draws the figure; also returns the axes' x positions and the plot's top and bottom.
    func draw() throws -> (canvas: Canvas, axes: [Axis], top: Double, bottom: Double) {
        let names = axes ?? sweptAxes(of: runs)
        let known = axisNames(of: runs)
        for name in names where !known.contains(name) { throw PlotError.unknownAxis(name: name, available: known) }
        let canvas = try style.makeCanvas()
        let m = style.metrics
        let s = m.scale
        let finals: (SweepRun) -> Double? = \.trainedFinalLoss
        let trained = runs.filter { finals($0) != nil }
        let diverged = runs.filter(\.diverged)
        let header = try ChartFrame.headerHeight(title: title, subtitle: subtitle, metrics: m, canvas: canvas)

        // Vertical extent: names of the axes below (their lines, see nameLayout), tick labels half out at the ends.
        let lossName = "final validation loss (\(unit))"
        let names0 = try nameLayout(names + [lossName], spacing: (Double(canvas.width) - 2 * m.padding) / Double(max(1, names.count)),
                                    canvas: canvas, metrics: m)
        let nameRows = Double(names0.rows)
        let top = (m.padding + header + m.tickLabelSize * 1.8).rounded()
        let bottom = (Double(canvas.height) - m.padding - nameRows * m.axisTitleSize * 1.2 - 16 * s).rounded()
        let length = max(10, bottom - top)

        var columns = try names.map { try axis($0, runs: trained + diverged, length: length, canvas: canvas, metrics: m) }
        let losses = trained.compactMap(finals)
        // A few runs far above the rest would turn every other line the same colour: the axis
        // stops at the cutoff and their lines end at its top.
        let cutoff = outlierCutoff(losses)
        var lossAxis = AxisSpec(title: "", values: losses.filter { $0 <= (cutoff ?? .infinity) }, padding: 0.04)
        if losses.isEmpty { lossAxis.domain = (0, 1) }
        let lossDomain = ChartFrame.domain(of: lossAxis)
        let lossTicks = ChartFrame.ticks(of: lossAxis, domain: lossDomain, length: length, spacing: 95 * s, labelGap: m.tickLabelSize * 1.3).0
        let lossPosition = { (v: Double) in min(1, (v - lossDomain.lo) / (lossDomain.hi - lossDomain.lo)) }
        columns.append(Axis(name: lossName, position: { $0.number.map(lossPosition) },
                            ticks: zip(lossTicks, Ticks.labels(for: lossTicks.map(\.value))).map { (lossPosition($0.value), $1) }))

        // Horizontal: the first axis leaves room for its labels on the left, the loss axis for its labels on the right.
        var leftLabels = 0.0
        for tick in columns.first?.ticks ?? [] { leftLabels = max(leftLabels, try canvas.textWidth(tick.label, size: m.tickLabelSize)) }
        var rightLabels = diverged.isEmpty ? 0 : try canvas.textWidth("diverged", size: m.annotationSize)
        for tick in columns.last?.ticks ?? [] { rightLabels = max(rightLabels, try canvas.textWidth(tick.label, size: m.tickLabelSize)) }
        let bestLabel = losses.min().map { "best \(lossText($0))" }
        if let bestLabel { rightLabels = max(rightLabels, try canvas.textWidth(bestLabel, size: m.annotationSize, weight: .bold)) }
        let left = m.padding + leftLabels + 14 * s
        let right = Double(canvas.width) - m.padding - rightLabels - 24 * s
        let spacing = columns.count > 1 ? (right - left) / Double(columns.count - 1) : 0
        for i in columns.indices { columns[i].x = (columns.count > 1 ? left + Double(i) * spacing : (left + right) / 2).rounded() }
        func y(_ position: Double) -> Double { bottom - position * length }

        // Grid: the axes themselves, under the lines.
        for column in columns.dropLast() {
            canvas.line(from: Point(column.x, top), to: Point(column.x, bottom), width: m.spineWidth, color: Palette.spine)
        }
        // Each run's place among the runs by loss, 0 for the best, 1 for the worst (diverged last).
        var rank: [String: Double] = [:]
        let byLoss = trained.sorted { (finals($0) ?? 0, $0.id) < (finals($1) ?? 0, $1.id) } + diverged
        for (i, run) in byLoss.enumerated() { rank[run.id] = byLoss.count > 1 ? Double(i) / Double(byLoss.count - 1) : 0.5 }
        /// A run's point on a setting's axis, spread within its category by rank.
        func point(_ run: SweepRun, on column: Axis) -> Point? {
            guard let p = run.values[column.name].flatMap(column.position) else { return nil }
            return Point(column.x, y(p + column.band * 0.6 * (0.5 - (rank[run.id] ?? 0.5))))
        }
        let colormap = Colormap.sequential
        let clip = Rect(minX: 0, minY: top - 30 * s, maxX: Double(canvas.width), maxY: bottom + 2 * s)
        // Diverged runs: grey and dashed, ending above the loss axis.
        let divergedY = top - 16 * s
        for run in diverged {
            let points = columns.dropLast().compactMap { point(run, on: $0) }
            guard points.count == columns.count - 1, let last = columns.last else { continue }
            canvas.beginGroup(title: hoverTitle(run.values, axes: names, runs: [run], loss: nil, unit: unit))
            canvas.stroke(points + [Point(last.x, divergedY)], width: m.thinLineWidth, color: Palette.secondaryInk.withAlpha(0.5),
                          dash: [6 * s, 5 * s], clip: clip)
            canvas.endGroup()
        }
        // Worst first, so the best runs are drawn last, on top; the best one bold.
        let ordered = trained.sorted { (finals($0) ?? 0) > (finals($1) ?? 0) }
        for (i, run) in ordered.enumerated() {
            guard let loss = finals(run) else { continue }
            let points = columns.dropLast().compactMap { point(run, on: $0) } + (columns.last.map { [Point($0.x, y(lossPosition(loss)))] } ?? [])
            guard points.count == columns.count else { continue }
            let isBest = i == ordered.count - 1
            // subtle: the pale end of the colormap is hard to see on white; lines stop at 85% of it.
            let color = colormap.color(at: 0.85 * max(0, min(1, lossPosition(loss))))
            canvas.beginGroup(title: hoverTitle(run.values, axes: names, runs: [run], loss: loss, unit: unit))
            if isBest {
                canvas.stroke(points, width: m.lineWidth * 1.9, color: .white, clip: clip)
                canvas.stroke(points, width: m.lineWidth * 1.1, color: color, clip: clip)
            } else {
                // Few runs get lines as strong as a line chart's; many are thinner and let the others through.
                let few = ordered.count <= 50
                canvas.stroke(points, width: few ? m.lineWidth * 0.7 : m.thinLineWidth,
                              color: color.withAlpha(few ? 0.9 : ordered.count > 200 ? 0.45 : 0.7), clip: clip)
            }
            canvas.endGroup()
        }
        // The loss axis is its own colour bar.
        if let last = columns.last {
            let bar = Rect(x: last.x - 5 * s, y: top, width: 10 * s, height: length)
            canvas.fillGradient(bar, vertical: true) { colormap.color(at: 0.85 * max(0, min(1, lossPosition(lossDomain.hi - $0 * (lossDomain.hi - lossDomain.lo))))) }
            if !diverged.isEmpty {
                try canvas.drawText("diverged", at: Point(last.x + 10 * s, divergedY), size: m.annotationSize, color: Palette.secondaryInk,
                                    vertical: .middle)
            }
            if let best = ordered.last, let loss = finals(best), let bestLabel {
                try canvas.drawText(bestLabel, at: Point(last.x + 12 * s, y(lossPosition(loss))),
                                    size: m.annotationSize, color: Palette.ink, weight: .bold, vertical: .middle)
            }
        }
        // Tick labels over the lines, on a white ground so they stay readable.
        for (i, column) in columns.enumerated() {
            let isLoss = i == columns.count - 1
            let bestY = losses.min().map { y(lossPosition($0)) }
            for tick in column.ticks {
                let py = y(tick.position)
                // subtle: the loss axis' tick labels give way to the best run's label beside them.
                if isLoss, let bestY, abs(py - bestY) < m.tickLabelSize * 1.2 { continue }
                let w = try canvas.textWidth(tick.label, size: m.tickLabelSize)
                let x = isLoss ? column.x + 12 * s : column.x - 8 * s - w
                if !isLoss {
                    canvas.line(from: Point(column.x - m.tickLength / 2, py), to: Point(column.x + m.tickLength / 2, py), width: m.spineWidth, color: Palette.spine)
                }
                let ground = Rect(x: x - 3 * s, y: py - m.tickLabelSize * 0.6, width: w + 6 * s, height: m.tickLabelSize * 1.2)
                canvas.fill([roundedRectPolygon(ground, radius: 3 * s)], color: Color.white.withAlpha(0.8))
                try canvas.drawText(tick.label, at: Point(x, py), size: m.tickLabelSize, color: Palette.ink, vertical: .middle)
            }
        }
        // Names under the axes, centred under their axis but kept inside the figure.
        let layout = try nameLayout(columns.map(\.name), spacing: spacing, canvas: canvas, metrics: m)
        for (i, column) in columns.enumerated() {
            let weight: FontWeight = i == columns.count - 1 ? .bold : .regular
            for (k, line) in layout.lines[i].enumerated() {
                let w = try canvas.textWidth(line, size: layout.size, weight: weight)
                let x = min(max(m.padding, column.x - w / 2), Double(canvas.width) - m.padding - w)
                let row = Double(layout.firstRow[i] + k)
                try canvas.drawText(line, at: Point(x, bottom + 16 * s + m.axisTitleSize * (0.95 + 1.15 * row)),
                                    size: layout.size, color: Palette.ink, weight: weight)
            }
        }
        if trained.isEmpty && diverged.isEmpty {
            try canvas.drawText("no finished runs to show", at: Point(Double(canvas.width) / 2, (top + bottom) / 2), size: m.axisTitleSize,
                                color: Palette.secondaryInk, horizontal: .center, vertical: .middle)
        }
        try drawHeader(canvas: canvas, title: title, subtitle: subtitle, metrics: m)
        return (canvas, columns, top, bottom)
    }

    /// A setting's axis: evenly spaced categories for a few values (text included), a numeric
    /// scale (log where the setting's scale says, or its values span decades) for a range.
    private func axis(_ name: String, runs: [SweepRun], length: Double, canvas: Canvas, metrics m: Metrics) throws -> Axis {
        let values = distinctValues(of: name, in: runs)
        let numbers = values.compactMap(\.number)
        let scale = scales[name] ?? .discrete
        if scale.isContinuous, numbers.count == values.count, numbers.count >= 2 {
            let log = scale.isLog && numbers.allSatisfy { $0 > 0 }
            let spec = AxisSpec(title: name, kind: log ? .log : .linear, values: numbers, padding: 0.04)
            let domain = ChartFrame.domain(of: spec)
            let scaleMap = Scale(kind: spec.kind, lo: domain.lo, hi: domain.hi, start: 0, end: 1)
            let (ticks, _) = ChartFrame.ticks(of: spec, domain: domain, length: length, spacing: 60 * m.scale, labelGap: m.tickLabelSize * 1.3)
            return Axis(name: name, position: { $0.number.map(scaleMap.pixel).flatMap { $0.isFinite ? $0 : nil } },
                        ticks: ticks.map { (scaleMap.pixel($0.value), $0.label) })
        }
        // Categories from the bottom up, with a margin of half a step at each end.
        var index: [AxisValue: Int] = [:]
        for (i, value) in values.enumerated() { index[value] = i }
        let n = Double(max(1, values.count))
        let position = { (i: Int) in (Double(i) + 0.5) / n }
        let room = max(1, Int(length / (m.tickLabelSize * 1.3)))
        let every = max(1, (values.count + room - 1) / room)
        let ticks = Swift.stride(from: 0, to: values.count, by: every).map { (position($0), values[$0].description) }
        return Axis(name: name, position: { index[$0].map(position) }, ticks: ticks, band: 1 / n)
    }

    /// Where the axes' names go: each in lines no wider than the space between axes, on one
    /// band of rows; when some need more than one line there, every other name moves to a second
    /// band below, which gives each twice the room. The loss axis' name (the last) also has the
    /// margin right of its axis.
    private func nameLayout(_ names: [String], spacing: Double, canvas: Canvas, metrics m: Metrics) throws
        -> (lines: [[String]], firstRow: [Int], rows: Int, size: Double)
    {
        let size = m.axisTitleSize * 0.9
        func lines(room: Double) throws -> [[String]] {
            try names.enumerated().map { i, name in
                let isLoss = i == names.count - 1
                let width = names.count > 1 ? room + (isLoss ? m.tickLabelSize * 2.5 : 0) : Double(canvas.width)
                return try nameLines(name, width: width, canvas: canvas, size: size, weight: isLoss ? .bold : .regular)
            }
        }
        let single = try lines(room: spacing - 16 * m.scale)
        if single.dropLast().allSatisfy({ $0.count == 1 }) || names.count <= 2 {
            return (single, names.map { _ in 0 }, single.map(\.count).max() ?? 1, size)
        }
        let staggered = try lines(room: 2 * spacing - 16 * m.scale)
        let firstBand = staggered.enumerated().filter { $0.offset % 2 == 0 }.map(\.element.count).max() ?? 1
        let secondBand = staggered.enumerated().filter { $0.offset % 2 == 1 }.map(\.element.count).max() ?? 0
        return (staggered, names.indices.map { $0 % 2 == 0 ? 0 : firstBand }, firstBand + secondBand, size)
    }

    /// An axis name in lines no wider than `width` where it can be: broken at spaces and after
    /// underscores ("learning_" over "rate"), greedily.
    private func nameLines(_ name: String, width: Double, canvas: Canvas, size: Double, weight: FontWeight) throws -> [String] {
        guard try canvas.textWidth(name, size: size, weight: weight) > width else { return [name] }
        // Pieces that end where a line may break: after a space or an underscore.
        var pieces: [String] = []
        var piece = ""
        for character in name {
            piece.append(character)
            if character == " " || character == "_" {
                pieces.append(piece)
                piece = ""
            }
        }
        if !piece.isEmpty { pieces.append(piece) }
        var lines: [String] = []
        var line = ""
        for piece in pieces {
            let candidate = line + piece
            if !line.isEmpty, try canvas.textWidth(candidate.trimmingCharacters(in: .whitespaces), size: size, weight: weight) > width {
                lines.append(line.trimmingCharacters(in: .whitespaces))
                line = piece
            } else {
                line = candidate
            }
        }
        lines.append(line.trimmingCharacters(in: .whitespaces))
        return lines
    }
}
