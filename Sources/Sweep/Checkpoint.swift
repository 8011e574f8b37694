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

    /// The checkpoint at `url` if there is one that belongs to `config`; nil otherwise, so an
    /// unreadable or foreign checkpoint means starting over rather than failing the run.
    static func load(from url: URL, config: RunConfig, parameterCount: Int) -> Checkpoint? {
        guard let data = (try? readFile(at: url, limit: FileLimit.data)).map({ Data($0) }),
              let (tensors, m) = try? Safetensors.decode(data, path: url.path),
              m["evaluation"] == Checkpoint.evaluation,
              let stored = m["config"].flatMap({ try? JSONDecoder().decode(RunConfig.self, from: Data($0.utf8)) }), stored == config,
              let parameters = tensors.first(where: { $0.name == "parameters" })?.values,
              parameters.count == parameterCount,
              let step = m["step"].flatMap(Int.init),
              let words = m["rng"]?.split(separator: " ").compactMap({ UInt64($0) }), words.count == 4,
              let smoothed = m["smoothed_loss"].flatMap(Double.init),
              let windowSum = m["window_sum"].flatMap(Double.init),
              let windowCount = m["window_count"].flatMap(Int.init),
              let trainingSeconds = m["training_seconds"].flatMap(Double.init),
              let elapsedSeconds = m["elapsed_seconds"].flatMap(Double.init),
              let metrics = m["metrics"].flatMap(parseMetrics)
        else { return nil }
        let state = TrainerState(parameters: parameters, step: step,
                                 rng: Xoshiro256(state: (words[0], words[1], words[2], words[3])), smoothedLoss: smoothed)
        return Checkpoint(state: state, log: TrainingLog(metrics: metrics, window: (windowSum, windowCount),
                                                         trainingSeconds: trainingSeconds, elapsedSeconds: elapsedSeconds))
    }
}

/// Rows of a metrics.csv as TinyLab writes it; nil if any row does not parse.
func parseMetrics(_ text: String) -> [MetricsRow]? {
    var rows: [MetricsRow] = []
    for line in text.split(whereSeparator: \.isNewline).dropFirst() {
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        // Files written before the bpc column existed have five fields.
        guard f.count == 5 || f.count == 6, let step = Int(f[0]), let split = MetricsRow.Split(rawValue: String(f[1])),
              let loss = Double(f[2]), let lr = Double(f[3]), let elapsed = Double(f[4]) else { return nil }
        let bpc = f.count == 6 && !f[5].isEmpty ? Double(f[5]) : nil
        if f.count == 6 && !f[5].isEmpty && bpc == nil { return nil }
        rows.append(MetricsRow(step: step, split: split, loss: loss, learningRate: lr, elapsedSeconds: elapsed, bpc: bpc))
    }
    return rows
}
