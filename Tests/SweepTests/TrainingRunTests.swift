import Foundation
import TestFolders
import BPE
import MLP
import Testing
@testable import Sweep

/// A small corpus with structure: repeated sentences about a few animals.
func writeCorpus(in dir: URL, name: String = "corpus.txt") throws -> URL {
    let animals = ["cat", "dog", "hen", "fox"], places = ["mat", "log", "hill", "box"]
    var text = ""
    for i in 0 ..< 60 { text += "The \(animals[i % 4]) sat on the \(places[(i / 4) % 4]).\n" }
    let url = dir.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
}

func smallConfig(corpus: URL) -> RunConfig {
    var c = RunConfig()
    c.corpus = corpus.path
    c.model.vocabularySize = 40
    c.model.contextLength = 4
    c.model.hiddenSize = 16
    c.training.steps = 60
    c.training.evalEvery = 20
    c.training.learningRate = 0.5
    return c
}

@Suite struct TrainingRunTests {
    @Test("a run writes every file of its directory and records the results")
    func writesRunDirectory() throws {
        let dir = try temporaryDirectory()
        let run = TrainingRun(config: smallConfig(corpus: try writeCorpus(in: dir)),
                              sample: SampleConfig(prompt: "The ", tokens: 12), directory: dir.appendingPathComponent("run"))
        let record = run.execute()
        #expect(record.status == .completed)
        let files = try FileManager.default.contentsOfDirectory(atPath: run.directory.path).sorted()
        #expect(files == ["metrics.csv", "model.safetensors", "run.json", "samples.json", "tokenizer.json", "tokens.csv"])
        #expect(try decodeJSON(RunRecord.self, from: run.directory.appendingPathComponent("run.json")) == record)
        let results = try #require(record.results)
        #expect(results.valPerplexity == Foundation.exp(try #require(results.valLoss)))
        // Evaluations at steps 0, 20, 40, 60: the best is one of them or the final full pass.
        #expect([0, 20, 40, 60].contains(try #require(results.bestStep)))
        let samples = try decodeJSON(SampleRecord.self, from: run.directory.appendingPathComponent("samples.json"))
        #expect(samples.tokens.count <= 12)
        #expect(samples.text == samples.tokens.map(\.text).joined())
    }

    @Test("tokens.csv lists every token with its text and its count in the encoded corpus")
    func tokenTable() throws {
        let dir = try temporaryDirectory()
        let corpusURL = try writeCorpus(in: dir)
        let run = TrainingRun(config: smallConfig(corpus: corpusURL), directory: dir.appendingPathComponent("run"))
        _ = run.execute()
        let text = try String(contentsOf: run.directory.appendingPathComponent(RunFile.tokens), encoding: .utf8)
        let table = try #require(TokenTable(csv: text))
        let tokenizer = try Tokenizer.load(from: run.directory.appendingPathComponent(RunFile.tokenizer))
        #expect(table.texts == (0 ..< tokenizer.vocabularySize).map { tokenizer.tokenText(Int32($0)) })
        // Counted independently: encode the corpus again; one <|endoftext|> for its one document.
        let ids = try tokenizer.encode(Corpus.load(contentsOf: corpusURL, documents: .file)).flatMap { $0 }
        #expect(table.counts[0] == 1)
        for id in 1 ..< table.counts.count { #expect(table.counts[id] == ids.count { $0 == Int32(id) }, "token \(id)") }
        // Token texts hold spaces, newlines and the like; the table survives them.
        #expect(table.texts.contains { $0.contains("\n") } && table.texts.contains { $0.contains(" ") })
    }

    @Test("best_val_loss and best_val_bpc are the lowest periodic val row; a char-level run's bpc is its loss over ln 2")
    func oneEstimator() throws {
        let dir = try temporaryDirectory()
        let corpus = try writeCorpus(in: dir)
        var config = smallConfig(corpus: corpus)
        // <|endoftext|> and the alphabet, no merges: one character per token.
        config.model.vocabularySize = Set(try String(contentsOf: corpus, encoding: .utf8).unicodeScalars).count + 1
        config.training.evalExamples = 40
        let run = TrainingRun(config: config, directory: dir.appendingPathComponent("run"))
        let results = try #require(run.execute().results)
        let text = try String(contentsOf: run.directory.appendingPathComponent(RunFile.metrics), encoding: .utf8)
        let val = try #require(parseMetrics(text)).filter { $0.split == .val }
        let best = try #require(val.min { $0.loss < $1.loss })
        #expect(results.bestValLoss == best.loss && results.bestStep == best.step && results.bestValBpc == best.bpc)
        // One character per token: bits per character is nats per token over ln 2.
        for (loss, bpc) in [(results.valLoss, results.valBpc), (results.trainLoss, results.trainBpc), (best.loss, best.bpc)] {
            let l = try #require(loss), b = try #require(bpc)
            #expect(abs(b - l / log(2)) <= 1e-12 * b)
        }
    }

    @Test("metrics.csv has the header, evaluations at 0 and every eval_every, and batch rows")
    func metrics() throws {
        let dir = try temporaryDirectory()
        let run = TrainingRun(config: smallConfig(corpus: try writeCorpus(in: dir)), directory: dir.appendingPathComponent("run"))
        _ = run.execute()
        let lines = try String(contentsOf: run.directory.appendingPathComponent("metrics.csv"), encoding: .utf8)
            .split(separator: "\r\n").map(String.init)
        #expect(lines.first == "step,split,loss,learning_rate,elapsed_s,bpc")
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        // Evaluations have a bits-per-character figure; mini-batch rows leave it empty.
        #expect(rows.allSatisfy { $0[1] == "batch" ? $0[5].isEmpty : Double($0[5])?.isFinite == true })
        #expect(rows.filter { $0[1] == "val" }.map { Int($0[0])! } == [0, 20, 40, 60])
        // 60 steps, fewer than 1000: one batch row per step.
        #expect(rows.filter { $0[1] == "batch" }.count == 60)
        #expect(rows.allSatisfy { Double($0[2])!.isFinite })
    }

    @Test("evaluating the saved run on its corpus's validation split reproduces val_loss exactly")
    func evalReproducesValidationLoss() throws {
        let dir = try temporaryDirectory()
        let corpusURL = try writeCorpus(in: dir)
        let run = TrainingRun(config: smallConfig(corpus: corpusURL), directory: dir.appendingPathComponent("run"))
        let record = run.execute()
        let saved = try SavedRun(directory: run.directory)
        let corpus = try Corpus.load(contentsOf: corpusURL, documents: .file)
        #expect(try saved.evaluate(corpus, split: .validation).loss == record.results?.valLoss)
        #expect(try saved.evaluate(corpus, split: .train).loss == record.results?.trainLoss)
    }

    @Test("the same config twice gives byte-identical models and identical losses")
    func reproducible() throws {
        let dir = try temporaryDirectory()
        let config = smallConfig(corpus: try writeCorpus(in: dir))
        let a = TrainingRun(config: config, directory: dir.appendingPathComponent("a")).execute()
        let b = TrainingRun(config: config, directory: dir.appendingPathComponent("b")).execute()
        #expect(a.results?.valLoss == b.results?.valLoss)
        let modelA = try Data(contentsOf: dir.appendingPathComponent("a/model.safetensors"))
        let modelB = try Data(contentsOf: dir.appendingPathComponent("b/model.safetensors"))
        #expect(modelA == modelB)
    }

    @Test("a missing corpus fails the run with a message naming the file, and run.json says so")
    func missingCorpus() throws {
        let dir = try temporaryDirectory()
        var config = smallConfig(corpus: dir.appendingPathComponent("nope.txt"))
        config.training.steps = 5
        let record = TrainingRun(config: config, directory: dir.appendingPathComponent("run")).execute()
        #expect(record.status == .failed)
        #expect(record.error?.contains("nope.txt") == true)
        #expect(try decodeJSON(RunRecord.self, from: dir.appendingPathComponent("run/run.json")).status == .failed)
    }

    @Test("a far too high learning rate ends as diverged with its step, not as a crash")
    func diverges() throws {
        let dir = try temporaryDirectory()
        var config = smallConfig(corpus: try writeCorpus(in: dir))
        config.training.learningRate = 5000
        config.training.steps = 500
        let record = TrainingRun(config: config, directory: dir.appendingPathComponent("run")).execute()
        #expect(record.status == .diverged)
        let step = try #require(record.divergedAtStep)
        #expect(step < 500)
        #expect(record.divergedLoss.map { $0 > 3 * Foundation.log(Double(record.results!.vocabSizeActual)) } == true)
    }

    @Test("a validation fraction that leaves a split empty is refused before anything is written")
    func emptySplit() throws {
        let dir = try temporaryDirectory()
        var config = smallConfig(corpus: try writeCorpus(in: dir))
        // 350 examples: floor(350 * 0.001) = 0 left to train on.
        config.validation.fraction = 0.999
        let run = TrainingRun(config: config, directory: dir.appendingPathComponent("run"))
        #expect(throws: SweepError.self) { try run.prepare() }
        #expect(!FileManager.default.fileExists(atPath: run.directory.path))
    }
}

/// Says stop once it has been asked `limit` times.
final class StopAfter: @unchecked Sendable {
    private let lock = NSLock()
    private var asked = 0
    let limit: Int

    init(_ limit: Int) { self.limit = limit }

    func callAsFunction() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        asked += 1
        return asked > limit
    }
}

@Suite struct ResumeTests {
    /// The loss column of a metrics.csv (timings differ between sessions, losses must not).
    func losses(_ dir: URL) throws -> [String] {
        try String(contentsOf: dir.appendingPathComponent("metrics.csv"), encoding: .utf8)
            .split(separator: "\r\n").map { $0.split(separator: ",").prefix(3).joined(separator: ",") }
    }

    @Test("a run stopped mid-way and resumed from its checkpoint ends bit-identical to one never stopped",
          arguments: [1, 37, 59])
    func stopAndResume(stopAfter: Int) throws {
        let dir = try temporaryDirectory()
        var config = smallConfig(corpus: try writeCorpus(in: dir))
        config.checkpointEvery = 25
        let whole = TrainingRun(config: config, directory: dir.appendingPathComponent("whole")).execute()
        let split = TrainingRun(config: config, directory: dir.appendingPathComponent("split"))
        let stopper = StopAfter(stopAfter)
        let first = split.execute(control: RunControl(shouldStop: { stopper() }))
        #expect(first.status == .interrupted)
        #expect(FileManager.default.fileExists(atPath: split.directory.appendingPathComponent("checkpoint.safetensors").path))
        let second = split.execute()
        #expect(second.status == .completed)
        #expect(second.results?.valLoss == whole.results?.valLoss)
        #expect(second.results?.bestValLoss == whole.results?.bestValLoss)
        #expect(try Data(contentsOf: split.directory.appendingPathComponent("model.safetensors"))
                    == Data(contentsOf: dir.appendingPathComponent("whole/model.safetensors")))
        #expect(try losses(split.directory) == losses(dir.appendingPathComponent("whole")))
    }

    @Test("a checkpoint of another config is ignored and the run starts over")
    func foreignCheckpoint() throws {
        let dir = try temporaryDirectory()
        var config = smallConfig(corpus: try writeCorpus(in: dir))
        let run = TrainingRun(config: config, directory: dir.appendingPathComponent("run"))
        _ = run.execute(control: RunControl(shouldStop: StopAfter(30).callAsFunction))
        config.training.learningRate = 0.25
        let changed = TrainingRun(config: config, directory: run.directory).execute()
        let fresh = TrainingRun(config: config, directory: dir.appendingPathComponent("fresh")).execute()
        #expect(changed.results?.valLoss == fresh.results?.valLoss)
    }
}
