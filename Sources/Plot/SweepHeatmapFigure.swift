// Sweep figure 3: mean final validation loss for every pair of values of two swept axes, as a
// heatmap with a colour bar, the value written in each cell when it fits, and the lowest cell
// outlined. Seeds (and any other swept axes) are averaged within a cell. A setting drawn from a
// range (a random search) is cut into bins (of equal ratio when drawn log-uniformly), whose
// edges label the axis, instead of one row per drawn value.
// Leaves out interpolation between cells: only what was run is shown.
import Foundation

/// Mean final validation loss over two swept axes.
public struct SweepHeatmapFigure: Sendable {
    /// Bold title at the top left, usually the run or sweep name.
    public var title: String
    /// Grey line under the title (key hyperparameters, counts); may be empty.
    public var subtitle: String
    /// The runs to show; runs with equal swept values are seeds of one configuration.
    public var runs: [SweepRun]
    /// The swept axis along x (one column per value).
    public var columnAxis: String
    /// The swept axis along y (one row per value, smallest at the bottom).
    public var rowAxis: String
    /// Settings drawn from a range, which get bins instead of a row or column per value;
    /// settings not named have a few values.
    public var scales: [String: SettingScale]
    /// What the losses measure, for the colour bar's title: "nats per token" or "bits per character".
    public var unit: String
    /// Size, scale and fonts.
    public var style: FigureStyle

    /// A figure from its data; see the properties for what each input means.
    public init(
        title: String, subtitle: String = "", runs: [SweepRun], columnAxis: String, rowAxis: String,
        scales: [String: SettingScale] = [:], unit: String = "nats per token", style: FigureStyle = FigureStyle()
    ) {
        self.title = title
        self.subtitle = subtitle
        self.runs = runs
        self.columnAxis = columnAxis
        self.rowAxis = rowAxis
        self.scales = scales
        self.unit = unit
        self.style = style
    }

    /// One cell's content.
    enum Cell {
        case empty
        case diverged
        case value(Double)
    }

    /// The rows or columns of one axis: a category per value, or a bin per interval of a range.
    struct Categories {
        /// What each category is called: the value, or the bin's range ("0.032–0.1").
        var names: [AxisValue]
        /// Bins of a continuous setting; nil for one category per value.
        var bins: SettingBins?
        /// The category of a value.
        var index: (AxisValue) -> Int?
    }

    func categories(of axis: String, in runs: [SweepRun]) -> Categories {
        let values = distinctValues(of: axis, in: runs)
        let scale = scales[axis] ?? .discrete
        if scale.isContinuous, values.allSatisfy({ $0.number != nil }),
           let bins = SettingBins(values: values.compactMap(\.number), log: scale.isLog, count: SettingBins.count(forRuns: runs.count)) {
            return Categories(names: (0..<bins.count).map { .text(bins.label(ofBin: $0)) }, bins: bins,
                              index: { $0.number.flatMap(bins.index(of:)) })
        }
        var positions: [AxisValue: Int] = [:]
        for (i, value) in values.enumerated() { positions[value] = i }
        return Categories(names: values, bins: nil, index: { positions[$0] })
    }

    /// The cells, [row][column], and the row and column values (bins' ranges when binned).
    func cells() -> (cells: [[Cell]], rows: [AxisValue], columns: [AxisValue]) {
        let (cells, _, rows, columns) = binnedCells()
        return (cells, rows.names, columns.names)
    }

    /// The cells, [row][column], how many runs each holds, and the rows and columns.
    func binnedCells() -> (cells: [[Cell]], counts: [[Int]], rows: Categories, columns: Categories) {
        let usable = runs.filter { $0.values[rowAxis] != nil && $0.values[columnAxis] != nil }
        let rows = categories(of: rowAxis, in: usable)
        let columns = categories(of: columnAxis, in: usable)
        // One pass over the runs rather than one per cell: two axes of 1,000 values make a million cells.
        var byCell: [[Int]: [SweepRun]] = [:]
        for run in usable {
            if let r = run.values[rowAxis].flatMap(rows.index), let c = run.values[columnAxis].flatMap(columns.index) {
                byCell[[r, c], default: []].append(run)
            }
        }
        let cells: [[Cell]] = rows.names.indices.map { r in
            columns.names.indices.map { c in
                guard let inCell = byCell[[r, c]] else { return .empty }
                let finals = inCell.compactMap(\.trainedFinalLoss)
                if let stats = spread(finals) { return .value(stats.mean) }
                return inCell.contains(where: \.diverged) ? .diverged : .empty
            }
        }
        let counts = rows.names.indices.map { r in columns.names.indices.map { c in byCell[[r, c]]?.count ?? 0 } }
        return (cells, counts, rows, columns)
    }

    /// Draws the figure.
    public func render() throws -> Canvas {
        try draw().canvas
    }

    /// Draws the figure and returns the chart frame too, whose scales say where data went.
    func draw() throws -> (canvas: Canvas, frame: ChartFrame) {
        let names = axisNames(of: runs)
        for axis in [columnAxis, rowAxis] where !names.contains(axis) {
            throw PlotError.unknownAxis(name: axis, available: names)
        }
        var canvas = try style.makeCanvas()
        let m = style.metrics
        let s = m.scale
        let (cells, counts, rowCategories, columnCategories) = binnedCells()
        let (rows, columns) = (rowCategories.names, columnCategories.names)
        let values = cells.flatMap { $0 }.compactMap { cell -> Double? in
            if case .value(let v) = cell { return v }
            return nil
        }
        var lo = values.min() ?? 0
        var hi = values.max() ?? 1
        if hi - lo <= max(abs(lo), abs(hi)) * 1e-12 {
            let d = lo == 0 ? 1 : Ticks.decade(Int(log10(abs(lo)).rounded(.down))) / 2
            lo -= d
            hi += d
        }
        let barTicks = Ticks.linear(from: lo, to: hi, maxCount: 6)
        let barLabels = Ticks.labels(for: barTicks)
        var labelWidth = 0.0
        for label in barLabels { labelWidth = max(labelWidth, try canvas.textWidth(label, size: m.tickLabelSize)) }
        let barGap = 36 * s
        let barWidth = 30 * s

        let others = sweptAxes(of: runs).filter { $0 != rowAxis && $0 != columnAxis }
        let averaged = others.isEmpty ? "mean over seeds" : "mean over seeds and \(others.joined(separator: ", "))"
        let barTitle = "final validation loss (\(unit))"
        // The colour bar is about as tall as the plot: a longer title takes two lines.
        let barTitleSize = m.axisTitleSize * 0.9
        let barTitleLines = try wrapLines(barTitle, width: Double(canvas.height) * 0.6, size: barTitleSize, canvas: canvas)
        let reserved = barGap + barWidth + m.tickLength + 10 * s + labelWidth + 18 * s + barTitleSize * 1.25 * Double(barTitleLines.count)
        /// Ticks and title of an axis: its values under their cells, or a binned range's edges between them.
        func axis(_ name: String, _ categories: Categories) -> AxisSpec {
            let n = Double(max(1, categories.names.count))
            guard let bins = categories.bins else {
                return AxisSpec(title: name, ticks: categories.names.enumerated().map { Tick(value: Double($0.offset), label: $0.element.description) },
                                padding: 0, domain: (-0.5, n - 0.5))
            }
            let spacing = bins.log ? "of equal ratio" : "of equal width"
            return AxisSpec(title: "\(name) (\(bins.count) bins \(spacing))",
                            ticks: bins.edges.enumerated().map { Tick(value: Double($0.offset) - 0.5, label: SettingBins.label($0.element)) },
                            padding: 0, domain: (-0.5, n - 0.5))
        }
        let spec = ChartSpec(
            title: title, subtitle: [subtitle, averaged].filter { !$0.isEmpty }.joined(separator: " · "),
            x: axis(columnAxis, columnCategories),
            y: axis(rowAxis, rowCategories),
            emptyMessage: rows.isEmpty || columns.isEmpty ? "no runs with both \(columnAxis) and \(rowAxis)" : nil,
            reservedRight: reserved)
        let frame = try ChartFrame.make(canvas: canvas, metrics: m, spec: spec)
        // subtle: on paper the frame may have moved to a taller canvas to hold its legend.
        canvas = frame.canvas
        let colormap = Colormap.sequential
        let decimals = max(1, min(4, Ticks.decimalsFor(step: (hi - lo) / 100)))
        let best = values.min()
        let gap = max(1, (1.5 * s).rounded())
        for (r, row) in cells.enumerated() {
            for (c, cell) in row.enumerated() {
                let x0 = frame.x.pixel(Double(c) - 0.5).rounded()
                let x1 = frame.x.pixel(Double(c) + 0.5).rounded()
                let y0 = frame.y.pixel(Double(r) + 0.5).rounded()
                let y1 = frame.y.pixel(Double(r) - 0.5).rounded()
                let rect = Rect(minX: x0 + gap, minY: y0 + gap, maxX: x1 - gap, maxY: y1 - gap)
                let fill: Color
                let text: String
                switch cell {
                case .empty:
                    fill = Color(hex: 0xF2F2F2)
                    text = "–"
                case .diverged:
                    fill = Color(hex: 0xBDBDBD)
                    text = "diverged"
                case .value(let v):
                    fill = colormap.color(at: (v - lo) / (hi - lo))
                    text = Ticks.fixed(v, decimals: decimals)
                }
                // subtle: with hundreds of rows or columns the gaps leave nothing of a cell to fill or label.
                guard rect.width > 0, rect.height > 0 else { continue }
                let runsInCell = counts[r][c] == 1 ? "1 run" : "\(counts[r][c]) runs"
                canvas.beginGroup(title: "\(rowAxis) \(rows[r]), \(columnAxis) \(columns[c]): "
                                  + (text == "–" ? "no runs" : "\(text) (\(runsInCell))"))
                defer { canvas.endGroup() }
                canvas.fill(rect, color: fill)
                let ink = fill.luminance > 0.4 ? Palette.ink : Color.white
                var isBest = false
                if case .value(let v) = cell, v == best, values.count > 1 { isBest = true }
                if isBest {
                    let inner = rect.insetBy(5 * s)
                    let outline = [Point(inner.minX, inner.minY), Point(inner.maxX, inner.minY), Point(inner.maxX, inner.maxY), Point(inner.minX, inner.maxY)]
                    canvas.stroke(outline + [outline[0]], width: 3 * s, color: ink)
                }
                let size = m.annotationSize * 1.15
                let label = isBest ? text + " (lowest)" : text
                guard size * 1.8 <= rect.height, 24 * s < rect.width else { continue }
                let w = try canvas.textWidth(label, size: size, weight: isBest ? .bold : .regular)
                if w + 24 * s <= rect.width {
                    try canvas.drawText(
                        label, at: Point(rect.midX, rect.midY), size: size, color: ink, weight: isBest ? .bold : .regular,
                        horizontal: .center, vertical: .middle)
                }
            }
        }
        try frame.drawAxes()

        // The colour bar, as tall as the plot.
        if !values.isEmpty {
            let bar = Rect(x: (frame.plot.maxX + barGap).rounded(), y: frame.plot.minY, width: barWidth.rounded(), height: frame.plot.height)
            canvas.fillGradient(bar, vertical: true) { colormap.color(at: 1 - $0) }
            for (value, label) in zip(barTicks, barLabels) {
                let py = bar.maxY - (value - lo) / (hi - lo) * bar.height
                canvas.line(from: Point(bar.maxX, py), to: Point(bar.maxX + m.tickLength, py), width: m.spineWidth, color: Palette.spine)
                try canvas.drawText(
                    label, at: Point(bar.maxX + m.tickLength + 10 * s, py), size: m.tickLabelSize, color: Palette.ink, vertical: .middle)
            }
            for (i, line) in barTitleLines.enumerated() {
                let x = bar.maxX + m.tickLength + 10 * s + labelWidth + 18 * s + barTitleSize * (Canvas.ascent + 1.2 * Double(i))
                try canvas.drawText(line, at: Point(x, bar.midY), size: barTitleSize, color: Palette.ink,
                                    horizontal: .center, vertical: .baseline, rotated: true)
            }
        }
        return (canvas, frame)
    }
}
