// Canvas: the libgd binding end to end (draw, encode, write, decode), anti-aliasing measured
// on real pixels, FreeType text in several scripts, and the file and size errors.
import CGD
import Foundation
import Testing
@testable import Plot

@Test("a square drawn on a canvas reads back through libgd's own PNG decoder at its size and colours")
func libgdSmoke() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let canvas = try Canvas(width: 40, height: 30)
    // Pixel-aligned, so every pixel inside is fully covered: x 10..<30, y 5..<15.
    canvas.fill(Rect(x: 10, y: 5, width: 20, height: 10), color: Color(hex: 0x0072B2))
    let url = directory.appendingPathComponent("square.png")
    try canvas.writePNG(to: url)

    let data = try Data(contentsOf: url)
    let image = try #require(data.withUnsafeBytes { raw in
        gdImageCreateFromPngPtr(Int32(raw.count), UnsafeMutableRawPointer(mutating: raw.baseAddress))
    })
    defer { gdImageDestroy(image) }
    #expect(image.pointee.sx == 40)
    #expect(image.pointee.sy == 30)
    #expect(gdImageGetTrueColorPixel(image, 15, 10) & 0xFFFFFF == 0x0072B2)
    #expect(gdImageGetTrueColorPixel(image, 29, 14) & 0xFFFFFF == 0x0072B2)
    #expect(gdImageGetTrueColorPixel(image, 30, 14) & 0xFFFFFF == 0xFFFFFF)
    #expect(gdImageGetTrueColorPixel(image, 2, 2) & 0xFFFFFF == 0xFFFFFF)

    let decoded = try Canvas(contentsOf: url)
    #expect(decoded.width == 40 && decoded.height == 30)
    expectColor(decoded.pixel(x: 15, y: 10), near: Color(hex: 0x0072B2), tolerance: 0)
}

@Test("pngData starts with the PNG signature and decodes to the same pixels")
func pngDataRoundTrip() throws {
    let canvas = try Canvas(width: 8, height: 4, background: Color(hex: 0x336699))
    let data = try canvas.pngData()
    #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    let decoded = try Canvas(pngData: data)
    expectColor(decoded.pixel(x: 7, y: 3), near: Color(hex: 0x336699), tolerance: 0)
}

@Test("writing twice replaces the file and leaves no temporary file behind")
func atomicWrite() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("figure.png")
    try Canvas(width: 4, height: 4, background: .black).writePNG(to: url)
    try Canvas(width: 6, height: 5).writePNG(to: url)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["figure.png"])
    #expect(try decodedSize(url) == (6, 5))
}

@Test("writing where a folder cannot be (under a file) is an error naming the path")
func writeUnderAFile() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("plot-\(UUID().uuidString)")
    try Data("x".utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let url = file.appendingPathComponent("figure.png")
    #expect {
        try Canvas(width: 4, height: 4).writePNG(to: url)
    } throws: { error in
        guard case PlotError.writeFailed(let path, _) = error else { return false }
        return path == url.path && "\(error)".contains("writable")
    }
}

@Test("sizes outside 1...maximumSide and undecodable bytes are errors, not crashes")
func badSizesAndBytes() {
    #expect(throws: PlotError.invalidSize(width: 0, height: 10)) { try Canvas(width: 0, height: 10) }
    #expect(throws: PlotError.invalidSize(width: 10, height: 30_000)) { try Canvas(width: 10, height: 30_000) }
    #expect(throws: PlotError.decodingFailed(byteCount: 5)) { try Canvas(pngData: Data([1, 2, 3, 4, 5])) }
    #expect(throws: PlotError.decodingFailed(byteCount: 0)) { try Canvas(pngData: Data()) }
}

@Test("a 2.5 px line at a shallow angle is anti-aliased: partial pixels, and the same ink in every column")
func antiAliasedLineIsSmooth() throws {
    let canvas = try Canvas(width: 100, height: 40)
    // Slope 10/90. A vertical cut through a stroke of width w at angle a is w / cos(a) long:
    // 2.5 * sqrt(1 + (10/90)^2) = 2.5154 pixels of ink per column.
    canvas.stroke([Point(5, 10), Point(95, 20)], width: 2.5, color: .black)
    let expected = 2.5 * (1 + (10.0 / 90) * (10.0 / 90)).squareRoot()
    var partial = 0
    var worst = 0.0
    var worstColumn = 0
    for x in 20...80 {
        var ink = 0.0
        for y in 0..<40 {
            let v = canvas.pixel(x: x, y: y).green
            ink += 1 - v
            if v > 0.04 && v < 0.96 { partial += 1 }
        }
        if abs(ink - expected) > worst {
            worst = abs(ink - expected)
            worstColumn = x
        }
    }
    // A jagged (aliased) line would put 2 or 3 whole pixels in a column, off by up to 0.5.
    #expect(worst < 0.03, "column \(worstColumn) has ink off by \(worst)")
    #expect(partial >= 61, "only \(partial) partially covered pixels: the edges are not anti-aliased")
}

@Test("a translucent stroke is one shape: it does not darken where it crosses itself")
func translucentStrokeDoesNotDoubleUp() throws {
    let canvas = try Canvas(width: 60, height: 60)
    // A zig-zag that crosses its own path twice.
    canvas.stroke([Point(5, 5), Point(55, 55), Point(55, 5), Point(5, 55)], width: 6, color: Color.black.withAlpha(0.5))
    var darkest = 1.0
    for y in 0..<60 {
        for x in 0..<60 { darkest = min(darkest, canvas.pixel(x: x, y: y).red) }
    }
    // Half black over white is 127.5/255 everywhere, crossings included.
    #expect(abs(darkest - 0.5) <= 1.5 / 255, "darkest pixel \(darkest * 255)")
}

@Test("text in Latin, Hebrew, Arabic and with an emoji draws ink and measures a width")
func textInSeveralScripts() throws {
    let canvas = try Canvas(width: 400, height: 160)
    let lines = ["loss 2.31", "שלום עולם", "مرحبا بالعالم", "party 🎉 time", "&amp; < >"]
    for (i, line) in lines.enumerated() {
        #expect(try canvas.textWidth(line, size: 20) > 20)
        try canvas.drawText(line, at: Point(10, 25 + Double(i) * 30), size: 20, color: .black)
        #expect(inkCount(canvas, x: 0..<400, y: (i * 30)..<(i * 30 + 32)) > 30, "no ink for \(line)")
    }
}

@Test("libgd text escapes '&' and replaces characters its decoder cannot read")
func libgdTextEscapes() {
    #expect(libgdText("a&b") == "a&#38;b")
    #expect(libgdText("ok 🎉") == "ok \u{FFFD}")
    #expect(libgdText("nul\u{0}") == "nul␀")
    #expect(libgdText("שלום") == "שלום")
}

@Test("a rotated title reads upwards: its ink is taller than wide")
func rotatedText() throws {
    let canvas = try Canvas(width: 100, height: 300)
    try canvas.drawText("validation loss", at: Point(50, 150), size: 20, color: .black, horizontal: .center, vertical: .middle, rotated: true)
    var xs: [Int] = []
    var ys: [Int] = []
    for y in 0..<300 {
        for x in 0..<100 where canvas.pixel(x: x, y: y).red < 0.5 {
            xs.append(x)
            ys.append(y)
        }
    }
    let (minX, maxX) = (xs.min() ?? 0, xs.max() ?? 0)
    let (minY, maxY) = (ys.min() ?? 0, ys.max() ?? 0)
    #expect(maxY - minY > 3 * (maxX - minX))
    // Centred on the anchor within a few pixels.
    #expect(abs(Double(minY + maxY) / 2 - 150) < 4)
    #expect(abs(Double(minX + maxX) / 2 - 50) < 6)
}

@Test("pixels outside the canvas read as transparent")
func pixelOutside() throws {
    let canvas = try Canvas(width: 3, height: 3)
    #expect(canvas.pixel(x: -1, y: 0).alpha == 0)
    #expect(canvas.pixel(x: 0, y: 3).alpha == 0)
    #expect(canvas.pixel(x: 2, y: 2).alpha == 1)
}
