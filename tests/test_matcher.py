"""The matcher, through its public API: `Matcher(referential).match(...)` and `match_many`."""

from __future__ import annotations

import random
import unicodedata

import pytest
from rapidfuzz.distance import OSA

from skillmatch.evaluation import evaluate
from skillmatch.inputs import parse_cases
from skillmatch.matcher import Matcher, MatcherSettings
from skillmatch.model import MatchMethod, MatchResult, MatchStatus
from skillmatch.normalize import match_key, normalize


def outcome(result: MatchResult) -> tuple[str, str | None, str | None, float | None]:
    c = result.candidate
    return (result.status.value, result.skill_id, c.method.value if c else None,
            c.score if c else None)


def skill_texts(referential) -> list[str]:
    return [text for skill in referential.skills
            for text in (skill.label.fr, skill.label.en, *(a.text for a in skill.aliases))]


# -- what is found, and how -------------------------------------------------------------------


@pytest.mark.parametrize(("text", "skill_id"), [
    ("Python", "python"),
    ("python", "python"),
    ("Machine learning", "machine-learning"),
    ("Scrum", "scrum"),
    ("ISO 27001", "iso-27001"),
    ("Git", "git"),
])
def test_a_label_or_alias_alone_is_an_exact_match_at_100(matcher, text, skill_id):
    assert outcome(matcher.match(text)) == ("match", skill_id, "exact", 100.0)


def test_an_alias_inside_a_longer_input_is_an_alias_match_at_100(matcher):
    result = matcher.match("Python avancé")
    assert outcome(result) == ("match", "python", "alias", 100.0)
    assert result.candidate.span == "python"


def test_the_longest_alias_inside_an_input_wins(matcher):
    # "machine learning" (two words) beats any one-word alias it contains.
    result = matcher.match("expérience en machine learning appliqué")
    assert outcome(result) == ("match", "machine-learning", "alias", 100.0)
    assert result.candidate.span == "machine learning"


@pytest.mark.parametrize(("text", "skill_id"), [
    ("apprentissage automatique", "machine-learning"),
    ("machine learning", "machine-learning"),
    ("tests d'intrusion", "pentest"),
    ("Tests d’intrusion", "pentest"),
    ("penetration testing", "pentest"),
    ("protection des données personnelles", "rgpd"),
    ("GDPR", "rgpd"),
    ("traitement automatique des langues", "nlp"),
    ("natural language processing", "nlp"),
    ("bases de données", "bases-de-donnees"),
    ("databases", "bases-de-donnees"),
])
def test_french_and_english_aliases_reach_the_same_skill(matcher, text, skill_id):
    result = matcher.match(text)
    assert (result.status, result.skill_id, result.candidate.score) == ("match", skill_id, 100.0)


def test_a_typo_is_a_fuzzy_match_with_its_similarity_as_score(matcher):
    # "pyhton" is "python" with one transposition: OSA similarity 1 - 1/6.
    result = matcher.match("pyhton")
    assert outcome(result) == ("match", "python", "fuzzy", 83.3)
    assert result.candidate.alias == "python"
    assert result.candidate.score == round(OSA.normalized_similarity("pyhton", "python") * 100,
                                           1)


@pytest.mark.parametrize(("text", "skill_id"), [
    ("cryptograpie", "cryptographie"),
    ("statistqiues", "statistiques"),
    ("kubernets", "administration-si"),
])
def test_common_misspellings_still_match(matcher, text, skill_id):
    result = matcher.match(text)
    assert (result.status, result.skill_id, result.candidate.method) == ("match", skill_id,
                                                                         "fuzzy")


@pytest.mark.parametrize("text", ["R&D", "R & D", "r&d", "React", "C#", "Go", "Golang", "Rust",
                                  "ERP", "Perl", "Q&A", "CRM", "SAP", "Ruby", "PHP"])
def test_short_or_unrelated_tokens_never_false_match(matcher, text):
    result = matcher.match(text)
    assert (result.status, result.skill_id) == ("none", None)


@pytest.mark.parametrize(("text", "skill_id"), [
    ("R", "r"), ("C", "c-cpp"), ("ML", "machine-learning"), ("SQL", "bases-de-donnees"),
    ("C++", "c-cpp"), ("NLP", "nlp"),
])
def test_short_skill_names_alone_match_their_skill(matcher, text, skill_id):
    assert outcome(matcher.match(text)) == ("match", skill_id, "exact", 100.0)


@pytest.mark.parametrize("text", ["allemand courant", "espagnol courant", "italien courant",
                                  "allemand professionnel"])
def test_another_language_is_not_english(matcher, text):
    result = matcher.match(text)
    assert result.skill_id != "anglais"
    assert result.status == MatchStatus.NONE


def test_results_come_one_per_input_in_input_order(matcher):
    inputs = ["SQL", "Python", "jardinage", "pyhton", "SQL", "", "   "]
    results = matcher.match_many(inputs)
    assert [r.input for r in results] == inputs
    assert [r.skill_id for r in results] == [
        "bases-de-donnees", "python", None, "python", "bases-de-donnees", None, None]
    assert [r.status.value for r in results[-2:]] == ["none", "none"]


def test_matching_is_deterministic(referential):
    inputs = [*skill_texts(referential)[::7], "pyhton", "statistqiues", "jardinage", "CNN",
              "probabilités et statistiques"]
    first = Matcher(referential).match_many(inputs)
    again = Matcher(referential).match_many(inputs)
    assert first == again
    assert Matcher(referential).match_many(list(reversed(inputs))) == list(reversed(first))


def test_match_many_equals_match_on_each_item(matcher, referential):
    inputs = [*skill_texts(referential)[::11], "pyhton avancé", "cryptograpie", "R&D",
              "allemand courant", "Python", "Python"]
    assert matcher.match_many(inputs) == [matcher.match(text) for text in inputs]


# -- the review band ---------------------------------------------------------------------------


def mutate(key: str, edits: int) -> str:
    """`key` with `edits` letters replaced, spread over the word."""
    chars = list(key)
    for j in range(edits):
        i = len(key) * (j + 1) // (edits + 1)
        chars[i] = "q" if chars[i] != "q" else "z"
    return "".join(chars)


def band_inputs(matcher: Matcher, referential) -> list[tuple[str, str, float]]:
    """(input, skill id, expected score) for mutated one-word aliases whose similarity to
    their alias lands in [review_threshold, match_threshold) and is the best of every alias."""
    low, high = matcher.settings.review_threshold, matcher.settings.match_threshold
    keys: dict[str, str] = {}
    for skill in referential.skills:
        for text in (skill.label.fr, skill.label.en, skill.id, *(a.text for a in skill.aliases)):
            keys.setdefault(match_key(text), skill.id)
    one_word = [k for k in keys if " " not in k and len(k) >= matcher.settings.min_fuzzy_chars]
    found = []
    for key in sorted(one_word):
        if not key.isalpha() or len(key) < 8:
            continue
        for edits in range(1, len(key) // 3):
            typed = mutate(key, edits)
            score = OSA.normalized_similarity(typed, key) * 100
            others = [OSA.normalized_similarity(typed, k) * 100 for k in one_word if k != key]
            if low <= score < high and max(others) < score and typed not in keys:
                found.append((typed, keys[key], round(score, 1)))
    return found


def test_a_fuzzy_score_between_the_thresholds_is_to_confirm(matcher, referential):
    assert (matcher.settings.review_threshold, matcher.settings.match_threshold) == (78.0, 83.0)
    # "cryptography" with 2 of its 12 letters wrong: similarity 1 - 2/12 = 83.3, a match;
    # "statistique" with 2 of 11 wrong: 81.8, to confirm.
    typed = mutate("statistique", 2)
    assert round(OSA.normalized_similarity(typed, "statistique") * 100, 1) == 81.8
    assert outcome(matcher.match(typed)) == ("to_confirm", "statistiques", "fuzzy", 81.8)

    cases = band_inputs(matcher, referential)
    assert len(cases) >= 20
    results = matcher.match_many([typed for typed, _, _ in cases])
    assert [outcome(r) for r in results] == [("to_confirm", skill_id, "fuzzy", score)
                                             for _, skill_id, score in cases]


def test_the_review_band_boundaries_are_inclusive_below_and_exclusive_above(matcher):
    typed = mutate("statistique", 2)  # 11 letters, 2 wrong: 81.8, just under 83
    assert round(OSA.normalized_similarity(typed, "statistique") * 100, 1) == 81.8
    assert outcome(matcher.match(typed)) == ("to_confirm", "statistiques", "fuzzy", 81.8)
    # With the review threshold at 75, a score of exactly 75.0 is to confirm (inclusive).
    at_75 = Matcher(matcher.referential, MatcherSettings(review_threshold=75.0))
    exactly_75 = mutate("cryptography", 3)  # 12 letters, 3 wrong: exactly 75.0
    assert round(OSA.normalized_similarity(exactly_75, "cryptography") * 100, 1) == 75.0
    assert outcome(at_75.match(exactly_75)) == ("to_confirm", "cryptographie", "fuzzy", 75.0)
    assert outcome(matcher.match(exactly_75))[:2] == ("none", None)  # below 78 by default
    below = mutate("cryptography", 4)  # 66.7: nothing
    assert outcome(matcher.match(below))[:2] == ("none", None)


# -- an adviser's corrections --------------------------------------------------------------


def test_a_learned_alias_matches_its_text_exactly(referential):
    learned = Matcher(referential, extra_aliases=[("dév. IA générative", "deep-learning")])
    for text in ("dév. IA générative", "Dev IA generative", "DÉV IA GÉNÉRATIVE !"):
        result = learned.match(text)
        assert outcome(result) == ("match", "deep-learning", "exact", 100.0), text
        assert result.candidate.alias == "dév. IA générative"


def test_a_rejection_stops_that_match_for_every_spelling_of_the_input(referential):
    corrected = Matcher(referential, rejections=[("Python avancé", "python")])
    for text in ("Python avancé", "PYTHON AVANCÉ", "python  avance"):
        assert corrected.match(text).skill_id != "python", text
    assert outcome(corrected.match("Python avancé")) == ("none", None, None, None)
    # Other inputs are untouched.
    assert outcome(corrected.match("Python")) == ("match", "python", "exact", 100.0)
    assert outcome(corrected.match("Python expert")) == ("match", "python", "alias", 100.0)


# -- naughty strings -------------------------------------------------------------------------


def naughty_strings(shared) -> list[str]:
    """The strings of blns.txt: lines split on LF only (SOURCE.md: some strings hold U+2028
    and other characters `str.splitlines` breaks on), comments and blank lines left out."""
    text = (shared / "peers" / "blns" / "blns.txt").read_bytes().decode("utf-8")
    return [line for line in text.split("\n") if line.strip() and not line.startswith("#")]


#: Naughty strings that name a skill word as a whole word: "XSS" is an alias of
#: `securite-applicative` (cross-site scripting).
NAUGHTY_ALLOWED = {
    '<SCRIPT/XSS SRC="http://ha.ckers.org/xss.js"></SCRIPT>': "securite-applicative",
    '<SCRIPT/SRC="http://ha.ckers.org/xss.js"></SCRIPT>': "securite-applicative",
    "<SCRIPT SRC=http://ha.ckers.org/xss.js?< B >": "securite-applicative",
}


def test_every_naughty_string_gets_one_result_and_never_raises(matcher, shared):
    lines = (shared / "peers" / "blns" / "blns.txt").read_bytes().decode("utf-8").split("\n")
    assert len(lines) == 743  # 742 LF-terminated lines, then the empty rest
    results = matcher.match_many(lines)
    assert [r.input for r in results] == lines
    strings = naughty_strings(shared)
    assert len(strings) == 515
    assert [r.input for r in matcher.match_many(strings)] == strings


def test_no_naughty_string_is_a_match_unless_it_names_a_skill(matcher, shared):
    strings = naughty_strings(shared)
    matched = {r.input: r.skill_id for r in matcher.match_many(strings)
               if r.status == MatchStatus.MATCH}
    assert matched == NAUGHTY_ALLOWED


def test_naughty_strings_give_few_matches_and_few_to_confirm(matcher, shared):
    results = matcher.match_many(naughty_strings(shared))
    matched = [r for r in results if r.status == MatchStatus.MATCH]
    assert len(matched) <= len(NAUGHTY_ALLOWED)
    assert sum(1 for r in results if r.status == MatchStatus.TO_CONFIRM) <= 3


@pytest.mark.parametrize("text", [
    "Ω≈ç√∫˜µ≤≥÷",  # a lone "ç" once the symbols are dropped
    "¸˛Ç◊ı˜Â¯˘¿",
    "⒯⒣⒠ ⒬⒰⒤⒞⒦ ⒝⒭⒪⒲⒩ ⒡⒪⒳",  # NFKD: "(t)(h)(e) (q)(u)(i)(c)(k)..."
    '<img[a][b][c]src[d]=x[e]onerror=[f]"alert(192)">',  # "[c]" is a bracketed detail
    "c\u0489haos",  # an enclosing mark inside "chaos"
])
def test_symbols_around_a_lone_letter_are_not_the_skill_c(matcher, text):
    # Regression: these naughty strings were read as the skill "C".
    result = matcher.match(text)
    assert (result.status, result.skill_id) == ("none", None)


def test_combining_marks_inside_a_word_do_not_split_it(matcher):
    zalgo = "c\u0489haos"
    assert normalize(zalgo).split() == ["chaos"]
    assert matcher.match(zalgo).status == MatchStatus.NONE


def test_control_and_invisible_characters_do_not_stop_a_match(matcher):
    for text in ("\u200bPython", "Py\u00adthon", "\ufeffPython", "Python\x00",
                 unicodedata.normalize("NFD", "Sécurité applicative")):
        assert matcher.match(text).status == MatchStatus.MATCH, repr(text)


# -- measured quality ------------------------------------------------------------------------


def test_dev_set_reaches_the_quality_targets(matcher, referential, shared):
    path = shared / "eval" / "dev.tsv"
    cases = parse_cases(path.read_text(encoding="utf-8"), str(path),
                        {s.id for s in referential.skills})
    assert len(cases) == 54
    report = evaluate(matcher, cases)
    wrong = [(o.case.input, sorted(o.case.expected), o.answer) for o in report.wrong]
    assert report.scores.precision >= 0.97, wrong
    assert report.scores.recall >= 0.93, wrong
    assert report.scores.negatives_rejected >= 0.95, wrong
    assert report.scores.threshold == matcher.settings.match_threshold


# -- the bulk path ---------------------------------------------------------------------------


def varied_inputs(referential, count: int = 400) -> list[str]:
    rng = random.Random(20240117)
    texts = skill_texts(referential)

    def typo(text: str) -> str:
        if len(text) < 2:
            return text
        i = rng.randrange(len(text) - 1)
        kind = rng.randrange(4)
        if kind == 0:
            return text[:i] + text[i + 1] + text[i] + text[i + 2:]
        if kind == 1:
            return text[:i] + text[i + 1:]
        if kind == 2:
            return text[:i] + text[i] + text[i:]
        return text[:i] + rng.choice("aeiouxz") + text[i + 1:]

    inputs: list[str] = []
    while len(inputs) < count:
        text = rng.choice(texts)
        inputs += [typo(text), typo(typo(text)),
                   f"{typo(rng.choice(texts))} et {rng.choice(texts)} avancé",
                   rng.choice(["jardinage", "cuisine", "permis B", "R&D", "React"])]
    return inputs[:count]


def test_bulk_scoring_gives_exactly_the_per_window_results(referential):
    inputs = varied_inputs(referential)
    per_window = Matcher(referential)
    per_window.BULK_WINDOWS = 10**9
    bulk = Matcher(referential)
    bulk.BULK_WINDOWS = 0
    expected = per_window.match_many(inputs)
    assert bulk.match_many(inputs) == expected
    # The inputs exercise every outcome, so the comparison means something.
    assert {r.status for r in expected} == set(MatchStatus)
    assert {r.candidate.method for r in expected if r.candidate} == set(MatchMethod)


def test_bulk_scoring_through_monkeypatch_on_the_class(referential, monkeypatch):
    inputs = varied_inputs(referential, 300)
    expected = Matcher(referential).match_many(inputs)
    monkeypatch.setattr(Matcher, "BULK_WINDOWS", 0)
    assert Matcher(referential).match_many(inputs) == expected
