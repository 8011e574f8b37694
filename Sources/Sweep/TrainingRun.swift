// One run from corpus to files: read the corpus, train (or reuse) the tokenizer, build the
// examples, train with periodic evaluation and the divergence rule, then write the model,
// metrics, samples and run.json into the run directory. A run never throws: whatever goes wrong
// is recorded in run.json as `failed` with its message, so one bad run cannot sink a sweep.
// Leaves out: many runs, resume from checkpoints and figures (the runner and Plot).

import BPE
import Dispatch
import Files
import Foundation
import MLP

/// Something worth telling the person watching a run.
public enum RunEvent: Sendable {
    /// The tokenizer and examples are ready and training starts.
    case prepared(vocabularySize: Int, trainExamples: Int, validationExamples: Int, parameters: Int)
    /// Training progress, sent every few hundred milliseconds of training.
    case progress(step: Int, steps: Int, smoothedLoss: Double, examplesPerSecond: Double)
    /// A periodic evaluation.
    case evaluated(step: Int, trainLoss: Double, valLoss: Double)
    /// Something the person watching should know, such as a damaged checkpoint the run did not resume.
    case warning(String)
    /// The run ended; the record is what run.json holds.
    case finished(RunRecord)
}

/// How a run may be steered from outside: whether to continue from a checkpoint, when to stop
/// early (checked before every step; a stopped run saves a checkpoint and is `interrupted`),
/// and, under successive halving, the rungs it is measured at and where this session ends.
public struct RunControl: Sendable {
    public var resume: Bool
    public var shouldStop: @Sendable () -> Bool
    /// Steps at which to measure the whole validation split as a `rung` row of metrics.csv.
    public var rungs: Set<Int>
    /// End this session at this step with a checkpoint, status `paused`, to wait for a rung's decision.
    public var pauseAt: Int?
    /// End the run here as `stopped`, with its results as of this step (a run not promoted).
    public var stopAt: Int?

    public init(resume: Bool = true, shouldStop: @escaping @Sendable () -> Bool = { false },
                rungs: Set<Int> = [], pauseAt: Int? = nil, stopAt: Int? = nil) {
        self.resume = resume
        self.shouldStop = shouldStop
        self.rungs = rungs
        self.pauseAt = pauseAt
        self.stopAt = stopAt
    }
}

/// A run's tokenizer and examples, ready to train.
public struct PreparedRun: Sendable {
    public let tokenizer: Tokenizer
    public let train: ExampleSet
    public let validation: ExampleSet
    public let shape: ModelShape
    /// How often each token id occurs in the encoded corpus, <|endoftext|> once per document.
    public let tokenCounts: [Int]
}

/// One run: its configuration and where its files go.
public struct TrainingRun: Sendable {
    public var config: RunConfig
    public var sample: SampleConfig
    public var directory: URL

    public init(config: RunConfig, sample: SampleConfig = SampleConfig(), directory: URL) {
        self.config = config
        self.sample = sample
        self.directory = directory
    }

    /// The run's data made ready: everything that can fail on bad input fails here, before any
    /// file is written. `cache` shares the corpus, tokenizer and encoding between the runs of a
    /// sweep; without one, they are made for this run alone.
    public func prepare(cache: TokenizerCache = TokenizerCache()) throws -> PreparedRun {
        if let problem = config.problems().first {
            throw SweepError.invalidConfig(key: problem.key, problem: problem.message)
        }
        let tokenizer = try cache.tokenizer(for: config)
        let encoded = try cache.encoded(for: config)
        let examples = encoded.tokenCounts.reduce(0, +)
        if let problem = config.memoryProblem(vocabularySize: tokenizer.vocabularySize, examples: examples, documents: encoded.documents.count) {
            throw SweepError.invalidConfig(key: problem.key, problem: problem.message)
        }
        let (train, validation) = config.validation.examples(of: encoded.documents, contextLength: config.model.contextLength)
        for (name, set) in [("training", train), ("validation", validation)] where set.count == 0 {
            throw SweepError.invalidConfig(key: "validation_fraction", problem:
                "leaves the \(name) split of \(config.corpus) empty (\(train.count + validation.count) examples in all)")
        }
        return PreparedRun(tokenizer: tokenizer, train: train, validation: validation,
                           shape: config.shape(vocabularySize: tokenizer.vocabularySize), tokenCounts: encoded.tokenCounts)
    }

    /// Prepares, trains and writes the run; a failure at any point is recorded, not thrown.
    /// The record is returned and written to run.json.
    public func execute(cache: TokenizerCache = TokenizerCache(), control: RunControl = RunControl(),
                        onEvent: (RunEvent) -> Void = { _ in }) -> RunRecord {
        recording(onEvent) { started in
            try train(prepare(cache: cache), started: started, control: control, onEvent: onEvent)
        }
    }

    /// Trains an already prepared run and writes it, as `execute(cache:control:onEvent:)` does.
    public func execute(_ prepared: PreparedRun, control: RunControl = RunControl(),
                        onEvent: (RunEvent) -> Void = { _ in }) -> RunRecord {
        recording(onEvent) { started in try train(prepared, started: started, control: control, onEvent: onEvent) }
    }

    /// Runs `body`, turns a thrown error into a `failed` record, and writes run.json.
    private func recording(_ onEvent: (RunEvent) -> Void, _ body: (UInt64) throws -> RunRecord) -> RunRecord {
        let started = DispatchTime.now().uptimeNanoseconds
        var record: RunRecord
        do {
            record = try body(started)
        } catch {
            record = RunRecord(config: config, sample: sample, status: .failed)
            record.error = "\(error)"
        }
        // A run that cannot even write its record still reports how it ended to the caller.
        try? writeAtomically(encodeJSON(record), to: directory.appendingPathComponent(RunFile.record))
        if record.status != .interrupted && record.status != .paused {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(RunFile.checkpoint))
        }
        onEvent(.finished(record))
        return record
    }

    private func train(_ prepared: PreparedRun, started: UInt64, control: RunControl,
                       onEvent: (RunEvent) -> Void) throws -> RunRecord {
        let (tokenizer, trainSet, validationSet, shape) = (prepared.tokenizer, prepared.train, prepared.validation, prepared.shape)
        try writeVocabulary(prepared)
        let checkpointURL = directory.appendingPathComponent(RunFile.checkpoint)
        var resumed: Checkpoint?
        if control.resume {
            switch Checkpoint.load(from: checkpointURL, config: config, parameterCount: shape.parameterCount) {
            case .none: break
            case .usable(let checkpoint): resumed = checkpoint
            case .unusable(let why): onEvent(.warning("\(checkpointURL.path) is not resumed, because \(why); the run starts over"))
            }
        }
        let options = config.training
        let trainer = try SGDTrainer(model: Model(shape: shape, seed: options.seed), train: trainSet,
                                     validation: validationSet, options: options, resuming: resumed?.state)
        var log = resumed?.log ?? TrainingLog()
        onEvent(.prepared(vocabularySize: shape.vocabularySize, trainExamples: trainSet.count,
                          validationExamples: validationSet.count, parameters: shape.parameterCount))

        // Characters behind the targets of each evaluated set, for bits per character.
        let characters = CharacterCounts(tokenizer)
        let subsetCharacters = (train: characters.characters(in: trainSet, indices: trainer.evalTrainSubset),
                                validation: characters.characters(in: validationSet, indices: trainer.evalValidationSubset))
        func bpc(_ loss: Double, _ examples: Int, _ chars: Int) -> Double {
            CharacterCounts.bitsPerCharacter(loss: loss, examples: examples, characters: chars)
        }

        var record = RunRecord(config: config, sample: sample, status: .running)
        let sessionStart = DispatchTime.now().uptimeNanoseconds
        let elapsedBefore = log.elapsedSeconds
        func elapsed() -> Double { elapsedBefore + Double(DispatchTime.now().uptimeNanoseconds - sessionStart) / 1e9 }
        func evaluate() {
            let step = trainer.state.step
            let (trainLoss, valLoss) = trainer.evaluate()
            let lr = options.learningRate(atStep: max(step - 1, 0))
            log.metrics.append(MetricsRow(step: step, split: .train, loss: trainLoss, learningRate: lr, elapsedSeconds: elapsed(),
                                          bpc: bpc(trainLoss, trainer.evalTrainSubset.count, subsetCharacters.train)))
            log.metrics.append(MetricsRow(step: step, split: .val, loss: valLoss, learningRate: lr, elapsedSeconds: elapsed(),
                                          bpc: bpc(valLoss, trainer.evalValidationSubset.count, subsetCharacters.validation)))
            onEvent(.evaluated(step: step, trainLoss: trainLoss, valLoss: valLoss))
        }
        func saveCheckpoint() throws {
            log.elapsedSeconds = elapsed()
            try writeAtomically(Checkpoint(state: trainer.state, log: log).encoded(config: config), to: checkpointURL)
        }
        // The whole validation split: a rung's measure and the final val_loss.
        var validationCharacters: Int?
        func fullValidation() -> (loss: Double, bpc: Double) {
            let loss = trainer.loss(on: validationSet)
            let chars = validationCharacters ?? characters.characters(in: validationSet)
            validationCharacters = chars
            return (loss, bpc(loss, validationSet.count, chars))
        }
        // subtle: a session killed between saving its rung checkpoint and writing metrics.csv
        // resumes with the rung row already in its log; it is measured once.
        func rungRow(_ measured: @autoclosure () -> (loss: Double, bpc: Double)) {
            let step = trainer.state.step
            if log.metrics.contains(where: { $0.split == .rung && $0.step == step }) { return }
            let measured = measured()
            log.metrics.append(MetricsRow(step: step, split: .rung, loss: measured.loss, learningRate: options.learningRate(atStep: max(step - 1, 0)),
                                          elapsedSeconds: elapsed(), bpc: measured.bpc))
        }

        // This session ends at the last step, or earlier at a rung (to pause, or to stop there).
        let target = min(options.steps, control.pauseAt ?? .max, control.stopAt ?? .max)
        // At most about 1000 `batch` rows per run, each the mean of the steps since the last.
        let batchEvery = max(1, options.steps / 1000)
        var lastProgress = sessionStart
        if trainer.state.step == 0 { evaluate() }
        while trainer.state.step < target {
            if control.shouldStop() {
                try saveCheckpoint()
                record.status = .interrupted
                break
            }
            let t0 = DispatchTime.now().uptimeNanoseconds
            let lr = options.learningRate(atStep: trainer.state.step)
            let loss = trainer.step()
            let t1 = DispatchTime.now().uptimeNanoseconds
            log.trainingSeconds += Double(t1 - t0) / 1e9
            let step = trainer.state.step
            log.window = (log.window.sum + loss, log.window.count + 1)
            if step % batchEvery == 0 || step == options.steps {
                log.metrics.append(MetricsRow(step: step, split: .batch, loss: log.window.sum / Double(log.window.count),
                                              learningRate: lr, elapsedSeconds: elapsed()))
                log.window = (0, 0)
            }
            if trainer.hasDiverged {
                record.status = .diverged
                record.divergedAtStep = step
                record.divergedLoss = trainer.smoothedLoss
                break
            }
            if step % options.evalEvery == 0 || step == options.steps {
                evaluate()
                // The validation rows are gathered only for a run that has patience.
                if options.patience != nil,
                   options.isOutOfPatience(validationLosses: log.metrics.filter { $0.split == .val }.map(\.loss)) {
                    record.status = .stopped
                    record.stoppedAtStep = step
                    break
                }
            }
            if step % config.checkpointEvery == 0 && step < options.steps { try saveCheckpoint() }
            if t1 - lastProgress > 250_000_000 {
                lastProgress = t1
                onEvent(.progress(step: step, steps: options.steps, smoothedLoss: trainer.smoothedLoss,
                                  examplesPerSecond: log.examplesPerSecond(step: step, batchSize: options.batchSize)))
            }
        }

        let step = trainer.state.step
        if record.status == .running && step < options.steps {
            if let stopAt = control.stopAt, step >= stopAt {
                record.status = .stopped
                record.stoppedAtStep = step
            } else if step == control.pauseAt {
                // A rung: measured on the whole validation split, then wait for its decision.
                rungRow(fullValidation())
                try saveCheckpoint()
                record.status = .paused
            }
        }
        let model = trainer.model
        var results = RunResults(vocabSizeActual: shape.vocabularySize, parameters: shape.parameterCount,
                                 examplesPerSecond: log.examplesPerSecond(step: step, batchSize: options.batchSize),
                                 seconds: 0)
        // A run halving stops at a rung has its whole validation split measured already (rung row).
        let rungMeasure = control.stopAt.flatMap { at in log.metrics.last { $0.split == .rung && $0.step == at } }
        if record.status == .running || record.status == .stopped {
            let trainLoss = trainer.loss(on: trainSet)
            let validation = rungMeasure.map { (loss: $0.loss, bpc: $0.bpc ?? .nan) } ?? fullValidation()
            results.trainLoss = trainLoss
            results.valLoss = validation.loss
            results.valPerplexity = Foundation.exp(validation.loss)
            results.trainBpc = bpc(trainLoss, trainSet.count, characters.characters(in: trainSet))
            results.valBpc = validation.bpc
            if record.status == .running {
                record.status = .completed
                // The last rung of successive halving is the last step.
                if control.rungs.contains(step) { rungRow(validation) }
            }
        }
        let best = log.bestValidation
        results.bestValLoss = best?.loss
        results.bestValBpc = best?.bpc
        results.bestStep = best?.step

        try writeModel(model, metrics: log.metrics)
        if record.status == .completed || record.status == .stopped {
            let samples = try generateSample(model: model, tokenizer: tokenizer)
            try writeAtomically(encodeJSON(samples), to: directory.appendingPathComponent(RunFile.samples))
        }
        results.seconds = elapsedBefore + Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        record.results = results
        return record
    }

    /// Creates the run directory and writes what the tokenizer gives: tokenizer.json and tokens.csv.
    func writeVocabulary(_ prepared: PreparedRun) throws {
        try createFolder(directory)
        try prepared.tokenizer.save(to: directory.appendingPathComponent(RunFile.tokenizer))
        try writeAtomically(TokenTable(tokenizer: prepared.tokenizer, counts: prepared.tokenCounts).csv,
                            to: directory.appendingPathComponent(RunFile.tokens))
    }

    /// Writes model.safetensors and metrics.csv.
    func writeModel(_ model: Model, metrics: [MetricsRow]) throws {
        try writeAtomically(Safetensors.encode(model.namedTensors, metadata: safetensorsMetadata(shape: model.shape)),
                            to: directory.appendingPathComponent(RunFile.model))
        try writeAtomically(Data(csvText(header: MetricsRow.header, rows: metrics.map(\.fields)).utf8),
                            to: directory.appendingPathComponent(RunFile.metrics))
    }

    /// The run's sample per its `sample` settings, drawn with the run's own sampling stream.
    func generateSample(model: Model, tokenizer: Tokenizer) throws -> SampleRecord {
        var rng = Xoshiro256(seed: config.training.seed, stream: .sampling)
        let prompt = try tokenizer.encode(sample.prompt)
        let tokens = try Sampler(model: model).generate(prompt: prompt, options: sample.options, using: &rng)
        return SampleRecord(
            prompt: sample.prompt, temperature: sample.temperature, topK: sample.topK, seed: config.training.seed,
            text: try tokenizer.decode(tokens.map(\.id)),
            tokens: tokens.map { .init(id: $0.id, text: tokenizer.tokenText($0.id), probability: $0.probability) })
    }

    /// The run's configuration as string pairs, the form safetensors metadata takes.
    func safetensorsMetadata(shape: ModelShape) -> [String: String] {
        config.textValues.merging(["format": "pt", "vocab_size_actual": String(shape.vocabularySize)]) { _, new in new }
    }
}
