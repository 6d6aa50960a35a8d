"""`batch` on worker processes (`--jobs`): the same bytes whatever the number of processes,
every row accounted for, a dead worker or a Ctrl-C leaving no partial output and no process
behind, and summaries that add up in any order.

Inputs are generated in `tmp_path`. A chunk is made of whole blocks of about
`csvio.BLOCK_BYTES` (1 MiB) of the file, so a small `chunk_size` alone does not make many
chunks of a small file: the tests that want many chunks also make the blocks small
(`small_blocks`), and count the chunks to be sure the pool had work to share.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import skillmatch.batch
from skillmatch import batchrun, csvio
from skillmatch.batch import BatchEngine, PersonRow, Summary
from skillmatch.batchrun import BatchFormat, BatchOptions, run_batch
from skillmatch.catalogue import default_catalogue_path, load_catalogue
from skillmatch.errors import WorkerError
from skillmatch.messages import translate
from skillmatch.referential import bundled_dir

KEY = "une-clé-de-test-assez-longue-0123".encode()
HEADER = "identifiant;nom;competences;profil_cible"
PROGRAM = "import sys; from skillmatch.cli import main; sys.argv[0] = 'skillmatch'; main()"
#: What the generated cohorts aim at: nothing, profiles as written by people, an unknown one.
TARGETS = ["", "", "ia-A", "ia-B", "ia-C", "cyber-A", "cyber-B", "cyber-C", "IA-b", " cyber-a "]
UNKNOWN_SKILLS = ["cuisine", "jardinage", "permis B", "Excel avancé", "=SUM(A1:A2)", "xyzzy"]
NAMES = ["Hélène Dupré", "Zoé Müller", "Jérôme Fabre", "François Lœuvre", "@risk", "Roux"]


@pytest.fixture(scope="module")
def catalogue(referential):
    return load_catalogue(default_catalogue_path(bundled_dir()), referential)


def engine_of(referential, catalogue, matcher, cls: type[BatchEngine] = BatchEngine
              ) -> BatchEngine:
    """A fresh engine (fresh caches) for one run."""
    return cls(referential, catalogue, default_target=None, matcher=matcher)


# -- generated cohorts ------------------------------------------------------------------------


def skill_words(referential) -> list[str]:
    words = [s.label.fr for s in referential.skills]
    words += [s.label.en for s in referential.skills][::4]
    words += [a.text for s in referential.skills for a in s.aliases]
    return words


def typo(rnd: random.Random, word: str) -> str:
    """A word as typed in a hurry: two letters swapped, or one dropped."""
    if len(word) < 4:
        return word
    i = rnd.randrange(1, len(word) - 2)
    if rnd.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i + 1:]


class Cohort:
    """A generated CSV export: its bytes, the first line of each record (blank lines left
    out), the blank lines, the rows expected in error."""

    def __init__(self, referential, count: int, seed: int = 1, specials: bool = True) -> None:
        rnd = random.Random(seed)
        words = skill_words(referential)
        common = words[:14]  # a cohort repeats itself: a few skill sets come back often
        lines = [HEADER]
        self.starts: list[int] = []
        self.blank = 0
        self.errors = 0
        line = 2

        def add(text: str, kind: str = "ok") -> None:
            nonlocal line
            if kind == "blank":
                self.blank += 1
            else:
                self.starts.append(line)
                self.errors += kind == "error"
            lines.append(text)
            line += text.count("\n") + 1

        for n in range(count):
            ident = f"P{n:06d}"
            items = rnd.sample(common if n % 3 else words, rnd.randint(1, 7))
            items = [typo(rnd, w) if rnd.random() < 0.1 else w for w in items]
            if rnd.random() < 0.15:
                items.append(rnd.choice(UNKNOWN_SKILLS))
            skills = ", ".join(items)
            if "(" not in skills and rnd.random() < 0.05:  # "a; b" must be quoted
                skills = '"' + "; ".join(items) + '"'
            name = NAMES[n % len(NAMES)]
            add(f"{ident};{name};{skills};{rnd.choice(TARGETS)}")
            if not specials:
                continue
            special = n % 97
            if special == 5:
                add(f"X{n};trop;peu", "error")  # 3 fields instead of 4
            elif special == 11:
                add(f"X{n};trop;python;ia-A;de champs", "error")
            elif special == 17:
                add(f"E{n};{name};;ia-A", "error")  # no skill
            elif special == 23:
                add(f"U{n};{name};python, SQL;profil-inconnu", "error")
            elif special == 29:
                add(f"Z{n};Nul\x00Part;python;ia-A", "error")
            elif special == 37:
                add(f'M{n};"Ligne\nsur deux";"python,\nSQL, git";ia-B')
            elif special == 41:
                add(f'Q{n};"Durand; Paul";cryptographie;cyber-A')
            elif special == 47:
                add("", "blank")
                add(";;;", "blank")
            elif special == 53:
                add(f'S{n};"ab"c;python;', "error")  # text after a closing quote
            elif special == 59:
                add(f"=1+{n};{name};python, =1+1;ia-A")  # formulas, neutralised in CSV
            elif special == 61:
                add(f";{name};pyhton, Machine Lerning;ia-C")  # no id: still a row
        self.data = ("\n".join(lines) + "\n").encode("utf-8")

    @property
    def read(self) -> int:
        return len(self.starts) + self.blank

    def write(self, path: Path) -> Path:
        path.write_bytes(self.data)
        return path


@pytest.fixture(scope="module")
def cohort(referential) -> Cohort:
    return Cohort(referential, 3000, seed=1)


@pytest.fixture
def small_blocks(monkeypatch) -> None:
    """Blocks of about 4 KiB (40 rows or so): a small file is many chunks."""
    monkeypatch.setattr(csvio, "BLOCK_BYTES", 4096)


class Counted:
    """What a run did: the chunks read, the process pools started (each a `Pool`)."""

    def __init__(self) -> None:
        self.chunks = 0
        self.pools: list[Pool] = []


class Pool(ProcessPoolExecutor):
    """A `ProcessPoolExecutor` that says it was started."""

    counted: Counted

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.method = kwargs["mp_context"].get_start_method()
        self.counted.pools.append(self)


@pytest.fixture
def counted(monkeypatch) -> Counted:
    found = Counted()
    original = batchrun._chunks

    def chunks(records, size):
        for chunk in original(records, size):
            found.chunks += 1
            yield chunk

    monkeypatch.setattr(batchrun, "_chunks", chunks)
    monkeypatch.setattr(Pool, "counted", found, raising=False)
    monkeypatch.setattr(batchrun, "ProcessPoolExecutor", Pool)
    return found


def run_files(options: BatchOptions) -> tuple[bytes, bytes, dict[str, Any]]:
    """Run; the output, the error report and the summary."""
    summary = run_batch(options)
    report = options.errors_file or f"{options.output}.errors.csv"
    return Path(options.output).read_bytes(), Path(report).read_bytes(), summary.as_dict()


# -- 1. the same bytes whatever the number of processes ---------------------------------------

VARIANTS = {
    "csv": {},
    "jsonl": {"format": BatchFormat.JSONL},
    "excel": {"excel": True},
    "keep": {"keep": ["nom"]},
    "pseudonym": {"pseudonym_key": KEY, "keep": ["nom"]},
}


@pytest.mark.usefixtures("small_blocks")
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_same_bytes_whatever_the_number_of_processes(referential, matcher, catalogue, cohort,
                                                     tmp_path, counted, variant):
    source = cohort.write(tmp_path / "people.csv")

    def run(jobs: int) -> tuple[bytes, bytes, dict[str, Any]]:
        engine = engine_of(referential, catalogue, matcher)
        return run_files(BatchOptions(
            input=str(source), output=str(tmp_path / f"out{jobs}.txt"), engine=engine,
            errors_file=str(tmp_path / f"errors{jobs}.csv"), chunk_size=200, jobs=jobs,
            **VARIANTS[variant]))

    alone = run(1)
    assert counted.pools == []
    chunks = counted.chunks
    assert chunks >= 12, "the pool must have many chunks to share"
    shared = run(2)
    assert counted.chunks == 2 * chunks
    assert len(counted.pools) == 2  # the first chunk's strings, then the chunks
    assert multiprocessing.active_children() == []

    out, report, summary = shared
    assert out == alone[0]
    assert report == alone[1]
    assert summary == alone[2]
    assert json.dumps(summary) == json.dumps(alone[2])  # lists in the same order too
    # Not two empty runs: every row is there, with every kind of error.
    assert summary["rows"] == {"read": cohort.read, "ok": len(cohort.starts) - cohort.errors,
                               "errors": cohort.errors, "skipped": cohort.blank}
    assert set(summary["errors"]) == {"batch.field_count", "batch.empty_skills",
                                      "batch.unknown_target", "batch.nul_byte",
                                      "batch.bad_quote"}
    assert summary["total_cost_eur"] > 0
    assert report.count(b"\n") == cohort.errors + 1
    text = out.decode("utf-8-sig")
    if variant == "jsonl":
        lines = [json.loads(line)["line"] for line in text.splitlines()]
    else:
        delimiter = ";" if variant == "excel" else ","
        lines = [int(row["line"]) for row in csv.DictReader(io.StringIO(text, newline=""),
                                                             delimiter=delimiter)]
    assert lines == cohort.starts  # one output row per non-blank input row, in order
    if variant == "pseudonym":
        assert b"P000001" not in out + report
    if variant in ("keep", "pseudonym"):
        assert "Zoé Müller" in text


# -- 2. start methods: the engine and the runner travel --------------------------------------


@pytest.mark.usefixtures("small_blocks")
@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_start_methods_give_the_same_output(referential, matcher, catalogue, tmp_path, counted,
                                            method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"the {method!r} start method is not available here")
    source = Cohort(referential, 1200, seed=2).write(tmp_path / "people.csv")

    def run(jobs: int) -> tuple[bytes, bytes, dict[str, Any]]:
        return run_files(BatchOptions(
            input=str(source), output=str(tmp_path / f"out{jobs}.csv"),
            engine=engine_of(referential, catalogue, matcher), chunk_size=100, jobs=jobs,
            start_method=method, keep=["nom"], pseudonym_key=KEY))

    alone = run(1)
    assert counted.chunks >= 6
    shared = run(2)
    assert [p.method for p in counted.pools] == [method, method]
    assert shared == alone
    assert multiprocessing.active_children() == []


# -- 3. one chunk: no worker -----------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 60])
def test_one_chunk_starts_no_worker(referential, matcher, catalogue, tmp_path, monkeypatch,
                                    count):
    cohort = Cohort(referential, count, seed=3)
    source = cohort.write(tmp_path / "people.csv")
    alone = run_files(BatchOptions(input=str(source), output=str(tmp_path / "out1.csv"),
                                   engine=engine_of(referential, catalogue, matcher)))

    def no_pool(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a process pool was started for one chunk")

    monkeypatch.setattr(batchrun, "ProcessPoolExecutor", no_pool)
    shared = run_files(BatchOptions(input=str(source), output=str(tmp_path / "out4.csv"),
                                    engine=engine_of(referential, catalogue, matcher), jobs=4))
    assert multiprocessing.active_children() == []
    assert shared == alone
    assert alone[2]["rows"]["read"] == cohort.read == (0 if count == 0 else 71)


# -- 4. every row accounted for --------------------------------------------------------------


def test_every_row_accounted_for_with_workers_and_tiny_chunks(referential, matcher, catalogue,
                                                              tmp_path, counted, monkeypatch):
    monkeypatch.setattr(csvio, "BLOCK_BYTES", 512)
    cohort = Cohort(referential, 500, seed=4)
    source = cohort.write(tmp_path / "people.csv")
    out = tmp_path / "out.jsonl"
    summary = run_batch(BatchOptions(
        input=str(source), output=str(out), engine=engine_of(referential, catalogue, matcher),
        format=BatchFormat.JSONL, chunk_size=1, jobs=2))
    assert counted.chunks >= 50 and len(counted.pools) == 2
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    report = Path(f"{out}.errors.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert summary.balanced
    assert summary.read == summary.ok + summary.errors + summary.skipped == cohort.read
    assert summary.skipped == cohort.blank
    assert summary.errors == cohort.errors == len(report)
    assert [r["line"] for r in records] == cohort.starts  # one per non-blank row, in order
    assert sum(r["status"] == "ok" for r in records) == summary.ok
    assert [int(line.split(",")[0]) for line in report] == \
        [r["line"] for r in records if r["status"] == "error"]


# -- 5. a worker dying -----------------------------------------------------------------------


class DyingEngine(BatchEngine):
    """An engine whose worker processes die on their first chunk (as under the OOM killer);
    the process that made it works normally."""

    parent = 0

    def assess_chunk(self, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() != self.parent:
            os._exit(9)
        return super().assess_chunk(*args, **kwargs)


@pytest.mark.usefixtures("small_blocks")
def test_a_dead_worker_is_an_error_and_leaves_no_output(referential, matcher, catalogue,
                                                        tmp_path, counted):
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the 'fork' start method (the engine is changed in this process)")
    source = Cohort(referential, 1000, seed=5).write(tmp_path / "people.csv")
    engine = engine_of(referential, catalogue, matcher, DyingEngine)
    engine.parent = os.getpid()
    out = tmp_path / "out.csv"
    with pytest.raises(WorkerError) as raised:
        run_batch(BatchOptions(input=str(source), output=str(out), engine=engine,
                               chunk_size=100, jobs=2, start_method="fork"))
    assert raised.value.key == "batch.worker_died"
    assert raised.value.exit_status == 1
    assert len(counted.pools) == 2  # the first pool (no chunk assessed) went well
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]  # no output, no .part
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("small_blocks")
def test_a_dead_worker_through_the_cli(run, tmp_path, monkeypatch, counted, referential):
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the 'fork' start method (the engine is changed in this process)")
    parent = os.getpid()
    assess = BatchEngine.assess_chunk

    def dying(self, *args, **kwargs):
        if os.getpid() != parent:
            os._exit(9)
        return assess(self, *args, **kwargs)

    monkeypatch.setattr(BatchEngine, "assess_chunk", dying)
    monkeypatch.setattr(batchrun, "_start_method", lambda: "fork")
    original = batchrun.BatchOptions

    def small_chunks(*args: Any, **kwargs: Any) -> BatchOptions:
        return original(*args, **{**kwargs, "chunk_size": 100})

    monkeypatch.setattr(batchrun, "BatchOptions", small_chunks)
    source = Cohort(referential, 1000, seed=6).write(tmp_path / "people.csv")
    out = tmp_path / "out.csv"
    out.write_text("previous output\n", encoding="utf-8")
    result = run("batch", str(source), "-o", str(out), "--jobs", "2")
    assert result.exit_code == 1, result.stderr
    assert counted.chunks >= 2
    assert translate("batch.worker_died", "fr", jobs=2) in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "previous output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "people.csv"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_dead_worker_message_names_jobs(lang):
    message = translate("batch.worker_died", lang, jobs=2)
    assert "--jobs" in message
    assert "2" in message
    assert message != translate("batch.worker_died", "en" if lang == "fr" else "fr", jobs=2)


# -- 6. Ctrl-C and SIGTERM with workers ------------------------------------------------------


def process_table() -> list[tuple[int, str, int, int]]:
    """Every process: (pid, state, parent pid, process group), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        found.append((int(entry.name), fields[0], int(fields[1]), int(fields[2])))
    return found


def children_of(pid: int) -> list[int]:
    return [p for p, state, parent, _ in process_table() if parent == pid and state != "Z"]


def group_alive(pgid: int) -> list[int]:
    """The processes of a group still running (a zombie runs nothing)."""
    return [p for p, state, _, group in process_table() if group == pgid and state != "Z"]


def default_sigint() -> None:
    # A test suite started in the background by a non-interactive shell runs with SIGINT
    # ignored, which the child (and its Python) would inherit: Ctrl-C as at a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def big_input(tmp_path_factory, referential) -> Path:
    """150,000 people: several seconds of work, many chunks."""
    path = tmp_path_factory.mktemp("big") / "big.csv"
    return Cohort(referential, 150_000, seed=8, specials=False).write(path)


@pytest.fixture(scope="module")
def cli_input(tmp_path_factory, referential) -> Path:
    """45,000 people: several chunks of the command line (`BatchOptions.chunk_size`)."""
    path = tmp_path_factory.mktemp("cli") / "people.csv"
    return Cohort(referential, 45_000, seed=9).write(path)


#: The command line with worker processes that never finish a chunk (they say they started
#: one with a file in $BUSY_DIR): only stopping them ends the run.
STUCK_PROGRAM = """
import os, pathlib, sys, time
from skillmatch.batch import BatchEngine
from skillmatch.cli import main
main_pid = os.getpid()
assess = BatchEngine.assess_chunk
def stuck(self, *args, **kwargs):
    if os.getpid() != main_pid:
        pathlib.Path(os.environ["BUSY_DIR"], str(os.getpid())).touch()
        time.sleep(600)
    return assess(self, *args, **kwargs)
BatchEngine.assess_chunk = stuck
sys.argv[0] = "skillmatch"
main()
"""


def interrupt(program: str, source: Path, directory: Path, how: str,
              ready: Callable[[subprocess.Popen[str]], bool], env: dict[str, str]
              ) -> tuple[subprocess.Popen[str], str, float, list[int]]:
    """Run `skillmatch batch SOURCE -o DIRECTORY/out.csv -j 2` in its own process group,
    interrupt it once its workers exist and `ready` says so (Ctrl-C at a terminal: SIGINT to
    the whole group; or SIGTERM to the main process only); the process, its stderr, the
    seconds it took to end after the signal, the workers it had."""
    env = {**os.environ, "SKILLMATCH_LANG": "", "SKILLMATCH_REFERENTIAL": "", **env}
    env.pop("SKILLMATCH_DEBUG", None)
    child = subprocess.Popen(
        [sys.executable, "-c", program, "batch", str(source), "-o", str(directory / "out.csv"),
         "-j", "2"],
        cwd=directory, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=default_sigint)
    pgid = child.pid  # a new session: its own process group
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 60
        while child.poll() is None and time.monotonic() < deadline:
            workers = children_of(child.pid)
            if len(workers) >= 2 and ready(child):
                break
            time.sleep(0.01)
        assert child.poll() is None, "the run ended before it could be interrupted"
        assert len(workers) >= 2, workers
        signalled = time.monotonic()
        if how == "sigint-group":
            os.killpg(pgid, signal.SIGINT)
        else:
            os.kill(child.pid, signal.SIGTERM)
        try:
            _, stderr = child.communicate(timeout=8)
        except subprocess.TimeoutExpired:
            for pid in group_alive(pgid):  # only the processes this test started
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            _, stderr = child.communicate()
            pytest.fail(f"the run still hangs 8 s after the signal; stderr: {stderr!r}")
        took = time.monotonic() - signalled
        # The workers were stopped before the main process ended.
        still = [p for p in workers if p in group_alive(pgid)]
        assert still == [], f"workers left running: {still}"
        deadline = time.monotonic() + 3
        while group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert group_alive(pgid) == []
        return child, stderr, took, workers
    finally:
        for pid in group_alive(pgid):  # only the processes this test started
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if child.poll() is None:
            child.kill()
            child.communicate()


def assert_interrupted(child: subprocess.Popen[str], stderr: str, directory: Path) -> None:
    assert child.returncode == 130, stderr
    assert stderr.count("\n") == 1, stderr  # one line
    assert translate("error.interrupted", "fr") in stderr
    assert "Traceback" not in stderr
    out = directory / "out.csv"
    assert out.read_text(encoding="utf-8") == "previous output\n"
    assert sorted(p.name for p in directory.iterdir()) == ["out.csv"]  # no .part left


HOW = ["sigint-group", "sigterm-main"]
LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"),
                           reason="reads the processes in /proc (Linux)")


@LINUX
@pytest.mark.parametrize("how", HOW)
def test_interrupted_run_with_workers(tmp_path, big_input, how):
    directory = tmp_path / "run"
    directory.mkdir()
    (directory / "out.csv").write_text("previous output\n", encoding="utf-8")

    def writing(child: subprocess.Popen[str]) -> bool:
        # Mid-run: the first results written aside, the workers busy with the next ones.
        parts = [p for p in directory.glob(".out.csv.*.part") if ".errors." not in p.name]
        return bool(parts) and parts[0].stat().st_size > 100_000

    child, stderr, _, _ = interrupt(PROGRAM, big_input, directory, how, writing, {})
    assert_interrupted(child, stderr, directory)


@LINUX
@pytest.mark.parametrize("how", HOW)
def test_interrupted_run_stops_busy_workers_at_once(tmp_path, cli_input, how):
    """Workers in the middle of a chunk are stopped, not waited for."""
    directory, busy = tmp_path / "run", tmp_path / "busy"
    directory.mkdir()
    busy.mkdir()
    (directory / "out.csv").write_text("previous output\n", encoding="utf-8")

    def both_busy(child: subprocess.Popen[str]) -> bool:
        return len(list(busy.iterdir())) >= 2

    child, stderr, took, workers = interrupt(STUCK_PROGRAM, cli_input, directory, how,
                                             both_busy, {"BUSY_DIR": str(busy)})
    assert_interrupted(child, stderr, directory)
    assert sorted(int(p.name) for p in busy.iterdir()) == sorted(workers)
    assert took < 10, f"the run took {took:.1f} s to stop"


@LINUX
def test_workers_end_when_the_main_process_is_killed(tmp_path, big_input):
    """SIGKILL leaves the main process no chance to stop its workers: they see their parent
    gone and end, rather than wait for work forever (orphans holding their memory)."""
    env = {**os.environ, "SKILLMATCH_LANG": "", "SKILLMATCH_REFERENTIAL": ""}
    child = subprocess.Popen(
        [sys.executable, "-c", PROGRAM, "batch", str(big_input), "-o",
         str(tmp_path / "out.csv"), "-j", "2"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    pgid = child.pid
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while child.poll() is None and time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.05)
            workers = children_of(child.pid)
        assert len(workers) >= 2, "the run never started its workers"
        child.kill()
        child.wait()
        deadline = time.monotonic() + 5
        while group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert group_alive(pgid) == [], "workers outlived the main process"
    finally:
        for pid in group_alive(pgid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


#: The command line with a worker that stops halfway through sending a chunk's result
#: (it says so with a file in $BUSY_DIR), then dies ($THEN=die: killed, out of memory, at
#: the moment its memory peaks) or waits ($THEN=wait, for a signal to the main process).
HALF_SENT_PROGRAM = """
import multiprocessing.connection, os, pathlib, sys, time
from skillmatch.cli import main
main_pid = os.getpid()
send = multiprocessing.connection.Connection._send
def half_send(self, buf, *args, **kwargs):
    if os.getpid() != main_pid and len(buf) > 1_000_000:  # a chunk's result
        send(self, memoryview(buf)[:len(buf) // 2], *args, **kwargs)
        pathlib.Path(os.environ["BUSY_DIR"], str(os.getpid())).touch()
        if os.environ["THEN"] == "die":
            os._exit(9)
        time.sleep(600)
    send(self, buf, *args, **kwargs)
multiprocessing.connection.Connection._send = half_send
sys.argv[0] = "skillmatch"
main()
"""


@LINUX
@pytest.mark.parametrize("then", ["die", "sigterm"])
def test_a_worker_gone_while_sending_its_result(tmp_path, cli_input, then):
    directory, busy = tmp_path / "run", tmp_path / "busy"
    directory.mkdir()
    busy.mkdir()
    env = {**os.environ, "SKILLMATCH_LANG": "", "SKILLMATCH_REFERENTIAL": "",
           "BUSY_DIR": str(busy), "THEN": "die" if then == "die" else "wait"}
    env.pop("SKILLMATCH_DEBUG", None)
    child = subprocess.Popen(
        [sys.executable, "-c", HALF_SENT_PROGRAM, "batch", str(cli_input), "-o",
         str(directory / "out.csv"), "-j", "2"],
        cwd=directory, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=default_sigint)
    try:
        deadline = time.monotonic() + 60
        while child.poll() is None and not any(busy.iterdir()) \
                and time.monotonic() < deadline:
            time.sleep(0.01)
        assert any(busy.iterdir()), "no worker sent a chunk's result"
        if then == "sigterm":
            os.kill(child.pid, signal.SIGTERM)
        try:
            _, stderr = child.communicate(timeout=3)
        except subprocess.TimeoutExpired:
            pytest.fail("the run still hangs 3 s after the worker stopped")
        if then == "die":
            assert child.returncode == 1, stderr
            assert translate("batch.worker_died", "fr", jobs=2) in stderr
        else:
            assert child.returncode == 130, stderr
        assert list(directory.iterdir()) == []
    finally:
        for pid in group_alive(child.pid):  # only the processes this test started
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if child.poll() is None:
            child.kill()
            child.communicate()


# -- 7. --jobs on the command line -----------------------------------------------------------


def test_jobs_option_gives_the_same_stdout(run, cli_input, counted):
    source = cli_input
    alone = run("batch", str(source), "-o", "-", "-j", "1")
    assert alone.exit_code == 5, alone.stderr  # rows in error
    chunks = counted.chunks
    assert chunks >= 2 and counted.pools == []
    shared = run("batch", str(source), "-o", "-", "--jobs", "2")
    assert counted.chunks == 2 * chunks
    assert len(counted.pools) == 2
    assert shared.exit_code == 5, shared.stderr
    assert shared.stdout == alone.stdout
    assert shared.stderr == alone.stderr
    assert alone.stdout.count("\n") > 45_000


def test_jobs_zero_means_one_per_usable_core(run, tmp_path, referential, monkeypatch):
    source = Cohort(referential, 50, seed=10, specials=False).write(tmp_path / "people.csv")
    asked = []
    original = batchrun.run_batch

    def run_batch_spy(options: BatchOptions, *args: Any) -> Summary:
        asked.append(options.jobs)
        return original(options, *args)

    monkeypatch.setattr(batchrun, "run_batch", run_batch_spy)
    default = run("batch", str(source), "-o", "-")
    auto = run("batch", str(source), "-o", "-", "-j", "0")
    three = run("batch", str(source), "-o", "-", "-j", "3")
    assert default.exit_code == auto.exit_code == three.exit_code == 0, default.stderr
    assert auto.stdout == default.stdout == three.stdout
    assert default.stdout.count("\n") == 51
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
        else os.cpu_count() or 1
    assert asked == [min(cores, batchrun.MAX_AUTO_JOBS)] * 2 + [3]


@pytest.mark.parametrize("value", ["-1", "deux"])
def test_bad_jobs_value_is_a_usage_error(run, tmp_path, referential, value):
    source = Cohort(referential, 5, seed=11).write(tmp_path / "people.csv")
    out = tmp_path / "out.csv"
    result = run("batch", str(source), "-o", str(out), "--jobs", value)
    assert result.exit_code == 2, result.stderr
    assert "--jobs" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


# -- 8. summaries add up in any order --------------------------------------------------------


@pytest.fixture(scope="module")
def assessed_rows(referential) -> list[PersonRow]:
    rnd = random.Random(12)
    words = skill_words(referential)
    rows = []
    for n in range(120):
        items = rnd.sample(words[:10] if n % 2 else words, rnd.randint(0, 6))
        if rnd.random() < 0.2:
            items.append(rnd.choice(UNKNOWN_SKILLS))
        target = rnd.choice([*TARGETS, "profil-inconnu"])
        rows.append(PersonRow(n + 2, f"P{n}", ", ".join(items), target))
    return rows


@pytest.fixture(scope="module")
def cents_catalogue(catalogue):
    """The bundled catalogue with prices in cents: sums of them, in different orders, are
    different floats (the bundled prices are whole euros, which add up exactly anyway)."""
    cents = [0.1, 0.07, 0.33, 0.45, 0.99, 0.2, 0.01]
    return dataclasses.replace(catalogue, formations=tuple(
        dataclasses.replace(f, cost_eur=f.cost_eur + cents[i % len(cents)])
        if f.cost_eur is not None else f for i, f in enumerate(catalogue.formations)))


def summarised(engine: BatchEngine, rows: list[PersonRow], how: str) -> Summary:
    summary = Summary()
    if how == "add":
        for result in engine.results(rows):
            summary.add(result)
    else:
        summary.add_chunk(engine.assess_chunk([r.skills for r in rows],
                                              [r.target for r in rows]))
    return summary


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_summaries_merged_in_any_order_equal_one_summary(referential, matcher, cents_catalogue,
                                                         assessed_rows, data):
    catalogue = cents_catalogue
    rows = assessed_rows
    whole = summarised(BatchEngine(referential, catalogue, matcher=matcher), rows, "add_chunk")
    everything = len(referential.skills) + len(catalogue.formations)  # no top-n cut
    expected = whole.as_dict(top=everything)
    assert expected["rows"]["errors"] > 0 and expected["total_cost_eur"] > 0

    groups = data.draw(st.integers(1, 5), label="groups")
    assignment = data.draw(st.lists(st.integers(0, groups - 1), min_size=len(rows),
                                    max_size=len(rows)), label="assignment")
    fold = data.draw(st.sampled_from([skillmatch.batch.FOLD_EVERY, 1, 3]), label="fold")
    with mock.patch.object(skillmatch.batch, "FOLD_EVERY", fold):
        # Each group in its own engine, as in its own process (other shared objects), or
        # in one engine, as chunks of one process.
        parts = []
        shared_engine = BatchEngine(referential, catalogue, matcher=matcher)
        for group in range(groups):
            members = [r for r, g in zip(rows, assignment, strict=True) if g == group]
            own = data.draw(st.booleans(), label="own engine")
            engine = BatchEngine(referential, catalogue, matcher=matcher) if own \
                else shared_engine
            part = summarised(engine, members, data.draw(st.sampled_from(["add", "add_chunk"]),
                                                         label="how"))
            if data.draw(st.booleans(), label="closed"):
                part.close()
            parts.append(part)
        while len(parts) > 1:  # merge any two, in any order, until one is left
            into = parts.pop(data.draw(st.integers(0, len(parts) - 1), label="into"))
            other = parts.pop(data.draw(st.integers(0, len(parts) - 1), label="from"))
            into.merge(other)
            parts.append(into)
        merged = parts[0]
    assert merged.total_cost == whole.total_cost  # exactly, not approximately
    got = merged.as_dict(top=everything)
    assert got["total_cost_eur"] == expected["total_cost_eur"]
    assert got == expected  # ties ranked by id: the order of merging does not show


def test_as_dict_does_not_depend_on_the_merge_order(referential, matcher, catalogue):
    engine = BatchEngine(referential, catalogue, matcher=matcher)

    def summary(skills: str, target: str) -> Summary:
        found = Summary()
        found.add_chunk(engine.assess_chunk([skills], [target]))
        return found

    first, second = summary("python", "ia-A"), summary("anglais", "cyber-A")
    first.merge(second)
    other_first, other_second = summary("python", "ia-A"), summary("anglais", "cyber-A")
    other_second.merge(other_first)
    assert first.total_cost == other_second.total_cost
    assert first.as_dict() == other_second.as_dict()


@pytest.mark.usefixtures("small_blocks")
def test_workers_that_cannot_start_leave_the_run_in_this_process(referential, matcher,
                                                                 catalogue, cohort, tmp_path,
                                                                 monkeypatch):
    """Too many open files (or processes) to start the workers: the run goes on in this
    process, with the same output, rather than failing or blaming the output file."""
    import skillmatch.batchrun as batchrun

    source = cohort.write(tmp_path / "in.csv")

    def run(jobs: int, name: str) -> tuple[bytes, bytes, dict[str, Any]]:
        return run_files(BatchOptions(input=str(source), output=str(tmp_path / name),
                                      engine=engine_of(referential, catalogue, matcher),
                                      chunk_size=200, jobs=jobs))

    expected = run(1, "one.csv")

    class NoWorkers(batchrun.ProcessPoolExecutor):
        def submit(self, *args: Any, **kwargs: Any) -> Any:
            raise OSError(24, "Too many open files")

    monkeypatch.setattr(batchrun, "ProcessPoolExecutor", NoWorkers)
    assert run(2, "two.csv") == expected
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("small_blocks")
def test_standard_output_without_a_byte_buffer(referential, matcher, catalogue, cohort,
                                               tmp_path):
    """`run_batch(output="-")` from Python with stdout redirected to a text-only stream (a
    StringIO, a notebook): the same text as the file."""
    import contextlib
    import io

    source = cohort.write(tmp_path / "in.csv")
    expected, _, _ = run_files(BatchOptions(
        input=str(source), output=str(tmp_path / "out.csv"),
        engine=engine_of(referential, catalogue, matcher), chunk_size=200, jobs=2))
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(io.StringIO()):
        run_batch(BatchOptions(input=str(source), output="-", chunk_size=200, jobs=2,
                               engine=engine_of(referential, catalogue, matcher)))
    assert captured.getvalue() == expected.decode("utf-8")
