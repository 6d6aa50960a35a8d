"""Renderers: one per output format, each taking the same result objects.

A renderer never decides anything; it lays out what the core computed. Adding a format is
adding a module here and a member to `OutputFormat`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from skillmatch.evaluation import EvalReport
    from skillmatch.model import Assessment, Lang, MatchResult, Recommendation, Referential
    from skillmatch.validation import ValidationReport


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class Renderer(Protocol):
    def profiles(self, out: TextIO, referential: Referential, profile_ids: list[str]) -> None: ...

    def matches(self, out: TextIO, referential: Referential, results: list[MatchResult],
                spans: list[tuple[int, int]] | None = None) -> None: ...

    def assessment(self, out: TextIO, referential: Referential,
                   assessment: Assessment) -> None: ...

    def recommendation(self, out: TextIO, referential: Referential,
                       recommendation: Recommendation) -> None: ...

    def text_evaluation(self, out: TextIO, report: Any) -> None: ...

    def jobs(self, out: TextIO, doc: Any, query: str) -> None: ...

    def job(self, out: TextIO, doc: Any) -> None: ...

    def validation(self, out: TextIO, report: ValidationReport) -> None: ...

    def evaluation(self, out: TextIO, referential: Referential, report: EvalReport) -> None: ...


def get_renderer(fmt: OutputFormat, lang: Lang) -> Renderer:
    if fmt == OutputFormat.JSON:
        from skillmatch.render.json import JsonRenderer

        return JsonRenderer(lang)
    if fmt == OutputFormat.CSV:
        from skillmatch.render.csv import CsvRenderer

        return CsvRenderer(lang)
    from skillmatch.render.table import TableRenderer

    return TableRenderer(lang)
