"""CSV renderer: one flat table per command, a header row first, values as in the JSON."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from skillmatch.evaluation import EvalReport
from skillmatch.model import Assessment, Lang, MatchResult, Recommendation, Referential
from skillmatch.render import data

#: Cells starting with these are read as formulas by spreadsheets; they get a leading quote
#: (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_rows(out: TextIO, header: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in header])


MATCH_COLUMNS = ("input", "skill_id", "label", "score", "status", "alias", "method", "esco")


class CsvRenderer:
    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def profiles(self, out: TextIO, referential: Referential, profile_ids: list[str]) -> None:
        doc = data.profiles_doc(referential, profile_ids, self.lang)
        rows = ({"profile": p["id"], "domain": p["domain"], "level": p["level"],
                 "builds_on": p["builds_on"], **s}
                for p in doc["profiles"] for s in p["skills"])
        write_rows(out, ("profile", "domain", "level", "builds_on", "skill_id", "label", "block",
                         "essential", "weight"), rows)

    def matches(self, out: TextIO, referential: Referential, results: list[MatchResult],
                spans: list[tuple[int, int]] | None = None) -> None:
        columns = MATCH_COLUMNS + (("start", "end") if spans else ())
        write_rows(out, columns,
                   data.matches_doc(referential, results, self.lang, spans)["results"])

    def assessment(self, out: TextIO, referential: Referential, assessment: Assessment) -> None:
        """One row per required skill of the target (status held / to_confirm / missing), or
        one row per match when no target is given."""
        doc = data.assessment_doc(referential, assessment, self.lang)
        gap = doc["gap"]
        if gap is None:
            write_rows(out, MATCH_COLUMNS, doc["results"])
            return
        rows = ({"target": gap["target"], "status": status, **item}
                for status in ("held", "to_confirm", "missing") for item in gap[status])
        write_rows(out, ("target", "skill_id", "label", "profile", "block", "essential", "weight",
                         "status", "esco"), rows)

    def recommendation(self, out: TextIO, referential: Referential,
                       recommendation: Recommendation) -> None:
        """One row per formation of the path, with the gap skills it covers, then one row per
        skill of the residual gap (formation columns empty)."""
        doc = data.path_doc(recommendation.path, self.lang)
        rows: list[dict[str, Any]] = [
            {**f, "covers": f["covers"], "row": "formation",
             "certification": (f["certification"] or {}).get("code")}
            for f in doc["formations"]]
        rows += [{"row": "residual", "covers": [skill_id],
                  "title": referential.skill(skill_id).label.get(self.lang)}
                 for skill_id in doc["residual"]]
        write_rows(out, ("row", "id", "title", "organism", "covers", "cost_eur", "hours",
                         "format", "department", "level", "cpf", "certification", "url"), rows)

    def text_evaluation(self, out: TextIO, report: Any) -> None:
        rows = data.text_evaluation_doc(report)["wrong"]
        write_rows(out, ("text", "expected", "found"), rows)

    def jobs(self, out: TextIO, doc: Any, query: str) -> None:
        write_rows(out, ("code", "title", "via", "appellation"), doc["jobs"])

    def job(self, out: TextIO, doc: Any) -> None:
        """One row per job sheet item: the referential skill found in it, or none."""
        rows = [{"code": doc["code"], "skill_id": s["skill_id"], "essential": s["essential"],
                 **item} for s in doc["skills"] for item in s["items"]]
        rows += [{"code": doc["code"], **item} for item in doc["uncovered"]]
        write_rows(out, ("code", "skill_id", "essential", "code_ogr", "label", "kind",
                         "principal"), rows)

    def validation(self, out: TextIO, report: Any) -> None:
        doc = data.validation_doc(report, self.lang)
        write_rows(out, ("file", "line", "column", "path", "code", "message"), doc["problems"])

    def evaluation(self, out: TextIO, referential: Referential, report: EvalReport) -> None:
        rows = data.evaluation_doc(referential, report)["outcomes"]
        write_rows(out, ("line", "input", "expected", "status", "skill_id", "score", "method",
                         "right"), rows)
