"""Scoring the extractor on labelled sentences: the file format, the scores, the dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillmatch.errors import DataFileError
from skillmatch.evaluation import (
    SWEEP_THRESHOLDS,
    TextCase,
    TextOutcome,
    evaluate_text,
    parse_text_cases,
    per_skill,
    score_text,
)
from skillmatch.extract import Extractor, Mention
from skillmatch.model import MatchMethod, MatchStatus, Referential

DEV = Path(__file__).parent / "fixtures" / "eval" / "text_dev.tsv"


@pytest.fixture(scope="module")
def known(referential: Referential) -> set[str]:
    return {s.id for s in referential.skills}


# -- the file format -------------------------------------------------------------------------


GOOD = """\
# sentences labelled by hand; sources and licence
# a second comment line

text\texpected
Concevoir des modèles d'apprentissage automatique\tmachine-learning
# a comment between cases
Faire preuve de rigueur\t-

  Analyse statistique et machine learning  \t statistiques | machine-learning \n"""


def test_a_good_file_is_read_with_comments_and_blank_lines_skipped(known):
    cases = parse_text_cases(GOOD, "good.tsv", known)
    assert cases == [
        TextCase(5, "Concevoir des modèles d'apprentissage automatique",
                 frozenset({"machine-learning"})),
        TextCase(7, "Faire preuve de rigueur", frozenset()),
        TextCase(9, "Analyse statistique et machine learning",
                 frozenset({"statistiques", "machine-learning"})),
    ]


def test_the_header_may_name_the_first_column_input_and_ids_are_optional_to_check():
    text = "Input\tExpected\nPython et R\tpython|r\n"
    assert parse_text_cases(text, "f.tsv") == [TextCase(2, "Python et R",
                                                         frozenset({"python", "r"}))]
    # Without known ids, any id is accepted.
    assert parse_text_cases("text\texpected\nx\tnot-an-id\n", "f.tsv")[0].expected == \
        frozenset({"not-an-id"})


def problems(text: str, known: set[str]) -> list[tuple[int | None, int | None, str, object]]:
    with pytest.raises(DataFileError) as caught:
        parse_text_cases(text, "bad.tsv", known)
    return [(p.line, p.column, p.key, p.params.get("id", p.params.get("count")))
            for p in caught.value.problems]


@pytest.mark.parametrize("text, line", [
    ("", 1),
    ("# only comments\n\n# here\n", 1),
    ("input\tids\nPython\tpython\n", 1),
    ("# comment\ntext\texpected\textra\nPython\tpython\n", 2),
    ("# comment\n\nPython\tpython\n", 3),
])
def test_a_missing_or_wrong_header_is_reported_at_its_line(known, text, line):
    assert problems(text, known) == [(line, 1, "cases.bad_header", None)]


def test_every_bad_line_is_reported_with_its_line_number(known):
    text = ("# header comment\n"
            "text\texpected\n"
            "Python\tpython\n"                      # 3: good
            "no tab here\n"                          # 4: 1 field
            "a\tb\tc\n"                              # 5: 3 fields
            "\tpython\n"                             # 6: empty sentence
            "Python\t\n"                             # 7: empty expected
            "Python\t | \n"                          # 8: only separators
            "Python et Cobol\tpython|cobol|fortran\n"  # 9: unknown ids
            "# a comment is never a case\n"
            "Kubernetes\tadministration-si\n")       # 11: good
    assert problems(text, known) == [
        (4, 1, "cases.bad_fields", 1),
        (5, 1, "cases.bad_fields", 3),
        (6, 1, "cases.empty_input", None),
        (7, 8, "cases.empty_expected", None),
        (8, 8, "cases.empty_expected", None),
        (9, 17, "referential.unknown_skill", "cobol, fortran"),
    ]


def test_the_error_names_the_file_and_line(known):
    with pytest.raises(DataFileError) as caught:
        parse_text_cases("text\texpected\nPython\tpyton\n", "dev.tsv", known)
    assert str(caught.value) == 'dev.tsv, line 2, column 8 at expected: unknown skill "pyton"'
    assert caught.value.first.file == "dev.tsv"
    assert caught.value.first.line == 2


# -- scoring, on hand-made outcomes ----------------------------------------------------------


def mention(skill_id: str, start: int = 0, *, score: float = 100.0,
            status: MatchStatus = MatchStatus.MATCH) -> Mention:
    method = MatchMethod.EXACT if score == 100.0 else MatchMethod.FUZZY
    return Mention(skill_id, "x", start, start + 1, "x", method, score, status)


def outcome(expected: str, *mentions: Mention) -> TextOutcome:
    ids = frozenset() if expected == "-" else frozenset(expected.split("|"))
    return TextOutcome(TextCase(1, "sentence", ids), mentions)


HAND_MADE = [
    outcome("statistiques|machine-learning", mention("statistiques"),
            mention("machine-learning", 5)),                                   # both right
    outcome("python|algorithmie", mention("python")),                         # one missed
    outcome("-"),                                                             # right: nothing
    outcome("-", mention("rgpd")),                                            # false alarm
    outcome("statistiques", mention("statistiques", score=81.8,
                                    status=MatchStatus.TO_CONFIRM)),          # no answer
    outcome("python", mention("python"), mention("python", 8), mention("python", 16)),  # once
    outcome("nlp", mention("nlp"), mention("machine-learning", 9)),           # one extra
]


def test_scores_count_each_sentence_and_skill_once_and_to_confirm_as_no_answer():
    scores = score_text(HAND_MADE, 83.0)
    assert scores.returned == 7  # 2 + 1 + 0 + 1 + 0 + 1 + 2
    assert scores.right == 5  # 2 + 1 + 0 + 0 + 0 + 1 + 1
    assert scores.expected == 7  # 2 + 2 + 0 + 0 + 1 + 1 + 1
    assert scores.precision == pytest.approx(5 / 7)
    assert scores.recall == pytest.approx(5 / 7)
    assert scores.f1 == pytest.approx(5 / 7)
    assert (scores.false_alarms, scores.negatives) == (1, 2)
    assert scores.false_alarm_rate == pytest.approx(0.5)
    assert (scores.sentences, scores.correct) == (7, 3)
    assert scores.threshold == 83.0


def test_outcomes_split_found_ids_into_right_missed_and_extra():
    second, fifth, last = HAND_MADE[1], HAND_MADE[4], HAND_MADE[6]
    assert (second.found, second.right, second.missed, second.extra) == (
        {"python"}, {"python"}, {"algorithmie"}, frozenset())
    assert fifth.found == frozenset() and fifth.missed == {"statistiques"}
    assert last.extra == {"machine-learning"} and not last.correct
    assert HAND_MADE[3].false_alarm and not HAND_MADE[2].false_alarm


def test_per_skill_counts_right_missed_and_extra_pairs():
    assert per_skill(HAND_MADE) == {
        "algorithmie": (0, 1, 0),
        "machine-learning": (1, 0, 1),
        "nlp": (1, 0, 0),
        "python": (2, 0, 0),
        "rgpd": (0, 0, 1),
        "statistiques": (1, 1, 0),
    }


def test_empty_sets_score_without_dividing_by_zero():
    scores = score_text([], 83.0)
    assert (scores.precision, scores.recall, scores.f1, scores.false_alarm_rate) == (
        1.0, 1.0, 1.0, 0.0)
    nothing_found = score_text([outcome("python")], 83.0)
    assert (nothing_found.precision, nothing_found.recall, nothing_found.f1) == (1.0, 0.0, 0.0)


# -- evaluate_text, with a stand-in extractor and with the real one ---------------------------


class CannedExtractor(Extractor):
    """Returns fixed mentions; a fuzzy one at 75 only when the review threshold lets it through,
    as the real extractor does."""

    def extract(self, text: str) -> list[Mention]:
        settings = self.matcher.settings
        mentions = [mention("python")] if "Python" in text else []
        if "statstiqes" in text:
            mentions.append(mention("statistiques", 20, score=81.8,
                                    status=self.matcher.status_of_score(81.8)))
        if "anglai" in text and settings.review_threshold <= 75.0:
            mentions.append(mention("anglais", 30, score=75.0,
                                    status=self.matcher.status_of_score(75.0)))
        return mentions


def test_the_sweep_re_decides_fuzzy_mentions_and_extracts_again_below_review(matcher):
    cases = [TextCase(2, "Python et statstiqes", frozenset({"python", "statistiques"})),
             TextCase(3, "anglai courant", frozenset({"anglais"})),
             TextCase(4, "Faire preuve de rigueur", frozenset())]
    report = evaluate_text(CannedExtractor(matcher), cases)
    assert report.scores.threshold == matcher.settings.match_threshold == 83.0
    assert (report.scores.right, report.scores.returned, report.scores.expected) == (1, 1, 3)
    by_threshold = {s.threshold: s for s in report.sweep}
    assert sorted(by_threshold) == sorted({*SWEEP_THRESHOLDS, 83.0})
    assert by_threshold[83.0] == report.scores
    assert by_threshold[80].right == 2  # the 81.8 typo now counts
    assert by_threshold[82].right == 1
    assert by_threshold[76].right == 2  # re-extracted: review threshold 76 still drops 75
    assert by_threshold[74].right == 3  # re-extracted: the 75 hit appears and counts
    assert by_threshold[100].right == 1
    assert report.errors == (
        ("Python et statstiqes", ("python", "statistiques"), ("python",)),
        ("anglai courant", ("anglais",), ()),
    )
    assert [o.case.line for o in report.wrong] == [2, 3]


def test_evaluate_text_with_the_real_extractor_on_a_tiny_set(matcher, known):
    text = ("text\texpected\n"
            "Analyse statistique et machine learning\tstatistiques|machine-learning\n"
            "Projet de R&D en Python\tpython|algorithmie\n"
            "Faire preuve de rigueur\t-\n"
            "Tenir à jour les données personnelles\t-\n"
            "Compétences en statstiqes\tstatistiques\n"
            "Python, python et pandas\tpython\n")
    report = evaluate_text(Extractor(matcher), parse_text_cases(text, "tiny.tsv", known))
    scores = report.scores
    assert (scores.returned, scores.right, scores.expected) == (5, 4, 6)
    assert scores.precision == pytest.approx(0.8)
    assert scores.recall == pytest.approx(4 / 6)
    assert (scores.false_alarms, scores.negatives, scores.correct) == (1, 2, 3)
    at_80 = next(s for s in report.sweep if s.threshold == 80)
    assert (at_80.returned, at_80.right) == (6, 5)
    assert report.errors == (
        ("Projet de R&D en Python", ("algorithmie", "python"), ("python",)),
        ("Tenir à jour les données personnelles", (), ("rgpd",)),
        ("Compétences en statstiqes", ("statistiques",), ()),
    )


# -- the dev set: real sentences from ROME, RNCP and job ads ----------------------------------


@pytest.fixture(scope="module")
def dev_cases(known) -> list[TextCase]:
    return parse_text_cases(DEV.read_text(encoding="utf-8"), str(DEV), known)


def test_the_dev_set_is_what_its_header_says(dev_cases):
    lines = DEV.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and "Licence Ouverte" in "\n".join(lines[:5])
    assert len(dev_cases) == 266
    assert sum(1 for c in dev_cases if not c.expected) == 65
    assert len({c.text for c in dev_cases}) == len(dev_cases)  # no sentence twice
    assert all("\t" not in c.text and "\n" not in c.text for c in dev_cases)
    assert len({i for c in dev_cases for i in c.expected}) == 34


def test_the_dev_set_reaches_the_measured_quality(matcher, dev_cases):
    report = evaluate_text(Extractor(matcher), dev_cases)
    scores = report.scores
    errors = report.errors
    # Measured with the bundled referential: precision 0.932 (178/191), recall 0.704
    # (178/253), F1 0.802, 4 false alarms out of 65 sentences naming no skill.
    assert scores.precision >= 0.90, errors
    assert scores.recall >= 0.67, errors
    assert scores.f1 >= 0.77, errors
    assert scores.false_alarms <= 6, errors
    assert scores.threshold == matcher.settings.match_threshold
    assert next(s for s in report.sweep if s.threshold == scores.threshold) == scores
