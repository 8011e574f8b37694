// Size, scale and fonts shared by every figure, and the typographic sizes derived from them:
// on screen (1600 x 1000 px) or for a paper (3.5 or 7 inches wide at 300 dpi, text in points).
// One place sets how big text and lines are, so all figures of a report look like one family.
// Leaves out themes: the look (white, light grid, Okabe-Ito) is fixed on purpose.
import Foundation

/// The sizes a figure comes in.
public enum FigureSize: String, CaseIterable, Codable, Sendable {
    /// 1600 x 1000 px, text sized for reading on a screen.
    case screen
    /// 3.5 x 2.6 in at 300 dpi (1050 x 780 px): one column of a two-column paper, 8 pt tick labels.
    case column
    /// 7 x 4 in at 300 dpi (2100 x 1200 px): the full width of a page, 8 pt tick labels.
    case page
}

/// The size of a figure and where its fonts are.
public struct FigureStyle: Hashable, Sendable {
    /// Width in pixels at scale 1.
    public var width: Int
    /// Height in pixels at scale 1; figures whose height follows their content ignore it.
    public var height: Int
    /// Multiplies the size and everything drawn (text, lines, markers): 2 gives a 3200 px wide
    /// figure that looks the same, only sharper.
    public var scale: Double
    /// Pixels per unit of Plot's layout at scale 1. On screen it is 1 (tick labels are 21 px);
    /// paper sizes set it so tick labels are 8 pt at their resolution, whatever the width.
    public var textScale: Double
    /// The resolution at scale 1 for paper sizes (300), written into the PNG (its pHYs chunk)
    /// and giving the SVG its size in inches; nil on screen.
    public var dotsPerInch: Double?
    /// Directories searched for DejaVu Sans; nil for the usual system locations.
    public var fontDirectories: [String]?
    /// Whether figures also record what they draw as SVG (``Canvas/svgText(idPrefix:)``).
    public var recordsSVG: Bool

    /// A 1600 x 1000 px figure at scale 1 with fonts from the usual system locations.
    public init(width: Int = 1600, height: Int = 1000, scale: Double = 1, fontDirectories: [String]? = nil,
                recordsSVG: Bool = false) {
        self.width = width
        self.height = height
        self.scale = scale
        self.textScale = 1
        self.dotsPerInch = nil
        self.fontDirectories = fontDirectories
        self.recordsSVG = recordsSVG
    }

    /// A figure of a standard size; `scale` multiplies its pixels (and its resolution on paper).
    public init(size: FigureSize, scale: Double = 1, fontDirectories: [String]? = nil, recordsSVG: Bool = false) {
        self.init(scale: scale, fontDirectories: fontDirectories, recordsSVG: recordsSVG)
        guard size != .screen else { return }
        let dpi = FigureStyle.paperDotsPerInch
        let inches = size == .column ? (width: 3.5, height: 2.6) : (width: 7.0, height: 4.0)
        width = Int((inches.width * dpi).rounded())
        height = Int((inches.height * dpi).rounded())
        dotsPerInch = dpi
        // Tick labels are 21 layout units: make them 8 pt (8/72 in) at this resolution.
        textScale = FigureStyle.tickLabelPoints * dpi / 72 / 21
    }

    /// The resolution of paper sizes.
    public static let paperDotsPerInch = 300.0
    /// Tick label size on paper, in points, which sets the layout's scale there; other text
    /// has its own sizes in points (Metrics): titles 9-9.5 pt, legends 7.5 pt, the smallest 7 pt.
    public static let tickLabelPoints = 8.0

    /// Which standard size this style has at scale 1, if any.
    public var size: FigureSize? {
        FigureSize.allCases.first { candidate in
            let standard = FigureStyle(size: candidate)
            return standard.width == width && standard.height == height && standard.textScale == textScale
                && standard.dotsPerInch == dotsPerInch
        }
    }

    /// The resolution of the finished image, for paper sizes: `dotsPerInch` times the scale.
    public var pixelDotsPerInch: Double? { dotsPerInch.map { $0 * scale } }

    /// Width in pixels of the finished image.
    public var pixelWidth: Int { Int((Double(width) * scale).rounded()) }
    /// Height in pixels of the finished image.
    public var pixelHeight: Int { Int((Double(height) * scale).rounded()) }

    /// Checks the scale and finds the fonts; every figure calls this before drawing.
    func validatedFonts() throws -> FontSet {
        guard scale.isFinite, scale > 0, scale <= 16 else {
            throw PlotError.invalidParameter(name: "FigureStyle.scale", value: "\(scale)", expected: "a number in (0, 16]")
        }
        return try FontSet.locate(in: fontDirectories ?? FontSet.defaultDirectories)
    }

    /// A white canvas of this style's size, or `height` pixels tall when given.
    func makeCanvas(height overrideHeight: Int? = nil) throws -> Canvas {
        let fonts = try validatedFonts()
        let canvas = try Canvas(width: pixelWidth, height: overrideHeight ?? pixelHeight, fonts: fonts, recordsSVG: recordsSVG)
        canvas.dotsPerInch = pixelDotsPerInch
        canvas.growsForLegends = dotsPerInch != nil
        return canvas
    }

    /// Sizes in pixels at this scale; on paper, text sizes in points at this resolution.
    var metrics: Metrics { Metrics(scale: scale * textScale, pointSize: pixelDotsPerInch.map { $0 / 72 }) }
}

/// Text sizes, line widths and spacing in pixels for one scale (in layout units at scale 1).
/// On a 1600 px wide screen figure tick labels are 21 px, 1.3% of the width: a screen figure
/// shrunk into a 3.5 in column would have 3.3 pt tick labels, which is why paper sizes exist.
struct Metrics {
    /// Pixels per layout unit: lengths (margins, lines, markers) are multiples of it.
    let scale: Double
    /// Pixels per point on paper (the resolution / 72); nil on screen, where text sizes are
    /// multiples of `scale` too. On paper, text has the sizes papers use, in points.
    var pointSize: Double? = nil

    /// Title, 32 px on screen, 9.5 pt on paper.
    var titleSize: Double { pointSize.map { 9.5 * $0 } ?? 32 * scale }
    /// Subtitle, 22 px on screen, 7.5 pt on paper.
    var subtitleSize: Double { pointSize.map { 7.5 * $0 } ?? 22 * scale }
    /// Axis titles, 25 px on screen, 9 pt on paper.
    var axisTitleSize: Double { pointSize.map { 9 * $0 } ?? 25 * scale }
    /// Tick labels, 21 px on screen, 8 pt on paper.
    var tickLabelSize: Double { pointSize.map { 8 * $0 } ?? 21 * scale }
    /// Legend text, 21 px on screen, 7.5 pt on paper.
    var legendSize: Double { pointSize.map { 7.5 * $0 } ?? 21 * scale }
    /// Labels inside plots (cells, tokens), the smallest text: 19 px on screen, 7 pt on paper.
    var annotationSize: Double { pointSize.map { 7 * $0 } ?? 19 * scale }
    /// Legend rows, in legend text heights: tighter on paper, where room is short.
    var legendRowSpacing: Double { pointSize == nil ? 1.6 : 1.4 }

    var padding: Double { 30 * scale }
    var lineWidth: Double { 2.75 * scale }
    var thinLineWidth: Double { 1.5 * scale }
    var spineWidth: Double { max(1, (1.6 * scale).rounded()) }
    var gridWidth: Double { max(1, (1.25 * scale).rounded()) }
    var tickLength: Double { 8 * scale }
    var minorTickLength: Double { 4.5 * scale }
    var markerRadius: Double { 5.5 * scale }
}
