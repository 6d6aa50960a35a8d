"""Result objects as plain data: the documented, stable JSON schema, also flattened to CSV."""

from __future__ import annotations

from typing import Any

from skillmatch.evaluation import CaseOutcome, EvalReport, Scores
from skillmatch.messages import format_problem
from skillmatch.model import (
    Assessment,
    DomainPosition,
    Gap,
    GapItem,
    Lang,
    MatchResult,
    ProfileCoverage,
    Referential,
)
from skillmatch.validation import ValidationReport

SCHEMA_VERSION = 1


def referential_info(referential: Referential) -> dict[str, Any]:
    return {"id": referential.id, "version": referential.version, "source": referential.source}


def match_item(result: MatchResult, referential: Referential, lang: Lang) -> dict[str, Any]:
    candidate = result.candidate
    skill_id = result.skill_id
    shown = candidate is not None and skill_id is not None
    return {
        "input": result.input,
        "skill_id": skill_id,
        "label": referential.skill(skill_id).label.get(lang) if skill_id else None,
        "score": candidate.score if shown and candidate else None,
        "status": result.status.value,
        "alias": candidate.alias if shown and candidate else None,
        "method": candidate.method.value if shown and candidate else None,
        "esco": list(referential.skill(skill_id).esco) if skill_id else [],
    }


def matches_doc(referential: Referential, results: list[MatchResult],
                lang: Lang) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "referential": referential_info(referential),
        "results": [match_item(r, referential, lang) for r in results],
    }


def coverage_item(coverage: ProfileCoverage) -> dict[str, Any]:
    return {
        "profile": coverage.profile_id,
        "coverage": round(coverage.coverage, 4),
        "essential_coverage": round(coverage.essential_coverage, 4),
        "reached": coverage.reached,
        "blocks": {b.block: round(b.coverage, 4) for b in coverage.blocks},
    }


def position_item(position: DomainPosition) -> dict[str, Any]:
    return {
        "domain": position.domain,
        "level": position.level,
        "profiles": [coverage_item(c) for c in position.profiles],
    }


def gap_skill(item: GapItem, referential: Referential, lang: Lang) -> dict[str, Any]:
    return {
        "skill_id": item.skill_id,
        "label": referential.skill(item.skill_id).label.get(lang),
        "profile": item.profile_id,
        "block": item.block,
        "essential": item.essential,
        "weight": item.weight,
        "esco": list(referential.skill(item.skill_id).esco),
    }


def gap_doc(gap: Gap, referential: Referential, lang: Lang) -> dict[str, Any]:
    return {
        "target": gap.target,
        "coverage": coverage_item(gap.coverage),
        "missing": [gap_skill(i, referential, lang) for i in gap.missing],
        "to_confirm": [gap_skill(i, referential, lang) for i in gap.to_confirm],
        "held": [gap_skill(i, referential, lang) for i in gap.held],
    }


def assessment_doc(referential: Referential, assessment: Assessment,
                   lang: Lang) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "referential": referential_info(referential),
        "results": [match_item(r, referential, lang) for r in assessment.matches],
        "positions": [position_item(p) for p in assessment.positions],
        "gap": gap_doc(assessment.gap, referential, lang) if assessment.gap else None,
    }


def profiles_doc(referential: Referential, profile_ids: list[str],
                 lang: Lang) -> dict[str, Any]:
    profiles = []
    for profile_id in profile_ids:
        profile = referential.find_profile(profile_id)
        assert profile is not None
        profiles.append({
            "id": profile.id,
            "domain": profile.domain,
            "level": profile.level,
            "label": profile.label.get(lang),
            "builds_on": profile.builds_on,
            "skills": [{
                "skill_id": e.skill_id,
                "label": referential.skill(e.skill_id).label.get(lang),
                "block": referential.skill(e.skill_id).block,
                "essential": e.essential,
                "weight": e.weight,
            } for e in profile.skills],
        })
    return {"schema_version": SCHEMA_VERSION, "referential": referential_info(referential),
            "profiles": profiles}


def validation_doc(report: ValidationReport, lang: Lang) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "path": report.path,
        "kind": report.kind,
        "valid": not report.problems,
        "counts": report.counts,
        "problems": [{
            "file": p.file, "line": p.line, "column": p.column, "path": p.path,
            "code": p.key, "message": format_problem(p, lang),
        } for p in report.problems],
    }


def scores_item(scores: Scores) -> dict[str, Any]:
    return {
        "threshold": scores.threshold,
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "negatives_rejected": round(scores.negatives_rejected, 4),
        "f1": round(scores.f1, 4),
    }


def outcome_item(outcome: CaseOutcome) -> dict[str, Any]:
    candidate = outcome.candidate
    return {
        "line": outcome.case.line,
        "input": outcome.case.input,
        "expected": sorted(outcome.case.expected),
        "status": outcome.status.value,
        "skill_id": candidate.skill_id if candidate else None,
        "score": candidate.score if candidate else None,
        "method": candidate.method.value if candidate else None,
        "right": outcome.right,
    }


def evaluation_doc(referential: Referential, report: EvalReport) -> dict[str, Any]:
    positives = sum(1 for o in report.outcomes if o.case.expected)
    return {
        "schema_version": SCHEMA_VERSION,
        "referential": referential_info(referential),
        "cases": len(report.outcomes),
        "positives": positives,
        "negatives": len(report.outcomes) - positives,
        "scores": scores_item(report.scores),
        "wrong": [outcome_item(o) for o in report.wrong],
        "sweep": [scores_item(s) for s in report.sweep],
        "outcomes": [outcome_item(o) for o in report.outcomes],
    }
