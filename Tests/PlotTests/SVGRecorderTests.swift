// The SVG twin of a figure: its text, colours, escaping and ids, and the test that matters most,
// a real renderer (rsvg-convert, from librsvg2-bin) drawing the SVG to the same picture as the PNG.
import Foundation
import Testing
@testable import Plot

/// rsvg-convert on the PATH (or in /usr/bin), if installed.
let rsvgConvert: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"])
        .map { $0 + "/rsvg-convert" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// The SVG rendered by rsvg-convert at `width` x `height` pixels, decoded.
func renderWithRsvg(_ svg: String, width: Int, height: Int) throws -> Canvas {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("figure.svg")
    let output = folder.appendingPathComponent("figure.png")
    try Data(svg.utf8).write(to: input)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(rsvgConvert))
    process.arguments = ["-w", String(width), "-h", String(height), "-b", "white", "-o", output.path, input.path]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "rsvg-convert failed on the SVG")
    return try Canvas(contentsOf: output)
}

/// How far two images of one size are apart, in 0...255 units: the mean absolute difference
/// over all pixels and channels, and the largest difference between the means of corresponding
/// `block` x `block` squares among those `compared(x, y)` accepts (by their top-left pixel).
func imageDifference(_ a: Canvas, _ b: Canvas, block: Int, compared: (Int, Int) -> Bool = { _, _ in true })
    -> (mean: Double, worstBlock: Double, at: (x: Int, y: Int), blocks: Int)
{
    let (p, q) = (a.rgbValues(), b.rgbValues())
    let width = a.width
    var total = 0
    var worst = 0.0
    var worstAt = (x: 0, y: 0)
    var blocks = 0
    for by in stride(from: 0, to: a.height, by: block) {
        for bx in stride(from: 0, to: width, by: block) {
            var sums = [0, 0, 0, 0, 0, 0]  // a's red, green, blue, then b's
            var count = 0
            for y in by..<min(a.height, by + block) {
                for x in bx..<min(width, bx + block) {
                    let (u, v) = (Int(p[y * width + x]), Int(q[y * width + x]))
                    for (c, shift) in [16, 8, 0].enumerated() {
                        let (cu, cv) = ((u >> shift) & 0xFF, (v >> shift) & 0xFF)
                        total += abs(cu - cv)
                        sums[c] += cu
                        sums[c + 3] += cv
                    }
                    count += 1
                }
            }
            guard compared(bx, by) else { continue }
            blocks += 1
            for c in 0..<3 where Double(abs(sums[c] - sums[c + 3])) / Double(count) > worst {
                worst = Double(abs(sums[c] - sums[c + 3])) / Double(count)
                worstAt = (bx, by)
            }
        }
    }
    return (Double(total) / Double(a.width * a.height * 3), worst, worstAt, blocks)
}

/// Where two images differ, as a summed-area table: entry (y, x) of the (height + 1) x (width + 1)
/// table counts the differing pixels above and left of (x, y). Where text is, when `a` is the SVG
/// rendered with its text and `b` without it.
func differingPixels(_ a: Canvas, _ b: Canvas) -> (table: [Int], width: Int, height: Int) {
    let (p, q) = (a.rgbValues(), b.rgbValues())
    let (w, h) = (a.width, a.height)
    var table = [Int](repeating: 0, count: (w + 1) * (h + 1))
    for y in 0..<h {
        var row = 0
        for x in 0..<w {
            row += p[y * w + x] != q[y * w + x] ? 1 : 0
            table[(y + 1) * (w + 1) + x + 1] = table[y * (w + 1) + x + 1] + row
        }
    }
    return (table, w, h)
}

/// Whether no differing pixel is within `margin` pixels of the `block` x `block` square at (x, y).
func clear(_ mask: (table: [Int], width: Int, height: Int), x: Int, y: Int, block: Int, margin: Int) -> Bool {
    let (x0, y0) = (max(0, x - margin), max(0, y - margin))
    let (x1, y1) = (min(mask.width, x + block + margin), min(mask.height, y + block + margin))
    let stride = mask.width + 1
    let t = mask.table
    return t[y1 * stride + x1] - t[y0 * stride + x1] - t[y1 * stride + x0] + t[y0 * stride + x0] == 0
}

/// The kinds of figure, by name.
let figureNames = ["loss", "embeddings", "sample", "curves", "by axis", "heatmap", "parallel", "importance"]

/// A small figure of one kind, drawn in `style`.
func figure(named name: String, style: FigureStyle) throws -> Canvas {
    let runs = (0..<12).map { i in
        let lr = [0.03, 0.1, 0.3, 1.0][i % 4]
        let e = [4.0, 8, 16][i / 4]
        let final = 2 + abs(log10(lr) + 1) * 0.4 + 8 / e * 0.1
        return SweepRun(
            id: "lr=\(lr)_e=\(e)", values: ["learning_rate": .number(lr), "embedding_dim": .number(e)], seed: 1,
            validation: (0...10).map { (x: Double($0 * 100), y: final + 2 * exp(-Double($0) / 3)) },
            finalValidationLoss: final, diverged: false)
    }
    switch name {
    case "loss": return try FigureBenchmark.lossFigure(style: style).render()
    case "embeddings": return try FigureBenchmark.embeddingFigure(style: style).render()
    case "sample": return try FigureBenchmark.sampleFigure(style: style).render()
    case "curves": return try SweepCurvesFigure(title: "sweep · validation", runs: runs, style: style).render()
    case "by axis": return try SweepAxisFigure(title: "sweep · by learning rate", runs: runs, axis: "learning_rate", style: style).render()
    case "heatmap": return try SweepHeatmapFigure(title: "sweep", runs: runs, columnAxis: "learning_rate", rowAxis: "embedding_dim", style: style).render()
    case "parallel": return try ParallelCoordinatesFigure(title: "sweep · every run", runs: runs, style: style).render()
    default:
        return try ImportanceFigure(title: "sweep · what mattered", shares: [("learning_rate", 0.62), ("embedding_dim", 0.3)],
                                    residual: 0.08, style: style).render()
    }
}

/// Every kind of figure, drawn in `style`.
func everyFigure(style: FigureStyle) throws -> [(String, Canvas)] {
    try figureNames.map { ($0, try figure(named: $0, style: style)) }
}

@Suite struct SVGRecorderTests {
    let style = FigureStyle(width: 800, height: 500, scale: 0.6, recordsSVG: true)

    @Test("numbers are written to a hundredth without trailing zeros or exponents")
    func numbers() {
        #expect(svgNumber(12.5, places: 2) == "12.5")
        #expect(svgNumber(-3, places: 2) == "-3")
        #expect(svgNumber(0.07, places: 2) == "0.07")
        #expect(svgNumber(0.004, places: 2) == "0")
        #expect(svgNumber(-0.004, places: 2) == "0")
        #expect(svgNumber(1234.567, places: 2) == "1234.57")
        #expect(svgNumber(0.5, places: 3) == "0.5")
        #expect(svgNumber(2.625, places: 3) == "2.625")
        #expect(svgNumber(.nan, places: 2) == "0")
    }

    @Test("text is text in DejaVu Sans with the colour and size drawn, and markup in it is escaped")
    func textElements() throws {
        let canvas = try Canvas(width: 200, height: 100, recordsSVG: true)
        try canvas.drawText("a <b> & \"c\"", at: Point(100, 50), size: 20, color: Color(hex: 0xD55E00), weight: .bold,
                            horizontal: .center, vertical: .baseline)
        try canvas.drawText("up", at: Point(20, 50), size: 10, color: Color(hex: 0x222222, alpha: 0.5), rotated: true)
        let svg = try #require(canvas.svgText())
        #expect(svg.contains("font-family=\"DejaVu Sans, sans-serif\""))
        #expect(svg.contains(##"<text x="100" y="50" font-size="20" font-weight="bold" fill="#D55E00" text-anchor="middle">a &lt;b&gt; &amp; &quot;c&quot;</text>"##))
        #expect(svg.contains(##"fill="#222222" fill-opacity="0.5" transform="rotate(-90 20 50)">up</text>"##))
        #expect(!svg.contains("<b>"))
    }

    @Test("a canvas that does not record has no SVG, and writing one is an error")
    func notRecording() throws {
        let canvas = try Canvas(width: 10, height: 10)
        #expect(canvas.svgText() == nil)
        #expect(throws: PlotError.self) { try canvas.writeSVG(to: URL(fileURLWithPath: "/tmp/never.svg")) }
    }

    @Test("clip paths and gradients get ids with the prefix asked for; groups carry escaped titles")
    func idsAndGroups() throws {
        let canvas = try Canvas(width: 100, height: 100, recordsSVG: true)
        canvas.beginGroup(title: "run <1>")
        canvas.stroke([Point(0, 0), Point(100, 100)], width: 2, color: .black, clip: Rect(x: 10, y: 10, width: 50, height: 50))
        canvas.endGroup()
        canvas.fillGradient(Rect(x: 0, y: 0, width: 10, height: 100), vertical: true) { Color(red: $0, green: 0, blue: 0) }
        let svg = try #require(canvas.svgText(idPrefix: "fig1-"))
        #expect(svg.contains(#"<clipPath id="fig1-c0"><rect x="10" y="10" width="50" height="50"/></clipPath>"#))
        #expect(svg.contains(##"clip-path="url(#fig1-c0)""##))
        #expect(svg.contains(#"<linearGradient id="fig1-g0""#) && svg.contains(##"fill="url(#fig1-g0)""##))
        #expect(svg.contains("<g><title>run &lt;1&gt;</title>"))
        #expect(!svg.contains("<>"))
    }

    @Test("paper sizes give the SVG its size in inches over the same pixel view box")
    func inches() throws {
        let canvas = try FigureStyle(size: .column, recordsSVG: true).makeCanvas()
        let svg = try #require(canvas.svgText())
        #expect(svg.contains(#"width="3.5in" height="2.6in" viewBox="0 0 1050 780""#))
    }

    /// The PNG and the SVG rendered by rsvg-convert, with and without its text, and how far
    /// they are apart: over all pixels, and in the 8 x 8 blocks more than 6 px from any text.
    func compare(_ canvas: Canvas, svg: String) throws
        -> (all: Double, shapes: Double, at: (x: Int, y: Int), shapeBlocks: Int, blocks: Int)
    {
        let rendered = try renderWithRsvg(svg, width: canvas.width, height: canvas.height)
        try #require(rendered.width == canvas.width && rendered.height == canvas.height)
        let shapesOnly = try renderWithRsvg(svg.replacingOccurrences(of: "<text ", with: "<text display=\"none\" "),
                                            width: canvas.width, height: canvas.height)
        let text = differingPixels(rendered, shapesOnly)
        let all = imageDifference(canvas, rendered, block: 8)
        let shapes = imageDifference(canvas, rendered, block: 8) { clear(text, x: $0, y: $1, block: 8, margin: 6) }
        return (all.mean, shapes.worstBlock, shapes.at, shapes.blocks, all.blocks)
    }

    // Tolerances, measured on these figures with librsvg 2.54 (mean 2.5-6.9, shape blocks 0.1-12.8):
    // - all pixels, mean absolute difference <= 10 of 255: rsvg (pango) rounds glyph advances to
    //   whole pixels and hints differently, so text drifts by up to a few pixels along a label;
    //   text-heavy figures (the sample, embedding labels) differ most.
    // - 8 x 8 blocks away from text (more than 6 px), largest difference of block means <= 24
    //   of 255: both renderers anti-alias exact coverage, but differ in how they cover a pixel's
    //   edge; a line moved by half a pixel changes an 8 px block's mean by at most 1/16 of its
    //   contrast (16 for black on white), and dashes may start at a different phase. A missing
    //   or wrongly coloured shape changes a block by far more (the last check).
    @Test("rsvg-convert draws each figure's SVG as its PNG: same size, pixels within anti-aliasing and font differences",
          .enabled(if: rsvgConvert != nil, "rsvg-convert is not installed (Debian: apt-get install librsvg2-bin; .ci/setup installs it)"),
          arguments: figureNames)
    func rendersLikeThePNG(name: String) throws {
        let canvas = try figure(named: name, style: style)
        let d = try compare(canvas, svg: try #require(canvas.svgText()))
        #expect(d.all <= 10, "mean difference \(d.all)")
        #expect(d.shapes <= 24, "block at \(d.at) differs by \(d.shapes)")
        // A good part of each figure is compared, not only its margins (a quarter of the text-heavy sample).
        #expect(d.shapeBlocks * 4 >= d.blocks, "only \(d.shapeBlocks) of \(d.blocks) blocks are clear of text")
    }

    @Test("the comparison sees a shape of the wrong colour: the curves' blue drawn as vermillion",
          .enabled(if: rsvgConvert != nil, "rsvg-convert is not installed (Debian: apt-get install librsvg2-bin; .ci/setup installs it)"))
    func seesWrongColour() throws {
        let curves = try figure(named: "curves", style: style)
        let wrong = try #require(curves.svgText()).replacingOccurrences(of: "#0072B2", with: "#D55E00")
        #expect(try compare(curves, svg: wrong).shapes > 24)
    }
}
