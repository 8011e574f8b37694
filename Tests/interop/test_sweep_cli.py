"""The sweep command as a user drives it: killed with SIGKILL at an arbitrary moment or stopped
with Ctrl-C, then run again, it must end with exactly the numbers of a sweep never interrupted;
a bad spec must exit 2 having written nothing."""

import csv
import io
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


def completed_runs(out):
    names = []
    for path in out.glob("runs/*/run.json"):
        try:
            if json.loads(path.read_text())["status"] == "completed":
                names.append(path.parent.name)
        except (ValueError, OSError):
            pass  # written atomically, so this is a file renamed away while it was read
    return set(names)


def whole_rows(path):
    """Every row of a CSV file has the header's number of fields and the file ends with a line end."""
    text = path.read_bytes().decode("utf-8")
    assert text.endswith("\r\n"), f"{path.name} ends inside a row"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert all(len(row) == len(rows[0]) for row in rows), f"{path.name} has a torn row"
    return rows


def test_killed_as_runs_finish_resumes_to_identical_numbers(tmp_path):
    """SIGKILL the moment a run's run.json says completed: while the sweep appends its rows and
    draws the run's figures. The files left are whole, and a rerun ends as a clean sweep."""
    spec = write_spec(tmp_path, steps=600)
    clean = run(spec, tmp_path / "clean", "--jobs", "2")
    assert clean.returncode == 0, clean.stderr
    out = tmp_path / "killed"
    for kills in range(3):
        before = completed_runs(out)
        proc = subprocess.Popen([TINYLAB, "run", str(spec), "--out", str(out), "--jobs", "2"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.time() + 120
            while not completed_runs(out) - before and proc.poll() is None and time.time() < deadline:
                time.sleep(0.001)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        for name in ("summary.csv", "metrics.csv"):
            if (out / name).exists():
                whole_rows(out / name)
    resumed = run(spec, out, "--jobs", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert results(out) == results(tmp_path / "clean")
    summary = whole_rows(out / "summary.csv")
    assert len(summary) == 1 + 4
    # A run finished by a killed invocation gets its figures from the next one.
    for name in ("loss.png", "embeddings.png", "sample.png"):
        assert len(list(out.glob(f"runs/*/{name}"))) == 4, name


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


def test_until_writes_the_report_before_the_deadline_and_a_rerun_finishes_exactly(tmp_path):
    """24 runs of about a second each on two workers with 6 seconds to go: runs that cannot
    finish are not started, those in flight stop with a checkpoint, the report says what did not
    run, all before the deadline; a later run finishes the sweep with the numbers of a clean one."""
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({
        "name": "until", "corpus": str(REPO / "Experiments/corpora/stories.txt"),
        "base": {"steps": 3000, "eval_every": 1000, "checkpoint_every": 500},
        "grid": {"learning_rate": [0.05, 0.1, 0.2, 0.3, 0.5, 0.7], "embedding_dim": [4, 6, 8, 10]},
        "sample": {"tokens": 10}}))
    out = tmp_path / "sweep"
    deadline = time.time() + 6
    until = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(deadline))
    stopped = run(spec, out, "--jobs", "2", "--until", until)
    ended = time.time()
    assert stopped.returncode == 130, stopped.stderr
    # subtle: the report is due before the deadline; a second of grace for a loaded machine.
    assert ended <= deadline + 1, ended - deadline
    report = (out / "report.md").read_text()
    assert "Stopped for the deadline" in report and "not started" in report
    statuses = [json.loads(p.read_text())["status"] for p in out.glob("runs/*/run.json")]
    assert 0 < statuses.count("completed") < 24
    finished = run(spec, out, "--jobs", "2")
    assert finished.returncode == 0, finished.stderr
    clean = run(spec, tmp_path / "clean", "--jobs", "2")
    assert results(out) == results(tmp_path / "clean")


def test_logs_a_line_per_run_and_evaluations_only_when_verbose(tmp_path):
    spec = write_spec(tmp_path, steps=300)
    quiet = run(spec, tmp_path / "quiet", "--jobs", "2")
    assert quiet.returncode == 0, quiet.stderr
    lines = quiet.stderr.splitlines()
    assert sum(" start " in line for line in lines) == 4 and sum(" completed " in line for line in lines) == 4
    assert not any(" train " in line and " val " in line for line in lines)
    verbose = run(spec, tmp_path / "verbose", "--jobs", "2", "--verbose")
    # Evaluations at steps 0 and 300 (eval_every is 500) of each of the 4 runs.
    assert sum(" train " in line and " val " in line for line in verbose.stderr.splitlines()) == 8


def test_report_pages_show_a_running_sweep(tmp_path):
    spec = write_spec(tmp_path, steps=20000)
    out = tmp_path / "sweep"
    proc = subprocess.Popen([TINYLAB, "run", str(spec), "--out", str(out), "--jobs", "1", "--report-every", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, seen = time.time() + 120, ""
        while proc.poll() is None and time.time() < deadline and "running" not in seen:
            page = out / "report.md"
            seen = page.read_text() if page.exists() else ""
            time.sleep(0.2)
        assert "**Status:** running: 1 of 4 runs done" in seen or "**Status:** running: 2 of 4 runs done" in seen, seen[:500]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait()
