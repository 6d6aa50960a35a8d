"""Positioning with declared levels (0 none, 1 notions, 2 practised, 3 expert).

A profile requires its skills at its default level (A 1, B 2, C 3) unless a profile entry says
`level:`; over a chain (C on B on A) the largest level holds. A held skill without a declared
level meets any level; a declared level meets the levels up to it; declared 0 removes a
skill read in the text, declared 1 or more adds one the person did not write.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from skillmatch.model import DEFAULT_REQUIRED_LEVEL
from skillmatch.positioning import (
    HeldSkills,
    assess,
    gap,
    position,
    profile_coverage,
    requirements,
)
from skillmatch.referential import load_referential

LEVELS_REFERENTIAL = Path(__file__).parent / "fixtures" / "person" / "referential_levels"


def held_skills(matcher, texts: list[str], levels: dict[str, int] | None = None) -> HeldSkills:
    return HeldSkills.from_matches(matcher.match_many(texts), levels)


def item(referential, profile_id: str, skill_id: str):
    profile = referential.find_profile(profile_id)
    return next(i for i in requirements(referential, profile) if i.skill_id == skill_id)


def by_id(items) -> dict:
    return {i.skill_id: i for i in items}


# -- required levels ------------------------------------------------------------------------------


def test_default_required_levels():
    assert DEFAULT_REQUIRED_LEVEL == {"A": 1, "B": 2, "C": 3}


def test_requirements_take_the_largest_level_of_the_chain(referential):
    python = item(referential, "ia-B", "python")
    assert (python.level, python.profile_id) == (2, "ia-A")  # tagged with the most basic
    assert item(referential, "ia-A", "python").level == 1
    assert item(referential, "ia-B", "matrices").level == 1  # only ia-A lists it
    assert item(referential, "ia-B", "git").level == 2
    assert (item(referential, "ia-C", "rgpd").level, item(referential, "ia-C", "rgpd")
            .profile_id) == (3, "ia-A")


def test_a_profile_entry_level_overrides_the_default():
    referential = load_referential(LEVELS_REFERENTIAL)
    data_a = by_id(requirements(referential, referential.find_profile("data-A")))
    assert data_a["python"].level == 3  # `level: 3`, not A's default 1
    assert data_a["anglais"].level == 1  # no `level:`: A's default
    data_b = by_id(requirements(referential, referential.find_profile("data-B")))
    assert data_b["python"].level == 3  # data-B says 1: the chain's largest holds
    assert data_b["python"].profile_id == "data-A"
    assert data_b["sql"].level == 2  # B's default


def test_an_entry_level_is_what_a_declared_level_must_meet():
    from skillmatch.matcher import Matcher

    referential = load_referential(LEVELS_REFERENTIAL)
    matcher = Matcher(referential)
    data_a = referential.find_profile("data-A")
    practised = gap(referential, data_a, held_skills(matcher, ["Python", "anglais"],
                                                      {"python": 2}))
    assert [(i.skill_id, i.declared, i.level) for i in practised.missing] == [("python", 2, 3)]
    expert = gap(referential, data_a, held_skills(matcher, ["Python", "anglais"],
                                                   {"python": 3}))
    assert expert.missing == ()
    assert expert.coverage.coverage == 1.0


def test_an_entry_level_out_of_the_scale_is_refused(run, tmp_path):
    directory = tmp_path / "referential"
    shutil.copytree(LEVELS_REFERENTIAL, directory)
    profiles = directory / "profils.yaml"
    profiles.write_text(profiles.read_text(encoding="utf-8").replace(
        "{skill: python, level: 3}", "{skill: python, level: 5}"), encoding="utf-8")
    result = run("validate", str(directory))
    assert result.exit_code == 3, result.stdout
    assert "profils.yaml, ligne 10, colonne 32 dans profiles[0].skills[1].level" in result.stdout
    assert "niveau requis 5 invalide" in result.stdout
    # Every command refuses that referential.
    used = run("gap", "-s", "Python", "-t", "data-A", "-r", str(directory))
    assert used.exit_code == 3
    assert "profiles[0].skills[1].level" in used.stderr


# -- declared levels ------------------------------------------------------------------------------


def test_declared_1_meets_a_required_1_not_a_required_2(referential, matcher):
    person = held_skills(matcher, ["Python"], {"python": 1})
    assert person.meets(item(referential, "ia-A", "python"))
    assert not person.meets(item(referential, "ia-B", "python"))

    to_a = gap(referential, referential.find_profile("ia-A"), person)
    assert "python" in by_id(to_a.held)
    to_b = gap(referential, referential.find_profile("ia-B"), person)
    missing = by_id(to_b.missing)
    assert (missing["python"].level, missing["python"].declared) == (2, 1)
    assert "python" not in by_id(to_b.held)
    assert "python" not in by_id(to_b.to_confirm)


def test_a_held_skill_without_a_declared_level_meets_any_level(referential, matcher):
    person = held_skills(matcher, ["Python"])
    python = item(referential, "ia-B", "python")
    for level in (0, 1, 2, 3):
        assert person.meets(replace(python, level=level))
    to_b = gap(referential, referential.find_profile("ia-B"), person)
    assert by_id(to_b.held)["python"].declared is None
    # Another skill's declared level does not change that.
    other = held_skills(matcher, ["Python"], {"git": 1})
    assert other.meets(replace(python, level=3))


def test_declared_0_removes_a_skill_read_in_the_text(referential, matcher):
    person = held_skills(matcher, ["Python", "statistiques"], {"python": 0})
    assert "python" not in person.held
    assert "statistiques" in person.held
    result = gap(referential, referential.find_profile("ia-A"), person)
    assert by_id(result.missing)["python"].declared == 0


def test_a_declared_level_adds_a_skill_not_written(referential, matcher):
    person = held_skills(matcher, ["Python"], {"git": 2, "rgpd": 1})
    assert {"python", "git", "rgpd"} <= person.held
    result = gap(referential, referential.find_profile("ia-B"), person)
    assert by_id(result.held)["git"].declared == 2
    # rgpd is required at 2 in ia-B: declared 1 is held, not enough.
    assert (by_id(result.missing)["rgpd"].declared, by_id(result.missing)["rgpd"].level) == (1, 2)


def test_declared_0_on_a_skill_to_confirm_makes_it_missing(referential, matcher):
    person = held_skills(matcher, ["staqistqque"], {"statistiques": 0})
    assert "statistiques" not in person.to_confirm
    result = gap(referential, referential.find_profile("ia-A"), person)
    assert "statistiques" in by_id(result.missing)


# -- coverage and position with levels ------------------------------------------------------------


def test_profile_coverage_counts_a_skill_only_at_its_level(referential):
    ia_a = referential.find_profile("ia-A")
    ia_b = referential.find_profile("ia-B")
    held = {"python"}
    assert profile_coverage(referential, ia_a, held, levels={"python": 1}).held_weight == 2
    assert profile_coverage(referential, ia_b, held, levels={"python": 1}).held_weight == 0
    assert profile_coverage(referential, ia_b, held, levels={"python": 2}).held_weight == 2
    assert profile_coverage(referential, ia_b, held).held_weight == 2  # no level declared


def test_gap_coverage_agrees_with_the_held_list(referential, matcher):
    person = held_skills(matcher, ["Python", "statistiques", "git"],
                         {"python": 1, "statistiques": 3})
    result = gap(referential, referential.find_profile("ia-B"), person)
    assert result.coverage.held_weight == sum(i.weight for i in result.held)
    assert set(by_id(result.held)) == {"statistiques", "git"}


def test_position_uses_each_profiles_own_levels(referential, matcher):
    texts = ["matrices", "fonctions à plusieurs variables", "probabilités", "statistiques",
             "modélisation", "Python", "R", "SQL", "RGPD", "anglais", "culture générale",
             "aisance à l'oral", "éthique de l'IA", "méthodes agiles",
             "machine learning", "deep learning", "git"]
    matches = matcher.match_many(texts)
    assert all(m.skill_id for m in matches), [m.input for m in matches if not m.skill_id]
    ia = {p.domain: p for p in position(referential, HeldSkills.from_matches(matches).held)}["ia"]
    assert ia.level == "ia-B"
    # Notions (1) everywhere: A's skills are met, B's (required 2) are not.
    notions = {m.skill_id: 1 for m in matches if m.skill_id}
    person = HeldSkills.from_matches(matches, notions)
    ia = {p.domain: p for p in position(referential, person.held, person.levels)}["ia"]
    assert ia.level == "ia-A"


def test_assess_passes_levels_to_positions_and_gap(referential, matcher):
    result = assess(referential, matcher.match_many(["Python"]),
                    referential.find_profile("ia-B"), {"python": 1})
    assert result.gap is not None
    assert (by_id(result.gap.missing)["python"].declared,
            by_id(result.gap.missing)["python"].level) == (1, 2)


# -- through the CLI ------------------------------------------------------------------------------


def test_gap_json_shows_required_and_declared_levels(run):
    person = Path(__file__).parent / "fixtures" / "person" / "levels.yaml"
    result = run("gap", "--person", str(person), "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)["gap"]
    assert document["target"] == "ia-B"
    missing = {i["skill_id"]: i for i in document["missing"]}
    held = {i["skill_id"]: i for i in document["held"]}
    assert (missing["python"]["required_level"], missing["python"]["declared_level"]) == (2, 1)
    assert (held["git"]["required_level"], held["git"]["declared_level"]) == (2, 2)
    assert (held["statistiques"]["required_level"],
            held["statistiques"]["declared_level"]) == (1, None)


def test_gap_table_shows_declared_over_required(run):
    person = Path(__file__).parent / "fixtures" / "person" / "levels.yaml"
    result = run("gap", "--person", str(person))
    assert result.exit_code == 0, result.stderr
    missing = result.stdout.split("Compétences manquantes")[1]
    assert "Niv. déclaré/requis" in missing
    python = next(line for line in missing.splitlines() if "(python)" in line)
    assert python.rstrip(" |").endswith("1/2")
