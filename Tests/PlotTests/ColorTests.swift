// Colours: hex and libgd forms, blending, the Okabe-Ito palette and the computed colormap.
import Foundation
import Testing
@testable import Plot

@Test("hex colours convert to libgd's truecolor form and back")
func gdRoundTrip() {
    let c = Color(hex: 0xD55E00)
    #expect(c.gdValue == 0xD55E00)
    #expect(Color(hex: 0x0072B2, alpha: 0).gdValue == 0x7F00_72B2)
    #expect(Color(gdValue: 0x00D5_5E00) == c)
    #expect(c.description == "#D55E00")
}

@Test("a colour at half opacity over white lies halfway to white")
func blending() {
    let c = Color.black.over(.white, opacity: 0.5)
    #expect(abs(c.red - 0.5) < 1e-12 && abs(c.blue - 0.5) < 1e-12)
    expectColor(Color(hex: 0x0072B2).over(.white, opacity: 1), near: Color(hex: 0x0072B2), tolerance: 1e-9)
}

@Test("the palette is Okabe-Ito with blue first and yellow last; more categories use the colormap")
func palette() {
    #expect(Palette.okabeIto.count == 8)
    #expect(Palette.okabeIto.first == Color(hex: 0x0072B2))
    #expect(Palette.okabeIto.last == Color(hex: 0xF0E442))
    #expect(Palette.color(1, of: 3) == Color(hex: 0xD55E00))
    #expect(Palette.color(0, of: 12) == Colormap.sequential.color(at: 0))
}

/// sRGB to OKLab (Ottosson 2020), to measure the colormap's perceptual steps.
private func oklab(_ c: Color) -> (Double, Double, Double) {
    func linear(_ v: Double) -> Double { v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
    let (r, g, b) = (linear(c.red), linear(c.green), linear(c.blue))
    let l = cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b)
    let m = cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b)
    let s = cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b)
    return (0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
            1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
            0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s)
}

@Test("the colormap runs dark to light with rising lightness and equal perceptual steps")
func colormapIsUniform() {
    let table = Colormap.sequential.table
    #expect(table.count == 256)
    let lab = table.map(oklab)
    #expect(abs(lab[0].0 - 0.27) < 0.02)
    #expect(abs(lab[255].0 - 0.93) < 0.02)
    for i in 1..<256 { #expect(lab[i].0 > lab[i - 1].0, "lightness falls at entry \(i)") }
    let steps = (1..<256).map { i in
        let (a, b) = (lab[i - 1], lab[i])
        return ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) + (a.2 - b.2) * (a.2 - b.2)).squareRoot()
    }
    let smallest = steps.min() ?? 0
    let largest = steps.max() ?? 1
    #expect(largest / smallest < 1.15, "steps range from \(smallest) to \(largest)")
    // Ends: violet (blue above red, little green) and yellow (red and green above blue).
    #expect(table[0].blue > table[0].red && table[0].green < 0.15)
    #expect(table[255].red > 0.8 && table[255].green > 0.8 && table[255].blue < 0.4)
}

@Test("colormap lookups clamp and interpolate")
func colormapLookup() {
    let map = Colormap.sequential
    #expect(map.color(at: -1) == map.table[0])
    #expect(map.color(at: 2) == map.table[255])
    #expect(map.color(at: .nan) == map.table[0])
    let mid = map.color(at: 0.5 / 255)
    #expect(abs(mid.green - (map.table[0].green + map.table[1].green) / 2) < 1e-12)
}
