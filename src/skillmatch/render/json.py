"""JSON renderer: the documents of `skillmatch.render.data`, indented, UTF-8."""

from __future__ import annotations

import json
from typing import Any, TextIO

from skillmatch.evaluation import EvalReport
from skillmatch.model import Assessment, Lang, MatchResult, Recommendation, Referential
from skillmatch.render import data
from skillmatch.validation import ValidationReport


def dump(out: TextIO, document: Any) -> None:
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


class JsonRenderer:
    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def profiles(self, out: TextIO, referential: Referential, profile_ids: list[str]) -> None:
        dump(out, data.profiles_doc(referential, profile_ids, self.lang))

    def matches(self, out: TextIO, referential: Referential, results: list[MatchResult],
                spans: list[tuple[int, int]] | None = None) -> None:
        dump(out, data.matches_doc(referential, results, self.lang, spans))

    def assessment(self, out: TextIO, referential: Referential, assessment: Assessment) -> None:
        dump(out, data.assessment_doc(referential, assessment, self.lang))

    def recommendation(self, out: TextIO, referential: Referential,
                       recommendation: Recommendation) -> None:
        dump(out, data.recommendation_doc(referential, recommendation, self.lang))

    def text_evaluation(self, out: TextIO, report: Any) -> None:
        dump(out, data.text_evaluation_doc(report))

    def jobs(self, out: TextIO, doc: Any, query: str) -> None:
        dump(out, doc)

    def job(self, out: TextIO, doc: Any) -> None:
        dump(out, doc)

    def validation(self, out: TextIO, report: ValidationReport) -> None:
        dump(out, data.validation_doc(report, self.lang))

    def evaluation(self, out: TextIO, referential: Referential, report: EvalReport) -> None:
        dump(out, data.evaluation_doc(referential, report))
