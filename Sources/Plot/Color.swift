// Colours: an sRGB colour type, the Okabe-Ito palette for categories, and a perceptually
// uniform sequential colormap computed here in OKLab (viridis-like: dark violet to yellow).
// Leaves out colour management: everything is sRGB, blended in sRGB like most plotting tools.
import Foundation

/// An sRGB colour with straight (not premultiplied) alpha, each component in 0...1.
public struct Color: Hashable, Sendable, CustomStringConvertible {
    /// Red, 0...1.
    public var red: Double
    /// Green, 0...1.
    public var green: Double
    /// Blue, 0...1.
    public var blue: Double
    /// Opacity, 0 (transparent) ... 1 (opaque).
    public var alpha: Double

    /// A colour from its components, each 0...1.
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from 0xRRGGBB.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    /// Opaque white.
    public static let white = Color(hex: 0xFFFFFF)
    /// Opaque black.
    public static let black = Color(hex: 0x000000)

    /// The same colour with another alpha.
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// This colour painted with opacity `fraction` over an opaque `background`.
    public func over(_ background: Color, opacity fraction: Double = 1) -> Color {
        let t = max(0, min(1, fraction * alpha))
        return Color(
            red: background.red + (red - background.red) * t,
            green: background.green + (green - background.green) * t,
            blue: background.blue + (blue - background.blue) * t)
    }

    /// Relative luminance (WCAG), to pick black or white text on a filled cell.
    public var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Each 0...1 component as a byte.
    var bytes: (red: Int, green: Int, blue: Int) {
        func byte(_ c: Double) -> Int { Int((max(0, min(1, c)) * 255).rounded()) }
        return (byte(red), byte(green), byte(blue))
    }

    /// libgd's truecolor form: 7-bit alpha (0 opaque, 127 transparent), then 8-bit R, G, B.
    var gdValue: Int32 {
        let (r, g, b) = bytes
        let a = Int(((1 - max(0, min(1, alpha))) * 127).rounded())
        return Int32(a << 24 | r << 16 | g << 8 | b)
    }

    init(gdValue v: Int32) {
        self.init(
            red: Double((v >> 16) & 0xFF) / 255, green: Double((v >> 8) & 0xFF) / 255,
            blue: Double(v & 0xFF) / 255, alpha: 1 - Double((v >> 24) & 0x7F) / 127)
    }

    /// A readable form for messages and logs.
    public var description: String {
        let (r, g, b) = bytes
        let hex = String(format: "#%02X%02X%02X", r, g, b)
        return alpha < 1 ? hex + String(format: "@%.2f", alpha) : hex
    }
}

// MARK: - Palette

/// Colours for categories that stay distinguishable with the common colour-vision deficiencies.
public enum Palette {
    /// Okabe & Ito (2008), "Color Universal Design", ordered for lines on white: the pale yellow
    /// comes last because thin yellow lines are hard to see on a white background.
    public static let okabeIto: [Color] = [
        Color(hex: 0x0072B2),  // blue
        Color(hex: 0xD55E00),  // vermillion
        Color(hex: 0x009E73),  // bluish green
        Color(hex: 0xE69F00),  // orange
        Color(hex: 0xCC79A7),  // reddish purple
        Color(hex: 0x56B4E9),  // sky blue
        Color(hex: 0x000000),  // black
        Color(hex: 0xF0E442),  // yellow
    ]

    /// The colour for category `index` out of `count`: Okabe-Ito while it has enough colours,
    /// else evenly spaced samples of the sequential colormap (order is then visible too).
    public static func color(_ index: Int, of count: Int) -> Color {
        if count <= okabeIto.count - 1 { return okabeIto[((index % 7) + 7) % 7] }
        // The yellow end of the map is too pale for lines; stop at 85%.
        return Colormap.sequential.color(at: 0.85 * Double(index) / Double(max(1, count - 1)))
    }

    /// Text and axis colours.
    static let ink = Color(hex: 0x222222)
    static let secondaryInk = Color(hex: 0x555555)
    static let spine = Color(hex: 0x4D4D4D)
    static let grid = Color(hex: 0xE4E4E4)
    static let legendBorder = Color(hex: 0xC8C8C8)
}

// MARK: - Colormap

/// A sequential colormap: 0 maps to dark violet, 1 to light yellow.
///
/// Built here rather than copied: a path in OKLab (Ottosson 2020) whose lightness rises
/// linearly from 0.27 to 0.93 while the hue turns from violet through blue, teal and green to
/// yellow; chroma is reduced where a colour would fall outside sRGB; finally the path is
/// resampled at equal OKLab arc length, so equal steps in value are equal perceived steps.
/// Monotone lightness keeps it readable in greyscale and for colour-blind readers.
public struct Colormap: Sendable {
    /// 256 entries from 0 to 1.
    public let table: [Color]

    /// The viridis-like map described above, 256 entries.
    public static let sequential = Colormap(table: makeSequentialTable(entries: 256))

    /// The colour at `t` in 0...1 (clamped), linearly interpolated between table entries.
    public func color(at t: Double) -> Color {
        guard t.isFinite else { return table[0] }
        let u = max(0, min(1, t)) * Double(table.count - 1)
        let i = min(table.count - 2, Int(u))
        let f = u - Double(i)
        let a = table[i]
        let b = table[i + 1]
        return Color(
            red: a.red + (b.red - a.red) * f, green: a.green + (b.green - a.green) * f,
            blue: a.blue + (b.blue - a.blue) * f)
    }
}

/// OKLab (L, a, b) to sRGB components, which may fall outside 0...1 when out of gamut.
func oklabToSRGB(_ l: Double, _ a: Double, _ b: Double) -> (Double, Double, Double) {
    let l1 = l + 0.3963377774 * a + 0.2158037573 * b
    let m1 = l - 0.1055613458 * a - 0.0638541728 * b
    let s1 = l - 0.0894841775 * a - 1.2914855480 * b
    let (lc, mc, sc) = (l1 * l1 * l1, m1 * m1 * m1, s1 * s1 * s1)
    let r = 4.0767416621 * lc - 3.3077115913 * mc + 0.2309699292 * sc
    let g = -1.2684380046 * lc + 2.6097574011 * mc - 0.3413193965 * sc
    let bl = -0.0041960863 * lc - 0.7034186147 * mc + 1.7076147010 * sc
    func encode(_ x: Double) -> Double { x <= 0.0031308 ? 12.92 * x : 1.055 * pow(max(0, x), 1 / 2.4) - 0.055 }
    return (encode(r), encode(g), encode(bl))
}

private func makeSequentialTable(entries: Int) -> [Color] {
    // The designed path: t in 0...1 to OKLab, chroma pulled in until the colour is in gamut.
    func lab(_ t: Double) -> (Double, Double, Double) {
        let lightness = 0.27 + 0.66 * t
        let hue = (305 - 200 * t) * Double.pi / 180
        // Chroma dips in the middle (teal) and peaks at the yellow end, as in viridis.
        let wanted = 0.14 - 0.16 * t + 0.20 * t * t
        func inGamut(_ c: Double) -> Bool {
            let (r, g, b) = oklabToSRGB(lightness, c * cos(hue), c * sin(hue))
            return [r, g, b].allSatisfy { $0 >= 0 && $0 <= 1 }
        }
        // subtle: the largest in-gamut chroma found by bisection, so the path stays continuous
        // (stepping chroma down in fixed ratios would make jumps that break uniform spacing).
        var chroma = wanted
        if !inGamut(wanted) {
            var lo = 0.0
            var hi = wanted
            for _ in 0..<50 {
                let mid = (lo + hi) / 2
                if inGamut(mid) { lo = mid } else { hi = mid }
            }
            chroma = lo
        }
        return (lightness, chroma * cos(hue), chroma * sin(hue))
    }
    // Arc length along the path in OKLab.
    let samples = 2048
    var path: [(Double, Double, Double)] = []
    var arc: [Double] = [0]
    for i in 0...samples {
        let p = lab(Double(i) / Double(samples))
        if let q = path.last {
            let d = ((p.0 - q.0) * (p.0 - q.0) + (p.1 - q.1) * (p.1 - q.1) + (p.2 - q.2) * (p.2 - q.2)).squareRoot()
            arc.append(arc[arc.count - 1] + d)
        }
        path.append(p)
    }
    let total = arc[arc.count - 1]
    var table: [Color] = []
    var j = 0
    for k in 0..<entries {
        let target = total * Double(k) / Double(entries - 1)
        while j < samples - 1, arc[j + 1] < target { j += 1 }
        let f = arc[j + 1] > arc[j] ? (target - arc[j]) / (arc[j + 1] - arc[j]) : 0
        let p = path[j]
        let q = path[j + 1]
        let (r, g, b) = oklabToSRGB(p.0 + (q.0 - p.0) * f, p.1 + (q.1 - p.1) * f, p.2 + (q.2 - p.2) * f)
        table.append(Color(red: max(0, min(1, r)), green: max(0, min(1, g)), blue: max(0, min(1, b))))
    }
    return table
}
