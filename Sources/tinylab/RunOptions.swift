// Flags for every run setting, shared by `tinylab train` (and any command that starts runs).
// Each flag is optional so that an absent flag keeps the default written once in RunConfig.

import ArgumentParser
import BPE
import MLP
import Sweep

extension DocumentMode: ExpressibleByArgument {}
extension LearningRateSchedule: ExpressibleByArgument {}
extension EvaluationSplit: ExpressibleByArgument {}

struct RunOptions: ParsableArguments {
    static let defaults = RunConfig()

    @Option(help: "Documents of the corpus: file (whole file is one) or lines (each non-empty line). (default: \(defaults.documents.rawValue))")
    var documents: DocumentMode?
    @Option(help: "Share of examples held out for validation, from the end of the corpus. (default: \(defaults.validationFraction))")
    var validationFraction: Double?
    @Option(help: "BPE vocabulary size, <|endoftext|> and the alphabet included. (default: \(defaults.vocabSize))")
    var vocabSize: Int?
    @Option(help: "Embedding dimension. (default: \(defaults.embeddingDim))")
    var embeddingDim: Int?
    @Option(help: "Context length in tokens. (default: \(defaults.contextLength))")
    var contextLength: Int?
    @Option(help: "Hidden layer width. (default: \(defaults.hiddenSize))")
    var hiddenSize: Int?
    @Option(help: "SGD learning rate. (default: \(defaults.learningRate))")
    var learningRate: Double?
    @Option(help: "Learning-rate schedule: constant, cosine or step. (default: \(defaults.lrSchedule.rawValue))")
    var lrSchedule: LearningRateSchedule?
    @Option(help: "Final learning rate of cosine and step. (default: learning rate / 10)")
    var minLearningRate: Double?
    @Option(help: "Examples per SGD step. (default: \(defaults.batchSize))")
    var batchSize: Int?
    @Option(help: "Number of SGD steps. (default: \(defaults.steps))")
    var steps: Int?
    @Option(help: "Random seed for initialisation, batches and sampling. (default: \(defaults.seed))")
    var seed: UInt64?
    @Option(help: "Steps between evaluations. (default: \(defaults.evalEvery))")
    var evalEvery: Int?
    @Option(help: "Most examples per split in a periodic evaluation. (default: \(defaults.evalExamples))")
    var evalExamples: Int?
    @Option(help: "Steps between resumable checkpoints. (default: \(defaults.checkpointEvery))")
    var checkpointEvery: Int?
    @Option(help: "Stop as diverged when the smoothed loss exceeds this times ln(vocab). (default: \(defaults.divergenceFactor))")
    var divergenceFactor: Double?

    @Option(help: "Prompt of the sample generated at the end. (default: empty)")
    var prompt: String?
    @Option(help: "Tokens in the sample generated at the end. (default: \(SampleConfig().tokens))")
    var sampleTokens: Int?
    @Option(help: "Sampling temperature; 0 is greedy. (default: \(SampleConfig().temperature))")
    var temperature: Double?
    @Option(help: "Sample only from the k most likely tokens. (default: all)")
    var topK: Int?

    /// The run configuration: defaults overridden by the flags given.
    func config(corpus: String) -> RunConfig {
        var c = RunConfig()
        c.corpus = corpus
        if let v = documents { c.documents = v }
        if let v = validationFraction { c.validationFraction = v }
        if let v = vocabSize { c.vocabSize = v }
        if let v = embeddingDim { c.embeddingDim = v }
        if let v = contextLength { c.contextLength = v }
        if let v = hiddenSize { c.hiddenSize = v }
        if let v = learningRate { c.learningRate = v }
        if let v = lrSchedule { c.lrSchedule = v }
        if let v = minLearningRate { c.minLearningRate = v }
        if let v = batchSize { c.batchSize = v }
        if let v = steps { c.steps = v }
        if let v = seed { c.seed = v }
        if let v = evalEvery { c.evalEvery = v }
        if let v = evalExamples { c.evalExamples = v }
        if let v = checkpointEvery { c.checkpointEvery = v }
        if let v = divergenceFactor { c.divergenceFactor = v }
        return c
    }

    var sample: SampleConfig {
        var s = SampleConfig()
        if let v = prompt { s.prompt = v }
        if let v = sampleTokens { s.tokens = v }
        if let v = temperature { s.temperature = v }
        if let v = topK { s.topK = v }
        return s
    }

    func validate() throws {
        let problems = config(corpus: "").problems()
        if let p = problems.first {
            throw ValidationError("--\(p.key.replacingOccurrences(of: "_", with: "-")) \(p.message)")
        }
        if let t = temperature, !(t >= 0) { throw ValidationError("--temperature must be zero or positive, got \(t)") }
        if let k = topK, k < 1 { throw ValidationError("--top-k must be at least 1, got \(k)") }
        if let n = sampleTokens, n < 0 { throw ValidationError("--sample-tokens must be zero or positive, got \(n)") }
    }
}
