"""A run's files read back by independent readers: safetensors and Hugging Face tokenizers load
them, and a plain numpy forward pass written from the design notes (examples and split, then
embedding -> tanh -> softmax) recomputes the losses that run.json records."""

import csv
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from safetensors import safe_open
from safetensors.numpy import load_file
from tokenizers import Tokenizer

TINYLAB = os.environ.get("TINYLAB", "tinylab")
REPO = Path(__file__).resolve().parents[2]


def train(tmp_path, corpus, *flags):
    out = tmp_path / "run"
    subprocess.run([TINYLAB, "train", str(corpus), "-o", str(out), *flags], check=True, capture_output=True)
    return out, json.loads((out / "run.json").read_text())


def documents(text, mode):
    return [text] if mode == "file" else [line for line in text.split("\n") if line]


def examples(tokenizer, docs, C):
    """Each document becomes [EOT]*C + ids + [EOT]; every token after the padding is a target."""
    contexts, targets = [], []
    for doc in docs:
        ids = [0] * C + tokenizer.encode(doc).ids + [0]
        for p in range(C, len(ids)):
            contexts.append(ids[p - C:p])
            targets.append(ids[p])
    return np.array(contexts, dtype=np.int64), np.array(targets, dtype=np.int64)


def mean_loss(w, contexts, targets):
    emb = w["embedding.weight"].astype(np.float64)
    x = emb[contexts].reshape(len(contexts), -1)
    h = np.tanh(x @ w["hidden.weight"].astype(np.float64).T + w["hidden.bias"])
    logits = h @ w["output.weight"].astype(np.float64).T + w["output.bias"]
    m = logits.max(axis=1, keepdims=True)
    logsumexp = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    return float(np.mean(logsumexp - logits[np.arange(len(targets)), targets]))


def check_run(run, record):
    cfg = record["config"]
    w = load_file(str(run / "model.safetensors"))
    V, E, C, H = (record["results"]["vocab_size_actual"], cfg["embedding_dim"], cfg["context_length"], cfg["hidden_size"])
    assert w["embedding.weight"].shape == (V, E)
    assert w["hidden.weight"].shape == (H, C * E)
    assert w["hidden.bias"].shape == (H,)
    assert w["output.weight"].shape == (V, H)
    assert w["output.bias"].shape == (V,)
    assert all(t.dtype == np.float32 for t in w.values())
    with safe_open(str(run / "model.safetensors"), framework="numpy") as f:
        meta = f.metadata()
    assert meta["context_length"] == str(C) and meta["vocab_size_actual"] == str(V)

    tokenizer = Tokenizer.from_file(str(run / "tokenizer.json"))
    assert tokenizer.get_vocab_size() == V
    text = Path(cfg["corpus"]).read_text(encoding="utf-8")
    contexts, targets = examples(tokenizer, documents(text, cfg["documents"]), C)
    n_train = int(np.floor(len(targets) * (1 - cfg["validation_fraction"])))
    val = mean_loss(w, contexts[n_train:], targets[n_train:])
    tr = mean_loss(w, contexts[:n_train], targets[:n_train])
    assert abs(val - record["results"]["val_loss"]) <= 1e-4 * val, (val, record["results"]["val_loss"])
    assert abs(tr - record["results"]["train_loss"]) <= 1e-4 * tr, (tr, record["results"]["train_loss"])
    # A trained model beats the uniform guess.
    assert val < np.log(V)


def test_file_mode_losses_match_numpy(tmp_path):
    run, record = train(tmp_path, REPO / "Experiments/corpora/stories.txt", "--steps", "300", "--eval-every", "100",
                        "--context-length", "6", "--hidden-size", "40", "--learning-rate", "0.5")
    assert record["status"] == "completed"
    check_run(run, record)


def test_lines_mode_losses_match_numpy(tmp_path):
    run, record = train(tmp_path, REPO / "Experiments/corpora/names.txt", "--documents", "lines", "--vocab-size", "120",
                        "--steps", "300", "--embedding-dim", "5", "--learning-rate", "0.5")
    assert record["status"] == "completed"
    check_run(run, record)


def characters(tokenizer, targets):
    """Characters the target tokens stand for: the code points of each token's text, as Hugging
    Face's vocabulary spells it, with <|endoftext|> (id 0) counting as one."""
    lengths = {i: (1 if i == 0 else len(tokenizer.id_to_token(i))) for i in range(tokenizer.get_vocab_size())}
    return sum(lengths[int(t)] for t in targets)


@pytest.mark.parametrize("mode,corpus,vocab", [("file", "stories.txt", 100), ("file", "stories.txt", 300),
                                               ("lines", "names.txt", 60), ("lines", "names.txt", 200)])
def test_bits_per_character_recomputed_from_tokenizer_and_corpus(tmp_path, mode, corpus, vocab):
    run, record = train(tmp_path, REPO / "Experiments/corpora" / corpus, "--documents", mode, "--vocab-size", str(vocab),
                        "--steps", "200", "--eval-every", "100", "--eval-examples", "500")
    cfg, results = record["config"], record["results"]
    tokenizer = Tokenizer.from_file(str(run / "tokenizer.json"))
    text = Path(cfg["corpus"]).read_text(encoding="utf-8")
    _, targets = examples(tokenizer, documents(text, mode), cfg["context_length"])
    n_train = int(np.floor(len(targets) * (1 - cfg["validation_fraction"])))
    for loss, bpc, split in ((results["val_loss"], results["val_bpc"], targets[n_train:]),
                             (results["train_loss"], results["train_bpc"], targets[:n_train])):
        expected = loss * len(split) / characters(tokenizer, split) / np.log(2)
        assert abs(bpc - expected) <= 1e-6, (bpc, expected)
    # best_val_bpc and best_val_loss come from the same periodic row of metrics.csv.
    with open(run / "metrics.csv", newline="") as f:
        val_rows = [r for r in csv.DictReader(f) if r["split"] == "val"]
    best = min(val_rows, key=lambda r: float(r["loss"]))
    assert float(best["loss"]) == results["best_val_loss"] and float(best["bpc"]) == results["best_val_bpc"]
