"""Result objects as plain data: the documented, stable JSON schema, also flattened to CSV."""

from __future__ import annotations

from typing import Any

from skillmatch.evaluation import CaseOutcome, EvalReport, Scores
from skillmatch.messages import format_problem, translate
from skillmatch.model import (
    Assessment,
    Catalogue,
    DomainPosition,
    Formation,
    Gap,
    GapItem,
    Lang,
    MatchResult,
    Notice,
    ProfileCoverage,
    Recommendation,
    RecommendedPath,
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
                lang: Lang, spans: list[tuple[int, int]] | None = None) -> dict[str, Any]:
    """`spans`: with --text, the character offsets of each result's words in the text."""
    items = [match_item(r, referential, lang) for r in results]
    for item, (start, end) in zip(items, spans or [], strict=False):
        item["start"], item["end"] = start, end
    return {
        "schema_version": SCHEMA_VERSION,
        "referential": referential_info(referential),
        "results": items,
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
        "required_level": item.level,
        "declared_level": item.declared,
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
        "job": dict(assessment.job) if assessment.job else None,
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


def catalogue_info(catalogue: Catalogue) -> dict[str, Any]:
    return {"id": catalogue.id, "version": catalogue.version, "source": catalogue.source}


def formation_item(formation: Formation, lang: Lang) -> dict[str, Any]:
    certification = formation.certification
    provenance = formation.provenance
    return {
        "id": formation.id,
        "title": formation.title,
        "organism": formation.organism,
        "level": formation.level,
        "hours": formation.hours,
        "cost_eur": formation.cost_eur,
        "format": formation.format,
        "department": formation.department,
        "cpf": formation.cpf,
        "certification": {"type": certification.type, "code": certification.code}
        if certification else None,
        "url": formation.url,
        "provenance": {
            "from_seeds": list(provenance.from_seeds),
            "seed": provenance.seed,
            "estimated": list(provenance.estimated),
            "source_file": provenance.source_file,
        },
    }


def notice_item(notice: Notice, lang: Lang) -> dict[str, Any]:
    return {"code": notice.key, "message": translate(notice.key, lang, **notice.params)}


def path_doc(path: RecommendedPath, lang: Lang) -> dict[str, Any]:
    constraints = path.constraints
    return {
        "objective": path.objective.value,
        "optimal": path.optimal,
        "solver": path.solver,
        "constraints": {
            "budget": constraints.budget,
            "max_hours": constraints.max_hours,
            "formats": sorted(constraints.formats),
            "departments": sorted(constraints.departments),
            "cpf_only": constraints.cpf_only,
            "max_level": constraints.max_level,
        },
        "formations": [{**formation_item(step.formation, lang), "covers": list(step.covers)}
                       for step in path.steps],
        "totals": {"cost_eur": path.total_cost, "hours": path.total_hours,
                   "count": len(path.steps)},
        "covered": list(path.covered),
        "residual": list(path.residual),
        "uncoverable": list(path.uncoverable),
        "notices": [notice_item(n, lang) for n in path.notices],
        "closest": path_doc(path.closest, lang) if path.closest else None,
    }


def recommendation_doc(referential: Referential, recommendation: Recommendation,
                       lang: Lang) -> dict[str, Any]:
    return {
        **assessment_doc(referential, recommendation.assessment, lang),
        "catalogue": catalogue_info(recommendation.catalogue),
        "path": path_doc(recommendation.path, lang),
    }


def text_scores_item(scores: Any) -> dict[str, Any]:
    return {"threshold": scores.threshold, "precision": round(scores.precision, 4),
            "recall": round(scores.recall, 4), "f1": round(scores.f1, 4),
            "false_alarms": scores.false_alarms, "negatives": scores.negatives,
            "sentences": scores.sentences, "correct": scores.correct}


def text_evaluation_doc(report: Any) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "scores": text_scores_item(report.scores),
        "sweep": [text_scores_item(s) for s in report.sweep],
        "wrong": [{"text": text, "expected": list(expected), "found": list(found)}
                  for text, expected, found in report.errors],
    }
