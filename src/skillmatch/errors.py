"""Typed errors raised by the core, and the exit codes the CLI maps them to.

Every error carries a message key of the catalogue (`skillmatch.messages`) and its parameters,
so the CLI can say it in the user's language; the core never prints and never exits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class ExitStatus(IntEnum):
    """The documented exit codes of every command."""

    OK = 0
    ERROR = 1  # unexpected failure (a bug): reported with a one-line message
    USAGE = 2  # bad command line: unknown option, missing argument, unknown profile id
    INVALID_DATA = 3  # a referential, catalogue, person or cases file is invalid
    INPUT_NOT_FOUND = 4  # a file or directory named on the command line does not exist
    ROWS_IN_ERROR = 5  # batch: the run completed, but some input rows are in error
    OUTPUT_ERROR = 6  # an output file cannot be written (disk full, permission...)
    INTERRUPTED = 130  # Ctrl-C


class SkillmatchError(Exception):
    """Base of every error the core raises on purpose."""

    exit_status: ExitStatus = ExitStatus.ERROR

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        from skillmatch.messages import translate

        return translate(self.key, "en", **self.params)


class UsageError(SkillmatchError):
    """The command line asks for something that does not exist (a profile, a format...)."""

    exit_status = ExitStatus.USAGE


class InputNotFoundError(SkillmatchError):
    """A path given by the user does not exist or cannot be read."""

    exit_status = ExitStatus.INPUT_NOT_FOUND


class OutputError(SkillmatchError):
    """An output cannot be written (disk full, permission, missing directory)."""

    exit_status = ExitStatus.OUTPUT_ERROR


class WorkerError(SkillmatchError):
    """A worker process of a batch stopped without answering (killed, out of memory)."""

    exit_status = ExitStatus.ERROR


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, with its place."""

    file: str
    line: int | None  # 1-based
    column: int | None  # 1-based
    path: str  # path inside the document, e.g. "profiles[2].skills[4]"
    key: str  # message key
    params: dict[str, object] = field(default_factory=dict)


class DataFileError(SkillmatchError):
    """One or more data files are invalid; `problems` lists every problem found, in order."""

    exit_status = ExitStatus.INVALID_DATA

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("error.data_file", count=len(problems))
        self.problems = problems

    @property
    def first(self) -> Problem:
        return self.problems[0]

    def __str__(self) -> str:
        from skillmatch.messages import format_problem

        return "\n".join(format_problem(p, "en") for p in self.problems)
