"""A catalogue of hostile inputs against the release binary: specs, corpora, run folders,
checkpoints, flags. Every case must end quickly with a clear message on stderr naming what is
wrong and the documented exit status (2 bad input, nothing done; 1 a file could not be read or
written), and never crash, hang, leak a system framework's error text, or damage results already
written. Docs/ERRORS.md lists what each kind of bad input gets."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

TINYLAB = os.environ.get("TINYLAB", "tinylab")
REPO = Path(__file__).resolve().parents[2]
NAMES = REPO / "Experiments/corpora/names.txt"

# Words that mean a crash or a leaked framework error rather than a message of TinyLab's own.
FORBIDDEN = ["Fatal error", "NSCocoaErrorDomain", "NSPOSIXErrorDomain", "Foundation.", "Stack dump", "Swift runtime failure",
             "Illegal instruction", "Segmentation fault", "The operation could not be completed", "Current stack trace"]


def tinylab(*args, cwd=None, timeout=60, stdin=None):
    started = time.time()
    result = subprocess.run([TINYLAB, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout, stdin=stdin)
    result.seconds = time.time() - started
    for word in FORBIDDEN:
        assert word not in result.stderr + result.stdout, (word, result.stderr[-2000:])
    assert result.returncode in (0, 1, 2, 130), (result.returncode, result.stderr[-2000:])
    return result


def spec(tmp, **changes):
    """The small sweep of the issue that asked for this catalogue, with `changes` applied to its base."""
    (tmp / "names.txt").write_bytes(NAMES.read_bytes())
    document = {"name": "b", "corpus": "names.txt", "documents": "lines",
                "base": {"vocab_size": 64, "hidden_size": 32, "steps": 300, "eval_every": 100, "checkpoint_every": 100},
                "grid": {"learning_rate": [0.1, 0.3]}, "sample": {"tokens": 20}}
    for key, value in changes.items():
        if key in ("name", "corpus", "documents", "grid", "sample"):
            document[key] = value
        else:
            document["base"][key] = value
    path = tmp / "b.json"
    path.write_text(json.dumps(document))
    return path


# ---------------------------------------------------------------------------------------------
# Specs and corpora: refused by `validate` (and `run`) with exit 2, before anything is trained.

def corpus_fifo(tmp):
    os.mkfifo(tmp / "fifo.txt")
    return spec(tmp, corpus="fifo.txt"), "named pipe (FIFO); a regular file was expected"


def corpus_device(tmp):
    return spec(tmp, corpus="/dev/zero"), "character device; a regular file was expected"


def corpus_folder(tmp):
    (tmp / "folder").mkdir()
    return spec(tmp, corpus="folder"), "a folder; a file was expected"


def corpus_too_large(tmp):
    with open(tmp / "huge.txt", "wb") as f:
        f.truncate((1 << 30) + 1)  # sparse: no disk is used, and nothing may read it
    return spec(tmp, corpus="huge.txt"), "files of this kind may be at most 1 GiB"


def corpus_not_utf8(tmp):
    (tmp / "latin1.txt").write_bytes("café\nnaïve\n".encode("latin-1"))
    return spec(tmp, corpus="latin1.txt"), "is not valid UTF-8: byte 0xE9 at byte offset 3"


def corpus_empty(tmp):
    (tmp / "empty.txt").write_text("\n\n")
    return spec(tmp, corpus="empty.txt"), "has no characters to train on"


def hidden_huge(tmp):
    return spec(tmp, hidden_size=10**7), "hidden_size 10000000 makes a run that needs"


def hidden_absurd(tmp):
    return spec(tmp, hidden_size=10**18), "this machine can give"


def batch_huge(tmp):
    return spec(tmp, batch_size=10**9), "use a smaller batch_size"


def context_huge(tmp):
    return spec(tmp, context_length=10**9), "context_length"


def steps_negative(tmp):
    return spec(tmp, steps=-5), "base.steps: must be a positive integer, got -5"


def rate_string(tmp):
    return spec(tmp, learning_rate="0.1"), "write numbers without quotes"


def spec_fifo(tmp):
    os.mkfifo(tmp / "spec.json")
    return tmp / "spec.json", "named pipe (FIFO); a regular file was expected"


def spec_folder(tmp):
    (tmp / "spec.json").mkdir()
    return tmp / "spec.json", "is a directory"


def spec_too_large(tmp):
    path = tmp / "spec.json"
    path.write_text('{"name": "x", "description": "' + "a" * (17 << 20) + '"}')
    return path, "files of this kind may be at most 16 MiB"


def spec_deep(tmp):
    path = tmp / "spec.json"
    path.write_text("[" * 100000)
    return path, "nested arrays and objects"


def spec_binary(tmp):
    path = tmp / "spec.json"
    path.write_bytes(bytes(range(256)) * 10)
    return path, "which is not valid UTF-8; save the spec as UTF-8"


def spec_name_escapes(tmp):
    return spec(tmp, name="../../etc"), "it would place the output outside its own folder"


def spec_prompt_foreign(tmp):
    return spec(tmp, sample={"prompt": "Zoë"}), "is not in the alphabet"


@pytest.mark.parametrize("make", [corpus_fifo, corpus_device, corpus_folder, corpus_too_large, corpus_not_utf8, corpus_empty,
                                  hidden_huge, hidden_absurd, batch_huge, context_huge, steps_negative, rate_string,
                                  spec_fifo, spec_folder, spec_too_large, spec_deep, spec_binary, spec_name_escapes,
                                  spec_prompt_foreign])
def test_bad_specs_and_corpora_are_refused_before_anything_runs(tmp_path, make):
    path, message = make(tmp_path)
    for command in ("validate", "run"):
        result = tinylab(command, path, "--out", tmp_path / "out", timeout=60) if command == "run" else tinylab(command, path)
        assert result.returncode == 2, result.stderr
        assert message in result.stderr, result.stderr
        assert not (tmp_path / "out" / "runs").exists()


def test_validate_allocates_no_huge_model(tmp_path):
    """hidden_size 10^6 fits in memory but is far too big to time as it is: a smaller stand-in is."""
    result = tinylab("validate", spec(tmp_path, hidden_size=10**6), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "estimated time" in result.stdout


def test_train_refuses_what_cannot_fit_without_leaving_a_half_run(tmp_path):
    (tmp_path / "c.txt").write_text("the cat sat on the mat. " * 50)
    result = tinylab("train", tmp_path / "c.txt", "-o", tmp_path / "run", "--vocab-size", "20", "--hidden-size", "10000000")
    assert result.returncode == 2
    assert "--hidden-size" in result.stderr or "hidden_size" in result.stderr
    assert not (tmp_path / "run" / "run.json").exists()


# ---------------------------------------------------------------------------------------------
# Runs and their folders.

@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One small trained run and one two-run sweep, shared by the cases that only read them."""
    root = tmp_path_factory.mktemp("trained")
    sweep = spec(root)
    result = tinylab("run", sweep, "--out", root / "sweep", "--jobs", "2", timeout=300)
    assert result.returncode == 0, result.stderr
    runs = sorted((root / "sweep" / "runs").iterdir())
    return root, runs


def copy_tree(source, target):
    subprocess.run(["cp", "-a", str(source), str(target)], check=True)
    return target


def test_a_sample_of_one_repeated_character_trains_and_draws_quickly(tmp_path):
    (tmp_path / "rep.txt").write_text("a" * 200000)
    result = tinylab("train", tmp_path / "rep.txt", "-o", tmp_path / "r", "--vocab-size", "64", "--steps", "100", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "cannot make" not in result.stderr and "warning" not in result.stderr
    assert (tmp_path / "r" / "sample.png").exists()


def test_report_on_a_truncated_metrics_file_keeps_the_rows_before_and_exits_1(tmp_path, trained):
    sweep = copy_tree(trained[0] / "sweep", tmp_path / "sweep")
    metrics = sorted((sweep / "runs").iterdir())[0] / "metrics.csv"
    metrics.write_bytes(metrics.read_bytes()[:-40])
    result = tinylab("report", sweep)
    assert result.returncode == 1
    assert str(metrics) in result.stderr and "cut short" in result.stderr
    rows = [line for line in (sweep / "metrics.csv").read_text().splitlines()[1:] if line.startswith(metrics.parent.name)]
    assert rows  # the evaluations before the cut are still in the sweep's metrics.csv


def test_report_on_a_torn_run_json_names_it_and_exits_1(tmp_path, trained):
    sweep = copy_tree(trained[0] / "sweep", tmp_path / "sweep")
    record = sorted((sweep / "runs").iterdir())[0] / "run.json"
    record.write_bytes(record.read_bytes()[:50])
    result = tinylab("report", sweep)
    assert result.returncode == 1
    assert str(record) in result.stderr and "cut short" in result.stderr


def test_report_on_a_missing_folder_or_a_file_says_so(tmp_path, trained):
    missing = tinylab("report", tmp_path / "nope")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    record = trained[1][0] / "run.json"
    file = tinylab("report", record)
    assert file.returncode == 2 and "is a file" in file.stderr and str(record.parent) in file.stderr


def test_generate_and_eval_on_the_wrong_paths_and_values(tmp_path, trained):
    run = trained[1][0]
    on_file = tinylab("generate", run / "run.json")
    assert on_file.returncode == 2 and "is a file; a run directory" in on_file.stderr and str(run) in on_file.stderr
    for flag, value, message in (("--temperature", "-1", "--temperature must be zero or positive, got -1"),
                                 ("--tokens", "-5", "--tokens must be zero or positive, got -5"),
                                 ("--top-k", "0", "--top-k must be a positive integer, got 0")):
        result = tinylab("generate", run, flag, value)
        assert result.returncode == 2 and message in result.stderr, result.stderr
    (tmp_path / "other.txt").write_text("emma\nZoë\n")
    foreign = tinylab("eval", run, tmp_path / "other.txt")
    assert foreign.returncode == 2
    assert str(tmp_path / "other.txt") in foreign.stderr and "'ë'" in foreign.stderr


def flip_a_byte(path, offset_from_end=5):
    data = bytearray(path.read_bytes())
    data[-offset_from_end] ^= 0x40
    path.write_bytes(bytes(data))


def test_a_model_with_nan_weights_is_refused_by_tensor(tmp_path, trained):
    run = copy_tree(trained[1][0], tmp_path / "run")
    from safetensors.numpy import load_file, save_file
    import numpy as np
    tensors = load_file(str(run / "model.safetensors"))
    tensors["hidden.weight"][3, 2] = np.nan
    save_file(tensors, str(run / "model.safetensors"))  # another tool's file: no digest to check
    for command in (("generate", run), ("eval", run, NAMES)):
        result = tinylab(*command)
        assert result.returncode == 1
        assert "non-finite parameters: hidden.weight" in result.stderr, result.stderr


def test_a_damaged_model_file_is_refused(tmp_path, trained):
    run = copy_tree(trained[1][0], tmp_path / "run")
    flip_a_byte(run / "model.safetensors")
    result = tinylab("generate", run)
    assert result.returncode == 1
    assert "do not match the digest" in result.stderr and "model.safetensors" in result.stderr


def test_an_altered_checkpoint_restarts_its_run_with_a_warning_and_the_numbers_of_a_clean_sweep(tmp_path):
    clean_spec = spec(tmp_path, steps=800)
    clean = tinylab("run", clean_spec, "--out", tmp_path / "clean", "--jobs", "2", timeout=300)
    assert clean.returncode == 0
    out = tmp_path / "sweep"
    proc = subprocess.Popen([TINYLAB, "run", str(clean_spec), "--out", str(out), "--jobs", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not list(out.glob("runs/*/checkpoint.safetensors")) and time.time() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    checkpoint = next(out.glob("runs/*/checkpoint.safetensors"))
    flip_a_byte(checkpoint, offset_from_end=100)
    resumed = tinylab("run", clean_spec, "--out", out, "--jobs", "2", timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"warning: {checkpoint} is not resumed" in resumed.stderr and "digest" in resumed.stderr
    summary = lambda folder: [{k: v for k, v in r.items() if k not in ("seconds", "examples_per_second")}
                              for r in __import__("csv").DictReader(open(folder / "summary.csv", newline=""))]
    assert summary(out) == summary(tmp_path / "clean")


def test_two_runs_of_one_sweep_at_once_the_second_is_refused_naming_the_first(tmp_path):
    path = spec(tmp_path, steps=20000)
    out = tmp_path / "sweep"
    first = subprocess.Popen([TINYLAB, "run", str(path), "--out", str(out), "--jobs", "1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while not (out / ".lock").exists() and time.time() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        second = tinylab("run", path, "--out", out)
        assert second.returncode == 2
        assert "another tinylab is working in this folder" in second.stderr and f"pid {first.pid}" in second.stderr
        report = tinylab("report", out)
        assert report.returncode == 2 and "another tinylab" in report.stderr
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    # A lock left by a killed process does not block.
    third = tinylab("validate", path)
    assert third.returncode == 0
    again = subprocess.run([TINYLAB, "run", str(path), "--out", str(out), "--jobs", "2", "--until",
                            time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(time.time() + 4))], capture_output=True, text=True)
    assert "another tinylab" not in again.stderr


def test_another_sweep_into_the_same_folder_is_refused_and_fresh_keeps_foreign_folders(tmp_path, trained):
    sweep = copy_tree(trained[0] / "sweep", tmp_path / "sweep")
    other = spec(tmp_path, name="other", steps=200)
    refused = tinylab("run", other, "--out", sweep)
    assert refused.returncode == 2
    assert '"b"' in refused.stderr and '"other"' in refused.stderr and "--fresh" in refused.stderr
    assert json.loads((sweep / "spec.json").read_text())["name"] == "b"
    mine = sweep / "runs" / "my-notes"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    fresh = tinylab("run", other, "--out", sweep, "--fresh", "--jobs", "2", timeout=300)
    assert fresh.returncode == 0, fresh.stderr
    assert (mine / "notes.txt").read_text() == "keep me"
    assert not any(run.name in [p.name for p in (sweep / "runs").iterdir()] for run in trained[1])


def test_out_naming_a_file_is_refused_by_name(tmp_path):
    (tmp_path / "a-file").write_text("x")
    path = spec(tmp_path)
    for command in (("run", path, "--out", tmp_path / "a-file"), ("train", NAMES, "-o", tmp_path / "a-file")):
        result = tinylab(*command)
        assert result.returncode == 2
        assert "names a file" in result.stderr and str(tmp_path / "a-file") in result.stderr


def test_train_into_an_unwritable_place_says_why_on_stderr_first(tmp_path):
    (tmp_path / "blocker").write_text("x")
    result = tinylab("train", NAMES, "-o", tmp_path / "blocker" / "run", "--steps", "10", "--vocab-size", "60",
                     "--documents", "lines")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    error = next(i for i, line in enumerate(lines) if line.startswith("error:"))
    finished = [i for i, line in enumerate(lines) if line.startswith("finished:")]
    assert all(error < i for i in finished) and "is a file, where a folder was expected" in lines[error]
    assert "error" not in result.stdout


def test_sigterm_during_report_exits_130(tmp_path, trained):
    sweep = copy_tree(trained[0] / "sweep", tmp_path / "sweep")
    for png in sweep.rglob("*.png"):
        png.unlink()
    proc = subprocess.Popen([TINYLAB, "report", str(sweep), "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The signal goes in while the report draws: its first run figure is written, the sweep's are not.
    deadline = time.time() + 30
    while not list(sweep.glob("runs/*/loss.png")) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.001)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 130
    assert not (sweep / "figures" / "validation-curves.png").exists()


def test_tokenize_refuses_a_device_as_its_input(tmp_path):
    (tmp_path / "t.json").write_text("{}")
    trained = tinylab("tokenize", "train", NAMES, "--vocab-size", "60", "--documents", "lines", "-o", tmp_path / "t.json")
    assert trained.returncode == 0
    result = tinylab("tokenize", "encode", tmp_path / "t.json", "/dev/zero")
    assert result.returncode == 1 and "character device" in result.stderr
