// From checked settings to runs: the grid's cartesian product (first axis slowest) or a seeded
// random search, times the seeds; then every run checked against its corpus before any starts
// (readable UTF-8, vocab_size above the alphabet, enough examples for the context), and named.
// Leaves out reading the JSON (SweepSpec.swift) and the id scheme itself (RunID.swift).

import JSON
import BPE
import Foundation
import MLP

/// A run before it is checked: its config and where each of its settings came from.
struct RunDraft {
    var config = RunConfig()
    /// The swept keys and values in expansion order.
    var swept: [(key: String, value: SettingValue)] = []
    /// Where each setting came from, by key.
    var origins: [String: Origin] = [:]
    /// The corpus as the spec writes it, for messages and tables.
    var corpusLabel = ""
    var sample = SampleConfig()
    var promptOrigin = Origin(path: "sample.prompt", position: nil, isDefault: true)

    init() {
        for setting in RunConfig.settings {
            origins[setting.key] = Origin(path: setting.topLevel ? setting.key : "base.\(setting.key)", position: nil, isDefault: true)
        }
    }

    func origin(_ key: String) -> Origin {
        origins[key] ?? Origin(path: key, position: nil, isDefault: true)
    }

    /// `context_length 10` or, when the spec leaves it out, `context_length 10 (the default)`.
    func named(_ key: String, _ value: String) -> String {
        "\(key) \(value)" + (origin(key).isDefault ? " (the default)" : "")
    }
}

extension SpecReader {
    /// The runs a spec describes, in order: grid points or random draws, seeds innermost.
    mutating func expand(_ settings: SpecSettings) -> [RunDraft] {
        var base = RunDraft()
        base.sample = settings.sample
        base.promptOrigin = settings.promptOrigin
        for setting in settings.fixed { apply(setting, to: &base, swept: false) }

        let points: [[WrittenSetting]]
        if let random = settings.random {
            points = draw(random)
        } else {
            var total = 1
            for axis in settings.grid {
                let (product, overflow) = total.multipliedReportingOverflow(by: axis.values.count)
                total = overflow ? Int.max : product
            }
            total = settings.seeds.map { total.multipliedReportingOverflow(by: $0.count).overflow ? Int.max : total * $0.count } ?? total
            guard total <= SpecLimits.runs else {
                report("grid", nil, "the grid and seeds give \(total == Int.max ? "too many" : String(total)) runs;"
                       + " at most \(SpecLimits.runs) are allowed: use fewer values per axis")
                return []
            }
            points = cartesianProduct(settings.grid.map(\.values))
        }

        var drafts: [RunDraft] = []
        for point in points {
            var draft = base
            for setting in point { apply(setting, to: &draft, swept: true) }
            if let seeds = settings.seeds {
                for seed in seeds {
                    var seeded = draft
                    apply(seed, to: &seeded, swept: true)
                    drafts.append(seeded)
                }
            } else {
                drafts.append(draft)
            }
        }
        return drafts
    }

    func apply(_ setting: WrittenSetting, to draft: inout RunDraft, swept: Bool) {
        var value = setting.value
        if setting.key == "corpus", case .text(let written) = value {
            draft.corpusLabel = written
            value = .text(URL(fileURLWithPath: written, relativeTo: folder).standardizedFileURL.path)
        }
        // The value was checked against the setting's kind when read, so it fits.
        _ = RunConfig.setting(setting.key)?.set(&draft.config, value)
        draft.origins[setting.key] = setting.origin
        if swept { draft.swept.append((setting.key, setting.value)) }
    }

    /// Every combination of one value per axis, the first axis varying slowest.
    func cartesianProduct(_ axes: [[WrittenSetting]]) -> [[WrittenSetting]] {
        var points: [[WrittenSetting]] = [[]]
        for values in axes {
            points = points.flatMap { point in values.map { point + [$0] } }
        }
        return points
    }

    // MARK: - Checking runs against their corpora

    /// Checks every run against its corpus, reporting each problem once, and names the runs.
    mutating func plan(_ drafts: [RunDraft], tokenizers: TokenizerCache) -> [PlannedRun] {
        var runs: [PlannedRun] = []
        var canonical: [String] = []
        for draft in drafts {
            guard let (run, text) = check(draft, tokenizers: tokenizers) else { continue }
            runs.append(run)
            canonical.append(text)
        }
        let named = name(runs, canonical: canonical)
        return problems.isEmpty ? named : []
    }

    /// The run with its shape and example counts, and its canonical text; nil after reporting
    /// why it cannot run.
    mutating func check(_ draft: RunDraft, tokenizers: TokenizerCache) -> (PlannedRun, String)? {
        let config = draft.config
        var ok = true
        for problem in config.problems() {
            report(draft.origin(problem.key), problem.message)
            ok = false
        }
        guard ok, !config.corpus.isEmpty else { return nil }

        let corpusOrigin = draft.origin("corpus")
        let corpusName = "\"\(draft.corpusLabel)\"" + (config.documents == .lines ? " (documents: lines)" : "")
        let alphabet: [Unicode.Scalar]
        let digest: UInt64
        do {
            alphabet = try tokenizers.alphabet(ofCorpusAt: config.corpus, documents: config.documents)
            digest = try tokenizers.contentDigest(ofCorpusAt: config.corpus, documents: config.documents)
        } catch {
            report(corpusOrigin, corpusProblem(error, label: draft.corpusLabel))
            return nil
        }
        if alphabet.isEmpty {
            report(corpusOrigin, "\(corpusName) has no characters to train on; use a corpus with some text in it")
            return nil
        }

        // With <|endoftext|> (id 0), the smallest vocabulary is the alphabet plus one.
        let smallest = alphabet.count + 1
        let vocabSize = config.model.vocabularySize
        if vocabSize < smallest {
            report(draft.origin("vocab_size"), "\(draft.named("vocab_size", String(vocabSize))) is too small for \(corpusName):"
                   + " its alphabet has \(alphabet.count) characters, so the smallest valid vocab_size is \(smallest)")
            ok = false
        }
        ok = checkPrompt(draft, known: Set(alphabet), corpusName: corpusName) && ok
        guard ok else { return nil }

        let tokenizer: Tokenizer
        let examples: Int
        do {
            tokenizer = try tokenizers.tokenizer(for: config)
            examples = try tokenizers.exampleCount(for: config)
        } catch {
            report(corpusOrigin, "\(corpusName) cannot be tokenized: \(error)")
            return nil
        }
        if let problem = config.memoryProblem(vocabularySize: tokenizer.vocabularySize, examples: examples,
                                              documents: (try? tokenizers.documentCount(for: config)) ?? 0) {
            report(draft.origin(problem.key), "\(draft.named(problem.key, config.value(of: problem.key) ?? "")) \(problem.message)")
            return nil
        }
        let train = config.validation.trainingCount(of: examples)
        let validation = examples - train
        if train == 0 || validation == 0 {
            report(draft.origin("validation_fraction"), "\(draft.named("validation_fraction", wholeNumberText(config.validation.fraction)))"
                   + " leaves the \(train == 0 ? "training" : "validation") split of \(corpusName) empty"
                   + " (\(examples) examples in all at vocab_size \(vocabSize)); use a fraction nearer 0.1 or a larger corpus")
            return nil
        }
        let C = config.model.contextLength
        if C > train {
            report(draft.origin("context_length"), "\(draft.named("context_length", String(C))) is longer than the"
                   + " training split of \(corpusName), which has \(train) examples at vocab_size \(vocabSize);"
                   + " use a context_length of at most \(train) or a larger corpus")
            return nil
        }
        let run = PlannedRun(
            id: "", config: config, sample: draft.sample,
            swept: draft.swept.map { ($0.key, $0.key == "corpus" ? draft.corpusLabel : $0.value.display) },
            shape: config.shape(vocabularySize: tokenizer.vocabularySize),
            trainingExamples: train, validationExamples: validation)
        return (run, canonicalText(config: config, corpusDigest: digest, sample: run.sample))
    }

    /// The prompt must be encodable: each of its characters must be in the corpus's alphabet.
    mutating func checkPrompt(_ draft: RunDraft, known: Set<Unicode.Scalar>, corpusName: String) -> Bool {
        guard let (offset, scalar) = draft.sample.prompt.unicodeScalars.enumerated().first(where: { !known.contains($0.element) })
        else { return true }
        let shown = scalar == "\n" ? "a newline" : "'\(scalar.escaped(asASCII: false))' (U+\(hex4(scalar.value)))"
        report(draft.promptOrigin, "character \(offset + 1) of the prompt, \(shown), is not in the alphabet of \(corpusName),"
               + " so the prompt cannot be encoded; use only characters the corpus contains")
        return false
    }

    /// A corpus that cannot be read, said in the spec's terms.
    func corpusProblem(_ error: any Error, label: String) -> String {
        switch error {
        case BPEError.unreadableFile(let path, let reason):
            return "cannot read \"\(label)\" (\(path)): \(reason)" + (reason == "no such file" ? "; corpus paths are relative to the spec's folder" : "")
        case BPEError.invalidUTF8(_, let offset, let byte, let line):
            return "\"\(label)\" is not valid UTF-8: byte 0x\(String(byte, radix: 16, uppercase: true)) at byte offset \(offset)"
                + " (line \(line)) does not start a valid sequence; convert it, e.g. `iconv -f latin1 -t utf-8`"
        default:
            return "cannot use \"\(label)\": \(error)"
        }
    }

    /// Gives each run its id; two different configs never share one, and identical configs
    /// (e.g. two grid corpora with the same content) are reported.
    mutating func name(_ runs: [PlannedRun], canonical: [String]) -> [PlannedRun] {
        var firstOf: [String: Int] = [:]
        for (i, text) in canonical.enumerated() {
            if let first = firstOf[text] {
                report("", nil, "runs \(first + 1) and \(i + 1) have the same settings and corpus contents;"
                       + " remove the repeated value (two corpus files with identical text count as the same corpus)")
            } else {
                firstOf[text] = i
            }
        }
        var ids = zip(runs, canonical).map { runID(swept: $0.0.swept, canonical: $0.1) }
        var textOf: [String: String] = [:]
        var clashing: Set<String> = []
        for (id, text) in zip(ids, canonical) {
            if let other = textOf[id], other != text { clashing.insert(id) }
            textOf[id] = text
        }
        // subtle: two different configs whose 32-bit short hashes collide get the full 64 bits.
        for i in ids.indices where clashing.contains(ids[i]) {
            ids[i] = runID(swept: runs[i].swept, canonical: canonical[i], fullHash: true)
        }
        return zip(runs, ids).map { run, id in
            PlannedRun(id: id, config: run.config, sample: run.sample, swept: run.swept, shape: run.shape,
                       trainingExamples: run.trainingExamples, validationExamples: run.validationExamples)
        }
    }
}
