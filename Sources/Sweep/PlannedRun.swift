// One run of a sweep as planned from its spec: resolved, checked against its corpus and named,
// with what the runner, the time estimate and the shards need to know about it (its cost and
// the order runs start in). Leaves out reading specs (SweepSpec.swift) and training (TrainingRun.swift).

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

    public init(id: String, config: RunConfig, sample: SampleConfig, swept: [(key: String, value: String)],
                shape: ModelShape, trainingExamples: Int, validationExamples: Int) {
        self.id = id
        self.config = config
        self.sample = sample
        self.swept = swept
        self.shape = shape
        self.trainingExamples = trainingExamples
        self.validationExamples = validationExamples
    }

    public static func == (a: PlannedRun, b: PlannedRun) -> Bool {
        a.id == b.id && a.config == b.config && a.sample == b.sample && a.shape == b.shape
            && a.trainingExamples == b.trainingExamples && a.validationExamples == b.validationExamples
            && a.swept.map(\.key) == b.swept.map(\.key) && a.swept.map(\.value) == b.swept.map(\.value)
    }

    /// The run's training work: FLOPs per step times steps. Runs are ordered, sharded and
    /// progress is weighed by it.
    public var cost: Double {
        shape.trainingFLOPs(batchSize: config.training.batchSize) * Double(config.training.steps)
    }

    /// The order the runner starts `indices` of `runs` in: largest cost first (ties by plan
    /// index), so the longest run never starts last. The time estimate packs runs in this order.
    public static func startOrder(_ indices: [Int], of runs: [PlannedRun]) -> [Int] {
        indices.sorted { (runs[$0].cost, $1) > (runs[$1].cost, $0) }
    }
}
