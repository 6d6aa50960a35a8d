"""Measuring the matcher on labelled cases: precision, recall, negatives rejected, sweep; and the
extractor on labelled sentences: precision and recall per (sentence, skill), false alarms, sweep."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, replace

from skillmatch.errors import DataFileError, Problem
from skillmatch.extract import Extractor, Mention
from skillmatch.inputs import EvalCase, case_line
from skillmatch.matcher import Matcher
from skillmatch.model import Candidate, MatchMethod, MatchStatus

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


# -- skills found in running text --------------------------------------------------------------
#
# A text case is a sentence and the referential ids it mentions. The extractor is scored per
# (sentence, skill id) pair: a skill it finds twice in a sentence counts once, a `to_confirm`
# mention counts as no answer (as in `CaseOutcome.answer`).

#: The first line (after comments) of a text cases file: `text<TAB>expected`. "input" is accepted
#: for the first column, as in the one-item-per-line cases files.
_TEXT_COLUMNS = ("text", "input")


@dataclass(frozen=True)
class TextCase:
    line: int  # 1-based line of the file
    text: str
    expected: frozenset[str]  # empty: the sentence mentions no skill of the referential


def parse_text_cases(text: str, file: str,
                     known_ids: set[str] | None = None) -> list[TextCase]:
    """Read a text cases TSV: `text<TAB>expected` header, then one sentence per line with the
    ids it mentions (`a|b` several, `-` none). Lines starting with `#` are comments and blank
    lines are skipped, anywhere in the file. Every problem is reported, with its line number,
    in one `DataFileError`."""
    problems: list[Problem] = []
    cases: list[TextCase] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            names = [f.strip().casefold() for f in line.split("\t")]
            if len(names) != 2 or names[0] not in _TEXT_COLUMNS or names[1] != "expected":
                raise DataFileError([Problem(file, number, 1, "header", "cases.bad_header", {})])
            header_seen = True
            continue
        found = case_line(line, number, file, "text", known_ids)
        if isinstance(found, Problem):
            problems.append(found)
        else:
            cases.append(TextCase(number, *found))
    if not header_seen:
        raise DataFileError([Problem(file, 1, 1, "header", "cases.bad_header", {})])
    if problems:
        raise DataFileError(problems)
    return cases


@dataclass(frozen=True)
class TextOutcome:
    case: TextCase
    mentions: tuple[Mention, ...]  # every mention the extractor returned, `to_confirm` included

    @property
    def found(self) -> frozenset[str]:
        """The ids the extractor commits to in this sentence (`match` mentions only)."""
        return frozenset(m.skill_id for m in self.mentions if m.status == MatchStatus.MATCH)

    @property
    def right(self) -> frozenset[str]:
        return self.found & self.case.expected

    @property
    def missed(self) -> frozenset[str]:
        return self.case.expected - self.found

    @property
    def extra(self) -> frozenset[str]:
        return self.found - self.case.expected

    @property
    def correct(self) -> bool:
        return self.found == self.case.expected

    @property
    def false_alarm(self) -> bool:
        """A sentence that mentions no skill, in which the extractor found one."""
        return not self.case.expected and bool(self.found)


@dataclass(frozen=True)
class TextScores:
    threshold: float
    precision: float  # right (sentence, id) pairs / pairs returned
    recall: float  # right pairs / expected pairs
    f1: float
    returned: int  # (sentence, id) pairs the extractor committed to
    right: int
    expected: int  # (sentence, id) pairs of the labels
    false_alarms: int  # sentences with no expected id that got a mention
    negatives: int  # sentences with no expected id
    sentences: int
    correct: int  # sentences whose found ids are exactly the expected ones

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.negatives if self.negatives else 0.0


@dataclass(frozen=True)
class TextEvalReport:
    outcomes: tuple[TextOutcome, ...]
    scores: TextScores
    sweep: tuple[TextScores, ...]

    @property
    def wrong(self) -> tuple[TextOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.correct)

    @property
    def errors(self) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
        """(sentence, expected ids, found ids) of every sentence not exactly right."""
        return tuple((o.case.text, tuple(sorted(o.case.expected)), tuple(sorted(o.found)))
                     for o in self.wrong)


def score_text(outcomes: Sequence[TextOutcome], threshold: float) -> TextScores:
    returned = sum(len(o.found) for o in outcomes)
    right = sum(len(o.right) for o in outcomes)
    expected = sum(len(o.case.expected) for o in outcomes)
    precision = right / returned if returned else 1.0
    recall = right / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    negatives = sum(1 for o in outcomes if not o.case.expected)
    false_alarms = sum(1 for o in outcomes if o.false_alarm)
    correct = sum(1 for o in outcomes if o.correct)
    return TextScores(threshold, precision, recall, f1, returned, right, expected, false_alarms,
                      negatives, len(outcomes), correct)


def per_skill(outcomes: Sequence[TextOutcome]) -> dict[str, tuple[int, int, int]]:
    """(right, missed, extra) pairs of each skill id, for finding what the extractor lacks."""
    counts: dict[str, list[int]] = {}
    for outcome in outcomes:
        for index, ids in enumerate((outcome.right, outcome.missed, outcome.extra)):
            for skill_id in ids:
                counts.setdefault(skill_id, [0, 0, 0])[index] += 1
    return {skill_id: (c[0], c[1], c[2]) for skill_id, c in sorted(counts.items())}


def evaluate_text(extractor: Extractor, cases: Sequence[TextCase]) -> TextEvalReport:
    """Run the extractor on every sentence and score it, at its match threshold and over the
    sweep's thresholds.

    At a threshold at or above the review threshold, the extractor returns the same mentions
    (a `to_confirm` mention also holds its words), so the sweep only re-decides the status of
    fuzzy mentions; below it, fuzzy hits the extractor dropped would count, so the sentences
    are extracted again with both thresholds lowered.
    """
    settings = extractor.matcher.settings
    outcomes = tuple(TextOutcome(c, tuple(extractor.extract(c.text))) for c in cases)
    sweep = []
    for threshold in sorted({*SWEEP_THRESHOLDS, settings.match_threshold}):
        if threshold >= settings.review_threshold:
            swept = [TextOutcome(o.case, tuple(_restatus(m, threshold) for m in o.mentions))
                     for o in outcomes]
        else:
            lowered = copy.copy(extractor.matcher)
            lowered.settings = replace(settings, match_threshold=threshold,
                                       review_threshold=threshold)
            again = type(extractor)(lowered)
            swept = [TextOutcome(c, tuple(again.extract(c.text))) for c in cases]
        sweep.append(score_text(swept, threshold))
    return TextEvalReport(outcomes, score_text(outcomes, settings.match_threshold), tuple(sweep))


def _restatus(mention: Mention, threshold: float) -> Mention:
    if mention.method != MatchMethod.FUZZY:
        return mention
    status = MatchStatus.MATCH if mention.score >= threshold else MatchStatus.NONE
    return replace(mention, status=status)
