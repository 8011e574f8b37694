"""The sweep command as a user drives it: killed with SIGKILL at an arbitrary moment or stopped
with Ctrl-C, then run again, it must end with exactly the numbers of a sweep never interrupted;
a bad spec must exit 2 having written nothing."""

import csv
import json
import os
import signal
import subprocess
import time
from pathlib import Path

TINYLAB = os.environ.get("TINYLAB", "tinylab")
REPO = Path(__file__).resolve().parents[2]


def write_spec(tmp_path, steps=4000):
    spec = {
        "name": "killtest",
        "corpus": str(REPO / "Experiments/corpora/stories.txt"),
        "base": {"steps": steps, "eval_every": 500, "checkpoint_every": 400, "hidden_size": 32, "vocab_size": 200},
        "grid": {"learning_rate": [0.1, 0.5], "embedding_dim": [4, 8]},
        "sample": {"prompt": "The ", "tokens": 20},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    return path


def results(out):
    """summary.csv without timing columns, and every loss in metrics.csv."""
    with open(out / "summary.csv", newline="") as f:
        rows = [{k: v for k, v in r.items() if k not in ("examples_per_second", "seconds")} for r in csv.DictReader(f)]
    with open(out / "metrics.csv", newline="") as f:
        losses = [(r["run"], r["step"], r["split"], r["loss"]) for r in csv.DictReader(f)]
    return rows, losses


def run(spec, out, *extra, **kw):
    return subprocess.run([TINYLAB, "run", str(spec), "--out", str(out), *extra], capture_output=True, text=True, **kw)


def wait_for_checkpoint(out, proc, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if list(out.glob("runs/*/checkpoint.safetensors")):
            return
        assert proc.poll() is None, "sweep ended before any checkpoint was written"
        time.sleep(0.05)
    raise AssertionError("no checkpoint appeared")


def test_killed_sweep_resumes_to_identical_numbers(tmp_path):
    spec = write_spec(tmp_path)
    clean = run(spec, tmp_path / "clean", "--jobs", "2")
    assert clean.returncode == 0, clean.stderr
    out = tmp_path / "killed"
    for delay in (0.0, 0.7):  # kill right after the first checkpoint, then again a little later
        proc = subprocess.Popen([TINYLAB, "run", str(spec), "--out", str(out), "--jobs", "2"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_checkpoint(out, proc)
            time.sleep(delay)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    resumed = run(spec, out, "--jobs", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert results(out) == results(tmp_path / "clean")
    assert not list(out.glob("runs/*/checkpoint.safetensors"))


def checkpoint_step(path):
    """The `step` a checkpoint.safetensors holds, read from its header."""
    data = path.read_bytes()
    header = json.loads(data[8:8 + int.from_bytes(data[:8], "little")])
    return int(header["__metadata__"]["step"])


def test_interrupt_checkpoints_and_a_rerun_resumes_exactly(tmp_path):
    spec = write_spec(tmp_path, steps=20000)
    out = tmp_path / "sweep"
    proc = subprocess.Popen([TINYLAB, "run", str(spec), "--out", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_checkpoint(out, proc)
    proc.send_signal(signal.SIGINT)
    stdout, _ = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "interrupted" in stdout
    records = {p.parent.name: json.loads(p.read_text()) for p in out.glob("runs/*/run.json")}
    interrupted = [name for name, record in records.items() if record["status"] == "interrupted"]
    assert interrupted
    # Each interrupted run saved a checkpoint where it stopped, before its last step.
    for name in interrupted:
        assert 0 < checkpoint_step(out / "runs" / name / "checkpoint.safetensors") < 20000
    resumed = run(spec, out, "--jobs", "2")
    assert resumed.returncode == 0, resumed.stderr
    clean = run(spec, tmp_path / "clean", "--jobs", "2")
    assert clean.returncode == 0, clean.stderr
    assert results(out) == results(tmp_path / "clean")


def test_bad_spec_exits_2_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"name": "bad", "corpus": "missing.txt", "base": {"steps": 0}, "gird": {}}))
    out = tmp_path / "out"
    result = run(path, out)
    assert result.returncode == 2
    assert "gird" in result.stderr and "grid" in result.stderr
    assert "base.steps" in result.stderr
    assert "missing.txt" in result.stderr
    assert not out.exists()
