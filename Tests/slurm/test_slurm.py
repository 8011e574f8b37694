"""A sweep handed to a real Slurm cluster (brought up by Tests/slurm/run.sh): `tinylab slurm
--submit` runs it as an array of shards plus a report job, and the merged summary.csv and
metrics.csv hold exactly the numbers of the same sweep run locally. A task cancelled mid-run
leaves the sweep incomplete, and submitting again finishes it with the same numbers."""

import csv
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

TINYLAB = os.environ.get("TINYLAB", "tinylab")
REPO = Path(__file__).resolve().parents[2]
TIMING = {"examples_per_second", "seconds", "elapsed_s"}


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    if subprocess.run(["sinfo", "-h"], capture_output=True).returncode != 0:
        pytest.fail("no Slurm cluster answers; run this file through Tests/slurm/run.sh, which brings one up")
    folder = tmp_path_factory.mktemp("slurm")
    path = folder / "spec.json"
    path.write_text(json.dumps({
        "name": "slurm-test",
        "corpus": str(REPO / "Experiments/corpora/names.txt"),
        "documents": "lines",
        "base": {"vocab_size": 80, "steps": 8000, "eval_every": 1000, "checkpoint_every": 100,
                 "hidden_size": 32, "batch_size": 32, "context_length": 4},
        "grid": {"learning_rate": [0.1, 0.3, 0.5], "embedding_dim": [4, 8]},
        "sample": {"tokens": 20},
    }))
    return path


@pytest.fixture(scope="module")
def local(spec):
    out = spec.parent / "local"
    result = subprocess.run([TINYLAB, "run", str(spec), "--out", str(out), "--jobs", "2"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return numbers(out)


def numbers(out):
    """summary.csv and metrics.csv without their timing columns."""
    def table(name):
        with open(out / name, newline="") as f:
            return [{k: v for k, v in row.items() if k not in TIMING} for row in csv.DictReader(f)]
    return table("summary.csv"), table("metrics.csv")


def submit(spec, out):
    result = subprocess.run([TINYLAB, "slurm", str(spec), "--out", str(out), "--tasks", "3", "--max-running", "2", "--submit"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    words = result.stdout.split()
    array, report = words[words.index("array") + 2], words[words.index("report") + 2]
    assert array.isdigit() and report.isdigit(), result.stdout
    return array, report


def wait_for(jobs, timeout=300):
    deadline = time.time() + timeout
    while subprocess.run(["squeue", "-h", "-j", ",".join(jobs)], capture_output=True, text=True).stdout.strip():
        assert time.time() < deadline, f"jobs {jobs} still queued after {timeout} s"
        time.sleep(0.25)


def report_log(out, job):
    return (out / "logs" / f"report-{job}.log").read_text()


def test_array_and_report_give_the_local_numbers(spec, local):
    out = spec.parent / "slurm"
    array, report = submit(spec, out)
    wait_for([array, report])
    assert "all 6 planned runs are done" in report_log(out, report)
    assert numbers(out) == local
    assert sorted(p.name for p in (out / "shards").iterdir()) == ["0-of-3", "1-of-3", "2-of-3"]
    assert len(list((out / "logs").glob(f"array-{array}_*.log"))) == 3
    assert (out / "figures" / "validation-curves.png").exists()


def test_cancelled_task_resubmitted_finishes_with_the_same_numbers(spec, local):
    out = spec.parent / "cancelled"
    array, report = submit(spec, out)
    status = out / "shards" / "0-of-3" / "status.json"
    deadline = time.time() + 120
    while not (status.exists() and any((out / "runs" / run / "checkpoint.safetensors").exists()
                                       for run in json.loads(status.read_text())["runs"])):
        assert time.time() < deadline, "task 0 wrote no checkpoint"
        time.sleep(0.05)
    subprocess.run(["scancel", f"{array}_0"], check=True)
    wait_for([array, report])
    log = report_log(out, report)
    assert "planned runs missing" in log, log
    statuses = {json.loads(p.read_text())["status"] for p in out.glob("runs/*/run.json")}
    assert "interrupted" in statuses or len(list(out.glob("runs/*/run.json"))) < 6

    array, report = submit(spec, out)
    wait_for([array, report])
    assert "all 6 planned runs are done" in report_log(out, report)
    assert numbers(out) == local
    assert not list(out.glob("runs/*/checkpoint.safetensors"))
