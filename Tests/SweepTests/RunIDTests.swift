import Testing
@testable import Sweep

@Suite struct RunIDTests {
    @Test("numbers are written as short as they read back",
          arguments: zip([0.1, 3.0, 1e-05, 0.30000000000000004, -2.0, 1234.5], ["0.1", "3", "1e-05", "0.30000000000000004", "-2", "1234.5"]))
    func compact(x: Double, expected: String) {
        #expect(compactNumber(x) == expected)
        #expect(Double(compactNumber(x)) == x)
    }

    @Test("an id is the swept values, a dash and 8 hex digits of the hash")
    func shape() {
        let id = runID(swept: [("embedding_dim", "4"), ("context_length", "3"), ("seed", "1")], canonical: "x")
        #expect(id.hasPrefix("embedding_dim=4_context_length=3_seed=1-"))
        let hash = id.split(separator: "-").last.map(String.init) ?? ""
        #expect(hash.count == 8 && hash.allSatisfy(\.isHexDigit))
        #expect(runID(swept: [], canonical: "x").hasPrefix("run-"))
    }

    @Test("FNV-1a matches its published test vectors")
    func fnvVectors() {
        // From the FNV reference: "" -> cbf29ce484222325, "a" -> af63dc4c8601ec8c.
        #expect(fnv1a64("".utf8) == 0xCBF2_9CE4_8422_2325)
        #expect(fnv1a64("a".utf8) == 0xAF63_DC4C_8601_EC8C)
    }

    @Test("ids use only filesystem-safe characters, show corpora by file name, and stay short")
    func safeAndCapped() {
        let id = runID(swept: [("corpus", "corpora/my stories.txt"), ("prompt", "a/b+c"), ("learning_rate", "1e+20")], canonical: "x")
        #expect(id.hasPrefix("corpus=my-stories_prompt=a-bc_learning_rate=1e20-"))
        let long = runID(swept: (0 ..< 20).map { ("key_number_\($0)", "\($0)") }, canonical: "x")
        #expect(long.count <= runIDReadableLimit + 9)
        #expect(long.allSatisfy { $0.isLetter || $0.isNumber || "._=-".contains($0) })
    }

    @Test("every setting, the corpus content and the sample change the canonical text")
    func canonicalCoversEverything() {
        let base = RunConfig(), sample = SampleConfig(prompt: "The ")
        let reference = canonicalText(config: base, corpusDigest: 1, sample: sample)
        var changed: [String] = []
        for key in ConfigKey.allCases where key != .corpus {
            var c = base
            switch key.kind {
            case .integer, .seed: c.set(key, to: .integer(7))
            case .number, .optionalNumber: c.set(key, to: .number(0.5))
            case .choice(let options): c.set(key, to: .text(options.last ?? ""))
            case .path: break
            }
            changed.append(canonicalText(config: c, corpusDigest: 1, sample: sample))
        }
        changed.append(canonicalText(config: base, corpusDigest: 2, sample: sample))
        changed.append(canonicalText(config: base, corpusDigest: 1, sample: SampleConfig(prompt: "The")))
        changed.append(canonicalText(config: base, corpusDigest: 1, sample: SampleConfig(prompt: "The ", topK: 5)))
        #expect(changed.allSatisfy { $0 != reference })
        #expect(Set(changed).count == changed.count)
        // The corpus path itself is not part of it: a moved corpus keeps its runs' ids.
        var moved = base
        moved.corpus = "/elsewhere/corpus.txt"
        #expect(canonicalText(config: moved, corpusDigest: 1, sample: sample) == reference)
    }

    @Test("a prompt cannot imitate another line of the canonical text")
    func quoting() {
        let a = canonicalText(config: RunConfig(), corpusDigest: 1, sample: SampleConfig(prompt: "x\"\nsample.tokens=5"))
        #expect(a.contains(#"sample.prompt="x\"\u000asample.tokens=5""#))
    }
}
