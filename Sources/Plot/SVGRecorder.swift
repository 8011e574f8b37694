// The SVG twin of a canvas: each drawing primitive (filled polygons and rectangles, stroked
// polylines, discs, gradients, text runs) is also written as an SVG element with the same
// geometry, colours and clipping, so the SVG shows what the PNG shows, as editable vectors and
// text (DejaVu Sans, named). Leaves out the raster side (Canvas) and any layout of its own.
import Foundation

/// SVG elements recorded while a canvas draws; ``document(width:height:dotsPerInch:idPrefix:)``
/// wraps them into a file.
final class SVGRecorder {
    /// The elements so far. Ids of clip paths and gradients are written as `<>c3`: "<>" never
    /// occurs elsewhere (text is escaped), so the prefix chosen when the file is written replaces it.
    private var body = ""
    private var definitions = ""
    private var clipIDs: [Rect: Int] = [:]
    private var gradientCount = 0
    /// Groups opened and not yet closed.
    private var openGroups = 0

    /// The font family every text element names.
    static let fontFamily = "DejaVu Sans"

    init() {
        body.reserveCapacity(1 << 16)
    }

    // MARK: - Shapes

    /// Filled polygons as one path (nonzero winding: overlapping parts are filled once, as the
    /// rasteriser clamps coverage).
    func fill(_ polygons: [[Point]], color: Color, clip: Rect?) {
        var d = ""
        for polygon in polygons where polygon.count >= 3 {
            d += "M" + points(polygon) + "Z"
        }
        guard !d.isEmpty else { return }
        body += "<path d=\"\(d)\"\(paint("fill", color))\(clipAttribute(clip))/>\n"
    }

    /// A filled rectangle.
    func fill(_ rect: Rect, color: Color, clip: Rect?) {
        guard rect.width > 0, rect.height > 0 else { return }
        body += "<rect x=\"\(num(rect.minX))\" y=\"\(num(rect.minY))\" width=\"\(num(rect.width))\" height=\"\(num(rect.height))\""
            + "\(paint("fill", color))\(clipAttribute(clip))/>\n"
    }

    /// Polylines stroked with round joins and caps, optionally dashed, as one path: a
    /// translucent stroke does not darken where it overlaps itself, as on the raster side.
    func stroke(_ runs: [[Point]], width: Double, color: Color, dash: [Double]?, clip: Rect?) {
        var d = ""
        for run in runs where !run.isEmpty {
            // subtle: a run of one point is a round dot, as the raster draws it: a zero-length segment with round caps.
            d += "M" + points(run.count == 1 ? [run[0], run[0]] : run)
        }
        guard !d.isEmpty else { return }
        var attributes = " fill=\"none\"" + paint("stroke", color) + " stroke-width=\"\(num(width))\" stroke-linecap=\"round\" stroke-linejoin=\"round\""
        if let dash, !dash.isEmpty { attributes += " stroke-dasharray=\"\(dash.map { num($0) }.joined(separator: " "))\"" }
        body += "<path d=\"\(d)\"\(attributes)\(clipAttribute(clip))/>\n"
    }

    /// A filled disc.
    func circle(center: Point, radius: Double, color: Color, clip: Rect?) {
        guard center.isFinite, radius > 0 else { return }
        body += "<circle cx=\"\(num(center.x))\" cy=\"\(num(center.y))\" r=\"\(num(radius))\"\(paint("fill", color))\(clipAttribute(clip))/>\n"
    }

    /// A rectangle filled with colours along it: `stops` from the top (or left) edge to the
    /// bottom (or right) one, evenly spaced.
    func gradient(_ rect: Rect, stops: [Color], vertical: Bool) {
        guard rect.width > 0, rect.height > 0, !stops.isEmpty else { return }
        let id = "<>g\(gradientCount)"
        gradientCount += 1
        let end = vertical ? "x2=\"0\" y2=\"1\"" : "x2=\"1\" y2=\"0\""
        definitions += "<linearGradient id=\"\(id)\" x1=\"0\" y1=\"0\" \(end)>"
        for (i, color) in stops.enumerated() {
            let offset = stops.count == 1 ? 0 : Double(i) / Double(stops.count - 1)
            definitions += "<stop offset=\"\(num(offset * 100))%\" stop-color=\"\(hex(color))\"/>"
        }
        definitions += "</linearGradient>\n"
        body += "<rect x=\"\(num(rect.minX))\" y=\"\(num(rect.minY))\" width=\"\(num(rect.width))\" height=\"\(num(rect.height))\" fill=\"url(#\(id))\"/>\n"
    }

    // MARK: - Text

    /// A run of text whose anchor (`horizontal` of its advance) sits at `x` on the baseline `y`;
    /// `rotated` turns it to read upwards about that point.
    func text(_ text: String, x: Double, y: Double, size: Double, color: Color, bold: Bool,
              horizontal: HorizontalAlignment, rotated: Bool, reordered: Bool) {
        var attributes = "x=\"\(num(x))\" y=\"\(num(y))\" font-size=\"\(num(size))\""
        if bold { attributes += " font-weight=\"bold\"" }
        attributes += paint("fill", color)
        switch horizontal {
        case .left: break
        case .center: attributes += " text-anchor=\"middle\""
        case .right: attributes += " text-anchor=\"end\""
        }
        if rotated { attributes += " transform=\"rotate(-90 \(num(x)) \(num(y)))\"" }
        // subtle: right-to-left runs arrive in display order, as the raster draws them; the
        // renderer must not reorder them again.
        if reordered { attributes += " direction=\"ltr\" unicode-bidi=\"bidi-override\"" }
        if text.hasPrefix(" ") || text.hasSuffix(" ") || text.contains("  ") { attributes += " style=\"white-space:pre\"" }
        body += "<text \(attributes)>\(SVGRecorder.escaped(text))</text>\n"
    }

    // MARK: - Groups

    /// Starts a group of elements that a browser names with `title` when the pointer rests on them.
    func beginGroup(title: String) {
        body += "<g><title>\(SVGRecorder.escaped(title))</title>\n"
        openGroups += 1
    }

    /// Ends the innermost group.
    func endGroup() {
        guard openGroups > 0 else { return }
        body += "</g>\n"
        openGroups -= 1
    }

    // MARK: - The file

    /// The SVG file: `width` x `height` user units (pixels), sized in inches when the figure has
    /// a resolution, with ids starting with `idPrefix` (so several figures can share a page).
    func document(width: Int, height: Int, dotsPerInch: Double?, idPrefix: String) -> String {
        let size: String
        if let dpi = dotsPerInch, dpi > 0 {
            size = "width=\"\(inches(Double(width) / dpi))in\" height=\"\(inches(Double(height) / dpi))in\""
        } else {
            size = "width=\"\(width)\" height=\"\(height)\""
        }
        let prefix = SVGRecorder.escaped(idPrefix)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" \(size) viewBox=\"0 0 \(width) \(height)\""
            + " font-family=\"\(SVGRecorder.fontFamily), sans-serif\">\n"
        if !definitions.isEmpty { out += "<defs>\n" + definitions.replacingOccurrences(of: "<>", with: prefix) + "</defs>\n" }
        out += body.replacingOccurrences(of: "<>", with: prefix)
        out += String(repeating: "</g>\n", count: openGroups)
        return out + "</svg>\n"
    }

    // MARK: - Pieces

    private func clipAttribute(_ clip: Rect?) -> String {
        guard let clip else { return "" }
        let id: Int
        if let known = clipIDs[clip] {
            id = known
        } else {
            id = clipIDs.count
            clipIDs[clip] = id
            definitions += "<clipPath id=\"<>c\(id)\"><rect x=\"\(num(clip.minX))\" y=\"\(num(clip.minY))\" width=\"\(num(clip.width))\" height=\"\(num(clip.height))\"/></clipPath>\n"
        }
        return " clip-path=\"url(#<>c\(id))\""
    }

    /// ` fill="#RRGGBB"` and its opacity when not opaque.
    private func paint(_ property: String, _ color: Color) -> String {
        let alpha = max(0, min(1, color.alpha))
        return " \(property)=\"\(hex(color))\"" + (alpha < 1 ? " \(property)-opacity=\"\(num3(alpha))\"" : "")
    }

    private func hex(_ color: Color) -> String {
        let (r, g, b) = color.bytes
        let digits = Array("0123456789ABCDEF")
        return "#" + String([digits[r >> 4], digits[r & 15], digits[g >> 4], digits[g & 15], digits[b >> 4], digits[b & 15]])
    }

    /// "x,y x,y ..." for a path.
    private func points(_ points: [Point]) -> String {
        var out = ""
        out.reserveCapacity(points.count * 12)
        for (i, p) in points.enumerated() {
            if i == 1 { out += "L" } else if i > 1 { out += " " }
            out += num(p.x) + "," + num(p.y)
        }
        return out
    }

    private func inches(_ value: Double) -> String { num3(value) }

    /// Text that is safe as XML character data or attribute value: markup characters become
    /// entities, and characters XML 1.0 does not allow become U+FFFD.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// `value` with at most two decimals and no trailing zeros ("12.5", "-3", "0.07"): pixels to a
/// hundredth, which no renderer can show, keep files small.
private func num(_ value: Double) -> String {
    svgNumber(value, places: 2)
}

/// `value` with at most three decimals, for opacities and sizes in inches.
private func num3(_ value: Double) -> String {
    svgNumber(value, places: 3)
}

/// `value` rounded to `places` (2 or 3) decimals, written without trailing zeros or exponent.
func svgNumber(_ value: Double, places: Int) -> String {
    guard value.isFinite else { return "0" }
    let factor = places == 2 ? 100.0 : 1000.0
    let scaled = (abs(value) * factor).rounded()
    guard scaled < 1e15 else { return String(Int64(value.rounded())) }
    let units = Int64(scaled)
    let whole = units / Int64(factor)
    var fraction = units % Int64(factor)
    var text = (value < 0 && units != 0 ? "-" : "") + String(whole)
    guard fraction != 0 else { return text }
    var digits = places
    while fraction % 10 == 0 {
        fraction /= 10
        digits -= 1
    }
    let fractionText = String(fraction)
    text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    return text
}
