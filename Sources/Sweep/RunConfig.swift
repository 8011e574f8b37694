// Every setting of one run, its default and its meaning, in one place. This is the vocabulary of
// `tinylab train` flags, of a spec's `base` and `grid`, and of the `config` object in run.json.
// Training settings take their defaults from MLP's TrainingOptions, so each default is written once.
// Leaves out: sweeping (SweepSpec.swift) and the model's own types (the MLP module).

import BPE
import MLP

/// The resolved configuration of one run. JSON keys are the snake_case names below.
public struct RunConfig: Codable, Equatable, Hashable, Sendable {
    // MARK: Data
    /// Path of the UTF-8 corpus.
    public var corpus = ""
    /// `file`: the whole corpus is one document; `lines`: each non-empty line is one.
    public var documents = DocumentMode.file
    /// Share of examples, taken from the end of the corpus, held out for validation (0-1).
    public var validationFraction = 0.1

    // MARK: Model
    /// Tokens in the BPE vocabulary, <|endoftext|> and the alphabet included (typically 64-4096).
    public var vocabSize = 256
    /// Length of each token's embedding (2-64).
    public var embeddingDim = 8
    /// Tokens of context the model sees (1-32).
    public var contextLength = 10
    /// Width of the tanh hidden layer (16-1024).
    public var hiddenSize = 64

    // MARK: Optimisation
    /// SGD step size (0.01-1 for this model).
    public var learningRate = TrainingOptions().learningRate
    /// `constant`, `cosine` (down to min_learning_rate) or `step` (min_learning_rate for the last quarter).
    public var lrSchedule = TrainingOptions().schedule
    /// Final rate of `cosine` and `step`; absent means learning_rate / 10.
    public var minLearningRate: Double?
    /// Examples per SGD step.
    public var batchSize = TrainingOptions().batchSize
    /// SGD steps.
    public var steps = TrainingOptions().steps
    /// Seeds initialisation, batches, evaluation subsets and sampling.
    public var seed = TrainingOptions().seed

    // MARK: Bookkeeping
    /// Steps between evaluations of train and validation loss.
    public var evalEvery = TrainingOptions().evalEvery
    /// Largest number of examples per split in a periodic evaluation (a fixed random subset).
    public var evalExamples = TrainingOptions().evalExamples
    /// Steps between resumable checkpoints.
    public var checkpointEvery = 1000
    /// The run is `diverged` once its smoothed training loss exceeds this times ln(vocab).
    public var divergenceFactor = TrainingOptions().divergenceFactor

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case corpus, documents
        case validationFraction = "validation_fraction"
        case vocabSize = "vocab_size"
        case embeddingDim = "embedding_dim"
        case contextLength = "context_length"
        case hiddenSize = "hidden_size"
        case learningRate = "learning_rate"
        case lrSchedule = "lr_schedule"
        case minLearningRate = "min_learning_rate"
        case batchSize = "batch_size"
        case steps, seed
        case evalEvery = "eval_every"
        case evalExamples = "eval_examples"
        case checkpointEvery = "checkpoint_every"
        case divergenceFactor = "divergence_factor"
    }

    /// The JSON keys of a run configuration, in declaration order.
    public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// Every key's value as text, as run.json writes it (whole numbers without a decimal point,
    /// others in their shortest form); `min_learning_rate` only when set. summary.csv columns,
    /// safetensors metadata and sweep axes all read this.
    public var textValues: [String: String] {
        func number(_ x: Double) -> String {
            x.isFinite && x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
        }
        var values = [
            "corpus": corpus, "documents": documents.rawValue, "validation_fraction": number(validationFraction),
            "vocab_size": String(vocabSize), "embedding_dim": String(embeddingDim),
            "context_length": String(contextLength), "hidden_size": String(hiddenSize),
            "learning_rate": number(learningRate), "lr_schedule": lrSchedule.rawValue,
            "batch_size": String(batchSize), "steps": String(steps), "seed": String(seed),
            "eval_every": String(evalEvery), "eval_examples": String(evalExamples),
            "checkpoint_every": String(checkpointEvery), "divergence_factor": number(divergenceFactor),
        ]
        if let m = minLearningRate { values["min_learning_rate"] = number(m) }
        return values
    }

    /// The model's shape for a tokenizer that reached `vocabularySize` tokens.
    public func shape(vocabularySize: Int) -> ModelShape {
        ModelShape(vocabularySize: vocabularySize, embeddingDim: embeddingDim,
                   contextLength: contextLength, hiddenSize: hiddenSize)
    }

    /// The options handed to the MLP trainer.
    public var trainingOptions: TrainingOptions {
        var o = TrainingOptions()
        o.learningRate = learningRate
        o.schedule = lrSchedule
        o.minLearningRate = minLearningRate
        o.batchSize = batchSize
        o.steps = steps
        o.seed = seed
        o.evalEvery = evalEvery
        o.evalExamples = evalExamples
        o.divergenceFactor = divergenceFactor
        return o
    }

    /// Problems that make the run impossible whatever the corpus, as (key, message) pairs.
    public func problems() -> [(key: String, message: String)] {
        var out: [(String, String)] = []
        func positive(_ key: String, _ value: Int) {
            if value < 1 { out.append((key, "must be a positive integer, got \(value)")) }
        }
        positive("vocab_size", vocabSize)
        positive("embedding_dim", embeddingDim)
        positive("context_length", contextLength)
        positive("hidden_size", hiddenSize)
        positive("batch_size", batchSize)
        positive("steps", steps)
        positive("eval_every", evalEvery)
        positive("eval_examples", evalExamples)
        positive("checkpoint_every", checkpointEvery)
        if !(learningRate > 0) || !learningRate.isFinite {
            out.append(("learning_rate", "must be a positive number, got \(learningRate)"))
        }
        if let m = minLearningRate, !(m >= 0) || !m.isFinite {
            out.append(("min_learning_rate", "must be zero or positive, got \(m)"))
        }
        if !(validationFraction > 0 && validationFraction < 1) {
            out.append(("validation_fraction", "must be between 0 and 1 (exclusive), got \(validationFraction)"))
        }
        if !(divergenceFactor > 1) {
            out.append(("divergence_factor", "must be greater than 1, got \(divergenceFactor)"))
        }
        return out
    }
}

/// What each run generates when it ends (the spec's `sample` object).
public struct SampleConfig: Codable, Equatable, Hashable, Sendable {
    /// Text to continue; empty starts from <|endoftext|> alone.
    public var prompt = ""
    /// Tokens to generate at most.
    public var tokens = 200
    /// Softmax temperature; 0 is greedy.
    public var temperature = 0.8
    /// Draw only from the k most likely tokens; absent draws from all.
    public var topK: Int?

    public init(prompt: String = "", tokens: Int = 200, temperature: Double = 0.8, topK: Int? = nil) {
        self.prompt = prompt
        self.tokens = tokens
        self.temperature = temperature
        self.topK = topK
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case prompt, tokens, temperature
        case topK = "top_k"
    }

    public var samplingOptions: SamplingOptions {
        SamplingOptions(temperature: temperature, topK: topK, maxTokens: tokens)
    }
}
