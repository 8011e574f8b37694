// A small sweep folder shared by the report tests, trained once per test process: a spec.json
// with a hostile description, three completed runs, one diverged, one failed and one
// interrupted, and a sample full of markup. Tests that change files work on their own copy.

import Files
import Foundation
import TestFolders
import Plot
import Testing
@testable import Report
@testable import Sweep

/// Text that would break a page if it were not escaped: HTML, Markdown tables and fences,
/// entities, a line break.
let hostileText = "<script>alert('x')</script> | *a* & `b` ```\n</div> &amp; [link](http://x)"

/// The failed run's error: a path, a table pipe, markup and a line break.
let failureMessage = "corpus.txt: cannot be read | <b>permission</b> denied\ncheck the file"

/// What `buildFixture` trains: run id and how the run ends.
enum FixtureRun {
    static let best = "learning_rate=0.6-0000000a"
    static let middle = "learning_rate=0.3-0000000b"
    static let worst = "learning_rate=0.1-0000000c"
    static let diverged = "learning_rate=5000-0000000d"
    static let failed = "learning_rate=0.2-0000000e"
    static let interrupted = "learning_rate=0.4-0000000f"
    static let all = [best, middle, worst, diverged, failed, interrupted]
}

struct FixtureFailure: Error, Sendable, CustomStringConvertible {
    var description: String
}

/// The shared sweep, built on first use.
let sharedFixture: Result<URL, FixtureFailure> = {
    do { return .success(try buildFixture()) } catch { return .failure(FixtureFailure(description: "\(error)")) }
}()

/// A fresh copy of the shared sweep in its own temporary folder.
func fixtureCopy() throws -> URL {
    let source = try sharedFixture.get()
    let copy = try temporaryDirectory().appendingPathComponent("fixture")
    try FileManager.default.copyItem(at: source, to: copy)
    return copy
}

/// Stops a run after its tenth training step.
final class StepCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}

/// Figures small enough for debug builds: 400 x 250 px.
let smallFigures = FigureStyle(width: 800, height: 500, scale: 0.5)

/// The fixture's corpus: 40 short lines of a few words.
let fixtureCorpus = (0 ..< 40).map { "the \(["cat", "dog", "hen"][$0 % 3]) sat on a mat number \($0 % 7).\n" }.joined()

/// A tiny model of the fixture corpus, trained `steps` steps with evaluations every `evalEvery`.
func fixtureConfig(corpus: URL, learningRate: Double, steps: Int = 30, evalEvery: Int = 10) -> RunConfig {
    var c = RunConfig()
    c.corpus = corpus.path
    c.model.vocabularySize = 40
    c.model.contextLength = 3
    c.model.hiddenSize = 8
    c.training.learningRate = learningRate
    c.training.steps = steps
    c.training.evalEvery = evalEvery
    return c
}

func buildFixture() throws -> URL {
    let root = try temporaryDirectory().appendingPathComponent("fixture")
    let layout = SweepLayout(root: root)
    let corpus = root.appendingPathComponent("corpus.txt")
    try writeAtomically(Data(fixtureCorpus.utf8), to: corpus)
    let spec = """
        {
          "name": "fixture",
          "description": \(String(decoding: try JSONEncoder().encode(hostileText), as: UTF8.self)),
          "corpus": "corpus.txt",
          "base": { "vocab_size": 40, "context_length": 3, "hidden_size": 8, "steps": 30, "eval_every": 10 },
          "grid": { "learning_rate": [0.6, 0.3, 0.1, 5000, 0.2, 0.4] },
          "sample": { "prompt": "the ", "tokens": 10 }
        }
        """
    try writeAtomically(Data(spec.utf8), to: layout.spec)

    func config(_ lr: Double) -> RunConfig { fixtureConfig(corpus: corpus, learningRate: lr) }
    let sample = SampleConfig(prompt: "the ", tokens: 10)
    for (id, lr) in [(FixtureRun.best, 0.6), (FixtureRun.middle, 0.3), (FixtureRun.worst, 0.1), (FixtureRun.diverged, 5000)] {
        _ = TrainingRun(config: config(lr), sample: sample, directory: layout.run(id)).execute()
    }
    // A run whose tokenizer failed, recorded as the runner records it, with markup in its message.
    var failed = RunRecord(config: config(0.2), sample: sample, status: .failed)
    failed.error = failureMessage
    try writeAtomically(encodeJSON(failed), to: layout.run(FixtureRun.failed).appendingPathComponent(RunFile.record))
    let counter = StepCounter()
    _ = TrainingRun(config: config(0.4), sample: sample, directory: layout.run(FixtureRun.interrupted))
        .execute(control: RunControl(resume: false, shouldStop: { counter.next() > 10 }))

    // The best run's sample, rewritten to hold markup in its text and tokens.
    let samples = layout.run(FixtureRun.best).appendingPathComponent(RunFile.samples)
    var record = try decodeJSON(SampleRecord.self, from: samples)
    record.tokens = [
        .init(id: 1, text: "<script>", probability: 0.9),
        .init(id: 2, text: "alert('x')", probability: 0.3),
        .init(id: 3, text: "</script>", probability: 0.5),
        .init(id: 4, text: "\n```\n| a |", probability: 0.06),
    ]
    record.text = record.tokens.map(\.text).joined()
    try writeAtomically(encodeJSON(record), to: samples)
    for run in layout.storedRuns() { try RunFigures.draw(run, style: smallFigures) }
    try SweepFigures.draw(layout.storedRuns(), layout: layout, name: "fixture", style: smallFigures)
    return root
}
