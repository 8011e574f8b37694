"""Successive halving as a user runs it: the shipped 27-configuration search, killed with SIGKILL
twice (once while a rung's runs train, once while a promotion stops the runs left behind) and
run again, ends with exactly the numbers of a sweep never interrupted, whatever --jobs; and its
winner ends exactly where `tinylab train` of the same configuration does."""

import csv
import json
import signal
import subprocess
import time

from test_sweep_cli import REPO, TINYLAB, run

SPEC = REPO / "Experiments/halving-search.json"
TIMING = {"examples_per_second", "seconds", "elapsed_s"}


def tables(out):
    """summary.csv and metrics.csv without their timing columns."""
    def table(name):
        with open(out / name, newline="") as f:
            return [{k: v for k, v in row.items() if k not in TIMING} for row in csv.DictReader(f)]
    return table("summary.csv"), table("metrics.csv")


def statuses(out):
    found = []
    for path in out.glob("runs/*/run.json"):
        try:
            found.append(json.loads(path.read_text())["status"])
        except (ValueError, OSError):
            pass  # written atomically: a file renamed away while it was read
    return found


def kill_when(out, ready, timeout=120):
    proc = subprocess.Popen([TINYLAB, "run", str(SPEC), "--out", str(out), "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + timeout
        while not ready() and proc.poll() is None and time.time() < deadline:
            time.sleep(0.002)
        assert proc.poll() is None, "the sweep ended before the moment to kill it"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def test_killed_twice_resumes_to_identical_numbers(tmp_path):
    clean = run(SPEC, tmp_path / "clean", "--jobs", "2")
    assert clean.returncode == 0, clean.stderr
    one = run(SPEC, tmp_path / "one", "--jobs", "1")
    assert one.returncode == 0, one.stderr
    assert tables(tmp_path / "one") == tables(tmp_path / "clean")

    out = tmp_path / "killed"
    # While the first rung trains: some runs have paused there, others not yet.
    kill_when(out, lambda: 5 <= statuses(out).count("paused") < 27)
    # During the first promotion: the first runs left behind have been stopped, not all of them.
    kill_when(out, lambda: "stopped" in statuses(out))
    assert 0 < statuses(out).count("stopped") < 26
    resumed = run(SPEC, out, "--jobs", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert tables(out) == tables(tmp_path / "clean")
    assert sorted(statuses(out)) == ["completed"] + ["stopped"] * 26
    assert not list(out.glob("runs/*/checkpoint.safetensors"))
    record = json.loads((out / "halving.json").read_text())
    assert record["rungs"] == [100, 300, 900, 2700]
    assert [sum(e["promoted"] for e in d["ranking"]) for d in record["decisions"]] == [9, 3, 1, 0]
    assert json.loads((out / "halving.json").read_text()) == json.loads((tmp_path / "clean" / "halving.json").read_text())


def test_winner_equals_tinylab_train_of_its_configuration(tmp_path):
    out = tmp_path / "sweep"
    assert run(SPEC, out, "--jobs", "2").returncode == 0
    with open(out / "summary.csv", newline="") as f:
        winner = next(r for r in csv.DictReader(f) if r["status"] == "completed")
    spec = json.loads(SPEC.read_text())
    flags = ["--documents", spec["documents"]]
    for key in ("vocab_size", "batch_size", "steps", "eval_every", "seed", "learning_rate", "hidden_size",
                "embedding_dim", "context_length"):
        flags += ["--" + key.replace("_", "-"), winner[key]]
    trained = subprocess.run([TINYLAB, "train", str(SPEC.parent / spec["corpus"]), "-o", str(tmp_path / "train"), *flags],
                             capture_output=True, text=True)
    assert trained.returncode == 0, trained.stderr
    results = json.loads((tmp_path / "train" / "run.json").read_text())["results"]
    assert repr(results["val_loss"]) == repr(float(winner["val_loss"]))
    assert repr(results["train_loss"]) == repr(float(winner["train_loss"]))
