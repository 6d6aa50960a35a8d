"""Parsing what a person gives: skill lists and evaluation cases (pure: text in, values out)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from skillmatch.errors import DataFileError, Problem

_OPEN = "([{"
_CLOSE = ")]}"
_SPLIT = re.compile("[,;\n]")
#: An item when brackets only come in simple pairs: text and whole "(...)" groups.
_ITEM = re.compile(r"(?:[^,;\n(\[{]|[(\[{][^()\[\]{}]*[)\]}])+")
_PAIR = re.compile(r"[(\[{][^()\[\]{}]*[)\]}]")
_BRACKET = re.compile(r"[()\[\]{}]")
_MARKS = re.compile(r"[,;\n()\[\]{}]")


def split_skills(text: str) -> list[str]:
    """Split "Python, SQL; git" on `,` `;` and newlines outside brackets.

    "R (tidyverse, ggplot2)" stays one item; empty items are dropped. A bracket never closed
    protects nothing.
    """
    if "(" not in text and "[" not in text and "{" not in text:  # the common, fast case
        return [item.strip() for item in _SPLIT.split(text) if item and not item.isspace()]
    if not _BRACKET.search(_PAIR.sub("", text)):
        # Only simple pairs "(...)": a separator is inside brackets when the next bracket
        # after it closes.
        return [item.strip() for item in _ITEM.findall(text) if not item.isspace()]
    cuts: list[int] = []
    depth = 0
    for found in _MARKS.finditer(text):
        char = found.group()
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            cuts.append(found.start())
    if depth:
        return [item.strip() for item in _SPLIT.split(text) if item and not item.isspace()]
    items = [text[start + 1 if start >= 0 else 0:end]
             for start, end in zip([-1, *cuts], [*cuts, len(text)], strict=True)]
    return [item.strip() for item in items if item and not item.isspace()]


def skill_lines(text: str) -> list[str]:
    """One item per non-empty line, unsplit."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class EvalCase:
    line: int
    input: str
    expected: frozenset[str]  # empty: the input must match nothing


def parse_cases(text: str, file: str, known_ids: set[str] | None = None) -> list[EvalCase]:
    """Read a cases TSV (`input<TAB>expected`, header first; `a|b` several ids; `-` none)."""
    problems: list[Problem] = []
    cases: list[EvalCase] = []
    lines = text.splitlines()
    if not lines or [c.strip().casefold() for c in lines[0].split("\t")][:2] != [
        "input", "expected"]:
        raise DataFileError([Problem(file, 1, 1, "header", "cases.bad_header", {})])
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        found = case_line(line, number, file, "input", known_ids)
        if isinstance(found, Problem):
            problems.append(found)
        else:
            cases.append(EvalCase(number, *found))
    if problems:
        raise DataFileError(problems)
    return cases


def case_line(line: str, number: int, file: str, first_column: str,
              known_ids: set[str] | None) -> tuple[str, frozenset[str]] | Problem:
    """One line of a cases file (`first<TAB>expected`): its first field and expected ids, or
    the problem with it, placed at its field (`first_column` names the first one)."""
    fields = line.split("\t")
    if len(fields) != 2:
        return Problem(file, number, 1, f"line {number}", "cases.bad_fields",
                       {"count": len(fields)})
    first = fields[0].strip()
    if not first:
        return Problem(file, number, 1, first_column, "cases.empty_input", {})
    expected = _expected_ids(fields, file, number, known_ids)
    return expected if isinstance(expected, Problem) else (first, expected)


def _expected_ids(fields: list[str], file: str, number: int,
                  known_ids: set[str] | None) -> frozenset[str] | Problem:
    """The expected ids of a cases line (second field: `a|b`, or `-` for none), or the
    problem with them, placed at that field."""
    raw = fields[1].strip()
    column = len(fields[0]) + 2
    expected = frozenset() if raw == "-" else frozenset(
        e.strip() for e in raw.split("|") if e.strip())
    if not expected and raw != "-":
        return Problem(file, number, column, "expected", "cases.empty_expected", {})
    unknown = sorted(expected - known_ids) if known_ids is not None else []
    if unknown:
        return Problem(file, number, column, "expected", "referential.unknown_skill",
                       {"id": ", ".join(unknown)})
    return expected
