"""Running a batch over files: columns, streaming, atomic output, error report, summary.

The I/O around `skillmatch.batch`: it reads records with `skillmatch.csvio`, maps the columns,
feeds the engine, writes each result as it comes (CSV or JSON Lines) into a temporary file
renamed over the output only when the run completes, and writes every bad row to the error
report with its physical line. `read = ok + errors + skipped` always holds.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, TextIO, TypeVar

from skillmatch.batch import (
    NO_OUTCOME,
    NOT_YET,
    BatchEngine,
    ChunkResult,
    Levels,
    Outcome,
    PersonRow,
    Summary,
    TargetGap,
    outcome_values,
    output_columns,
    pseudonym,
    result_row,
)
from skillmatch.csvio import BadRecord, RecordStream, read_records
from skillmatch.errors import DataFileError, InputNotFoundError, Problem, WorkerError
from skillmatch.files import atomic_output
from skillmatch.normalize import normalize

#: Header names recognised for each role, compared after normalising case, accents, spaces.
ID_NAMES = ("id", "identifiant", "identifier", "matricule", "numero", "num", "person id",
            "id personne", "id demandeur", "numero dossier", "n dossier", "no dossier",
            "n identifiant", "code")
SKILLS_NAMES = ("competences", "competence", "skills", "skill", "liste competences",
                "savoir faire", "competences declarees", "declared skills")
TARGET_NAMES = ("cible", "target", "profil", "profil cible", "profil vise", "target profile",
                "profile", "objectif")
#: Characters that make a spreadsheet run a cell as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class BatchFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


@dataclass
class Columns:
    id: int
    skills: int | None
    target: int | None
    keep: dict[str, int] = field(default_factory=dict)
    count: int = 0
    text: int | None = None


def normalize_header(name: str) -> str:
    """A header name compared without case, accents, spaces or punctuation."""
    return normalize(name).replace(" ", "")



def find_columns(header: list[str], file: str, id_column: str | None, skills_column: str | None,
                 target_column: str | None, keep: list[str],
                 text_column: str | None = None) -> Columns:
    """Map the roles to header positions; the user's names win over the recognised ones."""
    keys = [normalize_header(h) for h in header]
    problems: list[Problem] = []

    def locate(role: str, given: str | None, names: tuple[str, ...],
               required: bool) -> int | None:
        wanted = [normalize_header(given)] if given else [normalize_header(n) for n in names]
        for candidate in wanted:
            if candidate in keys:
                return keys.index(candidate)
        if required or given:
            problems.append(Problem(file, 1, 1, "header", "batch.no_column", {
                "role": role, "name": given or " / ".join(names[:4]),
                "columns": ", ".join(header)}))
        return None

    id_index = locate("id", id_column, ID_NAMES, True)
    # With a text column, a skills column is optional: the skills come from the text.
    skills_index = locate("skills", skills_column, SKILLS_NAMES, text_column is None)
    target_index = locate("target", target_column, TARGET_NAMES, False)
    text_index = locate("text", text_column, (), True) if text_column else None
    kept = {name: index for name in keep
            if (index := locate("keep", name, (), True)) is not None}
    if problems or id_index is None or (skills_index is None and text_index is None):
        raise DataFileError(problems)
    return Columns(id_index, skills_index, target_index, kept, len(header), text_index)


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will show, never run."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "|".join(str(v) for v in value)
    text = number_text(value) if isinstance(value, float) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(value: Any, comma: bool = False) -> str:
    """A cell skillmatch wrote itself (ids, numbers, codes): never a formula. `comma`: a
    decimal comma, as French Excel reads numbers in a `;`-separated file."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(value)
    if isinstance(value, float):
        text = number_text(value)
        return text.replace(".", ",") if comma else text
    return str(value)


def number_text(value: float) -> str:
    """A number as written in a data file: whole numbers without ".0", others exactly."""
    return str(int(value)) if value.is_integer() else repr(value)


@dataclass
class BatchOptions:
    input: str  # path or "-"
    output: str  # path or "-"
    engine: BatchEngine
    format: BatchFormat = BatchFormat.CSV
    encoding: str | None = None
    delimiter: str | None = None
    id_column: str | None = None
    skills_column: str | None = None
    target_column: str | None = None
    text_column: str | None = None
    keep: list[str] = field(default_factory=list)
    excel: bool = False
    errors_file: str | None = None
    pseudonym_key: bytes | None = None
    #: Rows per chunk: the unit of work of a worker, and of the memory in flight (at 1M rows
    #: on 2 workers: 10,000 rows 719-731 MiB PSS; 20,000 rows 916-928 MiB, about 7 % faster).
    chunk_size: int = 10_000
    #: Worker processes assessing chunks (1: all in this process).
    jobs: int = 1
    #: How worker processes start ("fork", "forkserver", "spawn"); None: see `_start_method`.
    start_method: str | None = None


def _open_input(name: str) -> BinaryIO:
    if name == "-":
        return sys.stdin.buffer
    path = Path(name)
    if not path.exists():
        raise InputNotFoundError("error.not_found", path=name)
    if path.is_dir():
        raise InputNotFoundError("error.is_directory", path=name)
    return path.open("rb")


class _Texts(dict[Any, str]):
    """Rendered texts by key, rendered on first use (`texts[key]`, a plain lookup after);
    emptied when full, like the engine's caches."""

    def __init__(self, render: Callable[[Any], str]) -> None:
        super().__init__()
        self.render = render

    def __missing__(self, key: Any) -> str:
        return self._store(key, self.render(key))

    def _store(self, key: Any, text: str) -> str:
        if len(self) >= BatchEngine.CACHE_LIMIT:
            self.clear()
        self[key] = text
        return text


class _GapTexts(_Texts):
    """Rendered texts of gaps by (target, missing skills): the path follows from them, and a
    `RecommendedPath` is slow to hash."""

    def __getitem__(self, gap: TargetGap) -> str:
        key = (gap.target, gap.missing)
        text = self.get(key)
        return text if text is not None else self._store(key, self.render(gap))


class _Renderer:
    """The output text of results. CSV rows are assembled as text: the cells that follow from
    a person's levels and gap are rendered once for all the rows that share them, and the
    cells of what people wrote are quoted (and neutralised) as `csv.writer` would."""

    def __init__(self, options: BatchOptions, columns: list[str], kept: list[str]) -> None:
        self.options = options
        self.columns = columns
        self.kept = kept
        self.engine = options.engine
        self.domains = options.engine.domains
        self.delimiter = ";" if options.excel else ","
        self.terminator = "\r\n" if options.excel else "\n"
        self._needs_quotes = re.compile(f'[{re.escape(self.delimiter)}"\r\n]').search
        # Cells rendered once per distinct value: skill masks, levels, gaps (None: no target).
        shift = self.engine.confirm_shift
        held_mask = (1 << shift) - 1
        #: The matched and to_confirm cells, by held | to confirm << shift.
        self._id_texts = _Texts(lambda both: self._quoted(self._mask_text(both & held_mask))
                                + self.delimiter + self._quoted(self._mask_text(both >> shift)))
        #: The ids of each byte of a skill mask, by byte position then value.
        self._byte_ids: list[dict[int, str]] = [{} for _ in range((shift + 7) // 8)]
        self._level_texts = _Texts(self._levels_text)
        self._gap_texts = _Texts(self._gap_text)
        self._coverage_texts = _Texts(lambda coverage: self._cells([round(coverage, 4)]))
        self._path_texts = _GapTexts(self._path_text)

    def header(self) -> str:
        """What the output starts with (the CSV header line; nothing in JSON Lines)."""
        if self.options.format != BatchFormat.CSV:
            return ""
        return ("\ufeff" if self.options.excel else "") + self._cells(self.columns) \
            + self.terminator

    def _mask_text(self, mask: int) -> str:
        """The ids of a skill mask joined with "|", in the referential's order, from the texts
        of its bytes (people's masks are nearly all different; their bytes are not)."""
        parts = []
        position = 0
        while mask:
            byte = mask & 255
            if byte:
                table = self._byte_ids[position]
                text = table.get(byte)
                if text is None:
                    text = table[byte] = "|".join(self.engine.skill_ids(byte << 8 * position))
                parts.append(text)
            mask >>= 8
            position += 1
        return "|".join(parts)

    def _quoted(self, text: str) -> str:
        """A cell as `csv.writer` writes it (quoted when it holds a delimiter, a quote or a
        line end)."""
        if self._needs_quotes(text):
            return '"' + text.replace('"', '""') + '"'
        return text

    def _safe(self, value: Any) -> str:
        """A cell of what people wrote: never run as a formula."""
        if isinstance(value, str) and not value.startswith(FORMULA_START) \
                and self._needs_quotes(value) is None:
            return value
        return self._quoted(safe_cell(value))

    def _cells(self, values: Iterable[Any]) -> str:
        return self.delimiter.join(self._quoted(_cell(v, self.options.excel)) for v in values)

    def _levels_text(self, levels: Levels) -> str:
        reached = dict(levels.reached)
        return self._cells(reached.get(d) or NOT_YET for d in self.domains)

    def _gap_text(self, gap: TargetGap | None) -> str:
        if gap is None:
            return self._cells(outcome_values(NO_OUTCOME, ()).values())
        # Many coverages share a gap and its path: the cells after the coverage come from
        # the (missing, path) pair.
        return (self._coverage_texts[gap.coverage] + self.delimiter
                + self._path_texts[gap])

    def _path_text(self, gap: TargetGap) -> str:
        missing, path = gap.missing, gap.path
        values = list(outcome_values(Outcome({}, 0.0, missing, path), ()).values())
        return self._cells(values[1:])  # after the coverage

    def chunk(self, rows: ChunkRows, ids: list[str], chunk: ChunkResult) -> str:
        """The output rows of a chunk (`ids`: as written in the output)."""
        if self.options.format == BatchFormat.JSONL:
            return self._jsonl(rows, ids, chunk)
        d, end, safe = self.delimiter, self.terminator, self._safe
        shift = self.engine.confirm_shift
        id_texts, level_texts, gap_texts = self._id_texts, self._level_texts, self._gap_texts
        id_cells = [i if i.isalnum() else safe(i) for i in ids]
        extras = ["".join(d + safe(v) for v in values) for values in rows.kept] \
            if rows.kept is not None else [""] * len(ids)
        lines = [
            f"{line}{d}{ident}{d}{target or ''}{d}{id_texts[held | review << shift]}{d}"
            f"{safe('|'.join(unmatched)) if unmatched else ''}{d}"
            f"{level_texts[levels] if levels else ''}{d}{gap_texts[gap]}{extra}{end}"
            for line, ident, target, held, review, unmatched, levels, gap, extra in zip(
                rows.starts, id_cells, chunk.targets, chunk.held, chunk.to_confirm,
                chunk.unmatched, chunk.levels, chunk.gaps, extras, strict=True)]
        for i, error in enumerate(chunk.errors if chunk.errors.count(None) < len(ids) else ()):
            if error is not None:
                values = outcome_values(NO_OUTCOME, self.domains, error[0]).values()
                lines[i] = (f"{rows.starts[i]}{d}{id_cells[i]}{d}{safe(chunk.targets[i])}{d}{d}"
                            f"{d}{d}{self._cells(values)}{extras[i]}{end}")
        return "".join(lines)

    def _jsonl(self, rows: ChunkRows, ids: list[str], chunk: ChunkResult) -> str:
        out = []
        for i in range(len(chunk)):
            extra = dict(zip(self.kept, rows.kept[i], strict=True)) if rows.kept else {}
            result = self.engine.result(PersonRow(rows.starts[i], ids[i], "", extra=extra),
                                        chunk, i)
            row = result_row(result, self.domains)
            out.append(json.dumps({c: row.get(c) for c in self.columns}, ensure_ascii=False)
                       + "\n")
        return "".join(out)


@dataclass(slots=True)
class ChunkRows:
    """A chunk of input rows, column by column: what the engine reads (and what travels to a
    worker process). `kept`: the values of the columns the user keeps, per row."""

    starts: list[int]  # each row's first physical line
    ids: list[str]
    skills: list[str]
    targets: list[str] | None
    texts: list[str] | None
    kept: list[list[str]] | None
    errors: list[tuple[str, dict[str, object]] | None] | None  # rows that could not be read


#: One row of the error report: line, id (pseudonymised when asked), message key, parameters.
ReportRow = tuple[int, str, str, dict[str, object]]


@dataclass(slots=True)
class ChunkOutput:
    """What a chunk gives: its output rows (encoded), its summary, its rows in error."""

    data: bytes
    summary: Summary
    report: list[ReportRow]


def chunk_rows(starts: list[int], records: list[list[str] | BadRecord],
               columns: Columns) -> ChunkRows:
    """The columns of a chunk's records; a record that cannot be read (or has the wrong
    number of fields) is an error row with empty fields."""
    count = columns.count
    errors: list[tuple[str, dict[str, object]] | None] | None = None
    if set(map(type, records)) == {list} and \
            set(map(len, records)) == {count}:  # type: ignore[arg-type]
        # Every record is its fields: the columns at once.
        fields = list(zip(*records, strict=True))
    else:
        errors = [(r.reason, dict(r.params)) if isinstance(r, BadRecord) else
                  None if len(r) == count else
                  ("batch.field_count", {"expected": count, "found": len(r)})
                  for r in records]
        empty = [""] * count
        fields = list(zip(*(empty if e is not None else r
                            for r, e in zip(records, errors, strict=True)), strict=True))
    kept = list(columns.keep.values())
    return ChunkRows(
        starts,
        list(map(str.strip, fields[columns.id])),
        list(fields[columns.skills]) if columns.skills is not None else [""] * len(records),
        list(fields[columns.target]) if columns.target is not None else None,
        list(fields[columns.text]) if columns.text is not None else None,
        [list(values) for values in zip(*(fields[k] for k in kept), strict=True)] if kept else None,
        errors)


class ChunkRunner:
    """Assesses chunks and renders their output: in the main process, or in each worker."""

    def __init__(self, options: BatchOptions, columns: list[str], kept: list[str],
                 encoding: str) -> None:
        self.options = options
        self.encoding = encoding
        self.renderer = _Renderer(options, columns, kept)

    def __getstate__(self) -> tuple[BatchOptions, list[str], list[str], str]:
        # What a worker started afresh (not forked) needs: the engine travels with its
        # caches; the renderer's are rebuilt there.
        renderer = self.renderer
        return self.options, renderer.columns, renderer.kept, self.encoding

    def __setstate__(self, state: tuple[BatchOptions, list[str], list[str], str]) -> None:
        self.__init__(*state)  # type: ignore[misc]

    def __call__(self, rows: ChunkRows) -> ChunkOutput:
        options = self.options
        chunk = options.engine.assess_chunk(rows.skills, rows.targets, rows.texts, rows.errors)
        summary = Summary()
        summary.add_chunk(chunk)
        summary.close()  # what travels back: the totals (a few hundred counts)
        ids = rows.ids
        key = options.pseudonym_key
        if key is not None:
            ids = [pseudonym(key, i) if i else i for i in ids]
        report = [(rows.starts[i], ids[i], *error) for i, error in enumerate(chunk.errors)
                  if error is not None] if chunk.errors.count(None) < len(ids) else []
        text = self.renderer.chunk(rows, ids, chunk)
        return ChunkOutput(text.encode(self.encoding), summary, report)


ReportFn = Callable[[int, str | None, str, dict[str, object]], None]


def run_batch(options: BatchOptions,
              progress: Callable[[int, int | None], None] | None = None) -> Summary:
    """Run the batch described by `options`; returns the summary (rows read, ok, in error...)."""
    summary = Summary()
    # The run allocates millions of short-lived, acyclic objects next to large caches: the
    # cyclic garbage collector would walk the caches again and again (3x slower measured).
    # Reference counting frees everything here; the collector is back on at the end.
    collecting = gc.isenabled()
    gc.disable()
    source = _open_input(options.input)
    total_bytes = os.fstat(source.fileno()).st_size if options.input != "-" else None
    try:
        dialect, records = read_records(source, options.encoding, options.delimiter,
                                        options.input)
        assert isinstance(records, RecordStream)
        header_record = records.first()
        if isinstance(header_record, BadRecord):  # say why the header cannot be read
            raise DataFileError([Problem(options.input, header_record.line, 1, "header",
                                         header_record.reason, dict(header_record.params))])
        if header_record is None:
            raise DataFileError([Problem(options.input, 1, 1, "header", "batch.no_header", {})])
        columns = find_columns(header_record.fields, options.input, options.id_column,
                               options.skills_column, options.target_column, options.keep,
                               options.text_column)
        out_columns = output_columns(options.engine.domains, list(columns.keep))
        errors_path = options.errors_file or (
            f"{options.output}.errors.csv" if options.output != "-" else None)
        with atomic_output(options.output) as out, _error_report(errors_path) as report:
            out.flush()
            encoding = getattr(out, "encoding", None) or "utf-8"
            # Chunks come encoded (by the worker processes); a text stream without bytes
            # underneath (stdout redirected to a StringIO, a notebook) gets them decoded.
            sink = getattr(out, "buffer", None) or _DecodingSink(out, encoding)
            runner = ChunkRunner(options, out_columns, list(columns.keep), encoding)
            sink.write(runner.renderer.header().encode(runner.encoding))

            def chunks() -> Iterator[ChunkRows]:
                for starts, rows in _chunks(records, options.chunk_size):
                    if progress is not None:
                        progress(records.bytes_read, total_bytes)
                    yield chunk_rows(starts, rows, columns)

            with _Workers(runner, options.jobs, options.start_method) as workers:
                for done in workers.map(chunks()):
                    sink.write(done.data)
                    summary.merge(done.summary)
                    for row in done.report:
                        report(*row)
            sink.flush()
        summary.skipped = records.blank_lines
        summary.read += records.blank_lines
        summary.dialect = {"encoding": dialect.encoding, "delimiter": dialect.delimiter}
    finally:
        if collecting:
            gc.enable()
        if source is not sys.stdin.buffer:
            source.close()
    return summary


class _DecodingSink:
    """Bytes written to a text stream that has no binary buffer."""

    def __init__(self, stream: TextIO, encoding: str) -> None:
        self.stream, self.encoding = stream, encoding

    def write(self, data: bytes) -> None:
        self.stream.write(data.decode(self.encoding))

    def flush(self) -> None:
        self.stream.flush()


def _chunks(records: RecordStream, size: int
            ) -> Iterator[tuple[list[int], list[list[str] | BadRecord]]]:
    """The records by chunks of about `size` rows (whole blocks)."""
    starts: list[int] = []
    rows: list[list[str] | BadRecord] = []
    for block_starts, _, block_rows in records.blocks():
        starts += block_starts
        rows += block_rows
        if len(rows) >= size:
            yield starts, rows
            starts, rows = [], []
    if rows:
        yield starts, rows


def usable_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


#: Worker processes `--jobs 0` (the default) starts at most: each holds a copy of the engine and
#: its caches, and past a few workers the main process, which reads the file, is the limit.
MAX_AUTO_JOBS = 8

#: Chunks each worker may have waiting or running: enough to keep it busy while the main
#: process reads and writes, few enough that memory stays bounded.
IN_FLIGHT_PER_WORKER = 2

#: Rows whose skill strings are read before the workers start (see `_Workers._read_ahead`).
READ_AHEAD_ROWS = 20_000

#: How often (seconds) the main process, waiting for a result, checks the workers are alive,
#: and each worker that the process that started it is.
WORKER_CHECK_SECONDS = PARENT_CHECK_SECONDS = 1.0

_T = TypeVar("_T")

#: The chunk runner of a worker process (set when the worker starts).
_worker_runner: ChunkRunner | None = None


def _start_worker(runner: ChunkRunner) -> None:
    global _worker_runner
    # Ctrl-C reaches the whole process group: the main process alone decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.disable()  # as in run_batch
    _worker_runner = runner
    threading.Thread(target=_end_with_parent, args=(os.getppid(),), daemon=True).start()


def _end_with_parent(parent: int) -> None:
    """End this worker when the process that started it is gone (killed with SIGKILL: it
    could not stop its workers), rather than wait for work forever."""
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def _run_in_worker(rows: ChunkRows) -> ChunkOutput:
    assert _worker_runner is not None
    return _worker_runner(rows)


def _read_in_worker(texts: list[str]) -> list[int]:
    assert _worker_runner is not None
    return _worker_runner.options.engine.read_codes(texts)


class _Workers:
    """Chunks assessed in order: here when `jobs` is 1 or the input is one chunk, else on
    `jobs` worker processes (`concurrent.futures`), each with its own copy of the engine
    and its caches. Results come back in input order; at most `IN_FLIGHT_PER_WORKER` chunks
    per worker are read ahead. On any error or interruption the workers are stopped."""

    def __init__(self, runner: ChunkRunner, jobs: int, start_method: str | None) -> None:
        self.runner = runner
        self.jobs = jobs
        self.start_method = start_method
        self.executors: list[ProcessPoolExecutor] = []

    def __enter__(self) -> _Workers:
        return self

    def _pool(self) -> ProcessPoolExecutor | None:
        """Worker processes, each with a copy of the engine as it is now; None when they
        cannot start (too many open files or processes, no memory): the run then goes on in
        this process."""
        before = set(multiprocessing.active_children())
        executor = None
        try:
            executor = ProcessPoolExecutor(  # opens its pipes: may fail too
                self.jobs, mp_context=multiprocessing.get_context(
                    self.start_method or _start_method()),
                initializer=_start_worker, initargs=(self.runner,))
            executor.submit(int).result()  # the workers start here: a failure shows now
        except OSError:
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
            for process in set(multiprocessing.active_children()) - before:
                _end(process)
            return None
        self.executors.append(executor)
        return executor

    def map(self, chunks: Iterator[ChunkRows]) -> Iterator[ChunkOutput]:
        first = next(chunks, None)
        if first is None:
            return
        second = next(chunks, None)
        if second is None or self.jobs <= 1:  # one chunk, or one process: no worker
            yield self.runner(first)
            yield from map(self.runner, chain(() if second is None else (second,), chunks))
            return
        try:
            # The strings of the first rows: most of those people repeat.
            head = [first, second]
            while sum(len(rows.ids) for rows in head) < READ_AHEAD_ROWS and \
                    (more := next(chunks, None)) is not None:
                head.append(more)
            self._read_ahead(head)
            executor = self._pool()
            if executor is None:
                yield from map(self.runner, chain(head, chunks))
                return
            pending: deque[Future[ChunkOutput]] = deque()
            for rows in chain(head, chunks):
                pending.append(executor.submit(_run_in_worker, rows))
                while len(pending) > IN_FLIGHT_PER_WORKER * self.jobs:
                    yield self._result(executor, pending.popleft())
            while pending:
                yield self._result(executor, pending.popleft())
        except BrokenProcessPool:
            raise WorkerError("batch.worker_died", jobs=self.jobs) from None

    def _read_ahead(self, head: list[ChunkRows]) -> None:
        """Read the strings of the first chunks shared out between the workers, before they
        start: each then starts knowing them all, instead of every worker matching them
        again."""
        engine = self.runner.options.engine
        strings = engine.unread_strings(chain.from_iterable(rows.skills for rows in head))
        parts = [strings[i::self.jobs] for i in range(self.jobs)]
        executor = self._pool()
        if executor is None:
            return
        for part, future in [(p, executor.submit(_read_in_worker, p)) for p in parts]:
            codes: list[int] = self._result(executor, future)
            engine.learn_codes(part, codes)
        executor.shutdown()  # still listed meanwhile: an interruption stops it
        self.executors.remove(executor)

    @staticmethod
    def _result(executor: ProcessPoolExecutor, future: Future[_T]) -> _T:
        """A worker's answer. A worker that ends while it sends one leaves half a message in
        the results pipe, and the pool would wait for the rest forever: so wait a second at
        a time, and a worker gone (they only end with the pool) breaks the pool."""
        while True:
            try:
                return future.result(timeout=WORKER_CHECK_SECONDS)
            except TimeoutError:
                processes = (getattr(executor, "_processes", None) or {}).values()
                if any(p.exitcode is not None for p in list(processes)):
                    raise BrokenProcessPool("a worker process ended") from None

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        for executor in self.executors:
            if kind is None:
                executor.shutdown()
                continue
            # Interrupted or failed: stop the workers now rather than let them finish.
            processes = list((getattr(executor, "_processes", None) or {}).values())
            results = getattr(executor, "_result_queue", None)
            executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                with contextlib.suppress(Exception):
                    process.terminate()
            for process in processes:
                with contextlib.suppress(Exception):
                    _end(process, wait=False)
            # A worker stopped while sending leaves half a message: the pool's own thread
            # would wait for the rest, and the interpreter for that thread, at exit. Closing
            # our end of the results pipe ends the wait.
            with contextlib.suppress(Exception):
                results._writer.close()  # type: ignore[union-attr]


def _end(process: Any, wait: bool = True) -> None:
    """Make sure a worker process ended: a SIGTERM that reaches a worker still starting can
    be lost, and the interpreter would wait for it forever at exit; SIGKILL cannot be."""
    if wait:
        process.terminate()
    process.join(5)
    if process.is_alive():
        process.kill()
        process.join()


def _start_method() -> str:
    """How worker processes start: forked where that is safe and fast (Linux, no other
    thread running, such as a progress bar's), else from a clean server process."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


@contextlib.contextmanager
def _error_report(path: str | None) -> Iterator[ReportFn]:
    """The error report: one CSV row per bad input row (line, id, code, message), written
    atomically beside the output; without an output file, lines on stderr."""
    from skillmatch.messages import lang_from_env, translate

    lang = lang_from_env()
    if path is None:
        def to_stderr(line: int, ident: str | None, key: str,
                      params: dict[str, object]) -> None:
            where = translate("batch.error_line", lang, line=line)
            print(f"{where}: {translate(key, lang, **params)}", file=sys.stderr)
        yield to_stderr
        return
    with atomic_output(path) as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["line", "id", "code", "message"])

        def to_file(line: int, ident: str | None, key: str, params: dict[str, object]) -> None:
            writer.writerow([line, safe_cell(ident), key,
                             safe_cell(translate(key, lang, **params))])
        yield to_file


def write_summary(path: str, summary: Summary) -> None:
    with atomic_output(path) as stream:
        json.dump(summary.as_dict(), stream, ensure_ascii=False, indent=2)
        stream.write("\n")

