// Bits per character: a loss that compares across tokenizers. A loss per token measures a
// different thing for every vocabulary (more merges, fewer and harder tokens); per character it
// does not. bpc = total nats of the targets / characters those targets stand for / ln 2, with
// characters the Unicode scalars of each target token's text and <|endoftext|> counting as one
// (Docs/MODEL.md). Leaves out choosing which loss a report shows (ComparableLoss.swift).

import BPE
import Foundation
import MLP

/// The characters each token of a vocabulary stands for.
struct CharacterCounts: Sendable {
    /// Characters of token id i.
    let perToken: [Int]

    init(_ tokenizer: Tokenizer) {
        perToken = (0 ..< tokenizer.vocabularySize).map { tokenizer.characterCount(Int32($0)) }
    }

    /// The characters the targets of `indices` of `set` stand for (all of it when nil).
    func characters(in set: ExampleSet, indices: [Int]? = nil) -> Int {
        if let indices { return indices.reduce(0) { $0 + perToken[Int(set.target(of: $1))] } }
        return (0 ..< set.count).reduce(0) { $0 + perToken[Int(set.target(of: $1))] }
    }

    /// `loss` (mean nats per token over `examples` examples whose targets stand for `characters`
    /// characters) in bits per character.
    static func bitsPerCharacter(loss: Double, examples: Int, characters: Int) -> Double {
        loss * Double(examples) / Double(characters) / log(2)
    }
}
