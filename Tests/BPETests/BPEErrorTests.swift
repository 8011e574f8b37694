// Tests of BPEError.swift: every message says what failed, on what, and what to try next.
// Which code throws which error is tested next to that code; here only the wording.
import BPE
import Testing

private let messageCases: [(BPEError, String)] = [
    (BPEError.unreadableFile(path: "a.txt", reason: "no such file"),
     "cannot read a.txt: no such file. Check the path and the file's permissions."),
    (BPEError.unwritableFile(path: "out/t.json", reason: "no such folder"),
     "cannot write out/t.json: no such folder. Check that the folder exists and is writable."),
    (BPEError.invalidUTF8(source: "c.txt", byteOffset: 1234, byte: 0xE9, line: 17),
     "c.txt is not valid UTF-8: byte 0xE9 at byte offset 1234 (line 17) does not form a valid UTF-8 sequence. Convert the file to UTF-8, for example with `iconv -f latin1 -t utf-8 FILE > FILE.utf8`."),
    (BPEError.emptyCorpus(source: "e.txt"),
     "e.txt has no characters to train on. Use a corpus with some text in it (with --documents lines, empty lines are skipped)."),
    (BPEError.corpusTooLarge(source: "big.txt", characters: 3_000_000_000),
     "big.txt has 3000000000 characters; TinyLab handles texts of fewer than 2147483647 characters. Split it into smaller files or use a part of it."),
    (BPEError.vocabularyTooSmall(requested: 1024, alphabetSize: 1338),
     "vocabulary size 1024 is too small: the corpus has 1338 distinct characters, and with <|endoftext|> the smallest valid vocabulary size is 1339. Use a vocabulary size of at least 1339."),
    (BPEError.unknownCharacter("é", document: nil, offset: 57, line: 3, column: 9),
     "character 'é' (U+00E9) at index 57 (line 3, column 9) is not in the tokenizer's alphabet. Encode only characters the tokenizer was trained on, or train it on a corpus that contains this one."),
    (BPEError.unknownCharacter("\n", document: 4, offset: 3, line: 1, column: 4),
     "character '↵' (U+000A) at document 5, index 3 (line 1, column 4) is not in the tokenizer's alphabet. A tokenizer trained with --documents lines has no newline: encode one line at a time (--documents lines)."),
    (BPEError.unknownTokenID(5000, index: 3, vocabularySize: 2363),
     "token id 5000 at position 3 is not in the vocabulary: this tokenizer has ids 0 to 2362. Decode ids made by the same tokenizer."),
    (BPEError.malformedTokenIDs(source: "ids.txt", word: "12a", index: 6),
     "ids.txt: '12a' (item 7) is not a token id. Give token ids as decimal integers separated by spaces, as `tinylab tokenize encode` prints them."),
    (BPEError.invalidTokenizerFile(path: "t.json", reason: "normalizer must be null"),
     "t.json is not a tokenizer TinyLab can use: normalizer must be null. Train one with `tinylab tokenize train CORPUS --vocab-size N -o tokenizer.json`."),
]

@Test("each error's message", arguments: messageCases)
func messages(error: BPEError, message: String) {
    #expect(error.description == message)
}
