// Size, scale and fonts shared by every figure, and the typographic sizes derived from them.
// One place sets how big text and lines are, so all figures of a report look like one family.
// Leaves out themes: the look (white, light grid, Okabe-Ito) is fixed on purpose.
import Foundation

/// The size of a figure and where its fonts are.
public struct FigureStyle: Hashable, Sendable {
    /// Width in pixels at scale 1.
    public var width: Int
    /// Height in pixels at scale 1; figures whose height follows their content ignore it.
    public var height: Int
    /// Multiplies the size and everything drawn (text, lines, markers): 2 gives a 3200 px wide
    /// figure that looks the same, only sharper.
    public var scale: Double
    /// Directories searched for DejaVu Sans; nil for the usual system locations.
    public var fontDirectories: [String]?

    /// A 1600 x 1000 px figure at scale 1 with fonts from the usual system locations.
    public init(width: Int = 1600, height: Int = 1000, scale: Double = 1, fontDirectories: [String]? = nil) {
        self.width = width
        self.height = height
        self.scale = scale
        self.fontDirectories = fontDirectories
    }

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
        return try Canvas(width: pixelWidth, height: overrideHeight ?? pixelHeight, fonts: fonts)
    }

    /// Sizes in pixels at this scale.
    var metrics: Metrics { Metrics(scale: scale) }
}

/// Text sizes, line widths and spacing in pixels for one scale. At scale 1 on a 1600 px wide
/// figure these match a matplotlib figure 6.4 inches wide at 250 dpi with 10-12 pt text.
struct Metrics {
    let scale: Double

    var titleSize: Double { 32 * scale }
    var subtitleSize: Double { 22 * scale }
    var axisTitleSize: Double { 25 * scale }
    var tickLabelSize: Double { 21 * scale }
    var legendSize: Double { 21 * scale }
    var annotationSize: Double { 19 * scale }

    var padding: Double { 30 * scale }
    var lineWidth: Double { 2.75 * scale }
    var thinLineWidth: Double { 1.5 * scale }
    var spineWidth: Double { max(1, (1.6 * scale).rounded()) }
    var gridWidth: Double { max(1, (1.25 * scale).rounded()) }
    var tickLength: Double { 8 * scale }
    var minorTickLength: Double { 4.5 * scale }
    var markerRadius: Double { 5.5 * scale }
}
