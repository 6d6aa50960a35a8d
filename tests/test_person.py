"""Person files (`--person FILE`) and learned corrections (`--learn FILE`), through the CLI.

A person file holds what the person wrote, the adviser's decisions (`confirmed`, `rejected`),
the declared levels and the target; a learn file layers aliases and rejections on the matcher
for match, gap, recommend and batch. Fixtures: tests/fixtures/person/ (see its README).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PERSON = Path(__file__).parent / "fixtures" / "person"
SKILLS = "Python, statistiques, machine learning"  # the skills of basic.yaml / basic.json


def gap_json(run, *args: str) -> dict:
    result = run("gap", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def ids(items: list[dict]) -> list[str]:
    return [item["skill_id"] for item in items]


def statuses(document: dict) -> dict[str, tuple[str | None, str]]:
    return {r["input"]: (r["skill_id"], r["status"]) for r in document["results"]}


def assert_data_error(result, path: Path, place: str) -> None:
    """Exit 3, one message naming the file, the line and the place inside the document."""
    assert result.exit_code == 3, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("skillmatch: erreur: 1 problème(s) dans les données")
    assert f"{path}, {place}" in result.stderr, result.stderr


# -- person files: same reading as --skills -------------------------------------------------------


@pytest.mark.parametrize("name", ["basic.yaml", "basic.json"])
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_person_file_without_decisions_reads_like_skills(run, name, fmt):
    by_file = run("gap", "--person", str(PERSON / name), "-t", "ia-B", "-f", fmt)
    by_option = run("gap", "--skills", SKILLS, "-t", "ia-B", "-f", fmt)
    assert by_file.exit_code == by_option.exit_code == 0, by_file.stderr
    assert by_file.stdout == by_option.stdout


def test_person_skills_come_first_and_skills_option_adds_to_them(run):
    document = gap_json(run, "--person", str(PERSON / "basic.yaml"), "-s", "git; anglais",
                        "-t", "ia-B")
    assert [r["input"] for r in document["results"]] == [
        "Python", "statistiques", "machine learning", "git", "anglais"]
    assert {"python", "git", "anglais"} <= set(ids(document["gap"]["held"]))


def test_match_reads_the_person_file_too(run):
    result = run("match", "--person", str(PERSON / "basic.yaml"), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert statuses(json.loads(result.stdout)) == {
        "Python": ("python", "match"), "statistiques": ("statistiques", "match"),
        "machine learning": ("machine-learning", "match")}


# -- the adviser's decisions ----------------------------------------------------------------------


def test_confirmed_turns_a_reading_to_confirm_into_a_match(run):
    plain = gap_json(run, "-s", "Python, staqistqque", "-t", "ia-A")
    assert statuses(plain)["staqistqque"] == ("statistiques", "to_confirm")
    assert "statistiques" in ids(plain["gap"]["to_confirm"])

    decided = gap_json(run, "--person", str(PERSON / "confirmed.yaml"), "-t", "ia-A")
    assert statuses(decided)["staqistqque"] == ("statistiques", "match")
    assert decided["gap"]["to_confirm"] == []
    assert "statistiques" in ids(decided["gap"]["held"])
    assert decided["gap"]["coverage"]["coverage"] > plain["gap"]["coverage"]["coverage"]


def test_confirmed_to_another_skill_takes_the_advisers_choice(run):
    document = gap_json(run, "--person", str(PERSON / "confirmed_other_skill.yaml"),
                        "-t", "ia-A")
    assert statuses(document)["staqistqque"] == ("probabilites", "match")
    held = ids(document["gap"]["held"])
    assert "probabilites" in held
    assert "statistiques" not in held
    assert "statistiques" not in ids(document["gap"]["to_confirm"])


def test_rejected_turns_a_match_into_none(run):
    document = gap_json(run, "--person", str(PERSON / "rejected.yaml"), "-t", "ia-A")
    assert statuses(document)["Python"] == (None, "none")
    assert statuses(document)["statistiques"] == ("statistiques", "match")
    assert "python" in ids(document["gap"]["missing"])
    assert "python" not in ids(document["gap"]["held"])


# -- the target -----------------------------------------------------------------------------------


def test_the_persons_target_is_used_when_target_is_absent(run):
    assert gap_json(run, "--person", str(PERSON / "with_target.yaml"))["gap"]["target"] == "ia-B"


def test_target_option_overrides_the_persons_target(run):
    document = gap_json(run, "--person", str(PERSON / "with_target.yaml"), "-t", "ia-A")
    assert document["gap"]["target"] == "ia-A"


def test_recommend_takes_the_persons_target(run):
    without = run("recommend", "-s", SKILLS, "-f", "json")
    assert without.exit_code == 2  # no target anywhere
    result = run("recommend", "--person", str(PERSON / "with_target.yaml"), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["gap"]["target"] == "ia-B"


# -- bad person files -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "place", "message"), [
    ("bad_level_unknown_skill.yaml", "ligne 5, colonne 14 dans person.levels.cuisine",
     "compétence inconnue « cuisine »"),
    ("bad_confirmed_unknown_skill.yaml",
     "ligne 4, colonne 20 dans person.confirmed.staqistqque", "compétence inconnue « statistics »"),
    ("bad_level_4.yaml", "ligne 4, colonne 13 dans person.levels.python", "4 invalide"),
    ("bad_level.json", "ligne 5, colonne 17 dans person.levels.python", "4 invalide"),
    ("bad_level_two.yaml", "ligne 4, colonne 13 dans person.levels.python",
     "attendu : un entier ; trouvé : un texte"),
    ("bad_target.yaml", "ligne 3, colonne 11 dans person.target", "profil inconnu « ia-Z »"),
    ("bad_missing_skills.yaml", "ligne 2, colonne 3 dans person",
     "clé obligatoire « skills » absente"),
    ("bad_not_yaml.yaml", "ligne 3, colonne 3", "crochet ou une accolade n'est pas fermé"),
])
def test_a_bad_person_file_is_refused_with_its_place(run, name, place, message):
    path = PERSON / name
    result = run("gap", "--person", str(path), "-t", "ia-A")
    assert_data_error(result, path, place)
    assert message in result.stderr


def test_a_bad_person_file_is_refused_by_every_command(run):
    path = PERSON / "bad_level_4.yaml"
    for command in (("match",), ("gap",), ("recommend", "-t", "ia-A")):
        result = run(*command, "--person", str(path))
        assert_data_error(result, path, "ligne 4, colonne 13 dans person.levels.python")


def test_a_bad_declared_level_is_not_called_a_required_level(run):
    result = run("gap", "--person", str(PERSON / "bad_level_4.yaml"), "-t", "ia-A")
    assert result.exit_code == 3
    assert "requis" not in result.stderr


def test_a_missing_person_file_exits_4(run, tmp_path):
    missing = tmp_path / "absent.yaml"
    result = run("gap", "--person", str(missing), "-t", "ia-A")
    assert result.exit_code == 4
    assert result.stderr == f"skillmatch: erreur: fichier ou dossier introuvable : {missing}\n"


def test_an_english_error_names_the_same_place(run):
    path = PERSON / "bad_level_4.yaml"
    result = run("gap", "--person", str(path), "--lang", "en")
    assert result.exit_code == 3
    assert f"{path}, line 4, column 13 at person.levels.python" in result.stderr


# -- learn files: aliases -------------------------------------------------------------------------

ALIAS = PERSON / "learn_alias.yaml"
REJECTION = PERSON / "learn_rejection.yaml"
GENAI = "dév. IA générative"  # the referential reads nlp ("IA générative"); learned: deep-learning


def test_learned_alias_in_match(run):
    plain = run("match", "-s", GENAI, "-f", "json")
    assert statuses(json.loads(plain.stdout))[GENAI] == ("nlp", "match")
    learned = run("match", "-s", GENAI, "--learn", str(ALIAS), "-f", "json")
    assert learned.exit_code == 0, learned.stderr
    assert statuses(json.loads(learned.stdout))[GENAI] == ("deep-learning", "match")


def test_learned_alias_in_gap(run):
    assert "deep-learning" in ids(gap_json(run, "-s", GENAI, "-t", "ia-B")["gap"]["missing"])
    document = gap_json(run, "-s", GENAI, "-t", "ia-B", "--learn", str(ALIAS))
    assert "deep-learning" in ids(document["gap"]["held"])


def test_learned_alias_with_a_person_file(run):
    document = gap_json(run, "--person", str(PERSON / "basic.yaml"), "-s", GENAI,
                        "--learn", str(ALIAS), "-t", "ia-B")
    assert {"python", "machine-learning", "deep-learning"} <= set(ids(document["gap"]["held"]))


def test_learned_alias_in_recommend(run):
    result = run("recommend", "-s", GENAI, "-t", "ia-B", "--learn", str(ALIAS), "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert statuses(document)[GENAI] == ("deep-learning", "match")
    assert "deep-learning" in ids(document["gap"]["held"])


def batch_rows(run, *args: str) -> dict[str, dict]:
    result = run("batch", str(PERSON / "people.csv"), "-t", "ia-B", "-f", "jsonl", *args)
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return {row["id"]: row for row in rows}


def test_learned_alias_and_rejection_in_batch(run):
    plain = batch_rows(run)
    assert "nlp" in plain["P1"]["matched"]
    assert "python" in plain["P2"]["matched"]
    rows = batch_rows(run, "--learn", str(ALIAS))
    assert "deep-learning" in rows["P1"]["matched"]
    assert "nlp" not in rows["P1"]["matched"]
    rows = batch_rows(run, "--learn", str(REJECTION))
    assert "python" not in rows["P2"]["matched"]
    assert "Python avancé" in rows["P2"]["unmatched"]
    assert "python" in rows["P2"]["missing"]
    assert "git" in rows["P2"]["matched"]


# -- learn files: rejections ----------------------------------------------------------------------


def test_learned_rejection_in_match(run):
    assert statuses(json.loads(run("match", "-s", "Python avancé", "-f", "json").stdout)) == {
        "Python avancé": ("python", "match")}
    result = run("match", "-s", "Python avancé; Python", "--learn", str(REJECTION), "-f", "json")
    assert result.exit_code == 0, result.stderr
    # Only that text is refused: "Python" alone still reads python.
    assert statuses(json.loads(result.stdout)) == {"Python avancé": (None, "none"),
                                                   "Python": ("python", "match")}


def test_learned_rejection_in_gap_and_recommend(run):
    document = gap_json(run, "-s", "Python avancé", "-t", "ia-A", "--learn", str(REJECTION))
    assert "python" in ids(document["gap"]["missing"])
    result = run("recommend", "-s", "Python avancé", "-t", "ia-A", "--learn", str(REJECTION),
                 "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "python" in ids(json.loads(result.stdout)["gap"]["missing"])


def test_a_learn_file_naming_an_unknown_skill_exits_3(run):
    path = PERSON / "learn_unknown_skill.yaml"
    for command in (("match", "-s", GENAI), ("gap", "-s", GENAI, "-t", "ia-B"),
                    ("batch", str(PERSON / "people.csv"), "-t", "ia-B")):
        result = run(*command, "--learn", str(path))
        assert_data_error(result, path, "ligne 3, colonne 43 dans learned.aliases[0].skill")
        assert "compétence inconnue « genai »" in result.stderr


@pytest.mark.parametrize("command", [("match", "-s", GENAI), ("gap", "-s", GENAI, "-t", "ia-B"),
                                     ("batch", str(PERSON / "people.csv"), "-t", "ia-B")])
def test_a_missing_learn_file_exits_4_for_read_only_commands(run, tmp_path, command):
    """Today `load_learned` returns no corrections for a missing file, so that
    `assess --learn NEW` can create it (tested in test_assess.py); read-only commands inherit
    that and exit 0 as if the corrections were applied."""
    missing = tmp_path / "absent.yaml"
    result = run(*command, "--learn", str(missing))
    assert result.exit_code == 4
    assert f"fichier ou dossier introuvable : {missing}" in result.stderr
