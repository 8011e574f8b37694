// A sweep's spec.json read for people: name, description, corpus, base settings, what is swept
// over which values, seeds and sample settings, as the spec writes them (key order, literals).
// It does not check the spec or read the corpus: a report must work on a copied sweep whose
// corpus is elsewhere, and the spec was checked before the sweep ran.
// Leaves out expanding the runs (the runs' own configs say what ran) and the rules (Docs/SPEC.md).

import JSON
import Files
import Foundation
import Sweep

/// What a spec.json says, with every value kept as written.
public struct SpecSummary: Sendable, Equatable {
    /// One swept setting: its key, and its values or distribution in words.
    public struct Axis: Sendable, Equatable {
        public var key: String
        /// Grid values as written (`0.03`, `"cosine"` without quotes); empty for a random axis.
        public var values: [String]
        /// How a random search draws it, e.g. "log-uniform from 0.03 to 1"; nil on a grid.
        public var distribution: String?
        /// The distribution's key as the spec writes it: "choice", "uniform", "log_uniform" or
        /// "int_uniform"; nil on a grid.
        public var distributionKind: String? = nil
    }

    public var name: String?
    public var description: String?
    /// The top-level corpus path, relative to the spec's folder, when not swept.
    public var corpus: String?
    public var documents: String?
    /// `base` keys and values in file order.
    public var base: [(key: String, value: String)]
    public var axes: [Axis]
    /// Draws and search seed of a random search.
    public var random: (count: Int, seed: String)?
    public var seeds: [String]
    /// `sample` keys and values as written; strings keep their quotes.
    public var sample: [(key: String, value: String)]
    /// The `figures` setting (size, SVG twins of run figures), for redrawing the figures as the spec asked.
    public var figures = FigureSettings()

    /// Runs the spec plans: the grid's product (or the draws) times the seeds.
    public var plannedRuns: Int {
        let configurations = random?.count ?? axes.reduce(1) { $0 * max(1, $1.values.count) }
        return configurations * max(1, seeds.count)
    }

    /// Reads spec.json; nil when it is missing or is not a JSON object.
    public init?(contentsOf url: URL) {
        guard let bytes = try? readFile(at: url, limit: FileLimit.spec),
              let root = try? JSONValue.parse(bytes, source: url.path),
              case .object(let members) = root.kind else { return nil }
        self.init(members: members)
    }

    init(members: [JSONMember]) {
        base = []
        axes = []
        seeds = []
        sample = []
        for member in members {
            let value = member.value
            switch member.key {
            case "name": name = Self.string(value)
            case "description": description = Self.string(value)
            case "corpus": corpus = Self.string(value)
            case "documents": documents = Self.string(value)
            case "base": base = Self.pairs(value, quoteStrings: false)
            case "sample": sample = Self.pairs(value, quoteStrings: true)
            case "seeds": seeds = Self.items(value).map { Self.text($0, quoteStrings: false) }
            case "figures":
                for item in Self.members(value) {
                    switch (item.key, item.value.kind) {
                    case ("size", .string(let size)) where FigureSettings.sizes.contains(size): figures.size = size
                    case ("svg", .bool(let svg)): figures.svg = svg
                    default: break
                    }
                }
            case "grid":
                for axis in Self.members(value) {
                    axes.append(Axis(key: axis.key, values: Self.items(axis.value).map { Self.text($0, quoteStrings: false) }))
                }
            case "random":
                var count = 0
                var seed = "0"
                for item in Self.members(value) {
                    switch item.key {
                    case "count": if case .number(let n) = item.value.kind { count = n.integerValue ?? 0 }
                    case "seed": seed = Self.text(item.value, quoteStrings: false)
                    default:
                        axes.append(Axis(key: item.key, values: [], distribution: Self.distribution(item.value),
                                         distributionKind: Self.members(item.value).first?.key))
                    }
                }
                random = (count, seed)
            default: break
            }
        }
    }

    public static func == (a: SpecSummary, b: SpecSummary) -> Bool {
        a.name == b.name && a.description == b.description && a.corpus == b.corpus && a.documents == b.documents
            && a.base.map(\.key) == b.base.map(\.key) && a.base.map(\.value) == b.base.map(\.value)
            && a.axes == b.axes && a.random?.count == b.random?.count && a.random?.seed == b.random?.seed
            && a.seeds == b.seeds && a.sample.map(\.key) == b.sample.map(\.key) && a.sample.map(\.value) == b.sample.map(\.value)
            && a.figures == b.figures
    }

    // MARK: - Reading values

    static func string(_ value: JSONValue) -> String? {
        if case .string(let s) = value.kind { return s }
        return nil
    }

    static func members(_ value: JSONValue) -> [JSONMember] {
        if case .object(let members) = value.kind { return members }
        return []
    }

    static func items(_ value: JSONValue) -> [JSONValue] {
        if case .array(let items) = value.kind { return items }
        return []
    }

    static func pairs(_ value: JSONValue, quoteStrings: Bool) -> [(key: String, value: String)] {
        members(value).map { ($0.key, text($0.value, quoteStrings: quoteStrings)) }
    }

    /// A value as the spec writes it: numbers by their literal, strings bare or quoted.
    static func text(_ value: JSONValue, quoteStrings: Bool) -> String {
        switch value.kind {
        case .string(let s): quoteStrings ? "\"\(s)\"" : s
        case .number(let n): n.literal
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .array(let items): "[" + items.map { text($0, quoteStrings: true) }.joined(separator: ", ") + "]"
        case .object: value.sourceSnippet
        }
    }

    /// "log-uniform from 0.03 to 1.0", "one of 32, 64, 128".
    static func distribution(_ value: JSONValue) -> String {
        guard let only = members(value).first else { return text(value, quoteStrings: true) }
        let ends = items(only.value).map { text($0, quoteStrings: false) }
        switch only.key {
        case "choice": return "one of " + ends.joined(separator: ", ")
        case "uniform" where ends.count == 2: return "uniform from \(ends[0]) to \(ends[1])"
        case "log_uniform" where ends.count == 2: return "log-uniform from \(ends[0]) to \(ends[1])"
        case "int_uniform" where ends.count == 2: return "an integer from \(ends[0]) to \(ends[1])"
        default: return "\(only.key) \(text(only.value, quoteStrings: true))"
        }
    }
}
