// Tests of TokenizerFile.swift: tokenizer.json written and read back exactly (awkward tokens
// included), its layout, the older merge form, and a clear error for each way a file can be wrong.
@testable import BPE
import Foundation
import Testing

/// tokenizer.json of the tokenizer trained on "abab" (tokens <|endoftext|>, a, b, ab), with
/// `replacements` applied to its text.
private func smallFile(_ replacements: [(String, String)] = []) throws -> [UInt8] {
    var text = try Tokenizer.train(on: Corpus(text: "abab"), vocabularySize: 4).jsonText()
    for (old, new) in replacements {
        #expect(text.contains(old), "the test's replacement \(old) must change the file")
        text = text.replacingOccurrences(of: old, with: new)
    }
    return Array(text.utf8)
}

private func reason(_ replacements: [(String, String)]) throws -> String? {
    do {
        _ = try Tokenizer(json: try smallFile(replacements), source: "t.json")
        return nil
    } catch let BPEError.invalidTokenizerFile(path, reason) {
        #expect(path == "t.json")
        return reason
    }
}

@Test("saving and loading gives the same tokenizer, byte for byte, awkward tokens included")
func saveLoadRoundTrip() throws {
    // Canonically equivalent tokens ("é" and "e" + U+0301) must stay two tokens; quotes,
    // backslashes and control characters must survive JSON escaping.
    let text = String(repeating: "caf\u{e9} cafe\u{301} \"q\" \\ \t\u{1}\r\n 日本 🙂 ", count: 4)
    let tokenizer = try Tokenizer.train(on: Corpus(text: text), vocabularySize: 60)
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("tokenizer.json")
    try tokenizer.save(to: url)
    let loaded = try Tokenizer.load(from: url)
    #expect(loaded.alphabet == tokenizer.alphabet)
    #expect(loaded.merges == tokenizer.merges)
    #expect(loaded.tokenScalars == tokenizer.tokenScalars)
    #expect(loaded.jsonText() == tokenizer.jsonText())
    #expect(try loaded.encode(text) == tokenizer.encode(text))
    #expect(tokenizer.alphabet.contains("\u{e9}") && tokenizer.alphabet.contains("\u{301}"))
}

@Test("the file is Hugging Face's layout: sorted keys, vocabulary in id order, merges as pairs")
func layout() throws {
    let text = String(decoding: try smallFile(), as: UTF8.self)
    let expected = """
    {
      "added_tokens": [
        {"content": "<|endoftext|>", "id": 0, "lstrip": false, "normalized": false, "rstrip": false, \
    "single_word": false, "special": true}
      ],
      "decoder": {"type": "Fuse"},
      "model": {
        "byte_fallback": false,
        "continuing_subword_prefix": null,
        "dropout": null,
        "end_of_word_suffix": null,
        "fuse_unk": false,
        "ignore_merges": false,
        "merges": [
          ["a", "b"]
        ],
        "type": "BPE",
        "unk_token": null,
        "vocab": {
          "<|endoftext|>": 0,
          "a": 1,
          "b": 2,
          "ab": 3
        }
      },
      "normalizer": null,
      "padding": null,
      "post_processor": null,
      "pre_tokenizer": null,
      "truncation": null,
      "version": "1.0"
    }

    """
    #expect(text == expected)
    #expect(jsonQuoted("a\"b\\c\n\t\u{1}é") == "\"a\\\"b\\\\c\\n\\t\\u0001é\"")
}

@Test("merges in the older \"a b\" form and a missing decoder are accepted")
func olderForms() throws {
    let tokenizer = try Tokenizer(json: try smallFile([("[\"a\", \"b\"]", "\"a b\""),
                                                       ("\"decoder\": {\"type\": \"Fuse\"}", "\"decoder\": null")]),
                                  source: "t.json")
    #expect(tokenizer.merges == [Merge(left: 1, right: 2, result: 3)])
}

@Test("a file that cannot be used says exactly why", arguments: [
    ([("\"version\": \"1.0\"\n}", "\"version\": \"1.0\"")], "it is not valid JSON: expected `,` or `}` after the value of \"version\""),
    ([("\"normalizer\": null", "\"normalizer\": {\"type\": \"NFC\"}")], "normalizer must be null"),
    ([("\"pre_tokenizer\": null", "\"pre_tokenizer\": {\"type\": \"Whitespace\"}")], "pre_tokenizer must be null"),
    ([("\"type\": \"BPE\"", "\"type\": \"WordPiece\"")], "model.type must be \"BPE\""),
    ([("\"decoder\": {\"type\": \"Fuse\"}", "\"decoder\": {\"type\": \"ByteLevel\"}")], "decoder must be null or"),
    ([("\"byte_fallback\": false", "\"byte_fallback\": true")], "model.byte_fallback must be false"),
    ([("\"unk_token\": null", "\"unk_token\": \"?\"")], "model.unk_token must be null"),
    ([("\"ab\": 3", "\"ab\": 7")], "model.vocab gives \"ab\" the id 7, but with 4 tokens the ids must be 0 to 3"),
    ([("\"ab\": 3", "\"ab\": 2")], "model.vocab gives the id 2 to both"),
    ([("\"ab\": 3", "\"ab\": 3.5")], "model.vocab[\"ab\"] is a number, not an integer id"),
    ([("\"<|endoftext|>\": 0", "\"<eot>\": 0")], "model.vocab must give <|endoftext|> the id 0"),
    ([("\"special\": true", "\"special\": false")], "added_tokens must hold exactly one token"),
    ([("\"a\": 1", "\"a\": 2"), ("\"b\": 2", "\"b\": 1")], "the single character \"a\" has the id 2, but the 2 single"),
    ([("[\"a\", \"b\"]", "[\"a\", \"c\"]")], "model.merges[0] (\"a\", \"c\"): \"c\" is not in model.vocab"),
    ([("[\"a\", \"b\"]", "[\"b\", \"a\"]")], "the merged token \"ba\" is not in model.vocab"),
    ([("[\"a\", \"b\"]", "[\"ab\", \"a\"]")], "model.merges[0] (\"ab\", \"a\"): no earlier merge makes \"ab\""),
    ([("[\"a\", \"b\"]", "[\"a\"]")], "model.merges[0] is not a pair of tokens"),
    ([("[\"a\", \"b\"]", "")], "model.vocab has \"ab\" (id 3), which no merge makes"),
    ([("\"vocab\": {", "\"vocabulary\": {")], "model.vocab is missing or not an object"),
])
func invalidFiles(replacements: [(String, String)], expected: String) throws {
    let message = try reason(replacements)
    #expect(message?.contains(expected) == true, "got: \(message ?? "no error")")
}

@Test("a merged token with an id out of merge order is refused")
func mergedTokenOutOfOrder() throws {
    // Two merges, "ab" then "aba"; swap their ids so the first merge's token has the later id.
    let tokenizer = try Tokenizer.train(on: Corpus(text: "abababab"), vocabularySize: 5)
    #expect(tokenizer.merges.count == 2)
    let text = tokenizer.jsonText().replacingOccurrences(of: "\"ab\": 3", with: "\"ab\": 9")
        .replacingOccurrences(of: "\"abab\": 4", with: "\"abab\": 3").replacingOccurrences(of: "\"ab\": 9", with: "\"ab\": 4")
    #expect(throws: BPEError.invalidTokenizerFile(path: "t.json", reason:
        "model.merges[0] (\"a\", \"b\") is the first to make \"ab\", so that token must have the id 3, not 4: "
        + "merged tokens take ids in the order of the merges")) {
        try Tokenizer(json: Array(text.utf8), source: "t.json")
    }
}

@Test("loading a missing file and saving below a file are errors naming the path; missing folders are made")
func fileErrors() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let missing = directory.appendingPathComponent("none.json")
    #expect(throws: BPEError.unreadableFile(path: missing.path, reason: "no such file")) {
        try Tokenizer.load(from: missing)
    }
    let tokenizer = try Tokenizer.train(on: Corpus(text: "abab"), vocabularySize: 4)
    let made = directory.appendingPathComponent("new/folder/t.json")
    try tokenizer.save(to: made)
    #expect(try Tokenizer.load(from: made).vocabularySize == 4)
    let blocker = directory.appendingPathComponent("a-file")
    try Data("x".utf8).write(to: blocker)
    let nowhere = blocker.appendingPathComponent("t.json")
    #expect(throws: BPEError.unwritableFile(path: nowhere.path, reason: "\(blocker.path) is a file, where a folder was expected")) {
        try tokenizer.save(to: nowhere)
    }
}
