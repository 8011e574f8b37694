// The slow, obviously correct BPE the tests compare the fast code against: count every pair of
// every document, merge the best pair everywhere, repeat (minbpe's basic.py); encode by applying
// the merges one rank at a time to the whole sequence. Test support only; nothing here is fast.
@testable import BPE

enum ReferenceBPE {
    /// Merges learned from `documents` (each an array of scalar values), by DESIGN.md section 2.
    static func train(_ documents: [[UInt32]], vocabularySize: Int) -> (alphabet: [UInt32], merges: [Merge]) {
        let alphabet = Set(documents.joined()).sorted()
        var texts: [[UInt32]] = [Tokenizer.endOfTextScalars] + alphabet.map { [$0] }
        var sequences = documents.map { $0.map { Int32(1 + (alphabet.firstIndex(of: $0) ?? -1)) } }
        var merges: [Merge] = []
        while texts.count < vocabularySize {
            var counts: [[Int32]: Int] = [:]
            for s in sequences {
                for (a, b) in zip(s, s.dropFirst()) { counts[[a, b], default: 0] += 1 }
            }
            // Highest count, then the smallest (left, right).
            let best = counts.min { x, y in
                x.value != y.value ? x.value > y.value : x.key.lexicographicallyPrecedes(y.key)
            }
            guard let best, best.value >= 2 else { break }
            let (a, b) = (best.key[0], best.key[1])
            let text = texts[Int(a)] + texts[Int(b)]
            let z: Int32
            if let existing = texts.firstIndex(of: text) {
                z = Int32(existing)
            } else {
                z = Int32(texts.count)
                texts.append(text)
            }
            merges.append(Merge(left: a, right: b, result: z))
            sequences = sequences.map { mergeAll($0, a, b, into: z) }
        }
        return (alphabet, merges)
    }

    /// `tokens` with every (a, b) replaced by z, left to right.
    static func mergeAll(_ tokens: [Int32], _ a: Int32, _ b: Int32, into z: Int32) -> [Int32] {
        var out: [Int32] = []
        var i = 0
        while i < tokens.count {
            if i + 1 < tokens.count && tokens[i] == a && tokens[i + 1] == b {
                out.append(z)
                i += 2
            } else {
                out.append(tokens[i])
                i += 1
            }
        }
        return out
    }

    /// Encodes characters (no "<|endoftext|>" inside) by applying each merge in rank order.
    static func encode(_ text: String, alphabet: [Unicode.Scalar], merges: [Merge]) -> [Int32] {
        var tokens = text.unicodeScalars.map { Int32(1 + (alphabet.firstIndex(of: $0) ?? -1)) }
        for merge in merges { tokens = mergeAll(tokens, merge.left, merge.right, into: merge.result) }
        return tokens
    }
}
