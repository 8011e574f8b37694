// A legend box: a row per entry with a small drawing of the mark it explains, an optional bold
// title, and a white translucent background with a thin border. A legend with more entries than
// rows fit ends in "… and N more" instead of running off the figure. Placement (the corner
// hiding no data, else outside) is the chart's job. Leaves out multi-column legends.
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
    var label: String
    var swatch: Swatch
}

struct LegendSpec {
    var title: String? = nil
    var entries: [LegendEntry]

    private func rowHeight(_ m: Metrics) -> Double { m.legendSize * 1.6 }
    private func inset(_ m: Metrics) -> Double { 14 * m.scale }
    private func swatchWidth(_ m: Metrics) -> Double { 46 * m.scale }
    private func gap(_ m: Metrics) -> Double { 12 * m.scale }
    private var rowCount: Int { entries.count + (title == nil ? 0 : 1) }

    /// This legend cut to the rows that fit in `height` pixels: when some entries do not fit,
    /// the last row that does says how many were left out. Decided before any label is measured,
    /// so a sweep with thousands of configurations costs no more than the rows shown.
    func fitted(toHeight height: Double, metrics m: Metrics) -> LegendSpec {
        // Box height: 2 insets + rows x row height - 0.2 row height (see size(on:metrics:)).
        // subtle: one pixel less, because size(on:metrics:) rounds the box height up.
        let rows = Int(((height - 1 - 2 * inset(m)) / rowHeight(m) + 0.2).rounded(.down))
        let entryRows = rows - (title == nil ? 0 : 1)
        guard entries.count > entryRows else { return self }
        let kept = max(0, entryRows - 1)
        var fitted = self
        fitted.entries = Array(entries.prefix(kept))
        fitted.entries.append(LegendEntry(label: "… and \(entries.count - kept) more", swatch: .textOnly))
        return fitted
    }

    /// The box size in pixels.
    func size(on canvas: Canvas, metrics m: Metrics) throws -> (width: Double, height: Double) {
        var labelWidth = 0.0
        for entry in entries { labelWidth = max(labelWidth, try canvas.textWidth(entry.label, size: m.legendSize)) }
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
        for entry in entries {
            let cy = center(row)
            let x0 = rect.minX + inset(m)
            let x1 = x0 + swatchWidth(m)
            drawSwatch(entry.swatch, on: canvas, from: x0, to: x1, y: cy, metrics: m)
            try canvas.drawText(
                entry.label, at: Point(x1 + gap(m), cy), size: m.legendSize, color: Palette.ink, vertical: .middle)
            row += 1
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
