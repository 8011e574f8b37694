// The one owner of a libgd image: pixels, anti-aliased shapes, FreeType text and PNG bytes, and
// optionally the same drawing recorded as SVG (SVGRecorder), primitive by primitive. Everything
// that touches a gd pointer lives in this file, so ownership is easy to check: the image is
// destroyed in deinit, and other code sees its pixel rows only inside calls made here.
// Leaves out layout: axes, legends and figures are built on top of these primitives.
import CGD
import Files
import Foundation

/// A truecolor raster image with an opaque background, owned by this object.
///
/// Figures return a `Canvas`; write it with ``writePNG(to:)`` or take ``pngData()``.
public final class Canvas {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// The only reference to the gd image; destroyed in deinit.
    private let image: gdImagePtr
    /// Fonts for text; located on first use when not given.
    private var fonts: FontSet?
    /// All-zero coverage cells left by the last fill, reused by the next one.
    private var spareCells: [Float] = []
    /// The drawing as SVG elements, when asked for.
    private let svg: SVGRecorder?
    /// The resolution the PNG declares and the SVG is sized by; nil for none (screen figures).
    public var dotsPerInch: Double?
    /// The smallest text size drawn so far, in pixels (the em size); nil before any text.
    public private(set) var smallestTextSize: Double?
    /// Whether a chart may make the figure taller to put its legend below the plot (paper
    /// sizes, whose height follows the content; screen figures keep their size).
    var growsForLegends = false
    private let background: Color

    /// Largest side accepted, so a mistyped scale fails clearly instead of exhausting memory.
    public static let maximumSide = 20_000

    /// A canvas filled with `background`; with `recordsSVG`, everything drawn on it is also
    /// kept as SVG (``svgText(idPrefix:)``).
    public init(width: Int, height: Int, background: Color = .white, fonts: FontSet? = nil, recordsSVG: Bool = false) throws {
        guard width >= 1, height >= 1, width <= Canvas.maximumSide, height <= Canvas.maximumSide else {
            throw PlotError.invalidSize(width: width, height: height)
        }
        guard let image = gdImageCreateTrueColor(Int32(width), Int32(height)) else {
            throw PlotError.imageAllocationFailed(width: width, height: height)
        }
        self.image = image
        self.width = width
        self.height = height
        self.fonts = fonts
        self.background = background
        self.svg = recordsSVG ? SVGRecorder() : nil
        svg?.fill(Rect(x: 0, y: 0, width: Double(width), height: Double(height)), color: background.withAlpha(1), clip: nil)
        gdImageAlphaBlending(image, 1)
        gdImageSaveAlpha(image, 0)
        // Written row by row: gdImageFilledRectangle blends pixel by pixel through gdImageSetPixel.
        let value = background.withAlpha(1).gdValue
        for y in 0..<height { image.pointee.tpixels[y]!.update(repeating: value, count: width) }
    }

    /// A canvas decoded from PNG bytes.
    public init(pngData data: Data) throws {
        let decoded: gdImagePtr? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0, raw.count <= Int(Int32.max) else { return nil }
            return gdImageCreateFromPngPtr(Int32(raw.count), UnsafeMutableRawPointer(mutating: base))
        }
        guard let image = decoded else { throw PlotError.decodingFailed(byteCount: data.count) }
        if image.pointee.trueColor == 0 { gdImagePaletteToTrueColor(image) }
        self.image = image
        self.width = Int(image.pointee.sx)
        self.height = Int(image.pointee.sy)
        self.fonts = nil
        self.svg = nil
        self.background = .white
    }

    /// A canvas read from a PNG file.
    public convenience init(contentsOf url: URL) throws {
        let data: [UInt8]
        do {
            data = try readFile(at: url, limit: FileLimit.data)
        } catch {
            throw PlotError.readFailed(path: url.path, reason: error.reason)
        }
        try self.init(pngData: Data(data))
    }

    deinit {
        gdImageDestroy(image)
    }

    /// A new blank canvas like this one (fonts, background, SVG, resolution), `height` pixels tall.
    func blank(height: Int) throws -> Canvas {
        let canvas = try Canvas(width: width, height: height, background: background, fonts: fonts, recordsSVG: svg != nil)
        canvas.dotsPerInch = dotsPerInch
        canvas.growsForLegends = growsForLegends
        return canvas
    }

    /// The colour of pixel (x, y); transparent black outside the canvas.
    public func pixel(x: Int, y: Int) -> Color {
        guard x >= 0, y >= 0, x < width, y < height else { return Color(red: 0, green: 0, blue: 0, alpha: 0) }
        return Color(gdValue: gdImageGetTrueColorPixel(image, Int32(x), Int32(y)))
    }

    /// Every pixel as 0xRRGGBB, row by row (width x height values), for comparing whole images.
    func rgbValues() -> [Int32] {
        guard let rows = image.pointee.tpixels else { return [] }
        var values = [Int32](repeating: 0, count: width * height)
        values.withUnsafeMutableBufferPointer { out in
            for y in 0..<height {
                guard let row = rows[y] else { continue }
                for x in 0..<width { out[y * width + x] = row[x] & 0xFF_FFFF }
            }
        }
        return values
    }

    // MARK: - PNG

    /// The image encoded as PNG (8-bit RGB, see PNGEncoder).
    public func pngData() throws -> Data {
        guard let rows = image.pointee.tpixels,
              let data = PNGEncoder.encode(width: width, height: height, dotsPerInch: dotsPerInch, row: { UnsafePointer(rows[$0]!) })
        else {
            throw PlotError.encodingFailed(width: width, height: height)
        }
        return data
    }

    /// Writes the image as PNG, atomically: to a temporary file in the same directory, then
    /// renamed over `url`, so a reader never sees half a file.
    public func writePNG(to url: URL) throws {
        try writeFigure(pngData(), to: url)
    }

    // MARK: - SVG

    /// The drawing as an SVG document of the canvas' size (in inches when it has a resolution),
    /// with ids starting with `idPrefix`; nil when the canvas does not record SVG.
    public func svgText(idPrefix: String = "") -> String? {
        svg?.document(width: width, height: height, dotsPerInch: dotsPerInch, idPrefix: idPrefix)
    }

    /// Writes the SVG document atomically, as ``writePNG(to:)`` writes the PNG.
    /// - Throws: `PlotError.invalidParameter` when the canvas does not record SVG.
    public func writeSVG(to url: URL, idPrefix: String = "") throws {
        guard let text = svgText(idPrefix: idPrefix) else {
            throw PlotError.invalidParameter(name: "Canvas.recordsSVG", value: "false", expected: "true to write an SVG file")
        }
        try writeFigure(Data(text.utf8), to: url)
    }

    /// Writes the PNG to `url` and, when the canvas records SVG, its twin beside it (same name,
    /// .svg) with ids starting with the name, so several SVGs can sit inline in one page.
    /// Returns the files written.
    @discardableResult
    public func writePNGAndSVG(to url: URL) throws -> [URL] {
        try writePNG(to: url)
        guard svg != nil else { return [url] }
        let stem = url.deletingPathExtension()
        let twin = stem.appendingPathExtension("svg")
        try writeSVG(to: twin, idPrefix: stem.lastPathComponent + "-")
        return [url, twin]
    }

    /// Starts a group of what is drawn next, named `title` in the SVG (a browser shows it when
    /// the pointer rests on any of it); the raster ignores groups.
    func beginGroup(title: String) {
        svg?.beginGroup(title: title)
    }

    /// Ends the group started last.
    func endGroup() {
        svg?.endGroup()
    }

    // MARK: - Shapes

    /// The whole canvas as a rectangle.
    var bounds: Rect { Rect(x: 0, y: 0, width: Double(width), height: Double(height)) }

    /// Fills the union of `polygons`, anti-aliased, inside `clip` (default: the canvas).
    func fill(_ polygons: [[Point]], color: Color, clip: Rect? = nil) {
        let clipRect = clip.map { clipInside($0) } ?? bounds
        let shapes = guarded(polygons, clipRect: clipRect)
        svg?.fill(shapes, color: color, clip: clip == nil ? nil : clipRect)
        rasterFill(shapes, color: color, clipRect: clipRect)
    }

    /// Cuts shapes to slightly more than the clip rectangle, so far-away coordinates never reach
    /// the rasteriser (or the SVG). Most polygons lie well inside and are taken as they are.
    private func guarded(_ polygons: [[Point]], clipRect: Rect) -> [[Point]] {
        let guardRect = clipRect.insetBy(-4)
        var shapes: [[Point]] = []
        shapes.reserveCapacity(polygons.count)
        for polygon in polygons {
            // subtle: a NaN point is never "contained": such polygons go through clipPolygon, which leaves it out.
            let shape = polygon.allSatisfy { guardRect.contains($0) } ? polygon : clipPolygon(polygon, to: guardRect)
            if shape.count >= 3 { shapes.append(shape) }
        }
        return shapes
    }

    /// Fills shapes already inside the guard band of `clipRect` on the raster only.
    private func rasterFill(_ shapes: [[Point]], color: Color, clipRect: Rect) {
        guard let box = boundingBox(shapes) else { return }
        var mask = CoverageMask(bounds: box, clip: clipRect, storage: spareCells)
        spareCells = []
        guard !mask.isEmpty else { return }
        for shape in shapes { mask.addPolygon(shape) }
        paint(&mask, color: color)
    }

    /// Fills a rectangle; edges at fractional positions get partial coverage.
    func fill(_ rect: Rect, color: Color, clip: Rect? = nil) {
        let clipRect = clip.map { clipInside($0) } ?? bounds
        let polygon = [Point(rect.minX, rect.minY), Point(rect.maxX, rect.minY), Point(rect.maxX, rect.maxY), Point(rect.minX, rect.maxY)]
        let shapes = guarded([polygon], clipRect: clipRect)
        // subtle: a rectangle cut to the guard band is still a rectangle: its bounding box.
        if let box = boundingBox(shapes, margin: 0) { svg?.fill(box, color: color, clip: clip == nil ? nil : clipRect) }
        rasterFill(shapes, color: color, clipRect: clipRect)
    }

    /// Strokes a polyline `width` pixels wide with round joins and caps, optionally dashed.
    /// The stroke is one shape, so a translucent line does not darken where it overlaps itself.
    /// A line with several points per pixel is first thinned to the points that show.
    func stroke(_ points: [Point], width: Double, color: Color, dash: [Double]? = nil, clip: Rect? = nil) {
        stroke(lines: [points], width: width, color: color, dash: dash, clip: clip)
    }

    /// Strokes several polylines as one shape (a cross, say), so where they overlap a
    /// translucent colour is laid down once.
    func stroke(lines: [[Point]], width: Double, color: Color, dash: [Double]? = nil, clip: Rect? = nil) {
        let clipRect = clip.map { clipInside($0) } ?? bounds
        let runs = lines.flatMap { clipPolyline(thinned($0), to: clipRect.insetBy(-width - 2)) }
        svg?.stroke(runs, width: width, color: color, dash: dash, clip: clip == nil ? nil : clipRect)
        var polygons: [[Point]] = []
        for run in runs {
            let pieces = dash.map { dashed(run, pattern: $0) } ?? [run]
            for piece in pieces { polygons += strokePolygons(piece, width: width) }
        }
        rasterFill(guarded(polygons, clipRect: clipRect), color: color, clipRect: clipRect)
    }

    /// A rectangle shaded along its height (`vertical`) or width: `color(t)` for t from 0 at the
    /// top (or left) edge to 1 at the bottom (or right), one pixel row (or column) at a time on
    /// the raster and as a linear gradient of 33 stops in the SVG.
    func fillGradient(_ rect: Rect, vertical: Bool, color: (Double) -> Color) {
        svg?.gradient(rect, stops: (0...32).map { color(Double($0) / 32) }, vertical: vertical)
        let steps = Int(vertical ? rect.height : rect.width)
        for i in 0..<max(0, steps) {
            let t = (Double(i) + 0.5) / Double(steps)
            let strip = vertical ? Rect(x: rect.minX, y: rect.minY + Double(i), width: rect.width, height: 1)
                : Rect(x: rect.minX + Double(i), y: rect.minY, width: 1, height: rect.height)
            let corners = [Point(strip.minX, strip.minY), Point(strip.maxX, strip.minY), Point(strip.maxX, strip.maxY), Point(strip.minX, strip.maxY)]
            rasterFill(guarded([corners], clipRect: bounds), color: color(t), clipRect: bounds)
        }
    }

    /// A straight line, snapped to the pixel grid when it is horizontal or vertical so thin
    /// axis lines and grid lines stay crisp instead of smearing over two pixel rows.
    func line(from a: Point, to b: Point, width: Double, color: Color, clip: Rect? = nil) {
        guard a.isFinite, b.isFinite else { return }
        if a.y == b.y || a.x == b.x {
            let w = max(1, width.rounded())
            if a.y == b.y {
                let top = (a.y - w / 2).rounded()
                fill(Rect(minX: min(a.x, b.x), minY: top, maxX: max(a.x, b.x), maxY: top + w), color: color, clip: clip)
            } else {
                let left = (a.x - w / 2).rounded()
                fill(Rect(minX: left, minY: min(a.y, b.y), maxX: left + w, maxY: max(a.y, b.y)), color: color, clip: clip)
            }
            return
        }
        stroke([a, b], width: width, color: color, clip: clip)
    }

    /// A filled disc.
    func fillCircle(center: Point, radius: Double, color: Color, clip: Rect? = nil) {
        guard center.isFinite, radius > 0 else { return }
        let clipRect = clip.map { clipInside($0) } ?? bounds
        let shapes = guarded([circlePolygon(center: center, radius: radius)], clipRect: clipRect)
        guard !shapes.isEmpty else { return }
        svg?.circle(center: center, radius: radius, color: color, clip: clip == nil ? nil : clipRect)
        rasterFill(shapes, color: color, clipRect: clipRect)
    }

    private func clipInside(_ rect: Rect) -> Rect {
        Rect(minX: max(0, rect.minX), minY: max(0, rect.minY),
             maxX: min(Double(width), rect.maxX), maxY: min(Double(height), rect.maxY))
    }

    /// Blends `color` into the pixels under `mask`, each weighted by its coverage, row by row
    /// over the runs the mask reports; the mask's cells are kept for the next fill.
    private func paint(_ mask: inout CoverageMask, color: Color) {
        guard let rows = image.pointee.tpixels else { return }
        let (r, g, b) = color.bytes
        let (red, green, blue) = (Float(r), Float(g), Float(b))
        let alpha = Float(max(0, min(1, color.alpha)))
        let solid = Int32(r << 16 | g << 8 | b)
        let right = mask.originX + mask.width
        spareCells = mask.drainRows { y, x0, coverages, tail in
            guard y >= 0, y < height, let row = rows[y] else { return }
            @inline(__always) func blend(_ x: Int, _ coverage: Float) {
                // Below 1/512 nothing changes an 8-bit channel.
                guard coverage > 0.002, x >= 0, x < width else { return }
                let old = row[x]
                let a = coverage * alpha
                if a == 1 {
                    row[x] = (old & 0x7F00_0000) | solid
                    return
                }
                let oldRed = Float((old >> 16) & 0xFF)
                let oldGreen = Float((old >> 8) & 0xFF)
                let oldBlue = Float(old & 0xFF)
                let newRed = roundedChannel(oldRed + (red - oldRed) * a)
                let newGreen = roundedChannel(oldGreen + (green - oldGreen) * a)
                let newBlue = roundedChannel(oldBlue + (blue - oldBlue) * a)
                row[x] = (old & 0x7F00_0000) | newRed << 16 | newGreen << 8 | newBlue
            }
            for (i, coverage) in coverages.enumerated() { blend(x0 + i, coverage) }
            if tail > 0.002 {
                for x in (x0 + coverages.count)..<right { blend(x, tail) }
            }
        }
    }

    // MARK: - Text

    /// DejaVu Sans vertical metrics as fractions of the pixel size (from its hhea and OS/2 tables).
    static let ascent = 0.928
    static let descent = 0.236
    static let capHeight = 0.729

    /// The advance width in pixels of `text` at `size` pixels (the em size).
    func textWidth(_ text: String, size: Double, weight: FontWeight = .regular) throws -> Double {
        let extent = try layoutText(text, size: size, weight: weight, bitmaps: nil).layout.pixelExtent
        return Double(extent.maxX - extent.minX)
    }

    /// Draws `text` with its anchor point at `p`. `rotated` turns it 90 degrees counterclockwise
    /// (reading upwards), for vertical axis titles; the anchor then refers to the rotated box.
    func drawText(
        _ text: String, at p: Point, size: Double, color: Color, weight: FontWeight = .regular,
        horizontal: HorizontalAlignment = .left, vertical: VerticalAlignment = .baseline, rotated: Bool = false
    ) throws {
        let rotation: Rotation = rotated ? .quarterTurn : .none
        let (layout, bitmaps) = try layoutText(text, size: size, weight: weight, bitmaps: rotation)
        smallestTextSize = min(smallestTextSize ?? size, size)
        let extent = layout.pixelExtent
        let width = Double(extent.maxX - extent.minX)
        // Offsets along the text direction (dx) and from the baseline towards the top (dy).
        let dx: Double
        switch horizontal {
        case .left: dx = 0
        case .center: dx = -width / 2
        case .right: dx = -width
        }
        let dy: Double
        switch vertical {
        case .baseline: dy = 0
        case .top: dy = -Canvas.capHeight * size
        case .middle: dy = -Canvas.capHeight * size / 2
        case .bottom: dy = Canvas.descent * size
        }
        let origin = rotated ? Point(p.x - dy, p.y - dx) : Point(p.x + dx, p.y - dy)
        drawGlyphs(layout, bitmaps, at: origin, rotation: rotation, color: color)
        if let svg {
            // The anchor on the baseline, where the raster put it; the SVG's renderer measures the text itself.
            let ordered = visualOrder(text)
            var shown = String.UnicodeScalarView()
            for value in drawableScalars(ordered) { if let scalar = Unicode.Scalar(value) { shown.append(scalar) } }
            let anchor = rotated ? Point((p.x - dy).rounded(), p.y) : Point(p.x, (p.y - dy).rounded())
            svg.text(String(shown), x: anchor.x, y: anchor.y, size: size, color: color, bold: weight == .bold,
                     horizontal: horizontal, rotated: rotated, reordered: ordered != text)
        }
    }

    /// Lays out `text` from the glyph cache, with its glyphs' bitmaps when `bitmaps` says how
    /// they are turned.
    private func layoutText(
        _ text: String, size: Double, weight: FontWeight, bitmaps: Rotation?
    ) throws -> (layout: TextLayout, bitmaps: [GlyphBitmap]) {
        let fonts = try self.fonts ?? FontSet.locate()
        self.fonts = fonts
        let font = weight == .bold ? fonts.bold : fonts.regular
        do {
            return try GlyphCache.shared.layout(
                drawableScalars(visualOrder(text)), fontPath: font, pointSize: size * 0.75,  // points at libgd's 96 dpi
                bitmaps: bitmaps)
        } catch PlotError.textFailed(_, let font, let reason) {
            throw PlotError.textFailed(text: text, font: font, reason: reason)
        }
    }

    /// Blends glyph bitmaps into the image the way gdImageStringFT does (gdft.c,
    /// gdft_draw_bitmap): the pen position is scaled from layout units and truncated, coverage is
    /// cut to libgd's 7-bit alpha and scaled by the colour's alpha, and each pixel goes through
    /// gdAlphaBlend. Same arithmetic, so the same pixels.
    private func drawGlyphs(_ layout: TextLayout, _ bitmaps: [GlyphBitmap], at origin: Point, rotation: Rotation, color: Color) {
        guard let rows = image.pointee.tpixels else { return }
        let x = Double(Int32(origin.x.rounded()))
        let y = Double(Int32(origin.y.rounded()))
        let (sinA, cosA) = (sin(rotation.angle), cos(rotation.angle))
        let foreground = color.gdValue
        let opacity = Int(127 - ((foreground >> 24) & 0x7F))
        let rgb = foreground & 0xFF_FFFF
        for (glyph, bitmap) in zip(layout.glyphs, bitmaps) {
            let penX = Double(glyph.penX)
            let penY = Double(glyph.penY)
            // gdft.c: (int)(x + (pen_x * cos_a + pen_y * sin_a) * hdpi / (METRIC_RES * 64) + bm->left)
            let left = Int(x + (penX * cosA + penY * sinA) * 96 / 19200 + Double(bitmap.left))
            let top = Int(y - (penX * sinA - penY * cosA) * 96 / 19200 - Double(bitmap.top))
            bitmap.coverage.withUnsafeBufferPointer { coverage in
                for row in 0..<bitmap.rows {
                    let py = top + row
                    guard py >= 0, py < height, let line = rows[py] else { continue }
                    for col in 0..<bitmap.width {
                        let gray = Int(coverage[row * bitmap.width + col])
                        let px = left + col
                        guard gray >= 3, px >= 0, px < width else { continue }  // 2 * 127 / 255 == 0: no ink
                        let level = 127 - gray * 127 / 255 * opacity / 127
                        let source = Int32(level) << 24 | rgb
                        let old = line[px]
                        line[px] = (old >> 24) & 0x7F != 127 ? libgdAlphaBlend(old, source) : source
                    }
                }
            }
        }
    }

    // MARK: - Text through libgd (reference)

    /// Text measured or drawn by libgd's own FreeType renderer, the reference the cached text
    /// path is tested against; with `draw` false it only measures. Returns the box libgd
    /// reports: ink vertically, pen advance horizontally.
    @discardableResult
    func renderTextWithLibgd(
        _ text: String, at origin: Point, size: Double, color: Color, weight: FontWeight, angle: Double, draw: Bool
    ) throws -> (minX: Int32, maxX: Int32) {
        if fonts == nil { fonts = try FontSet.locate() }
        guard let fonts, fontCacheReady else {
            throw PlotError.textFailed(text: text, font: "DejaVu Sans", reason: "the FreeType font cache could not be set up")
        }
        let font = weight == .bold ? fonts.bold : fonts.regular
        let shaped = libgdText(visualOrder(text))
        var fontName = Array(font.utf8CString)
        var string = Array(shaped.utf8CString)
        var box = [Int32](repeating: 0, count: 8)
        let error: UnsafeMutablePointer<CChar>? = fontName.withUnsafeMutableBufferPointer { fontBuffer in
            string.withUnsafeMutableBufferPointer { stringBuffer in
                box.withUnsafeMutableBufferPointer { boxBuffer in
                    gdImageStringFT(
                        draw ? image : nil, boxBuffer.baseAddress, color.gdValue, fontBuffer.baseAddress,
                        size * 0.75,  // points at libgd's 96 dpi
                        angle, Int32(origin.x.rounded()), Int32(origin.y.rounded()), stringBuffer.baseAddress)
                }
            }
        }
        if let error {
            // libgd returns static messages here; they are not to be freed.
            throw PlotError.textFailed(text: text, font: font, reason: String(cString: error))
        }
        return (min(box[0], box[6]), max(box[2], box[4]))
    }

    /// The same as ``renderTextWithLibgd(_:at:size:color:weight:angle:draw:)`` through the glyph
    /// cache, for comparing the two.
    @discardableResult
    func renderText(
        _ text: String, at origin: Point, size: Double, color: Color, weight: FontWeight, rotation: Rotation, draw: Bool
    ) throws -> (minX: Int32, maxX: Int32) {
        let (layout, bitmaps) = try layoutText(text, size: size, weight: weight, bitmaps: draw ? rotation : nil)
        if draw { drawGlyphs(layout, bitmaps, at: origin, rotation: rotation, color: color) }
        // libgd adds the origin before truncating: x + (edge * scale), converted to int.
        let x = Double(Int32(origin.x.rounded()))
        return (Int32(x + Double(layout.minX) * TextLayout.pixelsPerUnit), Int32(x + Double(layout.maxX) * TextLayout.pixelsPerUnit))
    }
}

/// Regular or bold DejaVu Sans.
enum FontWeight: Sendable {
    case regular, bold
}

/// Which point of a text's box is placed at the anchor, along the text.
enum HorizontalAlignment: Sendable {
    case left, center, right
}

/// Which line of a text's box is placed at the anchor, across the text: the top of capitals,
/// their middle, the baseline, or the bottom of descenders.
enum VerticalAlignment: Sendable {
    case top, middle, baseline, bottom
}

/// `text` in the form libgd's FreeType path decodes correctly. Its UTF-8 decoder stops at three
/// bytes and its numeric references at five digits, so characters beyond the Basic Multilingual
/// Plane (emoji, which DejaVu has no glyphs for anyway) are drawn as U+FFFD. '&' is escaped
/// because libgd reads "&name;" as an HTML entity.
func libgdText(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar.value {
        // subtle: a NUL would end the C string early; tokens may contain one.
        case 0: out += "␀"
        case 0x26: out += "&#38;"
        case 0x10000...: out += "\u{FFFD}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// `value` (0...255) rounded half away from zero, as Float.rounded() does, without a call to
/// libm's roundf: the blend loop rounds three channels per pixel.
@inline(__always)
func roundedChannel(_ value: Float) -> Int32 {
    let whole = Int32(value)
    return value - Float(whole) >= 0.5 ? whole + 1 : whole
}

/// The characters drawn for `text`: what libgd's decoder reads from ``libgdText(_:)``, so a NUL
/// is '␀' and characters beyond the Basic Multilingual Plane are U+FFFD.
func drawableScalars(_ text: String) -> [UInt32] {
    text.unicodeScalars.map { scalar in
        switch scalar.value {
        case 0: return 0x2400
        case 0x10000...: return 0xFFFD
        default: return scalar.value
        }
    }
}

/// libgd's gdAlphaBlend (gd.c) for truecolor values with 7-bit alpha (0 opaque, 127
/// transparent): `source` painted over `destination`, in the same integer arithmetic.
func libgdAlphaBlend(_ destination: Int32, _ source: Int32) -> Int32 {
    let sourceAlpha = (source >> 24) & 0x7F
    if sourceAlpha == 0 { return source }
    let destinationAlpha = (destination >> 24) & 0x7F
    if sourceAlpha == 127 { return destination }
    if destinationAlpha == 127 { return source }
    let sourceWeight = 127 - sourceAlpha
    let destinationWeight = (127 - destinationAlpha) * sourceAlpha / 127
    let total = sourceWeight + destinationWeight
    func channel(_ shift: Int32) -> Int32 {
        (((source >> shift) & 0xFF) * sourceWeight + ((destination >> shift) & 0xFF) * destinationWeight) / total
    }
    return (sourceAlpha * destinationAlpha / 127) << 24 | channel(16) << 16 | channel(8) << 8 | channel(0)
}

/// libgd's font cache must be set up once before text is drawn from several threads.
private let fontCacheReady: Bool = gdFontCacheSetup() == 0

/// Writes `data` through a temporary file renamed over `url` (Files), failing as a PlotError.
func writeFigure(_ data: Data, to url: URL) throws(PlotError) {
    do {
        try Files.writeAtomically(data, to: url)
    } catch {
        throw PlotError.writeFailed(path: url.path, reason: error.reason)
    }
}
