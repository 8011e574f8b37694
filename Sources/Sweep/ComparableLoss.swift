// Which loss compares a set of runs. Nats per token compare only runs that share a tokenizer
// and validation text; where the vocabulary, corpus, documents or split differ between runs,
// reports rank them, figures plot them and `compare` overlays them by bits per character
// instead (BitsPerCharacter.swift), and say so. Leaves out drawing and page layout (Report, Plot).

/// The loss a set of runs is ranked and plotted by.
public enum LossMeasure: String, Sendable, Equatable {
    case natsPerToken
    case bitsPerCharacter

    /// The settings whose difference makes per-token losses incomparable: they change the
    /// tokenizer or the text the validation loss is measured on.
    public static let tokenizerKeys = ["corpus", "documents", "vocab_size", "split"]

    /// The measure for `records`: bits per character when any tokenizer key differs between them.
    public static func comparing(_ records: [RunRecord]) -> LossMeasure {
        comparing(records.map(\.config))
    }

    /// The measure for runs of `configs`.
    public static func comparing(_ configs: [RunConfig]) -> LossMeasure {
        differingKeys(configs).isEmpty ? .natsPerToken : .bitsPerCharacter
    }

    /// The tokenizer keys whose values differ between `records`, in `tokenizerKeys` order.
    public static func differingKeys(_ records: [RunRecord]) -> [String] {
        differingKeys(records.map(\.config))
    }

    static func differingKeys(_ configs: [RunConfig]) -> [String] {
        tokenizerKeys.filter { key in Set(configs.map { $0.value(of: key) ?? "" }).count > 1 }
    }

    /// "nats per token", "bits per character"
    public var unit: String {
        switch self {
        case .natsPerToken: "nats per token"
        case .bitsPerCharacter: "bits per character"
        }
    }

    /// The final full-split validation loss of a run in this measure.
    public func finalValidation(_ results: RunResults?) -> Double? {
        switch self {
        case .natsPerToken: results?.valLoss
        case .bitsPerCharacter: results?.valBpc
        }
    }

    /// A metrics row's loss in this measure (nil for a row without bpc).
    public func value(_ row: MetricsRow) -> Double? {
        switch self {
        case .natsPerToken: row.loss
        case .bitsPerCharacter: row.bpc
        }
    }

    /// A sentence saying why runs are compared this way, e.g. "Runs are ranked by validation
    /// bits per character, because vocab_size differs between them: per-token losses of
    /// different tokenizers do not compare." nil for nats per token.
    public static func explanation(_ records: [RunRecord]) -> String? {
        let keys = differingKeys(records)
        guard !keys.isEmpty else { return nil }
        let named = keys.count == 1 ? keys[0] : keys.dropLast().joined(separator: ", ") + " and " + keys[keys.count - 1]
        return "Runs are compared by validation bits per character, because \(named) "
            + (keys.count == 1 ? "differs" : "differ") + " between them: losses per token of different tokenizers or texts do not compare."
    }
}
