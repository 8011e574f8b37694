"""A sweep handed to a real Slurm cluster (brought up by Tests/slurm/run.sh): `tinylab slurm
--submit` runs it as an array of shards plus a report job, and the merged summary.csv and
metrics.csv hold exactly the numbers of the same sweep run locally. A task cancelled mid-run
leaves the sweep incomplete, and submitting again finishes it with the same numbers. A halving
sweep runs as a chain of rung arrays and promotion jobs with the numbers and decisions of the
same sweep run locally; a cancelled task stops the chain, and submitting again resumes it."""

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


HALVING = "halving-test"


@pytest.fixture(scope="module")
def halving_spec(tmp_path_factory):
    """Nine configurations of two seeds, halved at steps 300 and 900 of 2,700: 18 runs, then 6, then 2."""
    folder = tmp_path_factory.mktemp("halving")
    path = folder / "spec.json"
    path.write_text(json.dumps({
        "name": HALVING,
        "corpus": str(REPO / "Experiments/corpora/names.txt"),
        "documents": "lines",
        "base": {"vocab_size": 80, "steps": 2700, "eval_every": 300, "checkpoint_every": 100,
                 "hidden_size": 32, "batch_size": 32, "context_length": 3},
        "grid": {"learning_rate": [0.05, 0.2, 0.6], "embedding_dim": [4, 8, 12]},
        "seeds": [1, 2],
        "halving": {"min_steps": 300, "reduction": 3},
        "sample": {"tokens": 20},
    }))
    return path


@pytest.fixture(scope="module")
def halving_local(halving_spec):
    out = halving_spec.parent / "local"
    result = subprocess.run([TINYLAB, "run", str(halving_spec), "--out", str(out), "--jobs", "2"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return numbers(out), json.loads((out / "halving.json").read_text())


def submit_chain(spec, out, *flags):
    result = subprocess.run([TINYLAB, "slurm", str(spec), "--out", str(out), "--tasks", "3", *flags, "--submit"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    words = result.stdout.split()
    array = words[words.index("array") + 2]
    assert array.isdigit(), result.stdout
    return array


def wait_for_chain(timeout=120):
    """Until no job of the halving sweep is queued: each promotion job submits the next jobs before it ends."""
    deadline = time.time() + timeout
    while any(name.startswith(f"tinylab-{HALVING}") for name in
              subprocess.run(["squeue", "-h", "-o", "%j"], capture_output=True, text=True).stdout.split()):
        assert time.time() < deadline, f"the jobs of {HALVING} are still queued after {timeout} s"
        time.sleep(0.25)


def logs(out, prefix):
    return [p.read_text() for p in sorted((out / "logs").glob(f"{prefix}-*.log"))]


def test_halving_chain_gives_the_local_numbers_and_decisions(halving_spec, halving_local):
    out = halving_spec.parent / "slurm"
    submit_chain(halving_spec, out)
    wait_for_chain()
    for rung in (1, 2, 3):
        assert len(logs(out, f"promote-{rung}")) == 1, f"promotion job {rung} did not run once"
    reports = logs(out, "report")
    assert len(reports) == 1 and "all 18 planned runs are done" in reports[0], reports
    assert numbers(out) == halving_local[0]
    assert json.loads((out / "halving.json").read_text()) == halving_local[1]
    # Each rung's array has at most --tasks tasks and no more than the rung's runs (18, 6, 2).
    for rung, shards in ((1, 3), (2, 3), (3, 2)):
        assert sorted(p.name for p in (out / "shards" / f"rung-{rung}").iterdir()) == [f"{i}-of-{shards}" for i in range(shards)]


def test_cancelled_rung_task_stops_the_chain_and_submitting_again_resumes(halving_spec, halving_local):
    out = halving_spec.parent / "cancelled"
    # One task at a time, so task 2 of rung 1 is still waiting when it is cancelled (each task
    # takes a second or more: it reads the spec and trains the tokenizer first).
    array = submit_chain(halving_spec, out, "--max-running", "1")
    subprocess.run(["scancel", f"{array}_2"], check=True)
    wait_for_chain()
    promotion = logs(out, "promote-1")
    assert len(promotion) == 1 and "rung 1 (step 300) is not complete" in promotion[0], promotion
    assert "Nothing was promoted" in promotion[0]
    assert not logs(out, "rung-2") and not logs(out, "report")
    statuses = [json.loads(p.read_text())["status"] for p in out.glob("runs/*/run.json")]
    assert statuses and set(statuses) == {"paused"}, statuses

    submit_chain(halving_spec, out)
    wait_for_chain()
    assert "all 18 planned runs are done" in logs(out, "report")[0]
    assert numbers(out) == halving_local[0]
    assert json.loads((out / "halving.json").read_text()) == halving_local[1]
    assert not list(out.glob("runs/*/checkpoint.safetensors"))
