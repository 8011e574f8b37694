// A resumable snapshot of a run in progress: the trainer's whole state (parameters, step,
// generator, smoothed loss) and the run's log so far (metrics rows, the open batch window,
// timings), in one safetensors file written atomically, so the two can never disagree. A run
// resumed from it continues bit for bit as if it had never stopped.
// Leaves out: deciding when to checkpoint (TrainingRun.swift).

import Files
import Foundation
import MLP

/// What a run has recorded so far, besides the trainer's state.
struct TrainingLog: Equatable {
    var metrics: [MetricsRow] = []
    /// Sum and count of batch losses since the last `batch` row.
    var window: (sum: Double, count: Int) = (0, 0)
    /// Seconds spent in training steps (evaluation excluded).
    var trainingSeconds = 0.0
    /// Seconds since training started, over every session of the run.
    var elapsedSeconds = 0.0

    static func == (a: TrainingLog, b: TrainingLog) -> Bool {
        a.metrics == b.metrics && a.window == b.window && a.trainingSeconds == b.trainingSeconds
            && a.elapsedSeconds == b.elapsedSeconds
    }

    func examplesPerSecond(step: Int, batchSize: Int) -> Double {
        Double(step * batchSize) / max(trainingSeconds, 1e-9)
    }

    /// The periodic validation row with the lowest loss (earliest wins): one estimator, the
    /// evaluation subset, so best_val_loss is always the minimum of the `val` rows.
    var bestValidation: MetricsRow? {
        metrics.filter { $0.split == .val }.reduce(nil) { best, row in
            row.loss < best?.loss ?? .infinity ? row : best
        }
    }
}

struct Checkpoint {
    var state: TrainerState
    var log: TrainingLog

    /// How the periodic evaluations of the log were made. A checkpoint from before evaluation
    /// subsets were the same for every run (it has no tag) starts its run over rather than mix
    /// two estimators in one curve.
    static let evaluation = "fixed-subsets-1"

    /// The checkpoint file's bytes; `config` is stored so a changed config never resumes it.
    func encoded(config: RunConfig) -> Data {
        let rng = state.rng.state
        let metadata = [
            "config": String(decoding: encodeJSON(config), as: UTF8.self),
            "evaluation": Checkpoint.evaluation,
            "step": String(state.step),
            "rng": [rng.0, rng.1, rng.2, rng.3].map(String.init).joined(separator: " "),
            "smoothed_loss": state.smoothedLoss.description,
            "window_sum": log.window.sum.description,
            "window_count": String(log.window.count),
            "training_seconds": log.trainingSeconds.description,
            "elapsed_seconds": log.elapsedSeconds.description,
            "metrics": csvText(header: MetricsRow.header, rows: log.metrics.map(\.fields)),
        ]
        return Safetensors.encode([NamedTensor(name: "parameters", shape: [state.parameters.count], values: state.parameters)],
                                  metadata: metadata)
    }

    /// What was found where a checkpoint may be.
    enum Found {
        case none
        case usable(Checkpoint)
        /// A file that cannot be resumed from, and why; the run starts over.
        case unusable(String)
    }

    /// The checkpoint at `url`, if there is one and it belongs to `config`. An unreadable,
    /// damaged (its digest does not match) or foreign checkpoint means starting over rather than
    /// failing the run, and the caller says so.
    static func load(from url: URL, config: RunConfig, parameterCount: Int) -> Found {
        guard fileKind(url.path) != .missing else { return .none }
        let data: Data, tensors: [NamedTensor], m: [String: String]
        do {
            data = Data(try readFile(at: url, limit: FileLimit.data))
            (tensors, m) = try Safetensors.decode(data, path: url.path)
        } catch let error as FileError {
            return .unusable(error.reason)
        } catch let MLPError.safetensors(_, problem) {
            return .unusable(problem)
        } catch {
            return .unusable("\(error)")
        }
        guard m[Safetensors.digestKey] != nil else { return .unusable("it has no digest, so it cannot be checked") }
        guard m["evaluation"] == Checkpoint.evaluation else { return .unusable("it was written by an earlier version, whose evaluations differ") }
        guard let stored = m["config"].flatMap({ try? JSONDecoder().decode(RunConfig.self, from: Data($0.utf8)) }), stored == config else {
            return .unusable("it belongs to other settings")
        }
        guard let parameters = tensors.first(where: { $0.name == "parameters" })?.values,
              parameters.count == parameterCount,
              let step = m["step"].flatMap(Int.init),
              let words = m["rng"]?.split(separator: " ").compactMap({ UInt64($0) }), words.count == 4,
              let smoothed = m["smoothed_loss"].flatMap(Double.init),
              let windowSum = m["window_sum"].flatMap(Double.init),
              let windowCount = m["window_count"].flatMap(Int.init),
              let trainingSeconds = m["training_seconds"].flatMap(Double.init),
              let elapsedSeconds = m["elapsed_seconds"].flatMap(Double.init),
              let metrics = m["metrics"].flatMap(parseMetrics)
        else { return .unusable("its state is incomplete") }
        let state = TrainerState(parameters: parameters, step: step,
                                 rng: Xoshiro256(state: (words[0], words[1], words[2], words[3])), smoothedLoss: smoothed)
        return .usable(Checkpoint(state: state, log: TrainingLog(metrics: metrics, window: (windowSum, windowCount),
                                                                 trainingSeconds: trainingSeconds, elapsedSeconds: elapsedSeconds)))
    }
}

/// Rows of a metrics.csv as TinyLab writes it; nil if any row does not parse.
func parseMetrics(_ text: String) -> [MetricsRow]? {
    let (rows, bad) = parseMetricsRows(text)
    return bad == nil ? rows : nil
}

/// The rows of a metrics.csv up to the first that does not parse, and that line's number (1 is
/// the header), nil when all do. A file cut short mid-row ends in such a line.
func parseMetricsRows(_ text: String) -> (rows: [MetricsRow], badLine: Int?) {
    var rows: [MetricsRow] = []
    let lines = text.split(whereSeparator: \.isNewline)
    guard let header = lines.first else { return ([], nil) }
    guard header.split(separator: ",").first == "step" else { return ([], 1) }
    // subtle: a file cut short ends without a line end, and its last line may still parse (a
    // loss of 3.7219 cut to 3.72): such a line counts as bad.
    // subtle: "\r\n" is one Character, so look at the last byte, not the last Character.
    let complete = text.utf8.last == UInt8(ascii: "\n") ? lines.count : lines.count - 1
    for (index, line) in lines.enumerated().dropFirst() {
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        // Files written before the bpc column existed have five fields.
        guard index < complete, f.count == 5 || f.count == 6, let step = Int(f[0]), let split = MetricsRow.Split(rawValue: String(f[1])),
              let loss = Double(f[2]), let lr = Double(f[3]), let elapsed = Double(f[4]) else { return (rows, index + 1) }
        let bpc = f.count == 6 && !f[5].isEmpty ? Double(f[5]) : nil
        if f.count == 6 && !f[5].isEmpty && bpc == nil { return (rows, index + 1) }
        rows.append(MetricsRow(step: step, split: split, loss: loss, learningRate: lr, elapsedSeconds: elapsed, bpc: bpc))
    }
    return (rows, nil)
}
