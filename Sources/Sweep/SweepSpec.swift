// Experiment specs (Docs/SPEC.md): a JSON file that names a sweep, its corpus, the base settings,
// and a grid or a random search over them, read into checked settings. Every problem is collected
// with its key path and position instead of stopping at the first. Leaves out turning the
// settings into runs (SpecExpansion.swift) and naming them (RunID.swift).

import BPE
import JSON
import Foundation
import MLP

/// One run of a sweep: resolved, checked and named, ready to train.
public struct PlannedRun: Sendable, Equatable {
    /// Readable and stable: the swept values and a hash of the resolved config (RunID.swift).
    public var id: String
    /// Every setting of the run; `corpus` is an absolute path.
    public var config: RunConfig
    /// What the run generates when it ends.
    public var sample: SampleConfig
    /// The swept keys and this run's values as the spec writes them, in expansion order.
    public let swept: [(key: String, value: String)]
    /// The model's shape, with the vocabulary size the tokenizer actually reaches (it stops
    /// early when no pair occurs twice).
    public let shape: ModelShape
    /// Examples in the training and validation splits.
    public let trainingExamples: Int
    public let validationExamples: Int

    public static func == (a: PlannedRun, b: PlannedRun) -> Bool {
        a.id == b.id && a.config == b.config && a.sample == b.sample && a.shape == b.shape
            && a.trainingExamples == b.trainingExamples && a.validationExamples == b.validationExamples
            && a.swept.map(\.key) == b.swept.map(\.key) && a.swept.map(\.value) == b.swept.map(\.value)
    }
}

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

    /// Reads, checks and expands the spec at `url`. Corpora are read and tokenizers trained
    /// through `tokenizers`, which the runner can then reuse.
    /// - Throws: `SweepSpecError` listing every problem found, when any run is impossible.
    public static func load(contentsOf url: URL, tokenizers: TokenizerCache = TokenizerCache()) throws(SweepSpecError) -> SweepSpec {
        let file = url.relativePath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw SweepSpecError(file: file, path: "", position: nil, message: isDirectory.boolValue
                ? "is a directory; give the path of a spec file (e.g. Experiments/demo.json)"
                : "no such file; check the path (specs live in Experiments/, e.g. Experiments/demo.json)")
        }
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: url)) } catch {
            throw SweepSpecError(file: file, path: "", position: nil, message: "cannot be read (\(error.localizedDescription))")
        }
        let root: JSONValue
        do { root = try JSONValue.parse(bytes, source: file) } catch {
            throw SweepSpecError(file: file, path: "", position: error.position, message: error.message)
        }
        var reader = SpecReader(file: file, folder: url.absoluteURL.deletingLastPathComponent())
        let settings = reader.read(root)
        let drafts = reader.expand(settings)
        let runs = reader.plan(drafts, tokenizers: tokenizers)
        if !reader.problems.isEmpty { throw SweepSpecError(problems: reader.problems) }
        return SweepSpec(file: url, name: settings.name ?? "", description: settings.description,
                         sweptKeys: settings.sweptKeys, layout: settings.layout, runs: runs)
    }
}

// MARK: - Settings and their types

typealias ConfigKey = RunConfig.CodingKeys

/// A setting's value after type checking, normalised to its key's type (a learning rate
/// written `1` is the number 1.0), so that equal settings compare equal.
enum SettingValue: Hashable, Sendable {
    case integer(Int)
    case number(Double)
    case text(String)
    case null

    var double: Double? {
        switch self {
        case .integer(let n): Double(n)
        case .number(let x): x
        case .text, .null: nil
        }
    }

    /// The value as tables and run ids show it: `0.1`, `8`, `cosine`.
    var display: String {
        switch self {
        case .integer(let n): String(n)
        case .number(let x): compactNumber(x)
        case .text(let s): s
        case .null: "null"
        }
    }
}

/// What a key of the run configuration accepts.
enum SettingKind: Equatable {
    /// An integer; RunConfig.problems() says which are allowed.
    case integer
    /// A non-negative integer that fits in a run's 64-bit seed.
    case seed
    case number
    /// A number or null (null keeps the default meaning).
    case optionalNumber
    /// A file path, relative to the spec's folder.
    case path
    case choice([String])

    var expected: String {
        switch self {
        case .integer: "an integer"
        case .seed: "a non-negative integer"
        case .number: "a number"
        case .optionalNumber: "a number or null"
        case .path: "a file path (a string)"
        case .choice(let options): "one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
        }
    }

    var isNumeric: Bool { self == .integer || self == .seed || self == .number || self == .optionalNumber }
    var isInteger: Bool { self == .integer || self == .seed }
}

extension RunConfig.CodingKeys {
    var kind: SettingKind {
        switch self {
        case .corpus: .path
        case .documents: .choice(DocumentMode.allCases.map(\.rawValue))
        case .lrSchedule: .choice(LearningRateSchedule.allCases.map(\.rawValue))
        case .vocabSize, .embeddingDim, .contextLength, .hiddenSize, .batchSize, .steps,
             .evalEvery, .evalExamples, .checkpointEvery: .integer
        case .seed: .seed
        case .validationFraction, .learningRate, .divergenceFactor: .number
        case .minLearningRate: .optionalNumber
        }
    }
}

extension RunConfig {
    /// Sets one key from a value already checked against the key's kind.
    mutating func set(_ key: ConfigKey, to value: SettingValue) {
        func integer(_ apply: (Int) -> Void) { if case .integer(let n) = value { apply(n) } }
        switch key {
        case .corpus: if case .text(let s) = value { corpus = s }
        case .documents: if case .text(let s) = value, let mode = DocumentMode(rawValue: s) { documents = mode }
        case .lrSchedule: if case .text(let s) = value, let schedule = LearningRateSchedule(rawValue: s) { lrSchedule = schedule }
        case .validationFraction: if let x = value.double { validationFraction = x }
        case .learningRate: if let x = value.double { learningRate = x }
        case .divergenceFactor: if let x = value.double { divergenceFactor = x }
        case .minLearningRate: minLearningRate = value.double
        case .vocabSize: integer { vocabSize = $0 }
        case .embeddingDim: integer { embeddingDim = $0 }
        case .contextLength: integer { contextLength = $0 }
        case .hiddenSize: integer { hiddenSize = $0 }
        case .batchSize: integer { batchSize = $0 }
        case .steps: integer { steps = $0 }
        case .evalEvery: integer { evalEvery = $0 }
        case .evalExamples: integer { evalExamples = $0 }
        case .checkpointEvery: integer { checkpointEvery = $0 }
        case .seed: integer { if $0 >= 0 { seed = UInt64($0) } }
        }
    }
}

/// Where a setting of a run came from, for messages: the key path and position in the spec, or
/// the default.
struct Origin: Hashable, Sendable {
    var path: String
    var position: SourcePosition?
    var isDefault = false
}

/// A key set to a value somewhere in the spec.
struct Setting: Sendable {
    var key: ConfigKey
    var value: SettingValue
    var origin: Origin
}

struct GridAxis: Sendable {
    var key: ConfigKey
    var values: [Setting]
}

/// How a random search draws one key.
enum Distribution: Sendable {
    case choice([Setting])
    case uniform(Double, Double)
    case logUniform(Double, Double)
    case intUniform(Int, Int)
}

struct RandomAxis: Sendable {
    var key: ConfigKey
    var distribution: Distribution
    var origin: Origin
}

struct RandomSearch: Sendable {
    var count: Int
    var seed: UInt64
    var axes: [RandomAxis]
    var countOrigin: Origin
}

/// Everything a spec says, checked value by value.
struct SpecSettings: Sendable {
    var name: String?
    var description: String?
    /// Top-level `corpus` and `documents`, then `base`, in file order.
    var fixed: [Setting] = []
    var grid: [GridAxis] = []
    var random: RandomSearch?
    var seeds: [Setting]?
    var sample = SampleConfig()
    var promptOrigin = Origin(path: "sample.prompt", position: nil, isDefault: true)

    var sweptKeys: [String] {
        var keys = random.map { $0.axes.map(\.key.rawValue) } ?? grid.map(\.key.rawValue)
        if seeds != nil { keys.append(ConfigKey.seed.rawValue) }
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
                + grid.map(\.key.rawValue).joined(separator: " x ") + ")"
        }
        if let seeds { out += " x \(seeds.count) seed\(seeds.count == 1 ? "" : "s")" }
        return out
    }
}

// MARK: - Reading

/// The keys each level of a spec accepts.
enum SpecKeys {
    static let top = ["$schema", "name", "description", "corpus", "documents", "base", "grid", "random", "seeds", "sample"]
    static let run = RunConfig.keys
    static let base = run.filter { $0 != "corpus" && $0 != "documents" }
    static let sample = SampleConfig.CodingKeys.allCases.map(\.rawValue)
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
            case "corpus", "documents":
                // Both are checked like base keys but written at the top, next to each other.
                guard let configKey = ConfigKey(rawValue: key) else { continue }
                if let setting = readSetting(configKey, value, path: key) { settings.fixed.append(setting) }
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
        let corpusSwept = settings.grid.contains { $0.key == .corpus } || settings.random?.axes.contains { $0.key == .corpus } == true
        if !corpusSwept, !members.contains(where: { $0.key == "corpus" }) {
            report("corpus", nil, "missing: add \"corpus\": \"corpora/stories.txt\" (a UTF-8 text file, relative to the spec's folder)")
        }
        if let seeds = settings.seeds {
            if let axis = settings.grid.first(where: { $0.key == .seed }) {
                report("grid.seed", axis.values.first?.origin.position,
                       "`seed` cannot be a grid axis when `seeds` is given; list the seeds in `seeds` only")
                settings.grid.removeAll { $0.key == .seed }
            }
            if seeds.isEmpty { settings.seeds = nil }
        }
        return settings
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

    /// A value checked against its key: type first, then the key's range (RunConfig.problems()).
    mutating func readSetting(_ key: ConfigKey, _ value: JSONValue, path: String, kind: SettingKind? = nil) -> Setting? {
        let kind = kind ?? key.kind
        let origin = Origin(path: path, position: value.position)
        guard let checked = typed(value, kind: kind, path: path) else { return nil }
        var config = RunConfig()
        config.set(key, to: checked)
        if let problem = config.problems().first(where: { $0.key == key.rawValue }) {
            report(origin, problem.message)
            return nil
        }
        return Setting(key: key, value: checked, origin: origin)
    }

    /// The value if it has the kind's type, normalised; otherwise reports what was expected.
    mutating func typed(_ value: JSONValue, kind: SettingKind, path: String) -> SettingValue? {
        let found = "found \(value.kindName) \(value.sourceSnippet)"
        switch (kind, value.kind) {
        case (.integer, .number(let n)), (.seed, .number(let n)):
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
        case (.optionalNumber, .null):
            return .null
        case (.path, .string(let s)):
            if s.isEmpty { report(path, value.position, "expected a file path, found an empty string"); return nil }
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

    mutating func readBase(_ value: JSONValue) -> [Setting] {
        guard let members = object(value, path: "base", what: "`base`") else { return [] }
        var settings: [Setting] = []
        for member in members {
            guard SpecKeys.base.contains(member.key), let key = ConfigKey(rawValue: member.key) else {
                if member.key == "corpus" || member.key == "documents" {
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
            if let setting = readSetting(key, member.value, path: "base.\(member.key)") { settings.append(setting) }
        }
        return settings
    }

    mutating func readGrid(_ value: JSONValue) -> [GridAxis] {
        guard let members = object(value, path: "grid", what: "`grid`") else { return [] }
        var axes: [GridAxis] = []
        for member in members {
            guard let key = ConfigKey(rawValue: member.key) else {
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

    mutating func readSeeds(_ value: JSONValue) -> [Setting] {
        guard case .array(let items) = value.kind, !items.isEmpty else {
            report("seeds", value.position, "expected a non-empty array of non-negative integers, e.g. [1, 2, 3], found "
                   + (value.kind == .array([]) ? "an empty array" : "\(value.kindName) \(value.sourceSnippet)"))
            return []
        }
        return distinct(items.indices.compactMap { readSetting(.seed, items[$0], path: "seeds[\($0)]") })
    }

    /// The settings with repeated values left out and reported.
    mutating func distinct(_ settings: [Setting]) -> [Setting] {
        var first: [SettingValue: Origin] = [:]
        var out: [Setting] = []
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

    mutating func readSample(_ value: JSONValue, into settings: inout SpecSettings) {
        guard let members = object(value, path: "sample", what: "`sample`") else { return }
        for member in members {
            let (v, path) = (member.value, "sample.\(member.key)")
            switch member.key {
            case "prompt":
                if case .string(let s) = v.kind {
                    settings.sample.prompt = s
                    settings.promptOrigin = Origin(path: path, position: v.position)
                } else {
                    report(path, v.position, "expected a string, found \(v.kindName) \(v.sourceSnippet)")
                }
            case "tokens":
                if case .integer(let n) = typed(v, kind: .integer, path: path) {
                    if n >= 0 { settings.sample.tokens = n } else { report(path, v.position, "must be zero or positive, got \(n)") }
                }
            case "temperature":
                if let t = typed(v, kind: .number, path: path)?.double {
                    if t >= 0 { settings.sample.temperature = t } else { report(path, v.position, "must be zero (greedy) or positive, got \(t)") }
                }
            case "top_k":
                switch typed(v, kind: .optionalNumber, path: path) {
                case .null: settings.sample.topK = nil
                case .number(let k):
                    if k >= 1, k.rounded() == k, let n = Int(exactly: k) { settings.sample.topK = n } else {
                        report(path, v.position, "expected a positive integer or null, found \(v.sourceSnippet)")
                    }
                default: break
                }
            default:
                unknownKey(member, path: "sample", level: "`sample`", valid: SpecKeys.sample, elsewhere: [
                    (SpecKeys.base, "it is a run setting and belongs in `base`"),
                ])
            }
        }
    }

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
                guard let key = ConfigKey(rawValue: member.key) else {
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

    mutating func readDistribution(_ key: ConfigKey, _ value: JSONValue, path: String) -> RandomAxis? {
        let shapes = "{\"choice\": [...]}, {\"uniform\": [lo, hi]}, {\"log_uniform\": [lo, hi]} or {\"int_uniform\": [lo, hi]}"
        guard case .object(let members) = value.kind, members.count == 1, let member = members.first else {
            report(path, value.position, "expected one distribution: \(shapes), found \(value.kindName) \(value.sourceSnippet)")
            return nil
        }
        let origin = Origin(path: path, position: value.position)
        let inner = "\(path).\(member.key)"
        let kind = key.kind
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
                report(inner, member.value.position, "\(key.rawValue) takes \(kind.expected), so it can only be drawn with {\"choice\": [...]}")
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

    func example(for key: ConfigKey) -> String {
        switch key.kind {
        case .integer, .seed: "4, 8, 16"
        case .number, .optionalNumber: "0.03, 0.1, 0.3"
        case .path: "\"corpora/stories.txt\", \"corpora/names.txt\""
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
