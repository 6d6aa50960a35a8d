"""`skillmatch recommend` end to end, as an adviser runs it: the table (French by default,
English with --lang en), the JSON and the CSV, every constraint honoured, and constraints no
formation can meet answered with a clear message and still a path, never an empty screen.

All runs use the bundled referential and catalogue unless said otherwise.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from skillmatch.catalogue import default_catalogue_path, load_catalogue
from skillmatch.model import Referential
from skillmatch.referential import bundled_dir

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "referential" / "valid"

PYTHON_ONLY = ("--skills", "python", "--target", "ia-B")
#: Every skill of ia-A, by id (ids are aliases of their skill).
IA_A = ("matrices, fonctions-plusieurs-variables, probabilites, statistiques, modelisation, "
        "python, r, bases-de-donnees, rgpd, anglais, culture-generale, aisance-orale, "
        "ethique-ia, enjeux-environnementaux, agile, scrum, gantt, pert")
IA_B_EXTRA = "machine-learning, deep-learning, git"


def recommend_json(run, *args: str) -> dict[str, Any]:
    result = run("recommend", *args, "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def recommend_table(run, *args: str) -> str:
    result = run("recommend", *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    text: str = result.stdout
    return text


def flat(text: str) -> str:
    """The table wraps long lines at 80 columns: compare words, not line breaks."""
    return " ".join(text.split())


def ids(path: dict[str, Any]) -> list[str]:
    return [f["id"] for f in path["formations"]]


def codes(path: dict[str, Any]) -> list[str]:
    return [n["code"] for n in path["notices"]]


@pytest.fixture(scope="module")
def catalogue_by_id(referential: Referential) -> dict[str, Any]:
    cat = load_catalogue(default_catalogue_path(bundled_dir()), referential)
    return {f.id: f for f in cat.formations}


# -- the table ---------------------------------------------------------------------------------


def test_table_in_french_shows_path_totals_and_disclaimer(run) -> None:
    text = recommend_table(run, *PYTHON_ONLY)
    words = flat(text)
    assert "Parcours suggéré (coût minimal)" in text
    assert "Total :" in text
    assert "formation(s)" in words and " €" in words
    assert "Ce sont des suggestions, à discuter entre le conseiller et la personne" in words
    assert "skillmatch-92" in words
    assert "Écart au profil ia-B" in text  # the gap comes before the path
    assert text.index("Écart au profil ia-B") < text.index("Parcours suggéré")


def test_table_in_english_with_lang_en(run) -> None:
    text = recommend_table(run, *PYTHON_ONLY, "--lang", "en")
    words = flat(text)
    assert "Suggested path (least cost)" in text
    assert "Total:" in text
    assert "These are suggestions for the adviser and the person to discuss" in words
    for french in ("Parcours suggéré", "Total :", "Ce sont des suggestions", "Reste à couvrir"):
        assert french not in text


def test_table_in_english_from_the_environment(run) -> None:
    result = run("recommend", *PYTHON_ONLY, env={"SKILLMATCH_LANG": "en"})
    assert result.exit_code == 0
    assert "Suggested path" in result.stdout


def test_table_names_the_objective(run) -> None:
    assert "Parcours suggéré (nombre minimal de formations)" in recommend_table(
        run, *PYTHON_ONLY, "--optimise", "count")
    hours = recommend_table(run, *PYTHON_ONLY, "--optimise", "hours", "--lang", "en")
    count = recommend_table(run, *PYTHON_ONLY, "--optimize", "count", "--lang", "en")
    assert "Suggested path (least hours)" in hours
    assert "Suggested path (least number of formations)" in count


def test_table_heading_for_hours_is_correct_french(run) -> None:
    text = recommend_table(run, *PYTHON_ONLY, "--optimise", "hours")
    assert "Parcours suggéré" in text
    assert "au moindre durée" not in text


def test_table_shows_each_formation_of_the_path(run) -> None:
    path = recommend_json(run, *PYTHON_ONLY)["path"]
    text = flat(recommend_table(run, *PYTHON_ONLY))
    for f in path["formations"]:
        # The title may be shortened to fit: its first words are there, and the organism.
        assert " ".join(f["title"].split()[:2]) in text, f["id"]
        assert f["organism"].split()[0] in text, f["id"]


@pytest.mark.parametrize("extra", [
    (), ("--lang", "en"), ("--budget", "1"), ("--budget", "300"), ("--department", "999"),
    ("--delivery", "par pigeon"), ("--max-hours", "100", "--lang", "en"),
    ("--optimise", "count", "--cpf-only"),
], ids=["fr", "en", "budget-1", "budget-300", "dept-999", "pigeon", "hours-en", "count-cpf"])
def test_table_fits_80_columns_when_not_a_terminal(run, extra: tuple[str, ...]) -> None:
    text = recommend_table(run, *PYTHON_ONLY, *extra)
    too_wide = [line for line in text.splitlines() if len(line) > 80]
    assert too_wide == []


def test_table_lists_the_residual_gap_by_name(run) -> None:
    text = flat(recommend_table(run, *PYTHON_ONLY, "--delivery", "distanciel"))
    path = recommend_json(run, *PYTHON_ONLY, "--delivery", "distanciel")["path"]
    assert path["residual"]
    assert f"Reste à couvrir ({len(path['residual'])}) :" in text
    assert "Matrices / algèbre linéaire (matrices)" in text


# -- JSON ----------------------------------------------------------------------------------------


def test_json_has_the_documented_keys(run) -> None:
    doc = recommend_json(run, *PYTHON_ONLY)
    assert {"results", "positions", "gap", "catalogue", "path"} <= doc.keys()
    assert doc["catalogue"]["id"] == "skillmatch-92"
    path = doc["path"]
    assert {"formations", "totals", "residual", "notices", "optimal"} <= path.keys()
    assert path["formations"]
    for f in path["formations"]:
        assert {"id", "covers", "cost_eur", "hours", "title", "organism", "format",
                "department", "level", "cpf", "provenance"} <= f.keys()
    assert set(path["totals"]) >= {"cost_eur", "hours", "count"}
    assert path["optimal"] is True
    assert path["notices"] == []


def test_json_path_is_consistent_with_the_gap_and_the_catalogue(
        run, catalogue_by_id: dict[str, Any]) -> None:
    doc = recommend_json(run, *PYTHON_ONLY)
    path = doc["path"]
    missing = [m["skill_id"] for m in doc["gap"]["missing"]]
    covered = {s for f in path["formations"] for s in f["covers"]}
    assert covered <= set(missing)
    assert path["residual"] == [s for s in missing if s not in covered]
    assert path["totals"]["count"] == len(path["formations"])
    assert path["totals"]["cost_eur"] == sum(f["cost_eur"] for f in path["formations"])
    assert path["totals"]["hours"] == sum(f["hours"] for f in path["formations"])
    for f in path["formations"]:
        known = catalogue_by_id[f["id"]]
        assert f["cost_eur"] == known.cost_eur and f["hours"] == known.hours
        assert f["covers"] == [s for s in missing if s in known.skills]
        assert f["covers"], "every formation of the path covers part of the gap"
    # With no constraint the whole gap is covered: the bundled catalogue covers every skill.
    assert path["residual"] == []


def test_json_provenance_says_what_is_estimated(run) -> None:
    path = recommend_json(run, *PYTHON_ONLY)["path"]
    for f in path["formations"]:
        assert "skills" in f["provenance"]["estimated"]
        assert "cost_eur" in f["provenance"]["estimated"] + f["provenance"]["from_seeds"]


def test_json_is_the_same_twice(run) -> None:
    first = recommend_json(run, *PYTHON_ONLY, "--budget", "300")
    again = recommend_json(run, *PYTHON_ONLY, "--budget", "300")
    assert first == again


# -- CSV -----------------------------------------------------------------------------------------


def read_csv(run, *args: str) -> list[dict[str, str]]:
    result = run("recommend", *args, "--format", "csv")
    assert result.exit_code == 0, result.stdout + result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_csv_one_row_per_formation_then_residual_rows(run) -> None:
    args = (*PYTHON_ONLY, "--delivery", "distanciel")
    rows = read_csv(run, *args)
    path = recommend_json(run, *args)["path"]
    kinds = [r["row"] for r in rows]
    n = len(path["formations"])
    assert kinds == ["formation"] * n + ["residual"] * len(path["residual"])
    assert path["residual"], "this case leaves a residual gap"
    formations, residual = rows[:n], rows[n:]
    assert [r["id"] for r in formations] == ids(path)
    for row, f in zip(formations, path["formations"], strict=True):
        assert row["covers"].split("|") == f["covers"]
        assert float(row["cost_eur"]) == f["cost_eur"]
        assert float(row["hours"]) == f["hours"]
        assert row["format"] == f["format"] == "distanciel"
        assert row["title"] == f["title"]
    assert [r["covers"] for r in residual] == path["residual"]
    assert all(r["id"] == "" and r["cost_eur"] == "" for r in residual)
    assert residual[0]["title"] == "Matrices / algèbre linéaire"  # the label, in French


def test_csv_header(run) -> None:
    result = run("recommend", *PYTHON_ONLY, "--format", "csv")
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert header[:7] == ["row", "id", "title", "organism", "covers", "cost_eur", "hours"]
    assert {"format", "department", "level", "cpf"} <= set(header)


def test_csv_without_residual_has_only_formation_rows(run) -> None:
    rows = read_csv(run, *PYTHON_ONLY)
    assert rows and {r["row"] for r in rows} == {"formation"}


# -- constraints, end to end ---------------------------------------------------------------------


def test_budget_is_honoured(run) -> None:
    path = recommend_json(run, *PYTHON_ONLY, "--budget", "300")["path"]
    assert path["constraints"]["budget"] == 300
    assert path["formations"]
    assert path["totals"]["cost_eur"] <= 300


def test_max_hours_is_honoured(run) -> None:
    path = recommend_json(run, *PYTHON_ONLY, "--max-hours", "100")["path"]
    assert path["formations"]
    assert path["totals"]["hours"] <= 100


@pytest.mark.parametrize("written", ["distanciel", "Distanciel", "DISTANCIEL"])
def test_delivery_distanciel_is_honoured(run, written: str) -> None:
    path = recommend_json(run, *PYTHON_ONLY, "--delivery", written)["path"]
    assert path["constraints"]["formats"] == ["distanciel"]
    assert path["formations"]
    assert {f["format"] for f in path["formations"]} == {"distanciel"}
    assert "path.unknown_format" not in codes(path)


@pytest.mark.parametrize("written", ["presentiel", "Présentiel", "présentiel"])
def test_delivery_accents_are_optional(run, written: str) -> None:
    path = recommend_json(run, *PYTHON_ONLY, "--delivery", written)["path"]
    assert path["constraints"]["formats"] == ["présentiel"]
    assert {f["format"] for f in path["formations"]} == {"présentiel"}
    assert "path.unknown_format" not in codes(path)


def test_several_delivery_formats(run) -> None:
    path = recommend_json(run, *PYTHON_ONLY, "--delivery", "distanciel",
                          "--delivery", "hybride")["path"]
    assert path["constraints"]["formats"] == ["distanciel", "hybride"]
    assert {f["format"] for f in path["formations"]} <= {"distanciel", "hybride"}


def test_department_92_keeps_distance_formations(run) -> None:
    path = recommend_json(run, *PYTHON_ONLY, "--department", "92")["path"]
    assert path["constraints"]["departments"] == ["92"]
    departments = [f["department"] for f in path["formations"]]
    assert set(departments) <= {"92", None}
    assert "92" in departments
    assert None in departments  # distance formations are allowed wherever one lives
    assert path["notices"] == []


def test_cpf_only_is_honoured(run) -> None:
    path = recommend_json(run, *PYTHON_ONLY, "--cpf-only")["path"]
    assert path["formations"]
    assert all(f["cpf"] for f in path["formations"])


def test_max_level_bac3_is_honoured(run) -> None:
    default = recommend_json(run, *PYTHON_ONLY)["path"]
    assert any(f["level"] == "bac+5" for f in default["formations"])  # so the limit matters
    path = recommend_json(run, *PYTHON_ONLY, "--max-level", "bac+3")["path"]
    assert path["formations"]
    assert {f["level"] for f in path["formations"]} <= {"none", "bac+2", "bac+3"}


def test_optimise_hours_and_count_do_what_they_say(run) -> None:
    cost = recommend_json(run, *PYTHON_ONLY)["path"]
    hours = recommend_json(run, *PYTHON_ONLY, "--optimise", "hours")["path"]
    count = recommend_json(run, *PYTHON_ONLY, "--optimise", "count")["path"]
    assert (cost["objective"], hours["objective"], count["objective"]) == (
        "cost", "hours", "count")
    # Each covers the whole gap, and is best on its own measure.
    assert cost["residual"] == hours["residual"] == count["residual"] == []
    assert cost["totals"]["cost_eur"] <= min(hours["totals"]["cost_eur"],
                                             count["totals"]["cost_eur"])
    assert hours["totals"]["hours"] <= min(cost["totals"]["hours"], count["totals"]["hours"])
    assert count["totals"]["count"] <= min(cost["totals"]["count"], hours["totals"]["count"])
    assert hours["totals"]["hours"] < cost["totals"]["hours"]
    assert count["totals"]["count"] < cost["totals"]["count"]


def test_all_constraints_together(run) -> None:
    path = recommend_json(run, *PYTHON_ONLY, "--budget", "2000", "--max-hours", "1000",
                          "--department", "92", "--cpf-only", "--max-level", "bac+3",
                          "--optimise", "hours")["path"]
    assert path["totals"]["cost_eur"] <= 2000
    assert path["totals"]["hours"] <= 1000
    for f in path["formations"]:
        assert f["cpf"] and f["department"] in ("92", None)
        assert f["level"] in ("none", "bac+2", "bac+3")


# -- impossible constraints: a clear message and an answer ---------------------------------------


def test_unknown_department_gives_a_notice_and_still_a_path(run) -> None:
    path = recommend_json(run, *PYTHON_ONLY, "--department", "999")["path"]
    assert codes(path) == ["path.unknown_department"]
    assert "999" in path["notices"][0]["message"]
    assert "92" in path["notices"][0]["message"]  # the departments there are
    assert path["formations"]
    assert path["constraints"]["departments"] == []

    text = recommend_table(run, *PYTHON_ONLY, "--department", "999")
    words = flat(text)
    assert "aucune formation dans le(s) département(s) 999 : contrainte ignorée" in words
    assert "Parcours suggéré" in text


def test_unknown_department_in_english(run) -> None:
    text = flat(recommend_table(run, *PYTHON_ONLY, "--department", "999", "--lang", "en"))
    assert "no formation in department(s) 999: constraint ignored" in text


def test_budget_of_one_euro_says_the_budget_binds_and_shows_the_closest_path(run) -> None:
    path = recommend_json(run, *PYTHON_ONLY, "--budget", "1")["path"]
    assert codes(path) == ["path.limits_binding"]
    assert path["totals"]["cost_eur"] <= 1
    closest = path["closest"]
    assert closest is not None
    assert len(closest["residual"]) < len(path["residual"])
    assert closest["residual"] == []
    assert closest["constraints"]["budget"] is None
    # The skills left out are coverable: none is said to be covered by no formation.
    assert path["uncoverable"] == []

    text = recommend_table(run, *PYTHON_ONLY, "--budget", "1")
    words = flat(text)
    assert "le budget ou la durée maximale laissent" in words
    assert "Réponse la plus proche, sans limite de budget ni de durée" in words
    assert "couvertes par aucune formation autorisée" not in words


def test_delivery_par_pigeon_gives_a_notice_and_still_a_path(run) -> None:
    path = recommend_json(run, *PYTHON_ONLY, "--delivery", "par pigeon")["path"]
    assert codes(path) == ["path.unknown_format"]
    assert "par pigeon" in path["notices"][0]["message"]
    assert path["formations"]
    text = flat(recommend_table(run, *PYTHON_ONLY, "--delivery", "par pigeon"))
    assert "par pigeon" in text and "cette valeur est ignorée" in text
    assert "Parcours suggéré" in text


def test_csv_with_an_impossible_constraint_still_gives_a_path(run) -> None:
    """CSV has no place for notices (see JSON or the table); the run still gives a path."""
    rows = read_csv(run, *PYTHON_ONLY, "--department", "999")
    assert [r for r in rows if r["row"] == "formation"]


# -- usage errors ---------------------------------------------------------------------------------


def test_missing_target_exits_2_with_a_message(run) -> None:
    result = run("recommend", "--skills", "python")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--target" in result.stderr
    assert "donnez le profil visé" in result.stderr


def test_missing_target_in_english(run) -> None:
    result = run("recommend", "--skills", "python", "--lang", "en")
    assert result.exit_code == 2
    assert "give the target profile: --target" in result.stderr


def test_unknown_target_exits_2_naming_the_known_profiles(run) -> None:
    result = run("recommend", "--skills", "python", "--target", "ia-Z")
    assert result.exit_code == 2
    assert "ia-Z" in result.stderr and "ia-B" in result.stderr


@pytest.mark.parametrize("args", [
    ("--budget", "-5"), ("--max-hours", "-1"), ("--max-level", "bac+4"),
    ("--optimise", "price"), ("--budget", "beaucoup"),
])
def test_bad_option_values_exit_2(run, args: tuple[str, ...]) -> None:
    result = run("recommend", *PYTHON_ONLY, *args)
    assert result.exit_code == 2
    assert args[0] in result.stderr
    assert result.stdout == ""


def test_referential_without_catalogue_exits_2_with_a_message(run, tmp_path: Path) -> None:
    directory = tmp_path / "referentiel-sans-catalogue"
    shutil.copytree(VALID, directory, ignore=shutil.ignore_patterns("formations.yaml"))
    result = run("recommend", "--skills", "python", "--target", "data-A",
                 "--referential", str(directory))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert str(directory / "formations.yaml") in result.stderr
    assert "--catalogue" in result.stderr


def test_referential_without_catalogue_works_with_catalogue_option(run, tmp_path: Path) -> None:
    directory = tmp_path / "referentiel-sans-catalogue"
    shutil.copytree(VALID, directory, ignore=shutil.ignore_patterns("formations.yaml"))
    catalogue = tmp_path / "ailleurs.yaml"
    shutil.copy(VALID / "formations.yaml", catalogue)
    doc = recommend_json(run, "--skills", "anglais", "--target", "data-A",
                         "--referential", str(directory), "--catalogue", str(catalogue))
    assert doc["catalogue"]["source"] == str(catalogue)
    assert "python-debutant" in ids(doc["path"])


def test_missing_catalogue_file_exits_4(run, tmp_path: Path) -> None:
    result = run("recommend", *PYTHON_ONLY, "--catalogue", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 4
    assert "absent.yaml" in result.stderr


# -- the person ------------------------------------------------------------------------------------


def test_person_with_all_of_ia_a_has_a_smaller_gap_and_path(run) -> None:
    beginner = recommend_json(run, *PYTHON_ONLY)
    advanced = recommend_json(run, "--skills", IA_A, "--target", "ia-B")
    assert all(r["status"] == "match" for r in advanced["results"])
    missing = [m["skill_id"] for m in advanced["gap"]["missing"]]
    assert sorted(missing) == sorted(IA_B_EXTRA.split(", "))
    assert len(missing) < len(beginner["gap"]["missing"])
    path, before = advanced["path"], beginner["path"]
    assert path["residual"] == []
    assert path["totals"]["count"] < before["totals"]["count"]
    assert path["totals"]["hours"] < before["totals"]["hours"]
    covered = {s for f in path["formations"] for s in f["covers"]}
    assert covered == set(missing)  # nothing of ia-A is covered again


def test_person_with_everything_has_an_empty_path_and_no_residual(run) -> None:
    doc = recommend_json(run, "--skills", f"{IA_A}, {IA_B_EXTRA}", "--target", "ia-B")
    assert doc["gap"]["missing"] == []
    assert doc["path"]["formations"] == []
    assert doc["path"]["residual"] == []
    assert doc["path"]["notices"] == []


def test_person_with_everything_is_not_told_no_formation_meets_the_constraints(run) -> None:
    text = flat(recommend_table(run, "--skills", f"{IA_A}, {IA_B_EXTRA}", "--target", "ia-B"))
    assert "Aucune compétence manquante." in text
    assert "ne répond à ces contraintes" not in text
