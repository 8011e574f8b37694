// The PNG encoder: files decode through libgd (libpng checks every chunk CRC and the zlib
// checksum) to exactly the pixels that were drawn, whatever the size.
import CGD
import Foundation
import Testing
@testable import Plot

/// A canvas whose every pixel differs from its neighbours: colour (x * 7, y * 13, x * y) mod 256.
private func patterned(width: Int, height: Int) throws -> Canvas {
    let canvas = try Canvas(width: width, height: height)
    for y in 0..<height {
        for x in 0..<width {
            let color = Color(hex: UInt32((x * 7) % 256) << 16 | UInt32((y * 13) % 256) << 8 | UInt32((x * y) % 256))
            canvas.fill(Rect(x: Double(x), y: Double(y), width: 1, height: 1), color: color)
        }
    }
    return canvas
}

@Test("every pixel decodes to the colour drawn, for sizes that are not multiples of the row batch", arguments: [
    (1, 1), (1, 40), (33, 17), (5, 16),
])
func roundTripExact(width: Int, height: Int) throws {
    let canvas = try patterned(width: width, height: height)
    let decoded = try Canvas(pngData: try canvas.pngData())
    #expect(decoded.width == width && decoded.height == height)
    var mismatches = 0
    for y in 0..<height {
        for x in 0..<width where decoded.pixel(x: x, y: y) != canvas.pixel(x: x, y: y) { mismatches += 1 }
    }
    #expect(mismatches == 0)
}

@Test("the file is 8-bit RGB: IHDR says colour type 2, and a flat canvas compresses to under 1% of its raw rows")
func headerAndSize() throws {
    let data = try Canvas(width: 300, height: 200, background: Color(hex: 0x336699)).pngData()
    let bytes = [UInt8](data)
    // Signature (8), IHDR length (4) and "IHDR" (4), width and height (8), then bit depth and colour type.
    #expect(Array(bytes[12..<16]) == Array("IHDR".utf8))
    #expect(Array(bytes[16..<24]) == [0, 0, 1, 44, 0, 0, 0, 200])
    #expect(bytes[24] == 8 && bytes[25] == 2)
    #expect(Array(bytes.suffix(8).prefix(4)) == Array("IEND".utf8))
    // Raw rows: 200 x (1 filter byte + 300 x 3) = 180,200 bytes; deflate matches are at most 258 bytes long.
    #expect(bytes.count < 1802)
}

/// The chunks of a PNG file in order: type and data.
func pngChunks(_ data: Data) -> [(type: String, data: [UInt8])] {
    let bytes = [UInt8](data)
    var chunks: [(String, [UInt8])] = []
    var at = 8
    while at + 8 <= bytes.count {
        let length = bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
        let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
        chunks.append((type, Array(bytes[at + 8..<min(bytes.count, at + 8 + length)])))
        at += 12 + length
    }
    return chunks
}

@Test("a paper-size figure's PNG says 300 dpi in a pHYs chunk before its data; screen figures have none")
func resolutionChunk() throws {
    let paper = try FigureStyle(size: .column).makeCanvas()
    let chunks = pngChunks(try paper.pngData())
    #expect(chunks.map(\.type) == ["IHDR", "pHYs", "IDAT", "IEND"])
    // 300 dpi = 300 / 0.0254 = 11811 pixels per metre = 0x00002E23, along x and y; unit 1 is the metre.
    #expect(chunks[1].data == [0, 0, 0x2E, 0x23, 0, 0, 0x2E, 0x23, 1])
    #expect(chunks[0].data.prefix(8) == [0, 0, 0x04, 0x1A, 0, 0, 0x03, 0x0C])  // 1050 x 780
    // libgd (libpng) still reads it, CRCs included.
    #expect(try Canvas(pngData: try paper.pngData()).width == 1050)
    #expect(pngChunks(try Canvas(width: 10, height: 10).pngData()).map(\.type) == ["IHDR", "IDAT", "IEND"])
}
