"""Interop: TinyLab's tokenizers against Hugging Face tokenizers (DESIGN.md section 2).

`tinylab tokenize train` writes tokenizer.json; `tokenizers.Tokenizer.from_file` must encode to the
same ids and decode back to the text, and HF's own BpeTrainer, configured as DESIGN.md says and fed
the same documents, must learn the same vocabulary and merges. Corpora are generated here.
Run: TINYLAB=/path/to/release/tinylab python3 -m pytest -q Tests/interop
"""
import json
import os
import random
import subprocess

import pytest
from tokenizers import Tokenizer, models, trainers

WORDS = ("the a cat dog sat on mat and ran to old house tree river light keeper gull said "
         "it was not very far away there is one two three she he they we found").split()
UNICODE_WORDS = ["café", "cafe\u0301", "naïve", "日本", "東京", "🙂", "👍🏽", "Grüße", "señor"]


def english_like(seed, sentences):
    """Sentences with capitals, punctuation, quotes, tabs and some Unicode, a newline after each."""
    rng = random.Random(seed)
    lines = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 12))]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(UNICODE_WORDS))
        sentence = " ".join(words)
        sentence = sentence[0].upper() + sentence[1:] + rng.choice([".", "!", "?", ",", ";"])
        if rng.random() < 0.1:
            sentence = '"' + sentence + '"'
        if rng.random() < 0.1:
            sentence = "\t" + sentence
        lines.append(sentence)
    return "\n".join(lines) + "\n"


def names_like(seed, count):
    """Invented names, one per line, with repeats, blank lines and Windows line endings."""
    rng = random.Random(seed)
    syllables = ["an", "na", "el", "li", "mar", "ko", "ri", "sa", "to", "é", "ya", "ra"]
    names = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))).capitalize()
             for _ in range(count)]
    names += names[: count // 5]
    rng.shuffle(names)
    text = ""
    for i, name in enumerate(names):
        text += name + ("\r\n" if i % 7 == 0 else "\n") + ("\n" if i % 11 == 0 else "")
    return text


def documents(text, mode):
    """The documents TinyLab makes of a file (DESIGN.md section 1)."""
    if mode == "file":
        return [text]
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    return [line for line in lines if line]


@pytest.fixture(scope="module")
def tinylab():
    path = os.environ.get("TINYLAB")
    if not path:
        pytest.fail("set TINYLAB to the release tinylab binary, e.g. "
                    "TINYLAB=$(swift build -c release --show-bin-path)/tinylab")
    return path


def run(tinylab, *args, stdin=None):
    result = subprocess.run([tinylab, *args], input=stdin, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def train_tinylab(tinylab, tmp_path, text, mode, vocab_size):
    corpus = tmp_path / "corpus.txt"
    corpus.write_bytes(text.encode("utf-8"))
    out = tmp_path / "tokenizer.json"
    run(tinylab, "tokenize", "train", str(corpus), "--vocab-size", str(vocab_size),
        "--documents", mode, "-o", str(out))
    return out


def train_hf(docs, vocab_size):
    tokenizer = Tokenizer(models.BPE())
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2,
                                  special_tokens=["<|endoftext|>"], show_progress=False)
    tokenizer.train_from_iterator(docs, trainer=trainer)
    return json.loads(tokenizer.to_str())["model"]


CORPORA = [
    ("file", lambda: english_like(1, 120), 300),
    ("lines", lambda: english_like(2, 400), 400),
    ("lines", lambda: names_like(3, 600), 200),
    ("file", lambda: names_like(4, 200), 120),
    # Far more tokens than the corpus supports: training stops early, at the same place.
    ("file", lambda: "abcab cab abc " * 5, 500),
]


@pytest.mark.parametrize("mode,make,vocab_size", CORPORA)
def test_hf_trainer_learns_the_same_vocabulary_and_merges(tinylab, tmp_path, mode, make, vocab_size):
    text = make()
    ours = json.loads(train_tinylab(tinylab, tmp_path, text, mode, vocab_size).read_text("utf-8"))["model"]
    theirs = train_hf(documents(text, mode), vocab_size)
    assert ours["vocab"] == theirs["vocab"]
    assert ours["merges"] == theirs["merges"]


@pytest.mark.parametrize("mode,make,vocab_size", CORPORA)
def test_hf_encodes_to_the_same_ids_and_decodes_back(tinylab, tmp_path, mode, make, vocab_size):
    text = make()
    path = train_tinylab(tinylab, tmp_path, text, mode, vocab_size)
    hf = Tokenizer.from_file(str(path))
    rng = random.Random(vocab_size)
    docs = documents(text, mode)
    # The corpus's documents, and new texts made of their pieces.
    samples = docs[:20] + ["".join(rng.sample(docs, min(3, len(docs)))) for _ in range(10)]
    if mode == "file":
        samples.append("<|endoftext|>".join(docs[0].split("\n")[:4]))
    for sample in samples:
        ours = [int(i) for i in run(tinylab, "tokenize", "encode", str(path), stdin=sample.encode()).split()]
        assert hf.encode(sample).ids == ours, sample
        assert hf.decode(ours, skip_special_tokens=False) == sample
        assert run(tinylab, "tokenize", "decode", str(path), stdin=" ".join(map(str, ours)).encode()).decode() == sample


def test_lines_encoding_gives_one_line_of_ids_per_document(tinylab, tmp_path):
    text = names_like(5, 100)
    path = train_tinylab(tinylab, tmp_path, text, "lines", 80)
    hf = Tokenizer.from_file(str(path))
    encoded = run(tinylab, "tokenize", "encode", str(path), "--documents", "lines", stdin=text.encode()).decode()
    rows = [[int(i) for i in row.split()] for row in encoded.splitlines()]
    docs = documents(text, "lines")
    assert rows == [hf.encode(doc).ids for doc in docs]
    decoded = run(tinylab, "tokenize", "decode", str(path), "--documents", "lines", stdin=encoded.encode()).decode()
    assert decoded == "".join(doc + "\n" for doc in docs)
