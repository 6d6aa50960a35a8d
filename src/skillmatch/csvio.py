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
from operator import itemgetter
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


#: Bytes decoded at once; a block ends at a line end, so it holds whole lines.
BLOCK_BYTES = 1 << 20
#: Lines per block when the lines come one by one (UTF-16, lone CR line ends).
BLOCK_LINES = 4096

class _Lines:
    """Decoded physical lines with their numbers, by blocks or one at a time, and a way to
    read some of them again."""

    def __init__(self, stream: BinaryIO, encoding: str, cr_only: bool = False,
                 name: str = "-") -> None:
        self.name = name
        self.encoding = encoding
        self.cr_only = cr_only
        self._pending: deque[tuple[int, str]] = deque()
        self._buffer: list[str] = []
        self._buffer_first = 1  # number of the buffer's first line
        self._position = 0  # next line of the buffer
        self.bad_lines: dict[int, str] = {}  # line -> undecodable byte
        self.bytes_read = 0
        if encoding.replace("_", "-").lower().startswith("utf-16"):
            text = io.TextIOWrapper(stream, encoding=encoding, newline="", errors="strict")
            self._blocks: Iterator[list[str]] = _grouped(self._text_lines(text))
        elif cr_only:
            self._blocks = _grouped(self._decoded(_split_cr(stream)))
        else:
            self._blocks = self._byte_blocks(stream)

    def _byte_blocks(self, stream: BinaryIO) -> Iterator[list[str]]:
        decode = codecs.getincrementaldecoder(self.encoding)(errors="strict").decode
        first = 1
        while raw := stream.read(BLOCK_BYTES):
            if not raw.endswith(b"\n"):
                raw += stream.readline()
            self.bytes_read += len(raw)
            try:
                text = decode(raw)
            except UnicodeDecodeError:  # read this block line by line, to find the bad lines
                decode = codecs.getincrementaldecoder(self.encoding)(errors="strict").decode
                lines = []
                for raw_line in _lines_of(raw):
                    try:
                        lines.append(decode(raw_line))
                    except UnicodeDecodeError as exc:
                        self.bad_lines[first + len(lines)] = f"0x{raw_line[exc.start]:02x}"
                        decode = codecs.getincrementaldecoder(self.encoding)(
                            errors="strict").decode
                        lines.append(raw_line.decode(self.encoding, errors="replace"))
            else:
                lines = _split_lines(text)
            first += len(lines)
            yield lines

    def _decoded(self, raw_lines: Iterator[bytes]) -> Iterator[str]:
        decode = codecs.getincrementaldecoder(self.encoding)(errors="strict").decode
        for number, raw in enumerate(raw_lines, start=1):
            self.bytes_read += len(raw)
            try:
                yield decode(raw)
            except UnicodeDecodeError as exc:
                self.bad_lines[number] = f"0x{raw[exc.start]:02x}"
                decode = codecs.getincrementaldecoder(self.encoding)(errors="strict").decode
                yield raw.decode(self.encoding, errors="replace")

    def _text_lines(self, text: io.TextIOWrapper) -> Iterator[str]:
        number = 0
        try:
            for line in text:
                number += 1
                self.bytes_read += len(line.encode(self.encoding, errors="replace"))
                yield line
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
        if self._position >= len(self._buffer) and not self._fill():
            raise StopIteration
        self._position += 1
        return self._buffer_first + self._position - 1, self._buffer[self._position - 1]

    def _fill(self) -> bool:
        """Load the next block into the buffer; False at the end of the file."""
        following = self._buffer_first + len(self._buffer)
        block = next(self._blocks, None)
        if block is None:
            return False
        self._buffer, self._buffer_first, self._position = block, following, 0
        return True

    def at_end(self) -> bool:
        return not self._pending and self._position >= len(self._buffer) and not self._fill()

    def block(self) -> tuple[int, list[str]] | None:
        """The next consecutive lines (the first one's number, the lines), None at the end."""
        if self._pending:
            first = self._pending[0][0]
            lines: list[str] = []
            while self._pending and self._pending[0][0] == first + len(lines):
                lines.append(self._pending.popleft()[1])
            return first, lines
        if self._position >= len(self._buffer) and not self._fill():
            return None
        first = self._buffer_first + self._position
        lines = self._buffer[self._position:] if self._position else self._buffer
        self._position = len(self._buffer)
        return first, lines

    def push_back(self, lines: list[tuple[int, str]]) -> None:
        self._pending.extendleft(reversed(lines))


def _split_lines(text: str) -> list[str]:
    """A text's lines, each with its end, split on "\n" only."""
    lines = text.splitlines(keepends=True)
    if len(lines) == text.count("\n") + (not text.endswith("\n")):
        return lines  # no other line end (a lone CR, a form feed...): the same lines
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _lines_of(raw: bytes) -> list[bytes]:
    """Byte lines split on b"\n" only, each with its end."""
    parts = raw.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _grouped(lines: Iterator[str]) -> Iterator[list[str]]:
    block: list[str] = []
    for line in lines:
        block.append(line)
        if len(block) >= BLOCK_LINES:
            yield block
            block = []
    if block:
        yield block


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
    # The delimiter is read from the header: the first line that is not blank.
    looked: list[tuple[int, str]] = []
    header_text = ""
    while len(looked) < MAX_RECORD_LINES and (line := next(lines, None)) is not None:
        looked.append(line)
        if line[1].strip(" \t\r\n\ufeff"):
            header_text = line[1]
            break
    lines.push_back(looked)
    dialect = Dialect(chosen, detect_delimiter(header_text.lstrip("\ufeff"), delimiter), sep_line)
    return dialect, _records(lines, dialect)


#: What a block of records holds: each record's first and last lines, and its fields or why
#: it is bad.
Block = tuple[list[int], list[int], list["list[str] | BadRecord"]]


class RecordStream:
    """Iterator of records that also counts blank lines and bytes read.

    Records come one by one (`Record` / `BadRecord`) or by blocks (`blocks()`: the first lines
    and the fields, without an object per record). Both read whole blocks of lines with one
    `csv.reader` over each (its `line_num` gives the physical lines); a record the fast way
    cannot settle (a bad or unclosed quote, one running past the block) is read again line by
    line, as before, and the block reading resumes after it.
    """

    def __init__(self, lines: _Lines, dialect: Dialect) -> None:
        self.lines = lines
        self.dialect = dialect
        self.blank_lines = 0
        self._first_record = True
        self._iterator = self._records()

    def __iter__(self) -> RecordStream:
        return self

    def __next__(self) -> Record | BadRecord:
        return next(self._iterator)

    @property
    def bytes_read(self) -> int:
        return self.lines.bytes_read

    def _records(self) -> Iterator[Record | BadRecord]:
        for starts, ends, rows in self.blocks():
            for start, end, row in zip(starts, ends, rows, strict=True):
                yield row if isinstance(row, BadRecord) else Record(row, start, end)

    def first(self) -> Record | BadRecord | None:
        """The first record that is not blank (a header), read line by line so that `blocks`
        goes on right after it; None when the file holds no record."""
        while True:
            found = self._careful_record()
            if found is not None or self.lines.at_end():
                return found

    def blocks(self) -> Iterator[Block]:
        """The records by blocks, in file order (after any taken one by one)."""
        while True:
            block = self.lines.block()
            if block is None:
                return
            starts: list[int] = []
            ends: list[int] = []
            rows: list[list[str] | BadRecord] = []
            resume = self._read_block(*block, starts, ends, rows)
            if resume:  # a record to read line by line; then blocks again
                found = self._careful_record()
                if found is not None:
                    starts.append(found.line)
                    ends.append(found.last_line)
                    rows.append(found if isinstance(found, BadRecord) else found.fields)
            if rows:
                yield starts, ends, rows

    def _read_block(self, first: int, lines: list[str], starts: list[int], ends: list[int],
                    rows: list[list[str] | BadRecord]) -> bool:
        """Read the records of consecutive lines with one reader; True when a record was left
        (pushed back) to be read line by line."""
        bad_lines = self.lines.bad_lines
        # What only a line-by-line look can settle, checked once for the block.
        risky = bool(bad_lines) and any(n in bad_lines for n in range(first, first + len(lines)))
        risky = risky or "\x00" in "".join(lines) or max(map(len, lines)) > MAX_FIELD_CHARS
        if not risky and not self._first_record and self._one_line_records(first, lines, starts,
                                                                           ends, rows):
            return False
        reader = csv.reader(lines, delimiter=self.dialect.delimiter, strict=True)
        done = 0  # lines of the block read into whole records
        try:
            for fields in reader:
                end = reader.line_num
                if end - done > MAX_RECORD_LINES:
                    break
                if risky or end - done > 1 or self._first_record or not fields \
                        or not fields[0] or fields[0].isspace():
                    found = self._settle(fields, first + done, first + end - 1)
                    if found is not None:
                        starts.append(first + done)
                        ends.append(first + end - 1)
                        rows.append(found)
                else:
                    starts.append(first + done)
                    ends.append(first + done)
                    rows.append(fields)
                done = end
            else:
                return False
        except csv.Error:
            pass
        # A bad quote, a quote still open at the block's end, or a record too long.
        self.lines.push_back([(first + i, lines[i]) for i in range(done, len(lines))])
        return True

    def _one_line_records(self, first: int, lines: list[str], starts: list[int],
                          ends: list[int], rows: list[list[str] | BadRecord]) -> bool:
        """The usual block, read without a look at each record: every record is one line
        (as many records as lines) and none is blank. False (nothing added) otherwise."""
        try:
            found = list(csv.reader(lines, delimiter=self.dialect.delimiter, strict=True))
        except csv.Error:
            return False
        if len(found) != len(lines) or not min(map(len, found)) \
                or not all(map(str.strip, map(_first_field, found))):
            return False
        numbers = range(first, first + len(lines))
        starts += numbers
        ends += numbers
        rows += found
        return True

    def _settle(self, fields: list[str], start: int, end: int) -> list[str] | BadRecord | None:
        """A record checked line by line: its fields, why it is bad, or None (blank)."""
        if self._first_record and fields:
            fields[0] = fields[0].lstrip("\ufeff")
            self._first_record = False
        bad_lines = self.lines.bad_lines
        joined = "".join(fields)
        bad = next((n for n in range(start, end + 1) if n in bad_lines), None) \
            if bad_lines else None
        if bad is not None:  # reported at the record's first line
            return BadRecord(start, end, "batch.bad_byte",
                             {"byte": bad_lines[bad], "line": bad,
                              "encoding": self.dialect.encoding})
        if not joined or joined.isspace():
            self.blank_lines += end - start + 1
            return None
        if len(joined) > MAX_FIELD_CHARS and any(len(f) > MAX_FIELD_CHARS for f in fields):
            return BadRecord(start, end, "batch.field_too_long", {"limit": MAX_FIELD_CHARS})
        if "\x00" in joined:
            return BadRecord(start, end, "batch.nul_byte", {})
        return fields

    def _careful_record(self) -> Record | BadRecord | None:
        """One record read line by line (its lines pushed back): the record, why it is bad
        (an unclosed or stray quote: its first line, then its other lines are read again as
        new records), or None (blank, or the end of the file)."""
        consumed: list[tuple[int, str]] = []

        def feed() -> Iterator[str]:
            for number, text in self.lines:
                consumed.append((number, text))
                if len(consumed) > MAX_RECORD_LINES:
                    raise _RecordTooLong
                yield text

        reader = csv.reader(feed(), delimiter=self.dialect.delimiter, strict=True)
        try:
            fields = next(reader, None)
        except (csv.Error, _RecordTooLong) as exc:
            lines = consumed[:]
            if not lines:
                return None
            reason = "batch.unclosed_quote" if isinstance(exc, _RecordTooLong) or \
                "end of data" in str(exc) else "batch.bad_quote"
            self.lines.push_back(lines[1:])
            return BadRecord(lines[0][0], lines[0][0], reason, {})
        if fields is None or not consumed:
            return None
        start, end = consumed[0][0], consumed[-1][0]
        found = self._settle(fields, start, end)
        return Record(found, start, end) if isinstance(found, list) else found


_first_field = itemgetter(0)


def _records(lines: _Lines, dialect: Dialect) -> RecordStream:
    return RecordStream(lines, dialect)
