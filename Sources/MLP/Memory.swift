// How much memory a run needs, worked out from its sizes alone before anything is allocated, and
// how much this machine can give: so `hidden_size` 10^7 or `batch_size` 10^9 is refused with the
// bytes it would take instead of ending the process on a failed allocation. The arithmetic is in
// Double, so no size, however absurd, can overflow it.
// Leaves out the few tens of megabytes the program itself takes.

import Foundation

/// The memory one run needs, in bytes, by what it is for.
public struct MemoryNeed: Sendable, Equatable {
    /// The parameters, their gradients and the copies made while saving a checkpoint and the model.
    public var parameters: Double
    /// The activations of a training batch (or an evaluation chunk, whichever is larger).
    public var activations: Double
    /// The token stream and example positions of both splits.
    public var examples: Double

    public var total: Double { parameters + activations + examples }

    /// The need of a model of `shape` trained in batches of `batchSize` on `examples` examples
    /// made from `tokens` tokens in `documents` documents.
    public init(shape: ModelShape, batchSize: Int, examples: Int, documents: Int) {
        let V = Double(shape.vocabularySize), E = Double(shape.embeddingDim)
        let C = Double(shape.contextLength), H = Double(shape.hiddenSize)
        let K: Double = C * E
        let count: Double = V * E + H * K + H + V * H + V
        // The trained values, their gradients, and the two copies of a save (the tensors and the
        // encoded file) alive at the same time.
        parameters = 4 * count * 4
        // Workspace.swift: per example 3 x (C*E) + 3 x H + 2 x V floats and C + 1 token ids, for
        // the batch rounded up to 8 or the 256-example evaluation chunk.
        let capacity: Double = (max(Double(batchSize), 256) / 8).rounded(.up) * 8
        let floatsPerExample: Double = 3 * K + 3 * H + 2 * V
        let spare: Double = max(max(V, H), max(K, capacity))
        activations = (capacity * floatsPerExample + capacity * (C + 1) + spare) * 4
        // The corpus's ids once, and the run's padded stream and positions (ExampleSet).
        let ids: Double = Double(examples) * 3 + Double(documents) * C
        self.examples = ids * 4
    }

    /// "12.5 GiB (parameters 9.1 GiB, activations 3.4 GiB, examples 1 MiB)"
    public var description: String {
        "\(Self.bytes(total)) (parameters \(Self.bytes(parameters)), activations \(Self.bytes(activations)), examples \(Self.bytes(examples)))"
    }

    /// "3.2 GiB", "640 MiB", "12 KiB": bytes as people write them.
    public static func bytes(_ n: Double) -> String {
        let units: [(Double, String)] = [(1_099_511_627_776, "TiB"), (1_073_741_824, "GiB"), (1_048_576, "MiB"), (1024, "KiB")]
        for (size, name) in units where n >= size {
            let value = n / size
            if value >= 1e6 { return String(format: "%.1e %@", value, name) }
            return (value >= 10 ? String(Int(value.rounded())) : String(format: "%.1f", value)) + " " + name
        }
        return "\(Int(n)) bytes"
    }
}

/// The memory this process may use: the machine's physical memory, or the control group's limit
/// when that is lower (a container or a batch job's allocation).
public func availableMemory() -> Double {
    var limit = Double(ProcessInfo.processInfo.physicalMemory)
    for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
        if let text = try? String(contentsOfFile: file, encoding: .utf8),
           let bytes = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes > 0 {
            limit = min(limit, bytes)
        }
    }
    return limit
}
