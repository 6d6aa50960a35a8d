"""Reading real-world CSV exports record by record, with the physical lines of each record.

French spreadsheets export `;`, `,` or tab separated files, in UTF-8 with or without BOM,
cp1252 or UTF-16, with CRLF, quoted fields holding new lines, and an optional `sep=;` first
line. This module turns such bytes into `Record`s (the fields, the first and last physical
line) and `BadRecord`s (the line and the reason), never losing a line: every physical line
belongs to a header, a record, a bad record or a blank line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

#: Bytes looked at to choose an encoding and a delimiter.
SNIFF_BYTES = 64 * 1024
#: Largest field accepted, in characters; a longer one is an error for its row.
MAX_FIELD_CHARS = 64 * 1024
#: A quoted field running over more lines than this is taken as an unclosed quote.
MAX_RECORD_LINES = 200
DELIMITERS = (";", ",", "\t", "|")
_SEP_LINE = re.compile(r"^sep=(.)\s*$", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(slots=True)
class Record:
    fields: list[str]
    line: int  # first physical line, 1-based
    last_line: int


@dataclass(frozen=True)
class BadRecord:
    line: int
    last_line: int
    reason: str  # message key
    params: dict[str, object]


@dataclass(frozen=True)
class Dialect:
    encoding: str
    delimiter: str
    sep_line: bool  # the file starts with Excel's "sep=X" line


def detect_encoding(head: bytes, forced: str | None = None, whole: bool = False) -> str:
    """The encoding of a file starting with `head` (`whole`: the head is the whole file).

    Forced, or from its BOM; else UTF-8 when the head decodes as UTF-8 or holds correct UTF-8
    sequences (its few bad bytes are then errors of their rows, not a reason to misread every
    accent); else cp1252, what French Excel writes.
    """
    if forced:
        return forced
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut = not whole and exc.start >= len(head) - 4  # a character cut by the sample's end
        if not cut:
            decoded = head.decode("utf-8", errors="replace")
            valid = sum(1 for c in decoded if ord(c) > 127 and c != "\ufffd")
            if decoded.count("\ufffd") >= valid:  # more broken than correct sequences
                return "cp1252"
    return "utf-8"


def detect_delimiter(first_line: str, forced: str | None = None) -> str:
    """The most frequent of `;` `,` tab `|` outside quotes in the header line."""
    if forced:
        return "\t" if forced in ("\\t", "tab", "TAB") else forced
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


class _Lines:
    """Decoded physical lines with their numbers, and a way to read some of them again."""

    def __init__(self, stream: BinaryIO, encoding: str, cr_only: bool = False,
                 name: str = "-") -> None:
        self.name = name
        self.encoding = encoding
        self.cr_only = cr_only
        self.number = 0
        self._pending: deque[tuple[int, str]] = deque()
        self.bad_lines: dict[int, str] = {}  # line -> undecodable byte
        self.bytes_read = 0
        if encoding.replace("_", "-").lower().startswith("utf-16"):
            text = io.TextIOWrapper(stream, encoding=encoding, newline="", errors="strict")
            self._source: Iterator[tuple[int, str]] = self._text_lines(text)
        else:
            self._source = self._byte_lines(stream)

    def _byte_lines(self, stream: BinaryIO) -> Iterator[tuple[int, str]]:
        decode = codecs.getincrementaldecoder(self.encoding)(errors="strict").decode
        for number, raw in enumerate(_split_cr(stream) if self.cr_only else stream, start=1):
            self.bytes_read += len(raw)
            try:
                yield number, decode(raw)
            except UnicodeDecodeError as exc:
                self.bad_lines[number] = f"0x{raw[exc.start]:02x}"
                decode = codecs.getincrementaldecoder(self.encoding)(errors="strict").decode
                yield number, raw.decode(self.encoding, errors="replace")

    def _text_lines(self, text: io.TextIOWrapper) -> Iterator[tuple[int, str]]:
        number = 0
        try:
            for number, line in enumerate(text, start=1):
                self.bytes_read += len(line.encode(self.encoding, errors="replace"))
                yield number, line
        except UnicodeDecodeError as exc:
            # A UTF-16 stream cannot be read past a broken unit: the file is refused there.
            from skillmatch.errors import DataFileError, Problem

            raise DataFileError([Problem(self.name, number + 1, 1, "(document)",
                                         "batch.bad_utf16", {"reason": exc.reason})]) from None

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> tuple[int, str]:
        if self._pending:
            return self._pending.popleft()
        return next(self._source)

    def push_back(self, lines: list[tuple[int, str]]) -> None:
        self._pending.extendleft(reversed(lines))


def _split_cr(stream: BinaryIO, size: int = 1 << 16) -> Iterator[bytes]:
    """Lines of a file whose lines end with a lone CR (old Mac exports)."""
    rest = b""
    while chunk := stream.read(size):
        parts = (rest + chunk).split(b"\r")
        rest = parts.pop()
        for part in parts:
            yield part + b"\r\n"
    if rest:
        yield rest


class _RecordTooLong(Exception):
    pass


def read_records(stream: BinaryIO, encoding: str | None = None,
                 delimiter: str | None = None,
                 name: str = "-") -> tuple[Dialect, Iterator[Record | BadRecord]]:
    """Open a CSV byte stream: its dialect, then its records (the header first) and bad
    records, in file order. Blank lines are left out (see `blank_lines` of the iterator)."""
    peekable: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    head: bytes = peekable.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    chosen = detect_encoding(head, encoding, whole=len(head) < SNIFF_BYTES)
    cr_only = b"\r" in head and b"\n" not in head and not chosen.startswith("utf-16")
    lines = _Lines(peekable, chosen, cr_only, name)
    first = next(lines, None)
    sep_line = False
    if first is not None:
        sep = _SEP_LINE.match(first[1].lstrip("\ufeff"))
        if sep:
            sep_line = True
            delimiter = delimiter or sep.group(1)
        else:
            lines.push_back([first])
    header_text = first[1] if first is not None and not sep_line else ""
    if sep_line:
        following = next(lines, None)
        if following is not None:
            header_text = following[1]
            lines.push_back([following])
    dialect = Dialect(chosen, detect_delimiter(header_text.lstrip("\ufeff"), delimiter), sep_line)
    return dialect, _records(lines, dialect)


class RecordStream:
    """Iterator of records that also counts blank lines and bytes read."""

    def __init__(self, lines: _Lines, dialect: Dialect) -> None:
        self.lines = lines
        self.dialect = dialect
        self.blank_lines = 0
        self._iterator = self._generate()

    def __iter__(self) -> RecordStream:
        return self

    def __next__(self) -> Record | BadRecord:
        return next(self._iterator)

    @property
    def bytes_read(self) -> int:
        return self.lines.bytes_read

    def _generate(self) -> Iterator[Record | BadRecord]:
        consumed: list[tuple[int, str]] = []

        def feed() -> Iterator[str]:
            for number, text in self.lines:
                consumed.append((number, text))
                if len(consumed) > MAX_RECORD_LINES:
                    raise _RecordTooLong
                yield text

        first_record = True
        bad_lines = self.lines.bad_lines
        while True:
            reader = csv.reader(feed(), delimiter=self.dialect.delimiter, strict=True)
            try:
                for fields in reader:
                    start, end = consumed[0][0], consumed[-1][0]
                    count = len(consumed)
                    consumed.clear()
                    if first_record and fields:
                        fields[0] = fields[0].lstrip("\ufeff")
                        first_record = False
                    joined = "".join(fields)
                    bad = next((n for n in range(start, end + 1) if n in bad_lines), None) \
                        if bad_lines else None
                    if bad is not None:  # reported at the record's first line
                        yield BadRecord(start, end, "batch.bad_byte",
                                        {"byte": bad_lines[bad], "line": bad,
                                         "encoding": self.dialect.encoding})
                    elif not joined or joined.isspace():
                        self.blank_lines += count
                    elif len(joined) > MAX_FIELD_CHARS and any(
                            len(f) > MAX_FIELD_CHARS for f in fields):
                        yield BadRecord(start, end, "batch.field_too_long",
                                        {"limit": MAX_FIELD_CHARS})
                    elif "\x00" in joined:
                        yield BadRecord(start, end, "batch.nul_byte", {})
                    else:
                        yield Record(fields, start, end)
                return
            except (csv.Error, _RecordTooLong) as exc:
                # The record starting at consumed[0] is broken (an unclosed or stray quote):
                # report its first line, then read the following lines again as new records.
                lines = consumed[:]
                consumed.clear()
                if not lines:
                    return
                reason = "batch.unclosed_quote" if isinstance(exc, _RecordTooLong) or \
                    "end of data" in str(exc) else "batch.bad_quote"
                yield BadRecord(lines[0][0], lines[0][0], reason, {})
                self.lines.push_back(lines[1:])


def _records(lines: _Lines, dialect: Dialect) -> RecordStream:
    return RecordStream(lines, dialect)
