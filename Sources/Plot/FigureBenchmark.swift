// How long the three per-run figures take: the figure half of `tinylab bench`. Each figure is
// drawn from synthetic data shaped like a short run's (1000 batch losses, 21 evaluations, a
// 256 x 8 embedding table, a 200-token sample) and encoded as PNG; times are CPU time of the
// calling thread, medians of repeated runs after one warm-up. Leaves out writing files.
import Foundation

/// Measures drawing and PNG encoding of `loss.png`, `embeddings.png` and `sample.png`.
public struct FigureBenchmark: Sendable {
    /// The cost of one figure (medians over the repeats).
    public struct Timing: Sendable {
        /// The file name the figure has in a run directory, e.g. "loss.png".
        public let name: String
        /// CPU milliseconds to lay out and draw the figure into a canvas.
        public let drawMilliseconds: Double
        /// CPU milliseconds to encode the canvas as PNG.
        public let encodeMilliseconds: Double
        /// Size of the PNG in bytes.
        public let pngBytes: Int
        /// Width of the image in pixels.
        public let width: Int
        /// Height of the image in pixels.
        public let height: Int
        /// CPU milliseconds to draw and encode it the first time, in the warm-up round: for the
        /// first figure of a process this includes opening the fonts and filling glyph caches.
        public let firstMilliseconds: Double

        /// Drawing and encoding together.
        public var totalMilliseconds: Double { drawMilliseconds + encodeMilliseconds }
    }

    /// What was measured.
    public struct Result: Sendable {
        /// One entry per figure, in the order loss, embeddings, sample.
        public let figures: [Timing]

        /// All three figures, drawn and encoded.
        public var totalMilliseconds: Double { figures.reduce(0) { $0 + $1.totalMilliseconds } }
    }

    /// Runs per measurement; the median is reported.
    public var repeats: Int
    /// Size, scale and fonts of the figures.
    public var style: FigureStyle

    /// A benchmark of `repeats` measured rounds (at least 1) at `style`'s size.
    public init(repeats: Int = 5, style: FigureStyle = FigureStyle()) {
        self.repeats = max(1, repeats)
        self.style = style
    }

    /// Draws and encodes each figure once to warm up, then `repeats` times measured.
    /// - Parameter write: called with each figure's file name and PNG bytes from the last repeat.
    public func run(write: ((String, Data) throws -> Void)? = nil) throws -> Result {
        let figures: [(String, () throws -> Canvas)] = [
            ("loss.png", { try Self.lossFigure(style: style).render() }),
            ("embeddings.png", { try Self.embeddingFigure(style: style).render() }),
            ("sample.png", { try Self.sampleFigure(style: style).render() }),
        ]
        var timings: [Timing] = []
        for (name, render) in figures {
            var draws: [Double] = []
            var encodes: [Double] = []
            var first = 0.0
            var png = Data()
            var size = (0, 0)
            for round in 0...repeats {
                let start = threadCPUSeconds()
                let canvas = try render()
                let drawn = threadCPUSeconds()
                png = try canvas.pngData()
                let encoded = threadCPUSeconds()
                size = (canvas.width, canvas.height)
                // subtle: round 0 warms up (font files opened, glyph caches filled) and is not counted.
                if round > 0 {
                    draws.append((drawn - start) * 1000)
                    encodes.append((encoded - drawn) * 1000)
                } else {
                    first = (encoded - start) * 1000
                }
            }
            try write?(name, png)
            timings.append(Timing(
                name: name, drawMilliseconds: middle(draws), encodeMilliseconds: middle(encodes), pngBytes: png.count,
                width: size.0, height: size.1, firstMilliseconds: first))
        }
        return Result(figures: timings)
    }

    // MARK: - Synthetic data

    /// A falling training loss over 1000 steps with per-batch noise, evaluated every 50 steps.
    public static func lossFigure(style: FigureStyle = FigureStyle()) -> LossFigure {
        var random = BenchmarkRandom(seed: 1)
        let steps = 1000
        func expected(_ s: Int) -> Double { 2.1 + 3.45 * exp(-Double(s) / 180) }
        let train = (1...steps).map { s in (x: Double(s), y: expected(s) + 0.25 * (random.uniform() - 0.5) * 2) }
        let validation = stride(from: 0, through: steps, by: 50).map { s in (x: Double(s), y: expected(s) + 0.06 + 0.02 * random.uniform()) }
        return LossFigure(
            title: "embed8-ctx10-3f9a2c",
            subtitle: "vocab 256 · embedding 8 · context 10 · hidden 64 · lr 0.1 · batch 64 · seed 1",
            train: train, validation: validation, tokensPerStep: 64, style: style)
    }

    /// A 256 x 8 embedding table whose tokens are characters and merges of a small English BPE,
    /// with falling frequencies, so about as many labels compete for space as in a real run.
    public static func embeddingFigure(style: FigureStyle = FigureStyle()) -> EmbeddingFigure {
        var random = BenchmarkRandom(seed: 2)
        let V = 256
        let E = 8
        let tokens = benchmarkVocabulary(count: V)
        // Tokens of one kind share a direction, so the projection has clusters as a trained table does.
        var centres: [[Float]] = []
        for _ in 0..<5 { centres.append((0..<E).map { _ in Float(random.uniform() * 2 - 1) }) }
        var embedding: [Float] = []  // [V, E]
        for v in 0..<V {
            let centre = centres[v % 5]
            for c in 0..<E { embedding.append(centre[c] + Float(random.uniform() - 0.5) * 0.9) }
        }
        let frequencies = (0..<V).map { v in 100_000 / (v + 3) }
        return EmbeddingFigure(
            title: "embed8-ctx10-3f9a2c · embeddings",
            subtitle: "PCA of the 256 × 8 embedding table; labels: most frequent tokens",
            embedding: embedding, dimension: E, tokens: tokens, frequencies: frequencies, style: style)
    }

    /// 200 tokens of English text cut the way a small BPE cuts it, with varied probabilities.
    public static func sampleFigure(style: FigureStyle = FigureStyle()) -> SampleFigure {
        var random = BenchmarkRandom(seed: 3)
        let text = """
             upon a time there was a little girl who lived in a village near the forest. \
            Whenever she went out, the little girl wore a red riding cloak, so everyone in the village \
            called her Little Red Riding Hood. One morning she asked her mother if she could go to visit \
            her grandmother, as it had been a while since they had seen each other.
            "That's a good idea," her mother said. So they packed a nice basket for her to take to \
            her grandmother's house, with bread, butter and a little pot of honey.
            """
        var tokens: [(text: String, probability: Double)] = []
        var rest = Substring(text)
        while tokens.count < 200 {
            if rest.isEmpty { rest = Substring(text) }
            let length = min(rest.count, 1 + Int(random.uniform() * 4))
            tokens.append((String(rest.prefix(length)), random.uniform()))
            rest = rest.dropFirst(length)
        }
        return SampleFigure(
            title: "embed8-ctx10-3f9a2c · sample",
            subtitle: "prompt \"Once\" · temperature 1.0 · 200 tokens · mean probability 0.50",
            prompt: "Once", tokens: tokens, style: style)
    }
}

/// `count` token texts like a small English BPE vocabulary: the end-of-text token, the
/// characters, then merges (word pieces, often with a leading space).
func benchmarkVocabulary(count: Int) -> [String] {
    var tokens = ["<|endoftext|>", " ", "\n", "\t"]
    tokens += "etaoinshrdlucmfwypvbgkjqxzETAOINSHRDLUCMFWYPVBGKJQXZ".map(String.init)
    tokens += "0123456789.,;:!?'\"-()[]&%$#@/*+=<>".map(String.init)
    let merges = [
        "th", "he", " t", "in", "er", "an", " a", "re", "on", " the", "at", "en", "nd", " s", "ed", "ou", " w", "is",
        "it", " o", "or", "es", " h", " b", "ing", " c", "ar", " f", "as", " m", "le", " p", "al", " d", "st", " and",
        " to", "om", " l", "ic", "ve", " in", "ion", "ro", " of", "ent", " n", "ll", "el", " re", "ri", " g", "ur",
        " he", "ly", "ce", " was", "ay", "ot", " wh", "id", "ir", " y", "ow", "ut", " be", "ld", " that", "ac", " it",
        "ad", "ter", "ch", " st", "et", " u", "ver", "ith", " with", "im", " I", " on", "ation", "her", " for", "ust",
        " she", "se", " his", "am", "ke", " you", "ig", "ould", " her", "ers", " had", "ight", " they", " said",
        " little", " time", " upon", " once", " there", " girl", " forest", " village", " mother", " house",
        " grand", "mother", " basket", " red", " riding", " hood", " went", " out", " called", " morning",
        " asked", " could", " go", " visit", " while", " since", " seen", " each", " other", " good", " idea",
        " so", " packed", " nice", " take", " bread", " butter", " pot", " honey", " everyone", " wore", " cloak",
        " near", " lived", " who", " whenever", " one", " if", " as", " been", " this", " not", " but", " all",
        " what", " were", " we", " when", " your", " can", " an", " which", " their", " do", " will", " up",
        " about", " more", " some", " would", " into", " them", " then", " than", " like", " him", " see",
    ]
    var i = 0
    while tokens.count < count {
        tokens.append(i < merges.count ? merges[i] : "tok\(i)")
        i += 1
    }
    return Array(tokens.prefix(count))
}

/// SplitMix64 (Steele, Lea & Flood 2014), for synthetic benchmark data that is the same on every run.
struct BenchmarkRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// CPU seconds used by the calling thread so far.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// The median of `values` (the upper middle one for an even count); 0 for none.
private func middle(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    return values.sorted()[values.count / 2]
}
