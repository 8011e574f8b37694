// The files of one run directory (Docs/FORMATS.md): run.json, metrics.csv, samples.json,
// tokens.csv, CSV written and read back, and the atomic write every file goes through, so a file
// is either its old or its new self, never torn.
// Leaves out: model.safetensors and tokenizer.json, whose formats live in MLP and BPE.

import BPE
import Files
import Foundation
import MLP

/// Names of the files in a run directory.
public enum RunFile {
    public static let record = "run.json"
    public static let metrics = "metrics.csv"
    public static let model = "model.safetensors"
    public static let tokenizer = "tokenizer.json"
    public static let samples = "samples.json"
    public static let tokens = "tokens.csv"
    public static let checkpoint = "checkpoint.safetensors"
}

/// How a run ended, or that it has not.
public enum RunStatus: String, Codable, CaseIterable, Sendable {
    /// Trained all its steps.
    case completed
    /// Ended early on purpose, with its results as of then: not promoted by successive halving,
    /// or no better for `patience` evaluations.
    case stopped
    /// Stopped by the divergence rule.
    case diverged
    /// Could not run; `error` says why.
    case failed
    /// Stopped by a signal or a deadline with a checkpoint; the next invocation resumes it.
    case interrupted
    /// Trained to a rung of successive halving, with a checkpoint, waiting for the rung's decision.
    case paused
    /// Training now (or killed while it was).
    case running

    /// Completed, stopped and diverged runs are results; the others are not (yet).
    public var isResult: Bool { self == .completed || self == .stopped || self == .diverged }

    /// How many of `statuses` have each status, in declaration order, leaving out absent ones.
    public static func counts(of statuses: [RunStatus]) -> [(status: RunStatus, count: Int)] {
        allCases.compactMap { status in
            let n = statuses.count { $0 == status }
            return n > 0 ? (status, n) : nil
        }
    }
}

/// Final numbers of a run.
public struct RunResults: Codable, Equatable, Sendable {
    /// Mean nats per token over the whole training split at the end.
    public var trainLoss: Double?
    /// Mean nats per token over the whole validation split at the end.
    public var valLoss: Double?
    /// The lowest periodic validation loss (on the evaluation subset, like every `val` row of
    /// metrics.csv), and its step.
    public var bestValLoss: Double?
    public var bestStep: Int?
    public var valPerplexity: Double?
    /// The same three losses in bits per character, comparable across tokenizers.
    public var trainBpc: Double?
    public var valBpc: Double?
    public var bestValBpc: Double?
    public var vocabSizeActual: Int
    public var parameters: Int
    /// Training examples per second of training steps, evaluation excluded.
    public var examplesPerSecond: Double
    /// Wall time of the whole run.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case trainLoss = "train_loss", valLoss = "val_loss", bestValLoss = "best_val_loss"
        case bestStep = "best_step", valPerplexity = "val_perplexity"
        case trainBpc = "train_bpc", valBpc = "val_bpc", bestValBpc = "best_val_bpc"
        case vocabSizeActual = "vocab_size_actual", parameters
        case examplesPerSecond = "examples_per_second", seconds
    }
}

/// run.json: the resolved config, the status and the results.
public struct RunRecord: Codable, Equatable, Sendable {
    public var config: RunConfig
    public var sample: SampleConfig
    public var status: RunStatus
    public var results: RunResults?
    /// Why a `failed` run failed.
    public var error: String?
    public var divergedAtStep: Int?
    public var divergedLoss: Double?
    /// The step a `stopped` run ended at.
    public var stoppedAtStep: Int?

    public init(config: RunConfig, sample: SampleConfig, status: RunStatus) {
        self.config = config
        self.sample = sample
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case config, sample, status, results, error
        case divergedAtStep = "diverged_at_step", divergedLoss = "diverged_loss"
        case stoppedAtStep = "stopped_at_step"
    }
}

/// One row of metrics.csv.
public struct MetricsRow: Equatable, Sendable {
    /// `batch`: mean mini-batch loss over the steps since the previous batch row;
    /// `train` / `val`: loss on the fixed evaluation subset of that split (the same examples for
    /// every run with the same splits).
    /// `rung`: the loss on the whole validation split at a rung of successive halving, the
    /// number the rung's decision ranks by.
    public enum Split: String, Sendable, CaseIterable { case batch, train, val, rung }

    public var step: Int
    public var split: Split
    /// Mean nats per token.
    public var loss: Double
    public var learningRate: Double
    public var elapsedSeconds: Double
    /// The same loss in bits per character (Docs/MODEL.md); nil for `batch` rows.
    public var bpc: Double?

    public init(step: Int, split: Split, loss: Double, learningRate: Double, elapsedSeconds: Double, bpc: Double? = nil) {
        self.step = step
        self.split = split
        self.loss = loss
        self.learningRate = learningRate
        self.elapsedSeconds = elapsedSeconds
        self.bpc = bpc
    }

    public static let header = ["step", "split", "loss", "learning_rate", "elapsed_s", "bpc"]

    /// The row's fields as CSV text; numbers in Swift's shortest round-tripping form, an absent bpc empty.
    public var fields: [String] {
        [String(step), split.rawValue, csvNumber(loss), csvNumber(learningRate), csvNumber(elapsedSeconds), bpc.map(csvNumber) ?? ""]
    }
}

/// samples.json: what a run generated, token by token.
public struct SampleRecord: Codable, Equatable, Sendable {
    public struct Token: Codable, Equatable, Sendable {
        public var id: Int32
        public var text: String
        /// The model's probability of this token given its context (temperature 1).
        public var probability: Double
    }

    public var prompt: String
    public var temperature: Double
    public var topK: Int?
    public var seed: UInt64
    public var text: String
    public var tokens: [Token]

    enum CodingKeys: String, CodingKey {
        case prompt, temperature, seed, text, tokens
        case topK = "top_k"
    }
}

/// tokens.csv: every token of the run's vocabulary with its text and how often it occurs in the
/// encoded corpus (<|endoftext|> once per document), recorded when the run trains so that
/// figures can label the frequent tokens without the corpus.
public struct TokenTable: Sendable, Equatable {
    public static let header = ["id", "token", "count"]
    /// Token text by id (`<|endoftext|>` for id 0).
    public var texts: [String]
    public var counts: [Int]

    public init(texts: [String], counts: [Int]) {
        self.texts = texts
        self.counts = counts
    }

    init(tokenizer: Tokenizer, counts: [Int]) {
        self.init(texts: (0 ..< tokenizer.vocabularySize).map { tokenizer.tokenText(Int32($0)) }, counts: counts)
    }

    var csv: Data {
        Data(csvText(header: Self.header, rows: zip(texts, counts).enumerated().map { [String($0.offset), $0.element.0, String($0.element.1)] }).utf8)
    }

    /// The table in tokens.csv text; nil unless every row is `id,token,count` with ids 0, 1, 2, ...
    public init?(csv text: String) {
        guard let records = csvRecords(text), records.first == Self.header else { return nil }
        var texts: [String] = [], counts: [Int] = []
        for (i, record) in records.dropFirst().enumerated() {
            guard record.count == 3, Int(record[0]) == i, let count = Int(record[2]) else { return nil }
            texts.append(record[1])
            counts.append(count)
        }
        self.init(texts: texts, counts: counts)
    }
}

// MARK: - Writing and reading

/// A number for CSV: shortest text that reads back to the same Double; NaN and infinities as
/// pandas and R spell them.
public func csvNumber(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "Inf" : "-Inf" }
    return x.description
}

/// RFC 4180 text of a table (with a header line unless nil): fields quoted when they hold a
/// comma, quote or line break, CRLF after every line.
public func csvText(header: [String]?, rows: [[String]]) -> String {
    func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    var out = header.map { $0.map(field).joined(separator: ",") + "\r\n" } ?? ""
    for row in rows { out += row.map(field).joined(separator: ",") + "\r\n" }
    return out
}

/// The records of RFC 4180 text (quoted fields may hold commas, quotes and line breaks); nil for
/// text that is not, such as an unterminated quote.
public func csvRecords(_ text: String) -> [[String]]? {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var scalars = text.unicodeScalars.makeIterator()
    var pending = scalars.next()
    while let c = pending {
        pending = scalars.next()
        if quoted {
            if c == "\"" {
                if pending == "\"" { field.unicodeScalars.append("\""); pending = scalars.next() } else { quoted = false }
            } else {
                field.unicodeScalars.append(c)
            }
            continue
        }
        switch c {
        case "\"" where field.isEmpty: quoted = true
        case ",": record.append(field); field = ""
        case "\r" where pending == "\n": break
        case "\n", "\r": record.append(field); records.append(record); record = []; field = ""
        default: field.unicodeScalars.append(c)
        }
    }
    if quoted { return nil }
    if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
    return records
}

/// JSON as TinyLab writes it: sorted keys, indented, so files diff cleanly.
public func encodeJSON<T: Encodable>(_ value: T) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    // Encoding plain Codable structs of numbers and strings cannot fail.
    return try! encoder.encode(value) + Data("\n".utf8)
}

/// Decodes a JSON file TinyLab wrote, naming it and saying what is wrong in the error.
/// - Throws: `SweepError.io`: the file cannot be read, or is not what it should be (cut short,
///   a key missing, a value of the wrong type).
public func decodeJSON<T: Decodable>(_ type: T.Type, from url: URL) throws(SweepError) -> T {
    let bytes: [UInt8]
    do { bytes = try readFile(at: url, limit: FileLimit.data) } catch {
        throw SweepError.io(path: url.path, problem: "cannot be read: \(error.reason)")
    }
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    do { return try decoder.decode(type, from: Data(bytes)) } catch {
        throw SweepError.io(path: url.path, problem: "is not a usable \(url.lastPathComponent): \(plainDescription(of: error))")
    }
}

/// A decoding error in plain words: where in the document, and what.
func plainDescription(of error: any Error) -> String {
    func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top level" : "`" + keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + "`"
    }
    switch error as? DecodingError {
    case .keyNotFound(let key, let context)?:
        return "\(path(context.codingPath + [key])) is missing"
    case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
        return "\(path(context.codingPath)) has a value of the wrong type"
    case .dataCorrupted(let context)?:
        return context.codingPath.isEmpty ? "it is not complete, valid JSON (cut short?)" : "\(path(context.codingPath)) has an invalid value"
    default:
        return "it cannot be decoded"
    }
}
