// A legend box: a row per entry with a small drawing of the mark it explains, an optional bold
// title, and a white translucent background with a thin border; long labels wrap onto more
// lines, and a table legend lines up entries' cells under column titles (one configuration per
// row). A legend with more entries than rows fit ends in "… and N more" instead of running off
// the figure. Placement (a corner hiding no data, else outside) is the chart's job.
// Leaves out multi-column legends.
import Foundation

/// The small drawing beside a legend label.
enum Swatch {
    /// A line, solid or dashed.
    case line(Color, dash: [Double]?)
    /// A thin translucent line, for raw data drawn faintly.
    case faintLine(Color)
    /// A line with a marker on it.
    case lineAndMarker(Color, MarkerShape)
    /// A marker alone.
    case marker(Color, MarkerShape)
    /// A shaded band with its centre line.
    case band(Color)
    /// No drawing: a row of text only.
    case textOnly
}

struct LegendEntry {
    /// The text beside the swatch; "\n" breaks it into lines (see ``LegendSpec/wrapped(toWidth:on:metrics:)``).
    var label: String
    var swatch: Swatch
    /// A row of a table legend instead of a label: one text per column of ``LegendSpec/header``.
    var cells: [String]? = nil

    init(label: String, swatch: Swatch) {
        self.label = label
        self.swatch = swatch
    }

    /// A table row: `cells` under the legend's header columns.
    init(cells: [String], swatch: Swatch) {
        self.label = cells.joined(separator: " ")
        self.swatch = swatch
        self.cells = cells
    }

    var lines: [Substring] { label.split(separator: "\n", omittingEmptySubsequences: false) }
    var lineCount: Int { cells == nil ? lines.count : 1 }
}

struct LegendSpec {
    var title: String? = nil
    /// Column titles of a table legend, whose entries have `cells`; "\n" breaks a title into lines.
    var header: [String]? = nil
    var entries: [LegendEntry]
    /// Entries `fitted(toHeight:metrics:)` left out for lack of room (its last row says how many).
    var leftOut = 0

    private func rowHeight(_ m: Metrics) -> Double { m.legendSize * m.legendRowSpacing }
    private func inset(_ m: Metrics) -> Double { 14 * m.scale }
    private func swatchWidth(_ m: Metrics) -> Double { 46 * m.scale }
    private func gap(_ m: Metrics) -> Double { 12 * m.scale }
    private func cellGap(_ m: Metrics) -> Double { 18 * m.scale }
    private var headerLines: Int { header?.map { $0.split(separator: "\n").count }.max() ?? 0 }
    private var rowCount: Int { entries.reduce(0) { $0 + $1.lineCount } + headerLines + (title == nil ? 0 : 1) }

    /// This legend cut to the rows that fit in `height` pixels: when some entries do not fit,
    /// the last row that does says how many were left out. Decided before any label is measured,
    /// so a sweep with thousands of configurations costs no more than the rows shown.
    func fitted(toHeight height: Double, metrics m: Metrics) -> LegendSpec {
        // Box height: 2 insets + rows x row height - 0.2 row height (see size(on:metrics:)).
        // subtle: one pixel less, because size(on:metrics:) rounds the box height up.
        let rows = Int(((height - 1 - 2 * inset(m)) / rowHeight(m) + 0.2).rounded(.down))
        let entryRows = rows - (title == nil ? 0 : 1) - headerLines
        guard entries.reduce(0, { $0 + $1.lineCount }) > entryRows else { return self }
        // The entries whose lines fit with one row left for the note.
        var kept = 0
        var used = 0
        while kept < entries.count, used + entries[kept].lineCount <= entryRows - 1 {
            used += entries[kept].lineCount
            kept += 1
        }
        var fitted = self
        fitted.entries = Array(entries.prefix(kept))
        fitted.entries.append(LegendEntry(label: "… and \(entries.count - kept) more", swatch: .textOnly))
        fitted.leftOut = entries.count - kept
        return fitted
    }

    /// This legend no wider than `width` where it can be: labels broken into lines between
    /// words, and a table's column titles broken after an underscore. Every entry is measured,
    /// so cut the legend to the plot's height first.
    func wrapped(toWidth width: Double, on canvas: Canvas, metrics m: Metrics) throws -> LegendSpec {
        var out = self
        let labelWidth = width - 2 * inset(m) - swatchWidth(m) - gap(m)
        guard labelWidth > 0 else { return self }
        for i in out.entries.indices where out.entries[i].cells == nil {
            out.entries[i].label = try wrap(out.entries[i].label, width: labelWidth, canvas: canvas, size: m.legendSize)
        }
        if let header, try out.size(on: canvas, metrics: m).width > width {
            out.header = header.map(breakAfterUnderscore)
        }
        return out
    }

    /// `text` broken into lines at spaces so that each is at most `width` wide (a word longer
    /// than that stays on its own line).
    private func wrap(_ text: String, width: Double, canvas: Canvas, size: Double) throws -> String {
        guard try canvas.textWidth(text, size: size) > width else { return text }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if !line.isEmpty, try canvas.textWidth(candidate, size: size) > width {
                lines.append(line)
                line = String(word)
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// "learning_rate" as "learning_" over "rate": broken after the underscore nearest its middle.
    private func breakAfterUnderscore(_ title: String) -> String {
        let characters = Array(title)
        let candidates = characters.indices.filter { characters[$0] == "_" && $0 + 1 < characters.count }
        guard let cut = candidates.min(by: { abs($0 - characters.count / 2) < abs($1 - characters.count / 2) }) else { return title }
        return String(characters[...cut]) + "\n" + String(characters[(cut + 1)...])
    }

    /// Widths of a table legend's columns: the widest title line or cell of each.
    private func columnWidths(on canvas: Canvas, metrics m: Metrics) throws -> [Double] {
        guard let header else { return [] }
        var widths = try header.map { title in
            try title.split(separator: "\n").map { try canvas.textWidth(String($0), size: m.legendSize) }.max() ?? 0
        }
        for entry in entries {
            for (j, cell) in (entry.cells ?? []).enumerated() where j < widths.count {
                widths[j] = max(widths[j], try canvas.textWidth(cell, size: m.legendSize))
            }
        }
        return widths
    }

    /// The box size in pixels.
    func size(on canvas: Canvas, metrics m: Metrics) throws -> (width: Double, height: Double) {
        var labelWidth = 0.0
        for entry in entries where entry.cells == nil {
            for line in entry.lines { labelWidth = max(labelWidth, try canvas.textWidth(String(line), size: m.legendSize)) }
        }
        let columns = try columnWidths(on: canvas, metrics: m)
        if !columns.isEmpty {
            labelWidth = max(labelWidth, columns.reduce(0, +) + Double(columns.count - 1) * cellGap(m))
        }
        var width = 2 * inset(m) + swatchWidth(m) + gap(m) + labelWidth
        if let title { width = max(width, 2 * inset(m) + (try canvas.textWidth(title, size: m.legendSize, weight: .bold))) }
        return (width.rounded(.up), (2 * inset(m) + Double(rowCount) * rowHeight(m) - 0.2 * rowHeight(m)).rounded(.up))
    }

    func draw(on canvas: Canvas, in rect: Rect, metrics m: Metrics) throws {
        let s = m.scale
        let outline = roundedRectPolygon(rect, radius: 6 * s)
        canvas.fill([outline], color: Color.white.withAlpha(0.92))
        canvas.stroke(outline + [outline[0]], width: 1.2 * s, color: Palette.legendBorder)
        var row = 0
        func center(_ row: Int) -> Double { rect.minY + inset(m) + (Double(row) + 0.4) * rowHeight(m) }
        if let title {
            try canvas.drawText(
                title, at: Point(rect.minX + inset(m), center(row)), size: m.legendSize, color: Palette.ink,
                weight: .bold, vertical: .middle)
            row += 1
        }
        let x0 = rect.minX + inset(m)
        let x1 = x0 + swatchWidth(m)
        // A table's columns, right-aligned: where each column ends.
        let columns = try columnWidths(on: canvas, metrics: m)
        var columnEnds: [Double] = []
        var x = x1 + gap(m)
        for width in columns {
            x += width
            columnEnds.append(x)
            x += cellGap(m)
        }
        if let header {
            let lines = headerLines
            for (j, title) in header.enumerated() where j < columnEnds.count {
                // Titles sit on the bottom lines of the header, right above their column.
                let parts = title.split(separator: "\n")
                for (k, part) in parts.enumerated() {
                    try canvas.drawText(
                        String(part), at: Point(columnEnds[j], center(row + lines - parts.count + k)), size: m.legendSize,
                        color: Palette.secondaryInk, horizontal: .right, vertical: .middle)
                }
            }
            row += lines
        }
        for entry in entries {
            let cy = center(row)
            drawSwatch(entry.swatch, on: canvas, from: x0, to: x1, y: cy, metrics: m)
            if let cells = entry.cells {
                for (j, cell) in cells.enumerated() where j < columnEnds.count {
                    try canvas.drawText(cell, at: Point(columnEnds[j], cy), size: m.legendSize, color: Palette.ink,
                                        horizontal: .right, vertical: .middle)
                }
                row += 1
                continue
            }
            for line in entry.lines {
                try canvas.drawText(
                    String(line), at: Point(x1 + gap(m), center(row)), size: m.legendSize, color: Palette.ink, vertical: .middle)
                row += 1
            }
        }
    }

    private func drawSwatch(_ swatch: Swatch, on canvas: Canvas, from x0: Double, to x1: Double, y: Double, metrics m: Metrics) {
        let mid = Point((x0 + x1) / 2, y)
        switch swatch {
        case .line(let color, let dash):
            canvas.stroke([Point(x0, y), Point(x1, y)], width: m.lineWidth, color: color, dash: dash)
        case .faintLine(let color):
            canvas.stroke([Point(x0, y), Point(x1, y)], width: m.thinLineWidth, color: color)
        case .lineAndMarker(let color, let shape):
            canvas.stroke([Point(x0, y), Point(x1, y)], width: m.lineWidth, color: color)
            canvas.drawMarker(shape, at: mid, radius: m.markerRadius, color: color, edgeWidth: 1.5 * m.scale)
        case .marker(let color, let shape):
            canvas.drawMarker(shape, at: mid, radius: m.markerRadius, color: color, edgeWidth: 1.5 * m.scale)
        case .band(let color):
            let h = m.legendSize * 0.75
            canvas.fill(Rect(x: x0, y: y - h / 2, width: x1 - x0, height: h), color: color.withAlpha(0.22))
            canvas.stroke([Point(x0, y), Point(x1, y)], width: m.lineWidth, color: color)
        case .textOnly:
            break
        }
    }
}
