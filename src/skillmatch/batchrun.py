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
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO, TextIO

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
from skillmatch.errors import DataFileError, InputNotFoundError, Problem
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
    chunk_size: int = 20_000


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


class _Writer:
    """Writes results as they come. CSV rows are assembled as text: the cells that follow from
    a person's levels and gap are rendered once for all the rows that share them, and the
    cells of what people wrote are quoted (and neutralised) as `csv.writer` would."""

    def __init__(self, stream: TextIO, options: BatchOptions, columns: list[str],
                 keep: list[int]) -> None:
        self.stream = stream
        self.options = options
        self.columns = columns
        self.keep = keep
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
        if options.format == BatchFormat.CSV:
            if options.excel:
                stream.write("\ufeff")
            self._write_csv_row(columns)

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

    def _write_csv_row(self, cells: list[Any]) -> None:
        self.stream.write(self._cells(cells) + self.terminator)

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

    def write_chunk(self, starts: list[int], rows: list[list[str]], ids: list[str],
                    chunk: ChunkResult) -> None:
        """The output rows of a chunk (`rows`: the input fields, for the kept columns)."""
        key = self.options.pseudonym_key
        if key is not None:
            ids = [pseudonym(key, i) if i else i for i in ids]
        if self.options.format == BatchFormat.JSONL:
            self._write_jsonl(starts, rows, ids, chunk)
            return
        d, end, safe = self.delimiter, self.terminator, self._safe
        shift = self.engine.confirm_shift
        id_texts, level_texts, gap_texts = self._id_texts, self._level_texts, self._gap_texts
        id_cells = [i if i.isalnum() else safe(i) for i in ids]
        extras = ["".join(d + safe(r[k]) for k in self.keep) for r in rows] if self.keep \
            else [""] * len(rows)
        lines = [
            f"{line}{d}{ident}{d}{target or ''}{d}{id_texts[held | review << shift]}{d}"
            f"{safe('|'.join(unmatched)) if unmatched else ''}{d}"
            f"{level_texts[levels] if levels else ''}{d}{gap_texts[gap]}{extra}{end}"
            for line, ident, target, held, review, unmatched, levels, gap, extra in zip(
                starts, id_cells, chunk.targets, chunk.held, chunk.to_confirm, chunk.unmatched,
                chunk.levels, chunk.gaps, extras, strict=True)]
        for i, error in enumerate(chunk.errors):
            if error is not None:
                values = outcome_values(NO_OUTCOME, self.domains, error[0]).values()
                lines[i] = (f"{starts[i]}{d}{id_cells[i]}{d}{safe(chunk.targets[i])}{d}{d}{d}"
                            f"{d}{self._cells(values)}{extras[i]}{end}")
        self.stream.write("".join(lines))

    def _write_jsonl(self, starts: list[int], rows: list[list[str]], ids: list[str],
                     chunk: ChunkResult) -> None:
        names = list(self.options.keep)
        out = []
        for i in range(len(chunk)):
            extra = {name: rows[i][k] for name, k in zip(names, self.keep, strict=True)}
            result = self.engine.result(PersonRow(starts[i], ids[i], "", extra=extra), chunk, i)
            row = result_row(result, self.domains)
            out.append(json.dumps({c: row.get(c) for c in self.columns}, ensure_ascii=False)
                       + "\n")
        self.stream.write("".join(out))


def run_batch(options: BatchOptions,
              progress: Callable[[int, int | None], None] | None = None) -> Summary:
    """Run the batch described by `options`; returns the summary (rows read, ok, in error...)."""
    engine = options.engine
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
        out_columns = output_columns(engine.domains, list(columns.keep))
        errors_path = options.errors_file or (
            f"{options.output}.errors.csv" if options.output != "-" else None)
        with atomic_output(options.output) as out, _error_report(errors_path) as report:
            writer = _Writer(out, options, out_columns, list(columns.keep.values()))
            for starts, rows in _chunks(records, options.chunk_size):
                if progress is not None:
                    progress(records.bytes_read, total_bytes)
                _run_chunk(starts, rows, columns, options, summary, writer, report)
        summary.close()
        summary.skipped = records.blank_lines
        summary.read += records.blank_lines
        summary.dialect = {"encoding": dialect.encoding, "delimiter": dialect.delimiter}
    finally:
        if collecting:
            gc.enable()
        if source is not sys.stdin.buffer:
            source.close()
    return summary


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


def _run_chunk(starts: list[int], records: list[list[str] | BadRecord], columns: Columns,
               options: BatchOptions, summary: Summary, writer: _Writer,
               report: ReportFn) -> None:
    count = columns.count
    errors: list[tuple[str, dict[str, object]] | None] | None = None
    rows: list[list[str]]
    if all(type(r) is list and len(r) == count for r in records):
        rows = records  # type: ignore[assignment]  # every record is its fields
    else:  # a row that cannot be read is an error row, with empty fields
        errors = [(r.reason, dict(r.params)) if isinstance(r, BadRecord) else
                  None if len(r) == count else
                  ("batch.field_count", {"expected": count, "found": len(r)})
                  for r in records]
        empty = [""] * count
        rows = [empty if e is not None else r  # type: ignore[misc]
                for r, e in zip(records, errors, strict=True)]
    ids = [r[columns.id].strip() for r in rows]
    skills = [r[columns.skills] for r in rows] if columns.skills is not None \
        else [""] * len(rows)
    targets = [r[columns.target] for r in rows] if columns.target is not None else None
    texts = [r[columns.text] for r in rows] if columns.text is not None else None
    chunk = options.engine.assess_chunk(skills, targets, texts, errors)
    summary.add_chunk(chunk)
    for i, error in enumerate(chunk.errors):
        if error is not None:
            ident = ids[i]
            if options.pseudonym_key is not None and ident:
                ident = pseudonym(options.pseudonym_key, ident)
            report(starts[i], ident, *error)
    writer.write_chunk(starts, rows, ids, chunk)


ReportFn = Callable[[int, str | None, str, dict[str, object]], None]


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

