// The glyph cache against its reference, libgd's own FreeType renderer: every pixel and every
// measured width must be the same, whatever the script, size, weight, colour or direction.
import CGD
import Foundation
import Testing
@testable import Plot

/// Two canvases with the same tinted, partly covered background, so blending shows.
private func backgrounds(width: Int, height: Int) throws -> (Canvas, Canvas) {
    let pair = (try Canvas(width: width, height: height, background: Color(hex: 0xE6EEF7)),
                try Canvas(width: width, height: height, background: Color(hex: 0xE6EEF7)))
    for canvas in [pair.0, pair.1] {
        canvas.fill(Rect(x: 0, y: 0, width: Double(width) / 2, height: Double(height) / 2), color: Color(hex: 0xD55E00, alpha: 0.4))
    }
    return pair
}

/// The first pixel where two canvases differ, or nil.
private func firstDifference(_ a: Canvas, _ b: Canvas) -> (x: Int, y: Int, Color, Color)? {
    for y in 0..<a.height {
        for x in 0..<a.width where a.pixel(x: x, y: y) != b.pixel(x: x, y: y) {
            return (x, y, a.pixel(x: x, y: y), b.pixel(x: x, y: y))
        }
    }
    return nil
}

private let texts = [
    "loss 2.31", "AVAST Wavy To. fi", "שלום עולם", "party 🎉 time", "&amp; < > &#38;", "nul\u{0}x", "", " ",
    "first\nsecond", "−3.5 × 10⁻⁴ ␣↵ β", "j starts left", "validation loss (best 2.174 at step 1000)",
]
private let styles: [(size: Double, weight: FontWeight, color: Color)] = [
    (21, .regular, Color(hex: 0x222222)), (32, .bold, Color(hex: 0x222222)), (19, .regular, Color(hex: 0x0072B2, alpha: 0.35)),
    (12.6, .regular, .black), (27, .regular, Color.black.withAlpha(0.02)), (22, .bold, Color(hex: 0xFFFFFF)),
    (16.2, .regular, Color(hex: 0x555555)), (25, .regular, Color(hex: 0x222222)), (50, .bold, Color(hex: 0xD55E00, alpha: 0.7)),
    (21, .regular, Color.black.withAlpha(0.5)), (13, .bold, .black), (21, .regular, Color(hex: 0x222222)),
]

@Test("horizontal text from the glyph cache has libgd's pixels and box", arguments: zip(texts, styles))
func horizontalTextMatchesLibgd(text: String, style: (size: Double, weight: FontWeight, color: Color)) throws {
    let (cached, reference) = try backgrounds(width: 700, height: 130)
    // A fractional origin near the left edge: rounding and clipping must agree too.
    let origin = Point(3.6, 60.4)
    let box = try cached.renderText(text, at: origin, size: style.size, color: style.color, weight: style.weight, rotation: .none, draw: true)
    let expected = try reference.renderTextWithLibgd(
        text, at: origin, size: style.size, color: style.color, weight: style.weight, angle: 0, draw: true)
    #expect(box == expected)
    // Measuring is drawing nothing at x = 0.
    let measured = try reference.renderTextWithLibgd(
        text, at: Point(0, 0), size: style.size, color: style.color, weight: style.weight, angle: 0, draw: false)
    #expect(try cached.textWidth(text, size: style.size, weight: style.weight) == Double(measured.maxX - measured.minX))
    let difference = firstDifference(cached, reference)
    #expect(difference == nil, "first differing pixel: \(String(describing: difference))")
}

@Test("rotated text from the glyph cache has libgd's pixels", arguments: zip(texts.prefix(4), styles.prefix(4)))
func rotatedTextMatchesLibgd(text: String, style: (size: Double, weight: FontWeight, color: Color)) throws {
    let (cached, reference) = try backgrounds(width: 90, height: 400)
    let origin = Point(50, 380)
    try cached.renderText(text, at: origin, size: style.size, color: style.color, weight: style.weight, rotation: .quarterTurn, draw: true)
    try reference.renderTextWithLibgd(text, at: origin, size: style.size, color: style.color, weight: style.weight, angle: .pi / 2, draw: true)
    let difference = firstDifference(cached, reference)
    #expect(difference == nil, "first differing pixel: \(String(describing: difference))")
}

@Test("text partly outside the canvas is clipped the way libgd clips it")
func clippedTextMatchesLibgd() throws {
    let (cached, reference) = try backgrounds(width: 60, height: 20)
    for origin in [Point(-7, 15), Point(40, 4), Point(20, 30)] {
        try cached.renderText("Wavy 12", at: origin, size: 21, color: .black, weight: .regular, rotation: .none, draw: true)
        try reference.renderTextWithLibgd("Wavy 12", at: origin, size: 21, color: .black, weight: .regular, angle: 0, draw: true)
    }
    #expect(firstDifference(cached, reference) == nil)
}

@Test("the blend formula equals libgd's gdAlphaBlend over opaque, translucent and transparent pixels")
func blendMatchesLibgd() {
    var mismatches: [(Int32, Int32)] = []
    for destinationAlpha: Int32 in [0, 1, 16, 126, 127] {
        for sourceAlpha: Int32 in [0, 1, 40, 63, 64, 126, 127] {
            for (d, s) in [(0xFFFFFF, 0x222222), (0x123456, 0xD55E00), (0x000000, 0xFFFFFF), (0xE6EEF7, 0x0072B2)] as [(Int32, Int32)] {
                let destination = destinationAlpha << 24 | d
                let source = sourceAlpha << 24 | s
                if libgdAlphaBlend(destination, source) != gdAlphaBlend(destination, source) { mismatches.append((destination, source)) }
            }
        }
    }
    #expect(mismatches.isEmpty, "differs for (destination, source) \(mismatches.prefix(3))")
}

@Test("NUL is drawn as its control picture and characters beyond the BMP as U+FFFD, as libgd reads libgdText")
func drawableScalarsMatchLibgdText() {
    #expect(drawableScalars("a\u{0}🎉&") == [0x61, 0x2400, 0xFFFD, 0x26])
    #expect(drawableScalars("") == [])
}

@Test("text drawn on eight threads at once, filling the cache together, matches text drawn on one")
func concurrentTextMatchesSerial() throws {
    // Sizes no other test uses, so the threads miss the cache at the same time.
    let sizes = (0..<8).map { 30.25 + Double($0) }
    @Sendable func draw(_ size: Double) throws -> [Color] {
        let canvas = try Canvas(width: 260, height: 50)
        try canvas.drawText("Quartz ΣΩ 0.125", at: Point(4, 38), size: size, color: .black)
        return (0..<50).flatMap { y in (0..<260).map { canvas.pixel(x: $0, y: y) } }
    }
    let results = ResultSlots(count: sizes.count)
    DispatchQueue.concurrentPerform(iterations: sizes.count) { i in results.set(i, try? draw(sizes[i])) }
    for (i, size) in sizes.enumerated() {
        let parallel = try #require(results.value(i))
        #expect(parallel == (try draw(size)), "size \(size) differs")
    }
}

/// One slot per thread, written under a lock.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[Color]?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: [Color]?) {
        lock.lock()
        defer { lock.unlock() }
        slots[i] = value
    }

    func value(_ i: Int) -> [Color]? {
        lock.lock()
        defer { lock.unlock() }
        return slots[i]
    }
}
