"""Measuring the matcher on labelled cases: precision, recall, negatives rejected, sweep."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from skillmatch.inputs import EvalCase
from skillmatch.matcher import Matcher
from skillmatch.model import Candidate, MatchStatus

#: Match thresholds tried by the sweep.
SWEEP_THRESHOLDS = tuple(range(70, 101, 2))


@dataclass(frozen=True)
class CaseOutcome:
    case: EvalCase
    status: MatchStatus
    candidate: Candidate | None

    @property
    def answer(self) -> str | None:
        """The id the matcher commits to; `to_confirm` counts as no answer."""
        return self.candidate.skill_id if self.status == MatchStatus.MATCH and self.candidate \
            else None

    @property
    def right(self) -> bool:
        if self.case.expected:
            return self.answer in self.case.expected
        return self.answer is None


@dataclass(frozen=True)
class Scores:
    threshold: float
    precision: float
    recall: float
    negatives_rejected: float
    f1: float
    answered: int
    right: int


@dataclass(frozen=True)
class EvalReport:
    outcomes: tuple[CaseOutcome, ...]
    scores: Scores
    sweep: tuple[Scores, ...]

    @property
    def wrong(self) -> tuple[CaseOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.right)


def score(outcomes: Sequence[CaseOutcome], threshold: float) -> Scores:
    positives = [o for o in outcomes if o.case.expected]
    negatives = [o for o in outcomes if not o.case.expected]
    answered = sum(1 for o in outcomes if o.answer is not None)
    right = sum(1 for o in positives if o.right)
    precision = right / answered if answered else 1.0
    recall = right / len(positives) if positives else 1.0
    rejected = sum(1 for o in negatives if o.right) / len(negatives) if negatives else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(threshold, precision, recall, rejected, f1, answered, right)


def evaluate(matcher: Matcher, cases: Sequence[EvalCase]) -> EvalReport:
    results = matcher.match_many([c.input for c in cases])
    outcomes = tuple(CaseOutcome(c, r.status, r.candidate) for c, r in zip(cases, results,
                                                                           strict=True))
    sweep = []
    for threshold in sorted({*SWEEP_THRESHOLDS, matcher.settings.match_threshold}):
        swept = [CaseOutcome(o.case, matcher.status_of(o.candidate, threshold, threshold),
                             o.candidate) for o in outcomes]
        sweep.append(score(swept, threshold))
    return EvalReport(outcomes, score(outcomes, matcher.settings.match_threshold), tuple(sweep))
