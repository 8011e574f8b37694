// The run settings, one row each: every key of a spec's `base`, `grid` and `random`, of run.json's
// `config` and of summary.csv, and every flag of `tinylab train`. A row gives the key, where the
// value lives (a key path into RunConfig, whose stored defaults are the model's own), its doc
// line and, for settings the model does not check itself, its rule. The spec reader, run.json,
// summary.csv, run ids, the range checks and the spec schema all read this table; the sample
// settings have a table of their own at the end. Leaves out reading specs (SweepSpec.swift).

import BPE
import MLP

/// The resolved configuration of one run. JSON keys are the rows' keys below.
public struct RunConfig: Hashable, Sendable {
    /// Path of the UTF-8 corpus.
    public var corpus = ""
    /// `file`: the whole corpus is one document; `lines`: each non-empty line is one.
    public var documents = DocumentMode.file
    /// The share of examples held out for validation and which documents they come from.
    public var validation = ValidationSplit()
    /// The model's shape; `vocabularySize` is the vocabulary asked of the tokenizer, which may
    /// stop short of it (PlannedRun.shape has the size reached).
    public var model = ModelShape()
    /// SGD, its schedule, evaluation and the divergence rule.
    public var training = TrainingOptions()
    /// Steps between resumable checkpoints.
    public var checkpointEvery = 1000

    public init() {}

    /// The settings, in the order run.json, summary.csv, the schema and the docs list them.
    public static let settings: [Setting<RunConfig>] = [
        Setting("corpus", \.corpus, kind: .path, topLevel: true,
                "Path of a UTF-8 text file to model, relative to the spec file's folder (an absolute path also works)."),
        Setting("documents", \.documents, topLevel: true,
                "How the corpus splits into documents. `file`: the whole corpus is one document. `lines`: each non-empty line is one document, without its line break (a list of names, say)."),
        Setting("split", \.validation.mode, since: 2,
                "Which documents are held out for validation. `end`: the last ones, in corpus order. `shuffled`: documents shuffled with a fixed seed first (the same for every run), for corpora sorted by something (names by popularity, say); needs `documents: lines`."),
        Setting("validation_fraction", \.validation.fraction,
                "Share of examples held out for validation (from the end of the corpus, or of the shuffled documents)."),
        Setting("vocab_size", \.model.vocabularySize,
                "Tokens in the BPE vocabulary, <|endoftext|> and the corpus's characters included; at least 1 + the corpus's alphabet size. The tokenizer may stop below it when no pair of tokens occurs twice."),
        Setting("embedding_dim", \.model.embeddingDim, "Length of each token's embedding (typically 2-64)."),
        Setting("context_length", \.model.contextLength, "Tokens of context the model sees (typically 1-32)."),
        Setting("hidden_size", \.model.hiddenSize, "Width of the tanh hidden layer (typically 16-1024)."),
        Setting("learning_rate", \.training.learningRate, "SGD step size (0.01-1 suits this model)."),
        Setting("lr_schedule", \.training.schedule,
                "`constant` keeps learning_rate; `cosine` falls along half a cosine to min_learning_rate at the last step; `step` drops to min_learning_rate for the last quarter of the steps."),
        Setting("min_learning_rate", \.training.minLearningRate, unset: "learning_rate / 10",
                "Final rate of `cosine` and `step`; null or absent means learning_rate / 10."),
        Setting("batch_size", \.training.batchSize, "Examples per SGD step."),
        Setting("steps", \.training.steps, "SGD steps."),
        Setting("seed", \.training.seed,
                "Seeds initialisation, batches and sampling. With `seeds`, `seeds` sets it instead."),
        Setting("eval_every", \.training.evalEvery, "Steps between evaluations of training and validation loss."),
        Setting("eval_examples", \.training.evalExamples,
                "Most examples per split in a periodic evaluation (a fixed random subset)."),
        Setting("checkpoint_every", \.checkpointEvery, rule: .positiveInteger, "Steps between resumable checkpoints."),
        Setting("divergence_factor", \.training.divergenceFactor,
                "A run stops as `diverged` once its smoothed training loss exceeds this times ln(vocab size)."),
        Setting("patience", \.training.patience, since: 2, unset: "off",
                "Stop a run early (status `stopped`, with its results as of then) once its best validation loss has not improved for this many evaluations in a row; null, the default, never stops early."),
    ]

    /// The keys, in table order.
    public static let keys = settings.map(\.key)

    /// The row of `key`, nil for a key that is no run setting.
    public static func setting(_ key: String) -> Setting<RunConfig>? {
        settings.first { $0.key == key }
    }

    /// Every key's value as text (run.json's numbers, whole ones without a decimal point);
    /// unset optional settings are left out. summary.csv, safetensors metadata and sweep axes
    /// read this.
    public var textValues: [String: String] {
        var values: [String: String] = [:]
        for setting in Self.settings { values[setting.key] = setting.text(self) }
        return values
    }

    /// The value of a setting as text: "" for an unset optional one, nil for an unknown key.
    public func value(of key: String) -> String? {
        Self.setting(key).map { $0.text(self) ?? "" }
    }

    /// The model's shape for a tokenizer that reached `vocabularySize` tokens.
    public func shape(vocabularySize: Int) -> ModelShape {
        var shape = model
        shape.vocabularySize = vocabularySize
        return shape
    }

    /// Every setting that breaks its rule, whatever the corpus, in table order: the model's own
    /// rules (the MLP module's), then the table's rules for the settings the model does not own.
    public func ruleProblems() -> [OptionProblem] {
        let found = model.problems() + validation.problems() + training.problems() + Self.settings.compactMap { $0.ownProblem(self) }
        return Self.keys.flatMap { key in found.filter { $0.key == key } }
    }

    /// Whether the run fits in `available` bytes of memory, given what its corpus makes
    /// (`examples` examples in `documents` documents) and the vocabulary its tokenizer reached;
    /// worked out before anything is allocated. The problem names the size setting furthest
    /// above its default, the likely culprit.
    public func memoryProblem(vocabularySize: Int, examples: Int, documents: Int,
                              available: Double = availableMemory()) -> OptionProblem? {
        let need = MemoryNeed(shape: shape(vocabularySize: vocabularySize), batchSize: training.batchSize,
                              examples: examples, documents: documents)
        guard need.total > available else { return nil }
        let defaults = RunConfig()
        let sizes: [(String, Int, Int)] = [
            ("hidden_size", model.hiddenSize, defaults.model.hiddenSize), ("batch_size", training.batchSize, defaults.training.batchSize),
            ("context_length", model.contextLength, defaults.model.contextLength), ("embedding_dim", model.embeddingDim, defaults.model.embeddingDim),
            ("vocab_size", vocabularySize, defaults.model.vocabularySize),
        ]
        let key = sizes.max { Double($0.1) / Double($0.2) < Double($1.1) / Double($1.2) }?.0 ?? "hidden_size"
        return OptionProblem(key: key, message: "makes a run that needs \(need.description) of memory, and this machine can give"
                             + " \(MemoryNeed.bytes(available)); use a smaller \(key)")
    }

    /// The rules, and the one rule between two settings: a shuffled split needs documents to shuffle.
    public func problems() -> [OptionProblem] {
        var found = ruleProblems()
        if validation.mode == .shuffled && documents == .file {
            found.append(OptionProblem(key: "split", message: "shuffled needs `documents: lines`: with `documents: file` the"
                                       + " corpus is one document, so there is nothing to shuffle; use `split: end`"))
        }
        return found
    }
}

extension RunConfig: SettingsTable {}

// MARK: - Sample settings

/// What each run generates when it ends (the spec's `sample` object). Defaults are MLP's
/// SamplingOptions and an empty prompt.
public struct SampleConfig: Hashable, Sendable {
    /// Text to continue; empty starts from <|endoftext|> alone.
    public var prompt = ""
    /// Temperature, top-k and the number of tokens.
    public var options = SamplingOptions()

    public init() {}

    /// The defaults with the settings given.
    public init(prompt: String = "", tokens: Int? = nil, temperature: Double? = nil, topK: Int? = nil) {
        self.prompt = prompt
        if let tokens { options.maxTokens = tokens }
        if let temperature { options.temperature = temperature }
        options.topK = topK
    }

    public static let settings: [Setting<SampleConfig>] = [
        Setting("prompt", \.prompt,
                "Text to continue; empty starts from <|endoftext|>. Every character must occur in the corpus (with `documents: lines`, no newline)."),
        Setting("tokens", \.options.maxTokens, "Most tokens to generate; generation also stops at <|endoftext|>."),
        Setting("temperature", \.options.temperature, "Softmax temperature; 0 always takes the most likely token."),
        Setting("top_k", \.options.topK, "Draw only from the k most likely tokens; null draws from all."),
    ]

    public static let keys = settings.map(\.key)

    public static func setting(_ key: String) -> Setting<SampleConfig>? {
        settings.first { $0.key == key }
    }

    /// Every sample setting that breaks its rule (MLP's SamplingOptions).
    public func ruleProblems() -> [OptionProblem] { options.problems() }

    public var temperature: Double { options.temperature }
    public var tokens: Int { options.maxTokens }
    public var topK: Int? { options.topK }
}

extension SampleConfig: SettingsTable {}

// MARK: - Rows

/// One setting of `Root` (a RunConfig or a SampleConfig): its key, kind, doc line, rule and
/// where its value lives. Made by `Setting(key, keyPath, doc)`; the kind follows the value's type.
public struct Setting<Root: SettingsTable>: Sendable {
    /// The key as specs, run.json and summary.csv write it, e.g. `learning_rate`.
    public let key: String
    /// What values it takes.
    public let kind: SettingKind
    /// One or two sentences for the docs and the schema.
    public let doc: String
    /// Specs write it at their top level (`corpus`, `documents`), not in `base`.
    public let topLevel: Bool
    /// The rule of a setting the model does not check itself; nil for the model's own settings,
    /// whose rules are in the MLP module (`modelRequirement(for:)`).
    let ownRule: Requirement?
    /// The run-id format that introduced it: settings of format 1 are hashed always, later ones
    /// only when they differ from their default, so older runs keep their ids.
    let since: Int
    /// What an optional setting means when it is unset, for people ("off"); nil for the others.
    public let unset: String?

    let text: @Sendable (Root) -> String?
    let number: @Sendable (Root) -> Double?
    let canonical: @Sendable (Root) -> String
    /// Sets the value when it fits the setting's type; false (and nothing changed) otherwise.
    public let set: @Sendable (inout Root, SettingValue) -> Bool
    let isDefault: @Sendable (Root) -> Bool
    let encode: @Sendable (Root, inout KeyedEncodingContainer<SettingKey>) throws -> Void
    let decode: @Sendable (inout Root, KeyedDecodingContainer<SettingKey>) throws -> Void

    init<Value: SettingType>(_ key: String, _ path: WritableKeyPath<Root, Value> & Sendable, kind: SettingKind? = nil,
                             topLevel: Bool = false, rule: Requirement? = nil, since: Int = 1, unset: String? = nil, _ doc: String) {
        self.key = key
        self.unset = unset
        self.doc = doc
        self.topLevel = topLevel
        ownRule = rule
        self.since = since
        self.kind = kind ?? Value.kind
        text = { $0[keyPath: path].text }
        number = { $0[keyPath: path].number }
        canonical = { $0[keyPath: path].canonical }
        set = { root, value in
            guard let typed = Value(setting: value) else { return false }
            root[keyPath: path] = typed
            return true
        }
        isDefault = { $0[keyPath: path] == Root()[keyPath: path] }
        encode = { root, container in try root[keyPath: path].encode(to: &container, key: SettingKey(key)) }
        decode = { root, container in
            if let value = try Value.decode(from: container, key: SettingKey(key)) { root[keyPath: path] = value }
        }
    }

    /// The requirement the value must meet: the row's own, or the model's.
    public var requirement: Requirement? { ownRule ?? modelRequirement(for: key) }

    /// The problem with `root`'s value under the row's own rule.
    func ownProblem(_ root: Root) -> OptionProblem? {
        guard let rule = ownRule, let x = number(root), let message = rule.problem(with: x) else { return nil }
        return OptionProblem(key: key, message: message)
    }

    /// The default value as text (nil when an optional setting is unset by default).
    public var defaultText: String? { text(Root()) }
}

/// A settings object described by a table of rows: `init()` gives every setting its default,
/// and its JSON form (run.json's `config` and `sample`) is the rows' keys and values.
public protocol SettingsTable: Codable, Sendable {
    init()
    static var settings: [Setting<Self>] { get }
    /// Every setting that breaks its own rule.
    func ruleProblems() -> [OptionProblem]
    /// Every problem, rules between settings included.
    func problems() -> [OptionProblem]
}

extension SettingsTable {
    public func problems() -> [OptionProblem] { ruleProblems() }

    /// Decodes every row present in the object; absent rows keep their defaults, so files
    /// written before a setting existed still read.
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: SettingKey.self)
        for setting in Self.settings { try setting.decode(&self, container) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SettingKey.self)
        for setting in Self.settings { try setting.encode(self, &container) }
    }
}

/// A JSON key of a settings object.
public struct SettingKey: CodingKey, Sendable {
    public let stringValue: String
    public init(_ key: String) { stringValue = key }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public var intValue: Int? { nil }
    public init?(intValue: Int) { nil }
}

// MARK: - Values

/// A setting's value after type checking, normalised to its key's type (a learning rate
/// written `1` is the number 1.0), so that equal settings compare equal.
public enum SettingValue: Hashable, Sendable {
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
    public var display: String {
        switch self {
        case .integer(let n): String(n)
        case .number(let x): wholeNumberText(x)
        case .text(let s): s
        case .null: "null"
        }
    }
}

/// What a setting accepts.
public enum SettingKind: Equatable, Sendable {
    /// An integer; its rule says which.
    case integer
    /// An integer or null (null keeps the default meaning).
    case optionalInteger
    /// A non-negative integer that fits in a run's 64-bit seed.
    case seed
    case number
    /// A number or null (null keeps the default meaning).
    case optionalNumber
    /// A file path, relative to the spec's folder.
    case path
    /// Any string.
    case string
    case choice([String])

    /// "an integer", "one of \"file\", \"lines\"": what a value must be, for messages.
    public var expected: String {
        switch self {
        case .integer: "an integer"
        case .optionalInteger: "an integer or null"
        case .seed: "a non-negative integer"
        case .number: "a number"
        case .optionalNumber: "a number or null"
        case .path: "a file path (a string)"
        case .string: "a string"
        case .choice(let options): "one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
        }
    }

    public var isNumeric: Bool { ![.path, .string].contains(self) && !isChoice }
    public var isInteger: Bool { self == .integer || self == .seed || self == .optionalInteger }
    public var isChoice: Bool { if case .choice = self { true } else { false } }
    public var isOptional: Bool { self == .optionalInteger || self == .optionalNumber }
}

/// A number as short as it reads back, whole numbers without a decimal point: `0.1`, `3` (not
/// `3.0`), `1e-05`. The one formatter of setting values in run.json text, tables, ids and reports.
public func wholeNumberText(_ x: Double) -> String {
    if x.isFinite, x.rounded() == x, abs(x) < 1e15 { return String(Int64(x)) }
    return x.description
}

/// A Swift type a setting can hold, with its kind and text forms.
protocol SettingType: Hashable, Sendable {
    static var kind: SettingKind { get }
    /// The value from a checked spec value; nil if it does not fit.
    init?(setting: SettingValue)
    /// run.json's form as text; nil for an unset optional.
    var text: String? { get }
    /// The run-id form: Swift's own description of numbers (`0.1`, `3.0`), strings quoted.
    var canonical: String { get }
    /// The value as a number, for rules; nil for text and unset optionals.
    var number: Double? { get }
    func encode(to container: inout KeyedEncodingContainer<SettingKey>, key: SettingKey) throws
    /// nil when the key is absent.
    static func decode(from container: KeyedDecodingContainer<SettingKey>, key: SettingKey) throws -> Self?
}

extension SettingType where Self: Codable {
    func encode(to container: inout KeyedEncodingContainer<SettingKey>, key: SettingKey) throws {
        try container.encode(self, forKey: key)
    }

    static func decode(from container: KeyedDecodingContainer<SettingKey>, key: SettingKey) throws -> Self? {
        try container.decodeIfPresent(Self.self, forKey: key)
    }
}

extension Int: SettingType {
    static var kind: SettingKind { .integer }
    init?(setting: SettingValue) {
        guard case .integer(let n) = setting else { return nil }
        self = n
    }
    var text: String? { String(self) }
    var canonical: String { String(self) }
    var number: Double? { Double(self) }
}

extension UInt64: SettingType {
    static var kind: SettingKind { .seed }
    init?(setting: SettingValue) {
        guard case .integer(let n) = setting, n >= 0 else { return nil }
        self = UInt64(n)
    }
    var text: String? { String(self) }
    var canonical: String { String(self) }
    var number: Double? { Double(self) }
}

extension Double: SettingType {
    static var kind: SettingKind { .number }
    init?(setting: SettingValue) {
        guard let x = setting.double else { return nil }
        self = x
    }
    var text: String? { wholeNumberText(self) }
    var canonical: String { description }
    var number: Double? { self }
}

extension String: SettingType {
    static var kind: SettingKind { .string }
    init?(setting: SettingValue) {
        guard case .text(let s) = setting else { return nil }
        self = s
    }
    var text: String? { self }
    var canonical: String { quotedCanonical(self) }
    var number: Double? { nil }
}

extension Optional: SettingType where Wrapped: SettingType & Codable {
    static var kind: SettingKind { Wrapped.kind == .integer ? .optionalInteger : .optionalNumber }
    init?(setting: SettingValue) {
        if setting == .null { self = .none; return }
        guard let value = Wrapped(setting: setting) else { return nil }
        self = .some(value)
    }
    var text: String? { self?.text ?? nil }
    var canonical: String { self?.canonical ?? "null" }
    var number: Double? { self?.number ?? nil }
    func encode(to container: inout KeyedEncodingContainer<SettingKey>, key: SettingKey) throws {
        try container.encodeIfPresent(self, forKey: key)
    }
    static func decode(from container: KeyedDecodingContainer<SettingKey>, key: SettingKey) throws -> Self? {
        // subtle: a present null and an absent key both mean "unset"; report absence only.
        guard container.contains(key) else { return nil }
        return .some(try container.decodeIfPresent(Wrapped.self, forKey: key))
    }
}

/// A finite set of choices, written by its raw value.
protocol ChoiceSetting: SettingType, Codable, CaseIterable, RawRepresentable where RawValue == String {}

extension ChoiceSetting {
    static var kind: SettingKind { .choice(allCases.map(\.rawValue)) }
    init?(setting: SettingValue) {
        guard case .text(let s) = setting, let value = Self(rawValue: s) else { return nil }
        self = value
    }
    var text: String? { rawValue }
    var canonical: String { quotedCanonical(rawValue) }
    var number: Double? { nil }
}

extension DocumentMode: ChoiceSetting {}
extension SplitMode: ChoiceSetting {}
extension LearningRateSchedule: ChoiceSetting {}
