// Text layout and glyph bitmaps from FreeType, kept for the life of the process: libgd's text
// call hints every glyph three times per call, which made text the largest cost of a figure.
// Each glyph is loaded once per font and size, and libgd's arithmetic is followed step by step,
// so text lands on the same pixels (GlyphCacheTests compare with libgd). Leaves out complex-text
// shaping, which libgd here lacks too (no libraqm), and the Shift_JIS and Big5 encodings.
import CFreeType
import Foundation

/// One line of text laid out the way libgd lays it out, in its layout units: 1/64 pixel at
/// 300 dpi ("METRIC_RES" in gdft.c).
struct TextLayout {
    /// A glyph and its pen position.
    struct Glyph {
        var index: UInt32
        var penX: Int
        var penY: Int
    }

    var glyphs: [Glyph]
    /// The leftmost ink edge and the rightmost advance, as gdImageStringFT's bounding box has them.
    var minX: Int
    var maxX: Int

    /// Layout units per pixel at libgd's 96 dpi, as a factor (gdft.c's `scalex`).
    static let pixelsPerUnit = 96.0 / (64 * 300)

    /// The box's left and right edge in whole pixels, for text whose origin is x = 0; libgd
    /// truncates each edge towards zero.
    var pixelExtent: (minX: Int32, maxX: Int32) {
        (Int32(Double(minX) * TextLayout.pixelsPerUnit), Int32(Double(maxX) * TextLayout.pixelsPerUnit))
    }
}

/// A glyph rendered at 96 dpi: 8-bit coverage and where it sits relative to the pen.
final class GlyphBitmap: Sendable {
    /// Pixels from the pen to the bitmap's left column, and from the baseline up to its top row.
    let left: Int
    let top: Int
    let width: Int
    let rows: Int
    /// [rows, width], 0 (no ink) to 255 (full ink).
    let coverage: [UInt8]

    init(left: Int, top: Int, width: Int, rows: Int, coverage: [UInt8]) {
        self.left = left
        self.top = top
        self.width = width
        self.rows = rows
        self.coverage = coverage
    }
}

/// FreeType faces, sizes, glyph metrics, kerning and glyph bitmaps, shared by all canvases.
///
/// One lock guards everything: FreeType faces are not thread-safe, and sweep workers draw
/// figures in parallel. A string takes the lock once; drawing the bitmaps happens outside it.
final class GlyphCache: @unchecked Sendable {
    static let shared = GlyphCache()

    private let lock = NSLock()
    private var library: FT_Library?
    private var faces: [String: FaceEntry] = [:]

    /// A laid-out string, and its glyphs' bitmaps when `bitmaps` asks for them (nil for none).
    func layout(
        _ scalars: [UInt32], fontPath: String, pointSize: Double, bitmaps rotation: Rotation?
    ) throws -> (layout: TextLayout, bitmaps: [GlyphBitmap]) {
        lock.lock()
        defer { lock.unlock() }
        let face = try faceEntry(fontPath)
        // libgd: (FT_F26Dot6)(ptsize * 64), truncated.
        let size = try face.size(charSize: Int(pointSize * 64))
        let layout = try size.layout(scalars, pointSize: pointSize)
        guard let rotation else { return (layout, []) }
        let images = try layout.glyphs.map { try size.bitmap(of: $0.index, rotation: rotation) }
        return (layout, images)
    }

    private func faceEntry(_ path: String) throws -> FaceEntry {
        if let face = faces[path] { return face }
        if library == nil {
            var created: FT_Library?
            guard FT_Init_FreeType(&created) == 0, let created else {
                throw PlotError.textFailed(text: "", font: path, reason: "FreeType could not be initialised")
            }
            library = created
        }
        let face = try FaceEntry(library: library!, path: path)
        faces[path] = face
        return face
    }
}

/// The direction text runs in; libgd rotates glyph outlines before rendering them.
enum Rotation: Sendable {
    case none
    /// 90 degrees counterclockwise: text reads upwards.
    case quarterTurn

    /// The angle in radians, as passed to gdImageStringFT.
    var angle: Double { self == .none ? 0 : .pi / 2 }
}

/// One font file: its FreeType face, the glyph of each character, and its sizes.
private final class FaceEntry {
    let face: FT_Face
    let path: String
    /// Glyph index of each Basic Multilingual Plane character; -1 until looked up.
    private var glyphOfScalar = [Int32](repeating: -1, count: 0x10000)
    private var sizes: [Int: SizeEntry] = [:]
    /// Whether libgd would apply kerning: the font has a kerning table and is not monospaced.
    let kerns: Bool

    init(library: FT_Library, path: String) throws {
        var opened: FT_Face?
        let error = FT_New_Face(library, path, 0, &opened)
        guard error == 0, let opened else {
            throw PlotError.textFailed(text: "", font: path, reason: "FreeType could not read the font (error \(error))")
        }
        face = opened
        self.path = path
        // libgd selects the first Unicode-like character map.
        let usable: [FT_Encoding] = [FT_ENCODING_MS_SYMBOL, FT_ENCODING_UNICODE, FT_ENCODING_ADOBE_CUSTOM, FT_ENCODING_ADOBE_STANDARD]
        var selected = false
        for i in 0..<Int(opened.pointee.num_charmaps) {
            guard let map = opened.pointee.charmaps[i] else { continue }
            if usable.contains(map.pointee.encoding) {
                selected = FT_Select_Charmap(opened, map.pointee.encoding) == 0
                break
            }
        }
        guard selected else {
            FT_Done_Face(opened)
            throw PlotError.textFailed(text: "", font: path, reason: "No character set found")
        }
        let flags = opened.pointee.face_flags
        kerns = flags & FT_FACE_FLAG_KERNING != 0 && flags & FT_FACE_FLAG_FIXED_WIDTH == 0
    }

    func glyphIndex(_ scalar: UInt32) -> UInt32 {
        guard scalar < 0x10000 else { return FT_Get_Char_Index(face, FT_ULong(scalar)) }
        let known = glyphOfScalar[Int(scalar)]
        if known >= 0 { return UInt32(known) }
        let index = FT_Get_Char_Index(face, FT_ULong(scalar))
        glyphOfScalar[Int(scalar)] = Int32(index)
        return index
    }

    func size(charSize: Int) throws -> SizeEntry {
        if let size = sizes[charSize] { return size }
        let size = try SizeEntry(face: self, charSize: charSize)
        sizes[charSize] = size
        return size
    }
}

/// One font at one size: libgd's two FreeType sizes (300 dpi for layout, 96 dpi for drawing)
/// and everything computed from them.
private final class SizeEntry {
    unowned let entry: FaceEntry
    let charSize: Int
    private let layoutSize: FT_Size
    private let renderSize: FT_Size
    /// Per glyph index: hinted advance and left bearing at 300 dpi, in 1/64 px; nil until loaded.
    private var metrics: [Int: (advance: Int, bearingX: Int)] = [:]
    private var kerning: [UInt64: Int] = [:]
    private var bitmaps: [Int: GlyphBitmap] = [:]
    private var rotatedBitmaps: [Int: GlyphBitmap] = [:]

    init(face entry: FaceEntry, charSize: Int) throws {
        self.entry = entry
        self.charSize = charSize
        func makeSize(dpi: UInt32) throws -> FT_Size {
            var size: FT_Size?
            guard FT_New_Size(entry.face, &size) == 0, let size, FT_Activate_Size(size) == 0,
                  FT_Set_Char_Size(entry.face, 0, FT_F26Dot6(charSize), dpi, dpi) == 0
            else { throw PlotError.textFailed(text: "", font: entry.path, reason: "Could not set character size") }
            return size
        }
        layoutSize = try makeSize(dpi: 300)
        renderSize = try makeSize(dpi: 96)
    }

    /// gdImageStringFTEx's two passes over the text: textLayout (advances, kerning added to the
    /// glyph before) and the drawing loop (pen positions, line breaks, the bounding box).
    func layout(_ scalars: [UInt32], pointSize: Double) throws -> TextLayout {
        let face = entry.face
        FT_Activate_Size(layoutSize)
        var indices: [UInt32] = []
        var advances: [Int] = []
        indices.reserveCapacity(scalars.count)
        advances.reserveCapacity(scalars.count)
        var bearings: [Int] = []
        bearings.reserveCapacity(scalars.count)
        var previous: UInt32 = 0
        for ch in scalars {
            let index = entry.glyphIndex(ch)
            var delta = 0
            if entry.kerns, previous != 0, index != 0 {
                let key = UInt64(previous) << 32 | UInt64(index)
                if let known = kerning[key] {
                    delta = known
                } else {
                    var vector = FT_Vector()
                    FT_Get_Kerning(face, previous, index, FT_KERNING_DEFAULT.rawValue, &vector)
                    delta = Int(vector.x)
                    kerning[key] = delta
                }
            }
            let m = try glyphMetrics(index)
            if delta != 0 { advances[advances.count - 1] += delta }
            indices.append(index)
            advances.append(m.advance)
            bearings.append(m.bearingX)
            previous = ch == 13 || ch == 10 ? 0 : index
        }

        var glyphs: [TextLayout.Glyph] = []
        glyphs.reserveCapacity(scalars.count)
        var penX = 0
        var penY = 0
        var minX = 0
        var maxX = 0
        for (i, ch) in scalars.enumerated() {
            if ch == 13 {
                penX = 0
                continue
            }
            if ch == 10 {
                penX = 0
                // libgd: penf.y += linespace * ptsize * 64 * METRIC_RES / 72, then rounded down to 1/64.
                penY = Int(Double(penY) + 1.05 * pointSize * 64 * 300 / 72)
                penY &= ~63
                continue
            }
            let low = penX + bearings[i]
            let high = penX + advances[i]
            // subtle: libgd starts the box from the first character's glyph (i == 0), so text
            // starting with a line break keeps the origin in its box.
            if i == 0 {
                minX = low
                maxX = high
            } else {
                minX = min(minX, low)
                maxX = max(maxX, high)
            }
            glyphs.append(TextLayout.Glyph(index: indices[i], penX: penX, penY: penY))
            penX += advances[i]
        }
        return TextLayout(glyphs: glyphs, minX: minX, maxX: maxX)
    }

    private func glyphMetrics(_ index: UInt32) throws -> (advance: Int, bearingX: Int) {
        if let known = metrics[Int(index)] { return known }
        guard FT_Load_Glyph(entry.face, index, Int32(FT_LOAD_DEFAULT)) == 0 else {
            throw PlotError.textFailed(text: "", font: entry.path, reason: "Problem loading glyph")
        }
        let slot = entry.face.pointee.glyph.pointee.metrics
        let m = (advance: Int(slot.horiAdvance), bearingX: Int(slot.horiBearingX))
        metrics[Int(index)] = m
        return m
    }

    /// The glyph hinted and rendered at 96 dpi, rotated as libgd rotates it (FT_Set_Transform).
    func bitmap(of index: UInt32, rotation: Rotation) throws -> GlyphBitmap {
        if let known = (rotation == .none ? bitmaps : rotatedBitmaps)[Int(index)] { return known }
        let face = entry.face
        FT_Activate_Size(renderSize)
        if rotation == .quarterTurn {
            // libgd's matrix: (FT_Fixed)(cos a * 2^16) and (FT_Fixed)(sin a * 2^16), truncated.
            let c = FT_Fixed(cos(rotation.angle) * 65536)
            let s = FT_Fixed(sin(rotation.angle) * 65536)
            var matrix = FT_Matrix(xx: c, xy: -s, yx: s, yy: c)
            FT_Set_Transform(face, &matrix, nil)
        }
        defer {
            FT_Set_Transform(face, nil, nil)
            FT_Activate_Size(layoutSize)
        }
        guard FT_Load_Glyph(face, index, Int32(FT_LOAD_DEFAULT)) == 0 else {
            throw PlotError.textFailed(text: "", font: entry.path, reason: "Problem loading glyph")
        }
        var glyph: FT_Glyph?
        guard FT_Get_Glyph(face.pointee.glyph, &glyph) == 0, glyph != nil else {
            throw PlotError.textFailed(text: "", font: entry.path, reason: "Problem loading glyph")
        }
        defer { FT_Done_Glyph(glyph) }
        if glyph!.pointee.format != FT_GLYPH_FORMAT_BITMAP {
            guard FT_Glyph_To_Bitmap(&glyph, FT_RENDER_MODE_NORMAL, nil, 1) == 0, glyph != nil else {
                throw PlotError.textFailed(text: "", font: entry.path, reason: "Problem rendering glyph")
            }
        }
        let rendered = UnsafeMutableRawPointer(glyph!).assumingMemoryBound(to: FT_BitmapGlyphRec.self).pointee
        let bitmap = rendered.bitmap
        guard bitmap.pixel_mode == UInt8(FT_PIXEL_MODE_GRAY.rawValue), bitmap.num_grays == 256 || bitmap.rows == 0 else {
            throw PlotError.textFailed(text: "", font: entry.path, reason: "Unsupported ft_pixel_mode")
        }
        let width = Int(bitmap.width)
        let rows = Int(bitmap.rows)
        var coverage = [UInt8](repeating: 0, count: width * rows)
        if let buffer = bitmap.buffer {
            for row in 0..<rows {
                let source = buffer + row * Int(bitmap.pitch)
                for col in 0..<width { coverage[row * width + col] = source[col] }
            }
        }
        let image = GlyphBitmap(left: Int(rendered.left), top: Int(rendered.top), width: width, rows: rows, coverage: coverage)
        if rotation == .none { bitmaps[Int(index)] = image } else { rotatedBitmaps[Int(index)] = image }
        return image
    }
}
