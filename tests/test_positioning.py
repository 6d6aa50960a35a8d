"""Positioning and gap on the bundled referential (referentiels/profils.yaml).

Hand-computed figures below come from profils.yaml:

- ia-A: 18 skills, 12 essential. Technical block: matrices, fonctions-plusieurs-variables,
  probabilites, statistiques, modelisation, python, r, bases-de-donnees, rgpd, weight 2 each
  (18), all essential but r. Transversal: anglais, culture-generale, aisance-orale, ethique-ia,
  enjeux-environnementaux, weight 1 (5), essential: anglais, aisance-orale, ethique-ia.
  Management: agile, scrum, gantt, pert, weight 1 (4), essential: agile. Total weight 27.
- ia-B adds machine-learning, deep-learning, git (weight 2, essential) and repeats python, r,
  rgpd: 21 skills, total weight 33, 15 essential.
- ia-C adds algorithmie, computer-vision, nlp, apprentissage-renforcement (weight 2,
  essential): 25 skills, total weight 41, 19 essential.
- cyber-A: 8 technical skills of weight 2 (essential), rgpd weight 1 optional, and the nine
  transversal/management skills of weight 1 (essential: anglais, aisance-orale, agile): total
  weight 26, 11 essential.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import yaml

from skillmatch.matcher import Matcher
from skillmatch.model import (
    Block,
    Domain,
    LevelRule,
    MatchStatus,
    Profile,
    ProfileSkill,
    Referential,
    Skill,
    Text,
)
from skillmatch.positioning import (
    HeldSkills,
    assess,
    gap,
    position,
    profile_coverage,
    requirements,
)
from skillmatch.referential import bundled_dir

IA_A_ESSENTIAL_TECH = ("matrices", "fonctions-plusieurs-variables", "probabilites",
                       "statistiques", "modelisation", "python", "bases-de-donnees", "rgpd")


def profile(referential, profile_id):
    found = referential.find_profile(profile_id)
    assert found is not None
    return found


def skills_of(referential, profile_id):
    return frozenset(s.skill_id for s in profile(referential, profile_id).skills)


def levels(referential, held):
    return {p.domain: p.level for p in position(referential, held)}


def coverages(referential, held):
    return {c.profile_id: c for p in position(referential, held) for c in p.profiles}


# -- levels ------------------------------------------------------------------------------------


@pytest.mark.parametrize("domain", ["ia", "cyber"])
def test_every_skill_of_profile_a_reaches_profile_a(referential, domain):
    held = skills_of(referential, f"{domain}-A")
    coverage = coverages(referential, held)[f"{domain}-A"]
    assert (coverage.coverage, coverage.essential_coverage, coverage.reached) == (1.0, 1.0, True)
    assert levels(referential, held)[domain] is not None


@pytest.mark.parametrize("domain", ["ia", "cyber"])
def test_every_skill_of_profile_a_and_nothing_more_is_level_a_not_b(referential, domain):
    held = skills_of(referential, f"{domain}-A")
    assert coverages(referential, held)[f"{domain}-B"].reached is False
    assert levels(referential, held)[domain] == f"{domain}-A"


def test_every_ia_a_skill_gives_the_hand_computed_ia_b_own_coverage(referential):
    # ia-B's own skills: python 2, r 2 (optional), machine-learning 2, deep-learning 2, git 2,
    # rgpd 2; A's skills bring python, r and rgpd: 6 of 12, essential 2 of 5 -> not reached.
    ia_b = coverages(referential, skills_of(referential, "ia-A"))["ia-B"]
    assert (ia_b.held_weight, ia_b.total_weight) == (6, 12)
    assert (ia_b.essential_held, ia_b.essential_total) == (2, 5)
    assert not ia_b.reached


def test_a_person_with_nothing_is_not_yet_a_in_both_domains(referential):
    positions = position(referential, frozenset())
    assert [(p.domain, p.level) for p in positions] == [("ia", None), ("cyber", None)]
    for p in positions:
        assert [c.profile_id for c in p.profiles] == [f"{p.domain}-A", f"{p.domain}-B",
                                                      f"{p.domain}-C"]
        for c in p.profiles:
            assert (c.held_weight, c.essential_held, c.reached) == (0, 0, False)
            assert c.coverage == 0.0


def test_a_person_with_all_ia_skills_reaches_ia_c(referential):
    held = skills_of(referential, "ia-A") | skills_of(referential, "ia-B") \
        | skills_of(referential, "ia-C")
    assert levels(referential, held) == {"ia": "ia-C", "cyber": None}


def test_profile_b_is_not_reached_while_profile_a_is_not(referential):
    # Every skill ia-B lists itself, nothing else of ia-A: B's own coverage is full, but the
    # profile it builds on is not reached (python, r, rgpd: 6 of A's 27 weight).
    held = skills_of(referential, "ia-B")
    by_profile = coverages(referential, held)
    assert (by_profile["ia-B"].coverage, by_profile["ia-B"].reached) == (1.0, False)
    assert (by_profile["ia-A"].held_weight, by_profile["ia-A"].reached) == (6, False)
    assert levels(referential, held)["ia"] is None


# -- coverage ----------------------------------------------------------------------------------


def test_coverage_is_weighted_by_the_profiles_weights(referential):
    held = frozenset({"python", "anglais", "scrum"})  # weights 2, 1, 1
    ia_a = profile_coverage(referential, profile(referential, "ia-A"), held)
    assert (ia_a.held_weight, ia_a.total_weight) == (4, 27)
    assert ia_a.coverage == pytest.approx(4 / 27)
    assert {b.block: (b.held_weight, b.total_weight) for b in ia_a.blocks} == {
        "transversal": (1, 5), "technique": (2, 18), "management": (1, 4)}
    assert [b.block for b in ia_a.blocks] == ["transversal", "technique", "management"]
    ia_b = profile_coverage(referential, profile(referential, "ia-B"), held)
    assert (ia_b.held_weight, ia_b.total_weight) == (4, 33)
    ia_c = profile_coverage(referential, profile(referential, "ia-C"), held)
    assert (ia_c.held_weight, ia_c.total_weight) == (4, 41)
    cyber_a = profile_coverage(referential, profile(referential, "cyber-A"), held)
    assert (cyber_a.held_weight, cyber_a.total_weight) == (2, 26)  # python is not cyber


def test_essential_coverage_counts_essential_skills_not_weights(referential):
    held = frozenset({"python", "anglais", "scrum", "r"})  # scrum and r are optional
    ia_a = profile_coverage(referential, profile(referential, "ia-A"), held)
    assert (ia_a.essential_held, ia_a.essential_total) == (2, 12)
    assert ia_a.essential_coverage == pytest.approx(2 / 12)
    cyber_a = profile_coverage(referential, profile(referential, "cyber-A"), held)
    assert (cyber_a.essential_held, cyber_a.essential_total) == (1, 11)


def test_every_essential_ia_a_skill_is_full_essential_coverage(referential):
    essentials = frozenset(s.skill_id for s in profile(referential, "ia-A").skills
                           if s.essential)
    assert len(essentials) == 12
    ia_a = coverages(referential, essentials)["ia-A"]
    assert ia_a.essential_coverage == 1.0
    assert (ia_a.held_weight, ia_a.total_weight) == (20, 27)
    assert ia_a.reached is True


# -- the level rule at its boundary ---------------------------------------------------------


def test_the_level_rule_is_the_one_of_referentiel_yaml(referential):
    document = yaml.safe_load((bundled_dir() / "referentiel.yaml").read_text(encoding="utf-8"))
    assert document["levels"] == {"coverage": 0.6, "essential": 0.75}
    assert referential.level_rule == LevelRule(coverage=0.6, essential=0.75)


def test_ia_a_is_reached_just_above_both_thresholds(referential):
    # 8 essential technical skills (16) + anglais (1): 17/27 = 63 %, 9/12 essential = 75 %.
    held = frozenset(IA_A_ESSENTIAL_TECH) | {"anglais"}
    ia_a = coverages(referential, held)["ia-A"]
    assert (ia_a.held_weight, ia_a.essential_held) == (17, 9)
    assert ia_a.reached is True
    assert levels(referential, held)["ia"] == "ia-A"


def test_ia_a_is_not_reached_just_below_the_coverage_threshold(referential):
    # 7 essential technical skills (14) + anglais + aisance-orale (2): 16/27 = 59 %, 9/12.
    held = frozenset(IA_A_ESSENTIAL_TECH[:-1]) | {"anglais", "aisance-orale"}
    ia_a = coverages(referential, held)["ia-A"]
    assert (ia_a.held_weight, ia_a.essential_held) == (16, 9)
    assert ia_a.coverage < 0.6 <= Fraction(17, 27)
    assert ia_a.reached is False
    assert levels(referential, held)["ia"] is None


def test_ia_a_is_not_reached_just_below_the_essential_threshold(referential):
    # 8 essential technical skills + r (optional): 18/27 = 67 %, but 8/12 essential = 67 %.
    held = frozenset(IA_A_ESSENTIAL_TECH) | {"r"}
    ia_a = coverages(referential, held)["ia-A"]
    assert (ia_a.held_weight, ia_a.essential_held) == (18, 8)
    assert ia_a.reached is False
    assert levels(referential, held)["ia"] is None


def tiny_referential(rule: LevelRule) -> Referential:
    """One domain, A (5 skills of weight 1, 4 essential) and B building on A."""
    text = Text("x", "x")
    skills = tuple(Skill(f"s{i}", "technique", Text(f"s{i}", f"s{i}")) for i in range(1, 8))
    a = Profile("d-A", "d", "A", text, (
        ProfileSkill("s1"), ProfileSkill("s2"), ProfileSkill("s3"), ProfileSkill("s4"),
        ProfileSkill("s5", essential=False),
    ))
    b = Profile("d-B", "d", "B", text, (
        ProfileSkill("s1", essential=True, weight=3), ProfileSkill("s5", essential=True),
        ProfileSkill("s6", weight=2), ProfileSkill("s7", essential=False),
    ), builds_on="d-A")
    return Referential("t", "1", text, (Domain("d", text),), (Block("technique", text),),
                       skills, (a, b), rule)


def test_a_profile_exactly_at_both_thresholds_is_reached(referential):
    tiny = tiny_referential(referential.level_rule)
    a = profile(tiny, "d-A")
    at = profile_coverage(tiny, a, {"s1", "s2", "s3"})  # 3/5 = 60 %, 3/4 = 75 %
    assert (at.coverage, at.essential_coverage, at.reached) == (0.6, 0.75, True)
    below = profile_coverage(tiny, a, {"s1", "s2", "s5"})  # 60 %, but 2/4 essential
    assert (below.coverage, below.essential_coverage, below.reached) == (0.6, 0.5, False)
    below = profile_coverage(tiny, a, {"s1", "s2"})  # 40 %, 50 %
    assert below.reached is False


def test_a_skill_repeated_in_a_chain_counts_once_with_its_largest_weight(referential):
    tiny = tiny_referential(referential.level_rule)
    items = {i.skill_id: i for i in requirements(tiny, profile(tiny, "d-B"))}
    assert list(items) == ["s1", "s2", "s3", "s4", "s5", "s6", "s7"]
    assert (items["s1"].profile_id, items["s1"].weight, items["s1"].essential) == ("d-A", 3, True)
    # optional in A, essential in B: essential.
    assert (items["s5"].profile_id, items["s5"].essential) == ("d-A", True)
    assert (items["s6"].profile_id, items["s6"].weight) == ("d-B", 2)


# -- gap ---------------------------------------------------------------------------------------


def test_gap_to_ia_b_lists_what_is_missing_from_ia_b_and_ia_a_tagged_by_profile(referential):
    person = HeldSkills(frozenset({"python", "anglais"}), frozenset())
    result = gap(referential, profile(referential, "ia-B"), person)
    assert result.target == "ia-B"
    assert [(i.skill_id, i.profile_id, i.block) for i in result.missing] == [
        ("matrices", "ia-A", "technique"),
        ("fonctions-plusieurs-variables", "ia-A", "technique"),
        ("probabilites", "ia-A", "technique"),
        ("statistiques", "ia-A", "technique"),
        ("modelisation", "ia-A", "technique"),
        ("r", "ia-A", "technique"),
        ("bases-de-donnees", "ia-A", "technique"),
        ("rgpd", "ia-A", "technique"),
        ("culture-generale", "ia-A", "transversal"),
        ("aisance-orale", "ia-A", "transversal"),
        ("ethique-ia", "ia-A", "transversal"),
        ("enjeux-environnementaux", "ia-A", "transversal"),
        ("agile", "ia-A", "management"),
        ("scrum", "ia-A", "management"),
        ("gantt", "ia-A", "management"),
        ("pert", "ia-A", "management"),
        ("machine-learning", "ia-B", "technique"),
        ("deep-learning", "ia-B", "technique"),
        ("git", "ia-B", "technique"),
    ]
    assert [(i.skill_id, i.profile_id) for i in result.held] == [("python", "ia-A"),
                                                                  ("anglais", "ia-A")]
    assert result.to_confirm == ()
    assert (result.coverage.profile_id, result.coverage.held_weight,
            result.coverage.total_weight) == ("ia-B", 3, 33)


def test_a_skill_required_by_a_and_b_appears_once_tagged_with_a(referential):
    required = requirements(referential, profile(referential, "ia-B"))
    ids = [i.skill_id for i in required]
    assert len(ids) == len(set(ids)) == 21
    by_id = {i.skill_id: i for i in required}
    for skill_id in ("python", "r", "rgpd"):
        assert by_id[skill_id].profile_id == "ia-A"
        assert by_id[skill_id].weight == 2
    assert by_id["r"].essential is False
    assert by_id["machine-learning"].profile_id == "ia-B"
    result = gap(referential, profile(referential, "ia-C"), HeldSkills(frozenset(), frozenset()))
    ids = [i.skill_id for i in result.missing]
    assert len(ids) == len(set(ids)) == 25
    assert ids.count("rgpd") == 1


def test_to_confirm_skills_are_listed_apart_and_not_counted_as_held(referential):
    person = HeldSkills(frozenset({"python"}), frozenset({"machine-learning", "statistiques"}))
    result = gap(referential, profile(referential, "ia-B"), person)
    assert [(i.skill_id, i.profile_id) for i in result.to_confirm] == [
        ("statistiques", "ia-A"), ("machine-learning", "ia-B")]
    missing = {i.skill_id for i in result.missing}
    assert not missing & {"python", "machine-learning", "statistiques"}
    assert len(result.missing) == 21 - 3
    assert [i.skill_id for i in result.held] == ["python"]
    assert result.coverage.held_weight == 2  # python only
    assert result.coverage.essential_held == 1


def test_held_skills_from_matches_separate_matches_from_skills_to_confirm(referential):
    matcher = Matcher(referential)
    # "staqistqque" is "statistique" with 2 of 11 letters wrong: 81.8, to confirm;
    # "cryqtoqraphie" is "cryptographie" with 2 of 13 wrong... 84.6, a match: use 10 letters,
    # "cryptologi" -> "cryqtoloqi" (2 of 10 wrong: 80.0, to confirm).
    results = matcher.match_many(["Python", "staqistqque", "jardinage", "pyhton",
                                  "cryqtoloqie", "Cryptographie"])
    assert [r.status for r in results] == [
        MatchStatus.MATCH, MatchStatus.TO_CONFIRM, MatchStatus.NONE, MatchStatus.MATCH,
        MatchStatus.TO_CONFIRM, MatchStatus.MATCH]
    person = HeldSkills.from_matches(results)
    # cryptographie is both matched and to confirm: it is held.
    assert person == HeldSkills(frozenset({"python", "cryptographie"}),
                                frozenset({"statistiques"}))


def test_assess_gives_matches_positions_and_the_gap_to_the_target(referential):
    matcher = Matcher(referential)
    matches = matcher.match_many(["Python", "machine learning", "staqistqque", "jardinage"])
    result = assess(referential, matches, profile(referential, "ia-B"))
    assert result.matches == tuple(matches)
    assert [(p.domain, p.level) for p in result.positions] == [("ia", None), ("cyber", None)]
    assert result.gap is not None
    assert [i.skill_id for i in result.gap.held] == ["python", "machine-learning"]
    assert [i.skill_id for i in result.gap.to_confirm] == ["statistiques"]
    assert result.gap.coverage.held_weight == 4
    assert assess(referential, matches).gap is None


def test_gap_with_every_required_skill_has_nothing_missing(referential):
    held = frozenset(i.skill_id for i in requirements(referential, profile(referential,
                                                                           "cyber-C")))
    result = gap(referential, profile(referential, "cyber-C"), HeldSkills(held, frozenset()))
    assert result.missing == ()
    assert result.coverage.coverage == 1.0
    assert result.coverage.reached is True
