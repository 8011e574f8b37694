// Flags for every run setting and sample setting, shared by `tinylab train` (and any command that
// starts runs). ArgumentParser needs a property per flag, so the flags are declared here by hand;
// their help texts and defaults come from the settings tables (Sweep's RunSettings.swift), values
// are applied through the tables, and a test holds the flags equal to the tables key for key.

import ArgumentParser
import BPE
import MLP
import Sweep

extension DocumentMode: ExpressibleByArgument {}
extension SplitMode: ExpressibleByArgument {}
extension LearningRateSchedule: ExpressibleByArgument {}
extension EvaluationSplit: ExpressibleByArgument {}

struct RunOptions: ParsableArguments {
    @Option(help: settingHelp("documents")) var documents: DocumentMode?
    @Option(help: settingHelp("split")) var split: SplitMode?
    @Option(parsing: .unconditional, help: settingHelp("validation_fraction")) var validationFraction: Double?
    @Option(parsing: .unconditional, help: settingHelp("vocab_size")) var vocabSize: Int?
    @Option(parsing: .unconditional, help: settingHelp("embedding_dim")) var embeddingDim: Int?
    @Option(parsing: .unconditional, help: settingHelp("context_length")) var contextLength: Int?
    @Option(parsing: .unconditional, help: settingHelp("hidden_size")) var hiddenSize: Int?
    @Option(parsing: .unconditional, help: settingHelp("learning_rate")) var learningRate: Double?
    @Option(help: settingHelp("lr_schedule")) var lrSchedule: LearningRateSchedule?
    @Option(parsing: .unconditional, help: settingHelp("min_learning_rate")) var minLearningRate: Double?
    @Option(parsing: .unconditional, help: settingHelp("batch_size")) var batchSize: Int?
    @Option(parsing: .unconditional, help: settingHelp("steps")) var steps: Int?
    @Option(parsing: .unconditional, help: settingHelp("seed")) var seed: Int?
    @Option(parsing: .unconditional, help: settingHelp("eval_every")) var evalEvery: Int?
    @Option(parsing: .unconditional, help: settingHelp("eval_examples")) var evalExamples: Int?
    @Option(parsing: .unconditional, help: settingHelp("checkpoint_every")) var checkpointEvery: Int?
    @Option(parsing: .unconditional, help: settingHelp("divergence_factor")) var divergenceFactor: Double?
    @Option(parsing: .unconditional, help: settingHelp("patience")) var patience: Int?

    @Option(help: sampleHelp("prompt", "Prompt of the sample generated at the end.")) var prompt: String?
    @Option(parsing: .unconditional, help: sampleHelp("tokens", "Tokens in the sample generated at the end.")) var sampleTokens: Int?
    @Option(parsing: .unconditional, help: sampleHelp("temperature")) var temperature: Double?
    @Option(parsing: .unconditional, help: sampleHelp("top_k")) var topK: Int?

    /// Every run-setting flag by its setting key, in table order, with its value when given.
    var settingFlags: [(key: String, flag: String, value: SettingValue?)] {
        [
            ("documents", "--documents", documents.map { .text($0.rawValue) }),
            ("split", "--split", split.map { .text($0.rawValue) }),
            ("validation_fraction", "--validation-fraction", validationFraction.map(SettingValue.number)),
            ("vocab_size", "--vocab-size", vocabSize.map(SettingValue.integer)),
            ("embedding_dim", "--embedding-dim", embeddingDim.map(SettingValue.integer)),
            ("context_length", "--context-length", contextLength.map(SettingValue.integer)),
            ("hidden_size", "--hidden-size", hiddenSize.map(SettingValue.integer)),
            ("learning_rate", "--learning-rate", learningRate.map(SettingValue.number)),
            ("lr_schedule", "--lr-schedule", lrSchedule.map { .text($0.rawValue) }),
            ("min_learning_rate", "--min-learning-rate", minLearningRate.map(SettingValue.number)),
            ("batch_size", "--batch-size", batchSize.map(SettingValue.integer)),
            ("steps", "--steps", steps.map(SettingValue.integer)),
            ("seed", "--seed", seed.map(SettingValue.integer)),
            ("eval_every", "--eval-every", evalEvery.map(SettingValue.integer)),
            ("eval_examples", "--eval-examples", evalExamples.map(SettingValue.integer)),
            ("checkpoint_every", "--checkpoint-every", checkpointEvery.map(SettingValue.integer)),
            ("divergence_factor", "--divergence-factor", divergenceFactor.map(SettingValue.number)),
            ("patience", "--patience", patience.map(SettingValue.integer)),
        ]
    }

    /// Every sample flag by its sample key, in table order, with its value when given.
    var sampleFlags: [(key: String, flag: String, value: SettingValue?)] {
        [
            ("prompt", "--prompt", prompt.map(SettingValue.text)),
            ("tokens", "--sample-tokens", sampleTokens.map(SettingValue.integer)),
            ("temperature", "--temperature", temperature.map(SettingValue.number)),
            ("top_k", "--top-k", topK.map(SettingValue.integer)),
        ]
    }

    /// The run configuration: defaults overridden by the flags given.
    func config(corpus: String) -> RunConfig {
        var c = RunConfig()
        c.corpus = corpus
        for (key, _, value) in settingFlags {
            if let value { _ = RunConfig.setting(key)?.set(&c, value) }
        }
        return c
    }

    var sample: SampleConfig {
        var s = SampleConfig()
        for (key, _, value) in sampleFlags {
            if let value { _ = SampleConfig.setting(key)?.set(&s, value) }
        }
        return s
    }

    /// Every value checked by the rules of the settings tables, named by its flag.
    func validate() throws {
        try checkFlags(settingFlags, against: config(corpus: ""))
        try checkFlags(sampleFlags, against: sample)
    }
}

/// Throws a ValidationError naming the flag for the first value that does not fit its setting
/// (`--seed -1`) or breaks its rule (`--steps 0`).
func checkFlags<Root: SettingsTable>(_ flags: [(key: String, flag: String, value: SettingValue?)], against root: Root) throws {
    for (key, flag, value) in flags {
        guard let value, let setting = Root.settings.first(where: { $0.key == key }) else { continue }
        var scratch = Root()
        guard setting.set(&scratch, value) else {
            throw ValidationError("\(flag) expects \(setting.kind.expected), got \(value.display)")
        }
    }
    if let problem = root.problems().first, let flag = flags.first(where: { $0.key == problem.key && $0.value != nil })?.flag {
        throw ValidationError("\(flag) \(problem.message)")
    }
}

/// A run setting's doc line and default, for --help.
func settingHelp(_ key: String) -> ArgumentHelp {
    guard let setting = RunConfig.setting(key) else { return ArgumentHelp() }
    return ArgumentHelp(setting.doc + " (default: \(setting.defaultText ?? defaultMeaning(key)))")
}

/// A sample setting's doc line (or `text`) and default, for --help.
func sampleHelp(_ key: String, _ text: String? = nil) -> ArgumentHelp {
    guard let setting = SampleConfig.setting(key) else { return ArgumentHelp() }
    let shown = setting.defaultText.map { $0.isEmpty ? "empty" : $0 } ?? defaultMeaning(key)
    return ArgumentHelp((text ?? setting.doc) + " (default: \(shown))")
}

/// What an unset optional setting means.
private func defaultMeaning(_ key: String) -> String {
    switch key {
    case "min_learning_rate": "learning rate / 10"
    case "top_k": "all tokens"
    case "patience": "off"
    default: "none"
    }
}
