// Helpers shared by the Plot tests: a private temporary directory per test, a small figure
// style so debug builds stay fast, and colour comparisons that say which channel differed.
import Foundation
import Testing
@testable import Plot

/// A new empty directory for one test; the caller removes it.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("PlotTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// 480 x 300 px: big enough for a legible layout, small enough for debug builds.
let smallStyle = FigureStyle(width: 800, height: 500, scale: 0.6)

/// Checks two colours agree within `tolerance` per channel (in 0...255 units) and reports the
/// channel that differed most.
func expectColor(
    _ actual: Color, near expected: Color, tolerance: Double = 3, sourceLocation: SourceLocation = #_sourceLocation
) {
    let differences = [
        ("red", abs(actual.red - expected.red) * 255), ("green", abs(actual.green - expected.green) * 255),
        ("blue", abs(actual.blue - expected.blue) * 255),
    ]
    let worst = differences.max { $0.1 < $1.1 } ?? ("red", 0)
    #expect(
        worst.1 <= tolerance,
        "colour \(actual) is not \(expected): \(worst.0) differs by \(String(format: "%.1f", worst.1)) (tolerance \(tolerance))",
        sourceLocation: sourceLocation)
}

/// How many pixels in the rectangle differ from `background` by more than a few levels.
func inkCount(_ canvas: Canvas, x: Range<Int>, y: Range<Int>, background: Color = .white) -> Int {
    var count = 0
    for j in y {
        for i in x {
            let c = canvas.pixel(x: i, y: j)
            if abs(c.red - background.red) + abs(c.green - background.green) + abs(c.blue - background.blue) > 0.05 { count += 1 }
        }
    }
    return count
}

/// Whether the PNG at `url` decodes to an image of the given size.
func decodedSize(_ url: URL) throws -> (Int, Int) {
    let canvas = try Canvas(contentsOf: url)
    return (canvas.width, canvas.height)
}
