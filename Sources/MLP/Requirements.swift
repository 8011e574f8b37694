// The rule book of the model's options: what each numeric option accepts, stated once as data.
// `validate()` of ModelShape, ValidationSplit, TrainingOptions and SamplingOptions applies these
// rules; the spec reader maps their findings (keyed by the option's setting name, e.g.
// `learning_rate`) to key paths in the spec, and the spec schema states the same bounds.
// Leaves out settings the model does not own (corpus, checkpoints), which the Sweep module checks.

/// What a numeric option accepts.
public enum Requirement: Sendable, Equatable {
    /// An integer of at least 1.
    case positiveInteger
    /// An integer of at least 0.
    case nonNegativeInteger
    /// A finite number above 0.
    case positive
    /// A finite number of at least 0.
    case nonNegative
    /// A finite number above the bound.
    case greaterThan(Double)
    /// A number strictly between the bounds.
    case between(Double, Double)

    /// Why `value` breaks the rule, as the end of a sentence naming the option ("must be a
    /// positive number, got 0"); nil when it is fine.
    public func problem(with value: Double) -> String? {
        let shown = value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        switch self {
        case .positiveInteger:
            return value >= 1 ? nil : "must be a positive integer, got \(shown)"
        case .nonNegativeInteger:
            return value >= 0 ? nil : "must be zero or positive, got \(shown)"
        case .positive:
            return value > 0 && value.isFinite ? nil : "must be a positive number, got \(shown)"
        case .nonNegative:
            return value >= 0 && value.isFinite ? nil : "must be zero or positive, got \(shown)"
        case .greaterThan(let bound):
            return value > bound && value.isFinite ? nil : "must be greater than \(Requirement.text(bound)), got \(shown)"
        case .between(let low, let high):
            return value > low && value < high ? nil
                : "must be between \(Requirement.text(low)) and \(Requirement.text(high)) (exclusive), got \(shown)"
        }
    }

    /// The smallest allowed value and whether it is itself allowed, for schemas.
    public var lowerBound: (value: Double, inclusive: Bool) {
        switch self {
        case .positiveInteger: (1, true)
        case .nonNegativeInteger, .nonNegative: (0, true)
        case .positive: (0, false)
        case .greaterThan(let bound): (bound, false)
        case .between(let low, _): (low, false)
        }
    }

    /// The largest allowed value (never allowed itself), when there is one.
    public var upperBound: Double? {
        if case .between(_, let high) = self { return high }
        return nil
    }

    private static func text(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}

/// One option that breaks its rule: the option's setting name and what is wrong.
public struct OptionProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting's name as specs and run.json write it, e.g. `learning_rate`.
    public var key: String
    /// "must be a positive number, got 0"
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    /// "learning_rate must be a positive number, got 0"
    public var description: String { "\(key) \(message)" }
}

/// The rule of one option of `Options`: its setting name, its requirement and how to read it.
public struct OptionRule<Options>: Sendable {
    public let key: String
    public let requirement: Requirement
    /// The option's value; nil when it is unset (an optional option left out).
    let value: @Sendable (Options) -> Double?

    public init(_ key: String, _ requirement: Requirement, _ value: @escaping @Sendable (Options) -> Double?) {
        self.key = key
        self.requirement = requirement
        self.value = value
    }

    /// The problem `options` has with this rule, if any.
    public func problem(in options: Options) -> OptionProblem? {
        guard let x = value(options), let message = requirement.problem(with: x) else { return nil }
        return OptionProblem(key: key, message: message)
    }
}

/// Options whose numeric values follow a list of rules.
public protocol RuleChecked {
    /// Every rule, in the order the options are declared: the one place they are stated.
    static var rules: [OptionRule<Self>] { get }
}

extension RuleChecked {
    /// Every rule these options break, in rule order.
    public func problems() -> [OptionProblem] {
        Self.rules.compactMap { $0.problem(in: self) }
    }

    /// Throws the first problem, for callers that need valid options to go on.
    public func validate() throws(MLPError) {
        if let problem = problems().first { throw .invalidOption(problem) }
    }
}

/// The rule of the option named `key` among every option the model owns, for the spec reader
/// and the schema.
public func modelRequirement(for key: String) -> Requirement? {
    if let rule = ModelShape.rules.first(where: { $0.key == key }) { return rule.requirement }
    if let rule = ValidationSplit.rules.first(where: { $0.key == key }) { return rule.requirement }
    if let rule = TrainingOptions.rules.first(where: { $0.key == key }) { return rule.requirement }
    return SamplingOptions.rules.first(where: { $0.key == key })?.requirement
}
