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
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from skillmatch.batch import (
    BatchEngine,
    BatchResult,
    Outcome,
    PersonRow,
    Summary,
    outcome_values,
    output_columns,
    pseudonym,
    result_row,
    row_values,
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


class _Writer:
    def __init__(self, stream: TextIO, options: BatchOptions, columns: list[str]) -> None:
        self.stream = stream
        self.options = options
        self.columns = columns
        self.domains = options.engine.domains
        #: The CSV cells of each outcome, rendered once for all the rows that share it.
        self._cells: dict[Outcome, list[str]] = {}
        if options.format == BatchFormat.CSV:
            delimiter = ";" if options.excel else ","
            terminator = "\r\n" if options.excel else "\n"
            if options.excel:
                stream.write("\ufeff")
            self.csv = csv.writer(stream, delimiter=delimiter, lineterminator=terminator)
            self.csv.writerow(columns)

    def write(self, result: BatchResult) -> None:
        key = self.options.pseudonym_key
        if self.options.format == BatchFormat.JSONL:
            row = result_row(result, self.domains, key)
            self.stream.write(json.dumps({c: row.get(c) for c in self.columns},
                                         ensure_ascii=False) + "\n")
            return
        if result.ok:
            cells = self._cells.get(result.outcome)
            if cells is None:
                if len(self._cells) >= BatchEngine.CACHE_LIMIT:
                    self._cells.clear()
                values = outcome_values(result.outcome, self.domains)
                cells = self._cells[result.outcome] = [_cell(v, self.options.excel)
                                                       for v in values.values()]
        else:
            cells = [_cell(v, self.options.excel) for v in outcome_values(
                result.outcome, self.domains, result.error).values()]
        # What people wrote may start with "=": neutralised; skillmatch's ids never do.
        person = result.row
        ident = pseudonym(key, person.id) if key is not None and person.id else person.id
        extra = person.extra
        self.csv.writerow([person.line, safe_cell(ident), safe_cell(result.target),
                           "|".join(result.matched), "|".join(result.to_confirm),
                           safe_cell("|".join(result.unmatched)), *cells,
                           *[safe_cell(extra.get(name, "")) for name in self.options.keep]])


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
        header_record = next(records, None)
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
            writer = _Writer(out, options, out_columns)

            def rows() -> Iterator[PersonRow]:
                for record in records:
                    if progress is not None:
                        progress(records.bytes_read, total_bytes)
                    if isinstance(record, BadRecord):
                        yield PersonRow(record.line, "", "",
                                        error=(record.reason, dict(record.params)))
                        continue
                    if len(record.fields) != columns.count:
                        yield PersonRow(record.line, "", "", error=(
                            "batch.field_count",
                            {"expected": columns.count, "found": len(record.fields)}))
                        continue
                    fields = record.fields
                    yield PersonRow(
                        record.line, fields[columns.id].strip(),
                        fields[columns.skills] if columns.skills is not None else "",
                        fields[columns.target] if columns.target is not None else None,
                        {name: fields[i] for name, i in columns.keep.items()},
                        text=fields[columns.text] if columns.text is not None else "")

            for result in engine.process(rows(), options.chunk_size):
                summary.add(result)
                if not result.ok:
                    ident = row_values(result, options.pseudonym_key)["id"]
                    report(result.row.line, ident, result.error or "?", result.error_params)
                writer.write(result)
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

