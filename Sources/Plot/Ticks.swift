// Where axis ticks go and how their labels read: 1-2-5 steps on linear axes, decades with
// minor ticks on log axes, labels with as many decimals as the step needs and a true minus.
// Leaves out dates and angles; every axis here counts steps, tokens, losses or hyperparameters.
import Foundation

enum Ticks {
    /// Ticks at multiples of the smallest 1-2-5 step (m x 10^k, m in {1, 2, 5}) that puts at
    /// most `maxCount` of them inside [lo, hi] and is at least `minimumStep` (1 for counts such
    /// as steps). A zero-width range gives the one value.
    static func linear(from lo: Double, to hi: Double, maxCount: Int, minimumStep: Double = 0) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [] }
        let (lo, hi) = lo <= hi ? (lo, hi) : (hi, lo)
        let span = hi - lo
        guard span.isFinite else { return [lo, hi] }
        // subtle: a span below the precision of the values cannot be divided into steps.
        if span <= max(abs(lo), abs(hi)) * 1e-12 || span == 0 { return [lo] }
        let count = max(1, maxCount)
        var exponent = Int((log10(span / Double(count))).rounded(.down)) - 1
        if minimumStep > 0 { exponent = max(exponent, Int(log10(minimumStep).rounded(.down))) }
        while exponent < 400 {
            for m in [1.0, 2.0, 5.0] {
                let step = m * pow(10, Double(exponent))
                if step < minimumStep { continue }
                let first = (lo / step - 1e-9).rounded(.up)
                let last = (hi / step + 1e-9).rounded(.down)
                if last - first + 1 <= Double(count) {
                    return stride(from: first, through: last, by: 1).map { value(k: $0, m: m, exponent: exponent) }
                }
            }
            exponent += 1
        }
        return [lo, hi]
    }

    /// k x m x 10^exponent computed so that it is the double nearest the decimal value
    /// (0.6, not 0.6000000000000001): divide by a power of ten rather than multiply by its inverse.
    private static func value(k: Double, m: Double, exponent: Int) -> Double {
        let v = exponent >= 0 ? k * m * pow(10, Double(exponent)) : k * m / pow(10, Double(-exponent))
        return v == 0 ? 0 : v  // no negative zero
    }

    /// The 1-2-5 step of a list of linear ticks (their spacing), or 1 for fewer than two.
    static func step(of ticks: [Double]) -> Double {
        ticks.count >= 2 ? abs(ticks[1] - ticks[0]) : 1
    }

    /// Powers of ten inside [lo, hi] (both positive); every n-th one when there are more than
    /// `maxCount`, so a range of hundreds of decades still gets a handful of labels.
    static func decades(from lo: Double, to hi: Double, maxCount: Int) -> [Double] {
        guard lo > 0, hi > 0, lo.isFinite, hi.isFinite else { return [] }
        let (lo, hi) = lo <= hi ? (lo, hi) : (hi, lo)
        let first = Int((log10(lo) - 1e-9).rounded(.up))
        let last = Int((log10(hi) + 1e-9).rounded(.down))
        guard first <= last else { return [] }
        let every = max(1, Int((Double(last - first + 1) / Double(max(1, maxCount))).rounded(.up)))
        return stride(from: first, through: last, by: 1).filter { ($0 - first) % every == 0 }.map { decade($0) }
    }

    /// m x 10^k for m = 2...9, inside [lo, hi]: unlabelled minor ticks of a log axis.
    static func logMinor(from lo: Double, to hi: Double) -> [Double] {
        guard lo > 0, hi > 0, lo.isFinite, hi.isFinite else { return [] }
        let (lo, hi) = lo <= hi ? (lo, hi) : (hi, lo)
        let first = Int(log10(lo).rounded(.down))
        let last = Int(log10(hi).rounded(.down))
        guard last - first <= 60 else { return [] }
        var ticks: [Double] = []
        for k in first...last {
            for m in 2...9 {
                let v = Double(m) * decade(k)
                if v >= lo * (1 - 1e-12), v <= hi * (1 + 1e-12) { ticks.append(v) }
            }
        }
        return ticks
    }

    /// 1, 2 and 5 times each power of ten inside [lo, hi]: labels for a log axis spanning
    /// only a decade or two, where decades alone would leave it nearly unlabelled.
    static func logOneTwoFive(from lo: Double, to hi: Double) -> [Double] {
        guard lo > 0, hi > 0, lo.isFinite, hi.isFinite else { return [] }
        let first = Int(log10(min(lo, hi)).rounded(.down))
        let last = Int(log10(max(lo, hi)).rounded(.down))
        guard last - first <= 60 else { return [] }
        var ticks: [Double] = []
        for k in first...last {
            for m in [1.0, 2.0, 5.0] {
                let v = m * decade(k)
                if v >= min(lo, hi) * (1 - 1e-12), v <= max(lo, hi) * (1 + 1e-12) { ticks.append(v) }
            }
        }
        return ticks
    }

    /// The major ticks of a log axis: decades when at least three fit, else 1-2-5 multiples
    /// when at least three of those fit, else linear 1-2-5 ticks (for ranges inside a decade).
    static func log(from lo: Double, to hi: Double, maxCount: Int) -> [Double] {
        let d = decades(from: lo, to: hi, maxCount: maxCount)
        if d.count >= 3 { return d }
        let ots = logOneTwoFive(from: lo, to: hi)
        if ots.count >= 3, ots.count <= maxCount { return ots }
        return linear(from: lo, to: hi, maxCount: maxCount).filter { $0 > 0 }
    }

    /// 10^k as the double nearest the decimal value.
    static func decade(_ k: Int) -> Double {
        k >= 0 ? pow(10, Double(k)) : 1 / pow(10, Double(-k))
    }

    // MARK: - Labels

    /// Labels for linear ticks: as many decimals as the step needs; SI suffixes (k, M, G) once
    /// values reach 100 000; powers of ten for tiny values. All ticks share one format.
    static func labels(for ticks: [Double]) -> [String] {
        let step = step(of: ticks)
        let largest = ticks.map(abs).max() ?? 0
        if largest >= 1e5 && largest < 1e15 {
            let (unit, suffix) = largest >= 1e12 ? (1e12, "T") : largest >= 1e9 ? (1e9, "G") : largest >= 1e6 ? (1e6, "M") : (1e3, "k")
            let scaled = ticks.map { $0 / unit }
            var decimals = decimalsFor(step: step / unit)
            while decimals < 12, !scaled.allSatisfy({ isExact($0, decimals: decimals) }) { decimals += 1 }
            return scaled.map { $0 == 0 ? "0" : fixed($0, decimals: decimals) + suffix }
        }
        if largest >= 1e15 || (largest > 0 && largest < 1e-3) {
            return ticks.map(scientific)
        }
        var decimals = decimalsFor(step: step)
        // Ticks not on a 1-2-5 grid (0.25) need more decimals than their step suggests.
        while decimals < 12, !ticks.allSatisfy({ isExact($0, decimals: decimals) }) { decimals += 1 }
        return ticks.map { fixed($0, decimals: decimals) }
    }

    /// Whether `v` printed with `decimals` decimals reads back as itself (to 1e-9 relative).
    private static func isExact(_ v: Double, decimals: Int) -> Bool {
        let scaled = v * pow(10, Double(decimals))
        return abs(scaled - scaled.rounded()) <= max(1e-9 * abs(scaled), 1e-6)
    }

    /// A label for a tick of a log axis: plain decimals between 0.001 and 10 000, else 10ⁿ.
    static func logLabel(_ v: Double) -> String {
        guard v > 0, v.isFinite else { return "" }
        let k = log10(v)
        if v >= 1e-3 && v <= 1e4 {
            let decimals = max(0, -Int((k + 1e-9).rounded(.down)))
            return fixed(v, decimals: decimals)
        }
        return scientific(v)
    }

    /// Decimals needed to tell ticks `step` apart: 0.2 needs 1, 0.05 needs 2, 5 needs 0.
    static func decimalsFor(step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        return min(12, max(0, -Int((log10(step) + 1e-9).rounded(.down))))
    }

    /// `v` with a fixed number of decimals and a typographic minus sign.
    static func fixed(_ v: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", v)
        if text.hasPrefix("-") {
            // "-0.00" after rounding is zero.
            let digits = text.dropFirst()
            return digits.allSatisfy({ $0 == "0" || $0 == "." }) ? String(digits) : "−" + digits
        }
        return text
    }

    /// `v` as m×10ⁿ (or 10ⁿ when m is 1), with superscript digits.
    static func scientific(_ v: Double) -> String {
        if v == 0 { return "0" }
        var exponent = Int(log10(abs(v)).rounded(.down))
        var mantissa = v / pow(10, Double(exponent))
        if abs(mantissa) >= 9.995 {
            mantissa /= 10
            exponent += 1
        }
        let power = "10" + superscript(exponent)
        let m = String(format: "%.2f", abs(mantissa))
            .replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\\.$", with: "", options: .regularExpression)
        let sign = v < 0 ? "−" : ""
        return m == "1" ? sign + power : sign + m + "×" + power
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(abs(n)).compactMap { $0.wholeNumberValue.map { digits[$0] } }
        return (n < 0 ? "⁻" : "") + String(body)
    }
}
