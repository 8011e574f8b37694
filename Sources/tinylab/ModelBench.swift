// The model part of `tinylab bench`: training throughput of the three reference configurations
// on one thread, as examples/s, ms/step and GFLOP/s.

import Foundation
import MLP

enum ModelBench {
    /// The reference configurations (V, E, C, H): the default model, a medium and a large one.
    static let configurations: [(name: String, shape: ModelShape)] = [
        ("A", ModelShape(vocabularySize: 256, embeddingDim: 8, contextLength: 10, hiddenSize: 64)),
        ("B", ModelShape(vocabularySize: 512, embeddingDim: 16, contextLength: 10, hiddenSize: 128)),
        ("C", ModelShape(vocabularySize: 1024, embeddingDim: 32, contextLength: 16, hiddenSize: 256)),
    ]

    /// Measures each configuration `repeats` times for about `seconds` each and reports the median.
    static func report(batchSize: Int = 64, seconds: Double = 1.0, repeats: Int = 3) throws -> String {
        var lines = ["model training, batch \(batchSize), one thread, median of \(repeats):",
                     "  config   V     E   C   H     examples/s   ms/step   GFLOP/s"]
        for (name, shape) in configurations {
            // Size the run from a short probe so every configuration takes about `seconds`.
            let probe = try measureTrainingSpeed(shape: shape, batchSize: batchSize, steps: 20)
            let steps = max(20, Int(seconds / (probe.millisecondsPerStep / 1000)))
            let speeds = try (0 ..< repeats).map { _ in try measureTrainingSpeed(shape: shape, batchSize: batchSize, steps: steps) }
            let median = speeds.sorted { $0.examplesPerSecond < $1.examplesPerSecond }[repeats / 2]
            lines.append(("  " + name).padding(toLength: 11, withPad: " ", startingAt: 0)
                + String(format: "%-5d %-3d %-3d %-5d %10.0f %9.3f %9.1f", shape.vocabularySize, shape.embeddingDim,
                         shape.contextLength, shape.hiddenSize, median.examplesPerSecond,
                         median.millisecondsPerStep, median.gigaflopsPerSecond))
        }
        lines.append("  GFLOP/s counts 6 x batch x (C*E*H + H*V) per step: the two matrix products, forward and backward.")
        return lines.joined(separator: "\n") + "\n"
    }
}
