// Random search (Docs/SPEC.md): the spec's `random` object read into one distribution per
// setting, and the draws, the same for the same spec on every machine. Leaves out the rest of the
// spec (SweepSpec.swift) and checking the drawn runs (SpecExpansion.swift).

import Foundation
import JSON
import MLP

/// How a random search draws one key.
enum Distribution: Sendable {
    case choice([WrittenSetting])
    case uniform(Double, Double)
    case logUniform(Double, Double)
    case intUniform(Int, Int)
}

struct RandomAxis: Sendable {
    /// A key of `RunConfig.settings`.
    var key: String
    var distribution: Distribution
    var origin: Origin
}

struct RandomSearch: Sendable {
    var count: Int
    var seed: UInt64
    var axes: [RandomAxis]
    var countOrigin: Origin
}

extension SpecReader {
    mutating func readRandom(_ value: JSONValue) -> RandomSearch? {
        guard let members = object(value, path: "random", what: "`random`") else { return nil }
        var search = RandomSearch(count: 0, seed: 0, axes: [], countOrigin: Origin(path: "random.count", position: value.position))
        var hasCount = false
        var axesWritten = 0
        for member in members {
            let path = "random.\(member.key)"
            switch member.key {
            case "count":
                hasCount = true
                search.countOrigin = Origin(path: path, position: member.value.position)
                if case .integer(let n) = typed(member.value, kind: .integer, path: path) {
                    if n >= 1, n <= SpecLimits.runs { search.count = n } else {
                        report(path, member.value.position, "expected a number of draws from 1 to \(SpecLimits.runs), got \(n)")
                    }
                }
            case "seed":
                if case .integer(let n) = typed(member.value, kind: .seed, path: path) { search.seed = UInt64(n) }
            default:
                let key = member.key
                guard SpecKeys.run.contains(key) else {
                    unknownKey(member, path: "random", level: "`random`", valid: SpecKeys.randomOptions + SpecKeys.run, elsewhere: [
                        (SpecKeys.sample, "sample settings are the same for every run and cannot be drawn"),
                    ])
                    continue
                }
                axesWritten += 1
                if let axis = readDistribution(key, member.value, path: path) { search.axes.append(axis) }
            }
        }
        if !hasCount { report("random.count", value.position, "missing: add \"count\": 20, the number of configurations to draw") }
        if axesWritten == 0 {
            report("random", value.position, "names no setting to draw; add one, e.g. \"learning_rate\": {\"log_uniform\": [0.01, 1]}")
        }
        // A search with a broken distribution is not drawn, so its count raises no second problem.
        return search.count > 0 && search.axes.count == axesWritten && axesWritten > 0 ? search : nil
    }

    mutating func readDistribution(_ key: String, _ value: JSONValue, path: String) -> RandomAxis? {
        let shapes = "{\"choice\": [...]}, {\"uniform\": [lo, hi]}, {\"log_uniform\": [lo, hi]} or {\"int_uniform\": [lo, hi]}"
        guard case .object(let members) = value.kind, members.count == 1, let member = members.first else {
            report(path, value.position, "expected one distribution: \(shapes), found \(value.kindName) \(value.sourceSnippet)")
            return nil
        }
        let origin = Origin(path: path, position: value.position)
        let inner = "\(path).\(member.key)"
        guard let kind = RunConfig.setting(key)?.kind else { return nil }
        switch member.key {
        case "choice":
            guard case .array(let items) = member.value.kind, !items.isEmpty else {
                report(inner, member.value.position, "expected a non-empty array of values, found \(member.value.kindName) \(member.value.sourceSnippet)")
                return nil
            }
            let values = distinct(items.indices.compactMap { readSetting(key, items[$0], path: "\(inner)[\($0)]") })
            return values.isEmpty ? nil : RandomAxis(key: key, distribution: .choice(values), origin: origin)
        case "uniform", "log_uniform", "int_uniform":
            guard kind.isNumeric else {
                report(inner, member.value.position, "\(key) takes \(kind.expected), so it can only be drawn with {\"choice\": [...]}")
                return nil
            }
            let endpointKind: SettingKind = member.key == "int_uniform" ? (kind == .seed ? .seed : .integer) : kind.isInteger ? kind : .number
            guard case .array(let items) = member.value.kind, items.count == 2 else {
                report(inner, member.value.position, "expected [lo, hi], two numbers, found \(member.value.kindName) \(member.value.sourceSnippet)")
                return nil
            }
            let ends = items.indices.compactMap { readSetting(key, items[$0], path: "\(inner)[\($0)]", kind: endpointKind) }
            guard ends.count == 2, let lo = ends[0].value.double, let hi = ends[1].value.double else { return nil }
            guard lo <= hi else {
                report(inner, member.value.position, "expected lo <= hi, found [\(ends[0].value.display), \(ends[1].value.display)]")
                return nil
            }
            switch member.key {
            case "uniform": return RandomAxis(key: key, distribution: .uniform(lo, hi), origin: origin)
            case "log_uniform":
                guard lo > 0 else {
                    report(inner, member.value.position, "expected lo > 0 (a log-uniform range cannot reach 0 or below), found [\(ends[0].value.display), \(ends[1].value.display)]")
                    return nil
                }
                return RandomAxis(key: key, distribution: .logUniform(lo, hi), origin: origin)
            default:
                guard case .integer(let a) = ends[0].value, case .integer(let b) = ends[1].value else { return nil }
                return RandomAxis(key: key, distribution: .intUniform(a, b), origin: origin)
            }
        default:
            report(inner, member.keyPosition, "unknown distribution \"\(member.key)\""
                   + (suggestion(for: member.key, among: SpecKeys.distributions).map { "; did you mean \"\($0)\"?" } ?? "")
                   + "; use \(shapes)")
            return nil
        }
    }

    // MARK: - Drawing

    /// `count` distinct draws, the same for the same spec on every machine: one Xoshiro256
    /// stream seeded by `random.seed`, keys drawn in the order written.
    mutating func draw(_ search: RandomSearch) -> [[WrittenSetting]] {
        var rng = Xoshiro256(seed: search.seed)
        var seen: Set<[SettingValue]> = []
        var points: [[WrittenSetting]] = []
        // subtle: draws from small choice lists repeat; redraw, but give up on a space too small.
        let attempts = max(1000, search.count * 100)
        for _ in 0 ..< attempts where points.count < search.count {
            let point = search.axes.map { axis in
                WrittenSetting(key: axis.key, value: draw(axis, using: &rng), origin: axis.origin)
            }
            if seen.insert(point.map(\.value)).inserted { points.append(point) }
        }
        if points.count < search.count {
            report(search.countOrigin, "only \(points.count) distinct configurations were drawn in \(attempts) attempts;"
                   + " the choices allow fewer than \(search.count): lower `count` or widen the ranges")
        }
        return points
    }

    func draw(_ axis: RandomAxis, using rng: inout Xoshiro256) -> SettingValue {
        // A uniform Double in [0, 1) from the top 53 bits.
        func unit() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        let (x, lo, hi): (Double, Double, Double)
        switch axis.distribution {
        case .choice(let settings):
            return settings[rng.nextIndex(below: settings.count)].value
        case .intUniform(let lo, let hi):
            let n = lo + rng.nextIndex(below: hi - lo + 1)
            return isInteger(axis.key) ? .integer(n) : .number(Double(n))
        case .uniform(let a, let b):
            (x, lo, hi) = (a + (b - a) * unit(), a, b)
        case .logUniform(let a, let b):
            (x, lo, hi) = (Foundation.exp(Foundation.log(a) + (Foundation.log(b) - Foundation.log(a)) * unit()), a, b)
        }
        if isInteger(axis.key) { return .integer(Int(min(max(x, lo), hi).rounded())) }
        // Four significant digits keep tables and run ids readable; the value used is the one
        // shown. subtle: rounding can step just past an end written with more digits; clamp back.
        let rounded = Double(String(format: "%.4g", x)) ?? x
        return .number(min(max(rounded, lo), hi))
    }

    private func isInteger(_ key: String) -> Bool {
        RunConfig.setting(key)?.kind.isInteger ?? false
    }
}
