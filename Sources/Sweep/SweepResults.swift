// A sweep folder read back from its files alone: every run directory under runs/ that has a
// run.json, with its metrics. This is what reports and figures are built from, so they can be
// rebuilt for a finished, interrupted or partly copied sweep without the spec or the corpus.

import BPE
import Files
import Foundation
import MLP

/// One run directory as found on disk.
public struct StoredRun: Sendable {
    public var id: String
    public var directory: URL
    public var record: RunRecord
    /// The periodic evaluations (`train` and `val` rows) of metrics.csv; empty when it is
    /// missing or unreadable. A sweep's thousand runs keep a few dozen rows each in memory, not
    /// their mini-batch rows (`allMetrics()` reads those).
    public var metrics: [MetricsRow]

    /// Loads the run in `directory`; nil if it has no readable run.json.
    public init?(directory: URL) {
        guard let (run, _) = try? Self.read(directory) else { return nil }
        self = run
    }

    /// Loads the run in `directory`, with what could not be read of its metrics.csv (a file cut
    /// short keeps the rows before the cut).
    /// - Throws: `SweepError.io` when run.json is missing or cannot be read.
    public static func read(_ directory: URL) throws(SweepError) -> (run: StoredRun, problem: String?) {
        let record = try decodeJSON(RunRecord.self, from: directory.appendingPathComponent(RunFile.record))
        let (rows, problem) = readMetrics(directory)
        return (StoredRun(id: directory.lastPathComponent, directory: directory, record: record,
                          metrics: rows.filter { $0.split != .batch }), problem)
    }

    private init(id: String, directory: URL, record: RunRecord, metrics: [MetricsRow]) {
        self.id = id
        self.directory = directory
        self.record = record
        self.metrics = metrics
    }

    /// Every row of the run's metrics.csv, mini-batch rows included; those it could read.
    public func allMetrics() -> [MetricsRow] {
        Self.readMetrics(directory).rows
    }

    /// The rows of metrics.csv up to the first one that does not read, and what is wrong, if anything.
    static func readMetrics(_ directory: URL) -> (rows: [MetricsRow], problem: String?) {
        let url = directory.appendingPathComponent(RunFile.metrics)
        guard fileKind(url.path) != .missing else { return ([], nil) }
        let text: String
        do { text = try readText(at: url, limit: FileLimit.data) } catch { return ([], "\(url.path) \(error.reason)") }
        let (rows, bad) = parseMetricsRows(text)
        guard let bad else { return (rows, nil) }
        return (rows, "\(url.path): line \(bad) is cut short or not a metrics row; the \(rows.count) rows before it are kept")
    }
}

/// What the embedding figure of a run shows: the embedding table and each token's text and
/// count, from model.safetensors and tokens.csv.
public struct EmbeddingTable: Sendable {
    /// embedding.weight, row-major [V, E].
    public var values: [Float]
    public var dimension: Int
    public var tokens: [String]
    /// Occurrences of each token in the corpus; nil for a run written before tokens.csv existed.
    public var counts: [Int]?
}

extension StoredRun {
    /// The run's embedding table with its tokens; nil when it has no model yet.
    /// - Throws: `SweepError.io` when model.safetensors, tokens.csv or tokenizer.json cannot be read or disagree.
    public func embeddingTable() throws -> EmbeddingTable? {
        let modelURL = directory.appendingPathComponent(RunFile.model)
        guard FileManager.default.fileExists(atPath: modelURL.path) else { return nil }
        let model = try SavedRun.readModel(modelURL)
        let V = model.shape.vocabularySize
        let tokensURL = directory.appendingPathComponent(RunFile.tokens)
        let texts: [String], counts: [Int]?
        if let text = try? readText(at: tokensURL, limit: FileLimit.data) {
            guard let table = TokenTable(csv: text), table.texts.count == V else {
                throw SweepError.io(path: tokensURL.path, problem: "is not a tokens.csv of \(V) tokens (id,token,count), as the model has")
            }
            (texts, counts) = (table.texts, table.counts)
        } else {
            // subtle: runs written before tokens.csv existed have no counts; the figure then labels by merge order.
            let tokenizer = try Tokenizer.load(from: directory.appendingPathComponent(RunFile.tokenizer))
            guard tokenizer.vocabularySize == V else {
                throw SweepError.io(path: directory.path, problem: "tokenizer.json has \(tokenizer.vocabularySize) tokens but model.safetensors has \(V)")
            }
            (texts, counts) = ((0 ..< V).map { tokenizer.tokenText(Int32($0)) }, nil)
        }
        return EmbeddingTable(values: Array(model.tensor(\.embedding)), dimension: model.shape.embeddingDim, tokens: texts, counts: counts)
    }
}

extension SweepLayout {
    /// Every run under runs/ with a run.json, sorted by id.
    public func storedRuns() -> [StoredRun] { readRuns().runs }

    /// Every run under runs/ with a readable run.json, sorted by id, and one line for each file
    /// that could not be read: a run.json torn or damaged (that run is left out), a metrics.csv
    /// cut short (the rows before the cut are kept). A folder without run.json is no run.
    public func readRuns() -> (runs: [StoredRun], problems: [String]) {
        let folder = root.appendingPathComponent("runs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var runs: [StoredRun] = [], problems: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let directory = folder.appendingPathComponent(name)
            guard fileKind(directory.appendingPathComponent(RunFile.record).path) != .missing else { continue }
            do {
                let (run, problem) = try StoredRun.read(directory)
                runs.append(run)
                if let problem { problems.append(problem) }
            } catch {
                problems.append("\(error); the run is left out")
            }
        }
        return (runs, problems)
    }
}

/// The config keys whose values differ between runs (seed apart), in RunConfig's key order:
/// the sweep's axes as far as the results show them.
public func sweptKeys(of records: [RunRecord]) -> [String] {
    let values = records.map(\.config.textValues)
    return RunConfig.keys.filter { key in key != "seed" && Set(values.map { $0[key] ?? "" }).count > 1 }
}

