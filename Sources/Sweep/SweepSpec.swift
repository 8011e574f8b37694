// Experiment specs (Docs/SPEC.md): a JSON file that names a sweep, its corpus, the base settings,
// and a grid or a random search over them, read into checked settings. Every problem is collected
// with its key path and position instead of stopping at the first. Leaves out turning the
// settings into runs (SpecExpansion.swift) and naming them (RunID.swift).

import BPE
import JSON
import Files
import Foundation
import MLP

/// An experiment spec, read, checked and expanded into its runs.
public struct SweepSpec: Sendable {
    /// The spec file.
    public let file: URL
    /// The sweep's name: a single safe path component, the default output folder's name.
    public let name: String
    public let description: String?
    /// The keys whose values differ between runs, in expansion order (`seed` last when the
    /// spec lists `seeds`).
    public let sweptKeys: [String]
    /// How the runs arise, e.g. "3 x 2 grid (learning_rate x embedding_dim) x 3 seeds".
    public let layout: String
    /// The runs in order: grid order (first axis slowest) or draw order, seeds innermost.
    public let runs: [PlannedRun]
    /// Successive halving, when the spec asks for it.
    public let halving: Halving?
    /// How the spec asks for its figures (`figures`); empty when it does not.
    public var figures = FigureSettings()
    /// The spec's bytes as read and checked, for the sweep folder's spec.json (a file edited
    /// since is not copied unchecked).
    public var text = Data()

    /// Reads, checks and expands the spec at `url`. Corpora are read and tokenizers trained
    /// through `tokenizers`, which the runner can then reuse.
    /// - Throws: `SweepError.invalidSpec` listing every problem found, when any run is impossible.
    public static func load(contentsOf url: URL, tokenizers: TokenizerCache = TokenizerCache()) throws(SweepError) -> SweepSpec {
        let file = url.relativePath
        switch fileKind(url.path) {
        case .missing:
            throw SweepError.spec(file: file, path: "", position: nil,
                                  message: "no such file; check the path (specs live in Experiments/, e.g. Experiments/demo.json)")
        case .directory:
            throw SweepError.spec(file: file, path: "", position: nil,
                                  message: "is a directory; give the path of a spec file (e.g. Experiments/demo.json)")
        case .regular, .other:
            break
        }
        let bytes: [UInt8]
        do { bytes = try readFile(at: url, limit: FileLimit.spec) } catch {
            throw SweepError.spec(file: file, path: "", position: nil, message: "cannot be read: \(error.reason)")
        }
        let root: JSONValue
        do { root = try JSONValue.parse(bytes, source: file) } catch {
            throw SweepError.spec(file: file, path: "", position: error.position, message: error.message)
        }
        var reader = SpecReader(file: file, folder: url.absoluteURL.deletingLastPathComponent())
        let settings = reader.read(root)
        let drafts = reader.expand(settings)
        let runs = reader.plan(drafts, tokenizers: tokenizers)
        if !reader.problems.isEmpty { throw SweepError.invalidSpec(reader.problems) }
        var spec = SweepSpec(file: url, name: settings.name ?? "", description: settings.description,
                             sweptKeys: settings.sweptKeys, layout: settings.layout, runs: runs, halving: settings.halving)
        spec.figures = settings.figures
        spec.text = Data(bytes)
        return spec
    }
}

// MARK: - Settings as written

/// Where a setting of a run came from, for messages: the key path and position in the spec, or
/// the default.
struct Origin: Hashable, Sendable {
    var path: String
    var position: SourcePosition?
    var isDefault = false
}

/// A run setting set to a value somewhere in the spec.
struct WrittenSetting: Sendable {
    /// A key of `RunConfig.settings`.
    var key: String
    var value: SettingValue
    var origin: Origin
}

struct GridAxis: Sendable {
    var key: String
    var values: [WrittenSetting]
}

/// Everything a spec says, checked value by value.
struct SpecSettings: Sendable {
    var name: String?
    var description: String?
    /// Top-level `corpus` and `documents`, then `base`, in file order.
    var fixed: [WrittenSetting] = []
    var grid: [GridAxis] = []
    var random: RandomSearch?
    var seeds: [WrittenSetting]?
    var sample = SampleConfig()
    var figures = FigureSettings()
    var promptOrigin = Origin(path: "sample.prompt", position: nil, isDefault: true)
    var halving: Halving?

    var sweptKeys: [String] {
        var keys = random.map { $0.axes.map(\.key) } ?? grid.map(\.key)
        if seeds != nil { keys.append("seed") }
        return keys
    }

    var layout: String {
        var out: String
        if let random {
            out = "random search: \(random.count) draw\(random.count == 1 ? "" : "s") (seed \(random.seed))"
        } else if grid.isEmpty {
            out = "one configuration"
        } else {
            out = grid.map { String($0.values.count) }.joined(separator: " x ") + " grid ("
                + grid.map(\.key).joined(separator: " x ") + ")"
        }
        if let seeds { out += " x \(seeds.count) seed\(seeds.count == 1 ? "" : "s")" }
        return out
    }
}

// MARK: - Reading

/// The keys each level of a spec accepts.
enum SpecKeys {
    /// Run settings written at the top level (`corpus`, `documents`).
    static let topSettings = RunConfig.settings.filter(\.topLevel).map(\.key)
    static let top = ["$schema", "name", "description"] + topSettings + ["base", "grid", "random", "seeds", "sample", "halving", "figures"]
    static let halving = ["min_steps", "reduction"]
    static let run = RunConfig.keys
    static let base = RunConfig.settings.filter { !$0.topLevel }.map(\.key)
    static let sample = SampleConfig.keys
    static let randomOptions = ["count", "seed"]
    static let distributions = ["choice", "uniform", "log_uniform", "int_uniform"]
}

/// Reads a spec's JSON into settings, recording every problem on the way.
struct SpecReader {
    /// The spec file as the user named it.
    let file: String
    /// The folder that relative paths in the spec start from.
    let folder: URL
    private(set) var problems: [SpecProblem] = []
    private var reported: Set<SpecProblem> = []

    init(file: String, folder: URL) {
        self.file = file
        self.folder = folder
    }

    /// Records a problem once, however many runs share it.
    mutating func report(_ path: String, _ position: SourcePosition?, _ message: String) {
        let problem = SpecProblem(file: file, path: path, position: position, message: message)
        if reported.insert(problem).inserted { problems.append(problem) }
    }

    mutating func report(_ origin: Origin, _ message: String) {
        report(origin.path, origin.position, message)
    }

    mutating func read(_ root: JSONValue) -> SpecSettings {
        var settings = SpecSettings()
        guard let members = object(root, path: "", what: "the spec") else { return settings }
        var randomPosition: SourcePosition?
        var gridGiven = false
        for member in members {
            let (key, value) = (member.key, member.value)
            switch key {
            case "name":
                settings.name = readName(value)
            case "$schema":
                // For editors: the JSON Schema that checks and completes this file. TinyLab ignores it.
                if case .string = value.kind {} else {
                    report(key, value.position, "expected a string (the path or URL of spec.schema.json), found \(value.kindName)")
                }
            case "description":
                if case .string(let s) = value.kind { settings.description = s } else {
                    report(key, value.position, "expected a string, found \(value.kindName) \(value.sourceSnippet)")
                }
            case _ where SpecKeys.topSettings.contains(key):
                // Checked like base keys but written at the top, next to the corpus.
                if let setting = readSetting(key, value, path: key) { settings.fixed.append(setting) }
            case "base":
                settings.fixed += readBase(value)
            case "grid":
                gridGiven = true
                settings.grid = readGrid(value)
            case "random":
                randomPosition = value.position
                settings.random = readRandom(value)
            case "seeds":
                settings.seeds = readSeeds(value)
            case "sample":
                readSample(value, into: &settings)
            case "halving":
                settings.halving = readHalving(value)
            case "figures":
                settings.figures = readFigures(value)
            default:
                unknownKey(member, path: "", level: "the top level", valid: SpecKeys.top, elsewhere: [
                    (SpecKeys.base, "run settings go in `base` (or in `grid` to sweep them)"),
                    (SpecKeys.sample, "it belongs in `sample`"),
                ])
            }
        }
        if gridGiven, let randomPosition {
            report("random", randomPosition,
                   "a spec has either `grid` or `random`, not both: a grid lists every value, a random search draws them; remove one")
            settings.random = nil
        }
        if !members.contains(where: { $0.key == "name" }) {
            report("name", nil, "missing: add \"name\": \"my-sweep\", which names the output folder (Reports/my-sweep)")
        }
        let corpusSwept = settings.grid.contains { $0.key == "corpus" } || settings.random?.axes.contains { $0.key == "corpus" } == true
        if !corpusSwept, !members.contains(where: { $0.key == "corpus" }) {
            report("corpus", nil, "missing: add \"corpus\": \"corpora/stories.txt\" (a UTF-8 text file, relative to the spec's folder)")
        }
        if settings.halving != nil { checkHalving(&settings, members: members) }
        if let seeds = settings.seeds {
            if let axis = settings.grid.first(where: { $0.key == "seed" }) {
                report("grid.seed", axis.values.first?.origin.position,
                       "`seed` cannot be a grid axis when `seeds` is given; list the seeds in `seeds` only")
                settings.grid.removeAll { $0.key == "seed" }
            }
            if seeds.isEmpty { settings.seeds = nil }
        }
        return settings
    }

    /// `halving`: `min_steps` (required, at least 1) and `reduction` (default 3, at least 2).
    mutating func readHalving(_ value: JSONValue) -> Halving? {
        guard let members = object(value, path: "halving", what: "`halving`") else { return nil }
        var minSteps: Int?, reduction = 3, ok = true
        for member in members {
            let path = "halving.\(member.key)"
            switch member.key {
            case "min_steps", "reduction":
                guard case .integer(let n) = typed(member.value, kind: .integer, path: path) else { ok = false; continue }
                let least = member.key == "min_steps" ? 1 : 2
                guard n >= least else {
                    report(path, member.value.position, member.key == "min_steps"
                           ? "must be a positive integer, got \(n)"
                           : "must be at least 2 (each rung keeps 1/reduction of the configurations), got \(n)")
                    ok = false
                    continue
                }
                if member.key == "min_steps" { minSteps = n } else { reduction = n }
            default:
                unknownKey(member, path: "halving", level: "`halving`", valid: SpecKeys.halving, elsewhere: [
                    (SpecKeys.base, "it is a run setting and belongs in `base`"),
                ])
                ok = false
            }
        }
        guard let minSteps else {
            if !members.contains(where: { $0.key == "min_steps" }) {
                report("halving.min_steps", value.position, "missing: add \"min_steps\": 100, the steps of the first rung")
            }
            return nil
        }
        return ok ? Halving(minSteps: minSteps, reduction: reduction) : nil
    }

    /// Halving needs one number of steps for every run, above the first rung.
    mutating func checkHalving(_ settings: inout SpecSettings, members: [JSONMember]) {
        guard let halving = settings.halving else { return }
        if let axis = settings.grid.first(where: { $0.key == "steps" }) {
            report("grid.steps", axis.values.first?.origin.position,
                   "`steps` cannot be swept in a halving spec: it is the most a run trains, and the rungs are fractions of it; set it in `base`")
        }
        if let axis = settings.random?.axes.first(where: { $0.key == "steps" }) {
            report(axis.origin, "`steps` cannot be drawn in a halving spec: it is the most a run trains, and the rungs are fractions of it; set it in `base`")
        }
        let steps = settings.fixed.last { $0.key == "steps" }
        let value = steps.flatMap { if case .integer(let n) = $0.value { n } else { nil } } ?? RunConfig().training.steps
        if halving.minSteps >= value {
            let position = members.first { $0.key == "halving" }?.value["min_steps"]?.position
            report("halving.min_steps", position, "min_steps \(halving.minSteps) must be below steps (\(value)\(steps == nil ? ", the default" : "")),"
                   + " the last rung; use fewer min_steps or more steps")
        }
    }

    /// The members of an object, each key once; reports a non-object or a repeated key.
    mutating func object(_ value: JSONValue, path: String, what: String) -> [JSONMember]? {
        guard case .object(let members) = value.kind else {
            report(path, value.position, "expected \(what) to be an object ({...}), found \(value.kindName) \(value.sourceSnippet)")
            return nil
        }
        var seen: [String: SourcePosition] = [:]
        var unique: [JSONMember] = []
        for member in members {
            if let first = seen[member.key] {
                report(join(path, member.key), member.keyPosition,
                       "duplicate key: \"\(member.key)\" is already given at line \(first.line); keep one")
            } else {
                seen[member.key] = member.keyPosition
                unique.append(member)
            }
        }
        return unique
    }

    /// Reports a key that does not belong where it is: where it does belong when that is another
    /// level of the spec, else the closest valid key, else the valid keys.
    mutating func unknownKey(_ member: JSONMember, path: String, level: String, valid: [String],
                             elsewhere: [(keys: [String], advice: String)]) {
        let key = member.key
        var message = "unknown key \"\(key)\" in \(level)"
        if let advice = elsewhere.first(where: { $0.keys.contains(key) })?.advice {
            message += "; \(advice)"
        } else if let near = suggestion(for: key, among: valid) {
            message += "; did you mean \"\(near)\"?"
        } else {
            message += "; the keys here are: " + valid.joined(separator: ", ")
        }
        report(join(path, key), member.keyPosition, message)
    }

    // MARK: Values

    /// A value checked against its setting: type first, then the setting's rule (the model's,
    /// or the table's for settings the model does not own).
    mutating func readSetting(_ key: String, _ value: JSONValue, path: String, kind: SettingKind? = nil) -> WrittenSetting? {
        guard let setting = RunConfig.setting(key) else { return nil }
        let origin = Origin(path: path, position: value.position)
        guard let checked = typed(value, kind: kind ?? setting.kind, path: path) else { return nil }
        if let message = ruleProblem(setting, checked) {
            report(origin, message)
            return nil
        }
        return WrittenSetting(key: key, value: checked, origin: origin)
    }

    /// What the setting's rule says of `value` alone, if anything.
    func ruleProblem<Root: SettingsTable>(_ setting: Setting<Root>, _ value: SettingValue) -> String? {
        var scratch = Root()
        guard setting.set(&scratch, value) else { return nil }
        return scratch.ruleProblems().first { $0.key == setting.key }?.message
    }

    /// The value if it has the kind's type, normalised; otherwise reports what was expected.
    mutating func typed(_ value: JSONValue, kind: SettingKind, path: String) -> SettingValue? {
        let found = "found \(value.kindName) \(value.sourceSnippet)"
        switch (kind, value.kind) {
        case (.integer, .number(let n)), (.seed, .number(let n)), (.optionalInteger, .number(let n)):
            guard let i = n.integerValue else {
                report(path, value.position, "expected \(kind.expected), \(found)")
                return nil
            }
            if kind == .seed, i < 0 {
                report(path, value.position, "expected \(kind.expected), found \(n.literal)")
                return nil
            }
            return .integer(i)
        case (.number, .number(let n)), (.optionalNumber, .number(let n)):
            return .number(n.value)
        case (.optionalNumber, .null), (.optionalInteger, .null):
            return .null
        case (.path, .string(let s)):
            if s.isEmpty { report(path, value.position, "expected a file path, found an empty string"); return nil }
            return .text(s)
        case (.string, .string(let s)):
            return .text(s)
        case (.choice(let options), .string(let s)):
            guard options.contains(s) else {
                let near = suggestion(for: s, among: options).map { "; did you mean \"\($0)\"?" } ?? ""
                report(path, value.position, "expected \(kind.expected), found \"\(s)\"\(near)")
                return nil
            }
            return .text(s)
        case (_, .string(let s)) where kind.isNumeric && Double(s) != nil:
            report(path, value.position, "expected \(kind.expected), \(found); write numbers without quotes")
            return nil
        default:
            report(path, value.position, "expected \(kind.expected), \(found)")
            return nil
        }
    }

    mutating func readName(_ value: JSONValue) -> String? {
        guard case .string(let name) = value.kind else {
            report("name", value.position, "expected a string, found \(value.kindName) \(value.sourceSnippet)")
            return nil
        }
        let allowed = name.unicodeScalars.allSatisfy {
            ("a" ... "z").contains($0) || ("A" ... "Z").contains($0) || ("0" ... "9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
        guard !name.isEmpty, allowed, name != ".", name != "..", name.count <= 100 else {
            let why = name.contains("/") || name.contains("\\") || name == "." || name == ".."
                ? "it would place the output outside its own folder" : "it names the output folder"
            report("name", value.position, "expected a single folder name of 1-100 letters, digits, `-`, `_` or `.`"
                   + " (not `.` or `..`), found \"\(name)\": \(why); e.g. \"context-vs-embedding\"")
            return nil
        }
        return name
    }

    mutating func readBase(_ value: JSONValue) -> [WrittenSetting] {
        guard let members = object(value, path: "base", what: "`base`") else { return [] }
        var settings: [WrittenSetting] = []
        for member in members {
            guard SpecKeys.base.contains(member.key) else {
                if SpecKeys.topSettings.contains(member.key) {
                    report("base.\(member.key)", member.keyPosition,
                           "\"\(member.key)\" goes at the top level of the spec, next to \"name\", not in `base`")
                } else {
                    unknownKey(member, path: "base", level: "`base`", valid: SpecKeys.base, elsewhere: [
                        (SpecKeys.top, "it belongs at the top level of the spec"),
                        (SpecKeys.sample, "it belongs in `sample`"),
                    ])
                }
                continue
            }
            if let setting = readSetting(member.key, member.value, path: "base.\(member.key)") { settings.append(setting) }
        }
        return settings
    }

    mutating func readGrid(_ value: JSONValue) -> [GridAxis] {
        guard let members = object(value, path: "grid", what: "`grid`") else { return [] }
        var axes: [GridAxis] = []
        for member in members {
            let key = member.key
            guard SpecKeys.run.contains(key) else {
                unknownKey(member, path: "grid", level: "`grid`", valid: SpecKeys.run, elsewhere: [
                    (SpecKeys.sample, "sample settings are the same for every run and cannot be a grid axis"),
                ])
                continue
            }
            let path = "grid.\(member.key)"
            guard case .array(let items) = member.value.kind, !items.isEmpty else {
                let found = member.value.kind == .array([]) ? "an empty array" : "\(member.value.kindName) \(member.value.sourceSnippet)"
                report(path, member.value.position, "expected a non-empty array of values, e.g. [\(example(for: key))], found \(found)")
                continue
            }
            let values = distinct(items.indices.compactMap { readSetting(key, items[$0], path: "\(path)[\($0)]") })
            if !values.isEmpty { axes.append(GridAxis(key: key, values: values)) }
        }
        return axes
    }

    mutating func readSeeds(_ value: JSONValue) -> [WrittenSetting] {
        guard case .array(let items) = value.kind, !items.isEmpty else {
            report("seeds", value.position, "expected a non-empty array of non-negative integers, e.g. [1, 2, 3], found "
                   + (value.kind == .array([]) ? "an empty array" : "\(value.kindName) \(value.sourceSnippet)"))
            return []
        }
        return distinct(items.indices.compactMap { readSetting("seed", items[$0], path: "seeds[\($0)]") })
    }

    /// The settings with repeated values left out and reported.
    mutating func distinct(_ settings: [WrittenSetting]) -> [WrittenSetting] {
        var first: [SettingValue: Origin] = [:]
        var out: [WrittenSetting] = []
        for setting in settings {
            if let earlier = first[setting.value] {
                report(setting.origin, "\(setting.value.display) repeats \(earlier.path); list each value once")
            } else {
                first[setting.value] = setting.origin
                out.append(setting)
            }
        }
        return out
    }

    /// The `sample` object, each value checked like a run setting against SamplingOptions' rules.
    mutating func readSample(_ value: JSONValue, into settings: inout SpecSettings) {
        guard let members = object(value, path: "sample", what: "`sample`") else { return }
        for member in members {
            let path = "sample.\(member.key)"
            guard let setting = SampleConfig.setting(member.key) else {
                unknownKey(member, path: "sample", level: "`sample`", valid: SpecKeys.sample, elsewhere: [
                    (SpecKeys.base, "it is a run setting and belongs in `base`"),
                ])
                continue
            }
            guard let checked = typed(member.value, kind: setting.kind, path: path) else { continue }
            if let message = ruleProblem(setting, checked) {
                report(path, member.value.position, message)
                continue
            }
            _ = setting.set(&settings.sample, checked)
            if member.key == "prompt" { settings.promptOrigin = Origin(path: path, position: member.value.position) }
        }
    }

    func example(for key: String) -> String {
        switch RunConfig.setting(key)?.kind ?? .string {
        case .integer, .seed, .optionalInteger: "4, 8, 16"
        case .number, .optionalNumber: "0.03, 0.1, 0.3"
        case .path: "\"corpora/stories.txt\", \"corpora/names.txt\""
        case .string: "\"a\", \"b\""
        case .choice(let options): options.map { "\"\($0)\"" }.joined(separator: ", ")
        }
    }
}

/// Limits that keep a typo from expanding into millions of runs.
enum SpecLimits {
    static let runs = 100_000
}

func join(_ path: String, _ key: String) -> String {
    path.isEmpty ? key : "\(path).\(key)"
}
