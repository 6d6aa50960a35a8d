"""The `skillmatch` command line, run as a user would (see `run` in conftest.py).

Output is French unless `--lang en` or `SKILLMATCH_LANG=en`. Exit codes: 0 ok, 2 usage,
3 invalid data, 4 input not found.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import typer.main

from skillmatch.cli import app
from skillmatch.evaluation import SWEEP_THRESHOLDS
from skillmatch.messages import translate

FIXTURES = Path(__file__).parent / "fixtures" / "cli"
PROFILE_IDS = ["ia-A", "ia-B", "ia-C", "cyber-A", "cyber-B", "cyber-C"]
MATCH_KEYS = {"input", "skill_id", "label", "score", "status", "alias", "method"}
GAP_SKILL_KEYS = {"skill_id", "label", "profile", "block", "essential", "weight"}
#: Words of click's English messages; none of them is a French word of our messages.
ENGLISH_WORDS = {"is", "not", "one", "of", "requires", "argument", "such", "command", "got",
                 "unexpected", "extra", "value", "error", "try", "missing", "invalid"}


def words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W\d_]+", text)}


def flat(text: str) -> str:
    """Whitespace-insensitive text: help and tables wrap lines."""
    return " ".join(text.split())


def assert_clean_error(result, code: int) -> None:
    """A user error: the documented exit code, one message on stderr, no traceback."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    assert result.stderr.startswith("skillmatch: ")


# -- profiles ----------------------------------------------------------------------------------


def test_profiles_table_lists_the_six_profiles(run):
    result = run("profiles")
    assert result.exit_code == 0
    rows = [line.split("|")[1].strip() for line in result.stdout.splitlines()
            if line.startswith("|") and line.split("|")[1].strip()]
    assert [r for r in rows if r in PROFILE_IDS] == PROFILE_IDS
    assert "Détail d'un profil : skillmatch profiles ia-B" in result.stdout


def test_profiles_with_an_id_in_any_case_details_that_profile(run):
    result = run("profiles", "IA-b")
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert "ia-B — IA – B « En développement »" in out
    for text in ("Langage Python (python)", "Machine learning (machine-learning)",
                 "Deep learning (deep-learning)", "Gestion de versions (Git, GitHub) (git)"):
        assert text in out
    assert "S'appuie sur ia-A : ses compétences sont requises aussi." in out
    assert "cyber-A" not in out


def test_profiles_of_a_domain_lists_only_that_domain(run):
    result = run("profiles", "--domain", "cyber", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert [p["id"] for p in document["profiles"]] == ["cyber-A", "cyber-B", "cyber-C"]
    table = run("profiles", "--domain", "cyber").stdout
    assert "cyber-B — Cybersécurité – B « En développement »" in flat(table)
    assert "ia-A" not in table


def test_profiles_json_and_csv_describe_every_profile(run):
    document = json.loads(run("profiles", "-f", "json").stdout)
    assert [p["id"] for p in document["profiles"]] == PROFILE_IDS
    ia_b = document["profiles"][1]
    assert (ia_b["domain"], ia_b["level"], ia_b["builds_on"]) == ("ia", "B", "ia-A")
    assert {"skill_id": "machine-learning", "label": "Machine learning", "block": "technique",
            "essential": True, "weight": 2.0} in ia_b["skills"]
    rows = list(csv.DictReader(io.StringIO(run("profiles", "-f", "csv").stdout)))
    assert list(rows[0]) == ["profile", "domain", "level", "builds_on", "skill_id", "label",
                             "block", "essential", "weight"]
    assert len(rows) == 18 + 6 + 5 + 18 + 5 + 6
    assert {r["profile"] for r in rows} == set(PROFILE_IDS)
    assert rows[0] == {"profile": "ia-A", "domain": "ia", "level": "A", "builds_on": "",
                       "skill_id": "matrices", "label": "Matrices / algèbre linéaire",
                       "block": "technique", "essential": "true", "weight": "2.0"}


def test_profiles_with_an_unknown_id_or_domain_is_a_usage_error(run):
    result = run("profiles", "ia-Z")
    assert_clean_error(result, 2)
    assert "ia-Z" in result.stderr
    result = run("profiles", "--domain", "robotique")
    assert_clean_error(result, 2)
    assert "domaine inconnu « robotique » (domaines : ia, cyber)" in result.stderr


# -- match -------------------------------------------------------------------------------------


def test_match_json_has_one_result_per_input_in_order(run):
    result = run("match", "--skills", "Python, SQL; git", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    results = document["results"]
    assert [r["input"] for r in results] == ["Python", "SQL", "git"]
    for item in results:
        assert set(item) >= MATCH_KEYS
    assert [(r["skill_id"], r["status"], r["method"], r["score"]) for r in results] == [
        ("python", "match", "exact", 100.0), ("bases-de-donnees", "match", "exact", 100.0),
        ("git", "match", "exact", 100.0)]
    assert results[0]["label"] == "Langage Python"


def test_match_json_has_null_skill_for_an_unmatched_input(run):
    results = json.loads(run("match", "-s", "jardinage, Python", "-f", "json").stdout)["results"]
    assert results[0] == {**results[0], "input": "jardinage", "skill_id": None, "label": None,
                          "score": None, "status": "none", "alias": None, "method": None}
    assert results[1]["skill_id"] == "python"


def test_match_repeated_skills_options_add_up_in_order(run):
    results = json.loads(run("match", "-s", "SQL", "-s", "Python\ngit", "-f", "json").stdout)
    assert [r["input"] for r in results["results"]] == ["SQL", "Python", "git"]


def test_match_skills_file_reads_one_item_per_line_and_keeps_commas(run):
    result = run("match", "--skills-file", str(FIXTURES / "skills.txt"), "-f", "json")
    assert result.exit_code == 0
    results = json.loads(result.stdout)["results"]
    assert [(r["input"], r["skill_id"]) for r in results] == [
        ("Python", "python"), ("R (tidyverse, ggplot2)", "r"),
        ("bases de données SQL, NoSQL", "bases-de-donnees"),
        ("apprentissage automatique", "machine-learning")]


def test_match_skills_file_dash_reads_standard_input(run):
    result = run("match", "--skills-file", "-", "-f", "json",
                 input="Python\nR (tidyverse, ggplot2)\n\n")
    assert result.exit_code == 0
    results = json.loads(result.stdout)["results"]
    assert [(r["input"], r["skill_id"]) for r in results] == [
        ("Python", "python"), ("R (tidyverse, ggplot2)", "r")]


def test_match_skills_file_with_a_utf8_bom_reads_the_first_item_cleanly(run):
    assert (FIXTURES / "skills_bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    results = json.loads(run("match", "-S", str(FIXTURES / "skills_bom.txt"),
                             "-f", "json").stdout)["results"]
    assert [(r["input"], r["skill_id"], r["method"]) for r in results] == [
        ("Python", "python", "exact"), ("SQL", "bases-de-donnees", "exact")]


def test_match_skills_file_not_in_utf8_names_the_file_and_line(run):
    path = FIXTURES / "skills_latin1.txt"
    result = run("match", "-S", str(path))
    assert_clean_error(result, 2)
    assert result.stdout == ""
    assert f"{path} : octet 0xe9 invalide ligne 3 : UTF-8 attendu" in result.stderr


def test_match_stdin_not_in_utf8_names_stdin(run):
    result = run("match", "-S", "-", input="Python\nr\xe9seaux\n".encode("latin-1"))
    assert_clean_error(result, 2)
    assert "<stdin> : octet 0xe9 invalide ligne 2" in result.stderr


def test_match_missing_skills_file_is_exit_4(run, tmp_path):
    missing = tmp_path / "absent.txt"
    result = run("match", "--skills-file", str(missing))
    assert_clean_error(result, 4)
    assert f"fichier ou dossier introuvable : {missing}" in result.stderr
    result = run("match", "--skills-file", str(tmp_path))
    assert_clean_error(result, 4)
    assert "est un dossier" in result.stderr


def test_match_table_says_found_to_confirm_and_none_in_french(run):
    result = run("match", "-s", "Python, staqistqque, jardinage")
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert "Compétences reconnues" in out
    assert "1 trouvée(s), 1 à confirmer, 1 sans correspondance" in out
    assert "approché 81,8" in out


def test_match_csv_has_a_header_and_one_row_per_input(run):
    rows = list(csv.reader(io.StringIO(run("match", "-s", "Python, =cmd", "-f", "csv").stdout)))
    assert rows[0][:7] == ["input", "skill_id", "label", "score", "status", "alias", "method"]
    assert rows[1][:5] == ["Python", "python", "Langage Python", "100.0", "match"]
    assert rows[2][0] == "'=cmd"  # no spreadsheet formula
    assert len(rows) == 3


# -- gap ---------------------------------------------------------------------------------------


GAP_ARGS = ("gap", "--skills", "Python, SQL, statistiques, anglais, staqistqque",
            "--target", "ia-B")


def test_gap_table_in_french_shows_matches_levels_and_missing_skills(run):
    result = run(*GAP_ARGS)
    assert result.exit_code == 0
    out = flat(result.stdout)
    for heading in ("Compétences reconnues", translate("title.positions", "fr"),
                    "Niveau atteint en Intelligence artificielle : pas encore au niveau A",
                    "Niveau atteint en Cybersécurité : pas encore au niveau A",
                    "Écart au profil ia-B (avec ia-A) : 4 compétence(s) acquise(s) sur 21, "
                    "21 % du poids",
                    "Compétences manquantes (17)"):
        assert heading in out
    for missing in ("Machine learning (machine-learning)", "Deep learning (deep-learning)",
                    "Matrices / algèbre linéaire (matrices)"):
        assert missing in out
    assert flat(translate("level.rule", "fr", coverage="60 %", essential="75 %")) in out


def test_gap_json_has_the_documented_keys(run):
    result = run(*GAP_ARGS, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert {"results", "positions", "gap"} <= set(document)
    assert len(document["results"]) == 5
    assert [(p["domain"], p["level"]) for p in document["positions"]] == [("ia", None),
                                                                          ("cyber", None)]
    ia_a = document["positions"][0]["profiles"][0]
    assert (ia_a["profile"], ia_a["reached"]) == ("ia-A", False)
    assert ia_a["coverage"] == round(7 / 27, 4)
    gap = document["gap"]
    assert gap["target"] == "ia-B"
    for part in ("missing", "to_confirm", "held"):
        for item in gap[part]:
            assert set(item) >= GAP_SKILL_KEYS
    assert [(i["skill_id"], i["profile"], i["block"]) for i in gap["held"]] == [
        ("statistiques", "ia-A", "technique"), ("python", "ia-A", "technique"),
        ("bases-de-donnees", "ia-A", "technique"), ("anglais", "ia-A", "transversal")]
    assert gap["to_confirm"] == []  # statistiques is also matched: held, not to confirm
    missing = {i["skill_id"]: i["profile"] for i in gap["missing"]}
    assert len(missing) == 17
    assert (missing["machine-learning"], missing["matrices"]) == ("ia-B", "ia-A")


def test_gap_json_lists_a_skill_to_confirm_apart(run):
    gap = json.loads(run("gap", "-s", "Python, staqistqque", "-t", "ia-B",
                         "-f", "json").stdout)["gap"]
    assert [(i["skill_id"], i["profile"], i["block"]) for i in gap["to_confirm"]] == [
        ("statistiques", "ia-A", "technique")]
    assert "statistiques" not in {i["skill_id"] for i in gap["missing"]}
    assert gap["coverage"]["coverage"] == round(2 / 33, 4)


def test_gap_csv_has_a_header_and_one_row_per_required_skill(run):
    result = run(*GAP_ARGS, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["target", "skill_id", "label", "profile", "block", "essential",
                             "weight", "status", "esco"]
    assert len(rows) == 21
    status = {r["skill_id"]: (r["status"], r["profile"]) for r in rows}
    assert status["python"] == ("held", "ia-A")
    assert status["machine-learning"] == ("missing", "ia-B")
    assert {r["target"] for r in rows} == {"ia-B"}


@pytest.mark.parametrize("how", ["option", "env"])
def test_gap_in_english(run, how):
    if how == "option":
        result = run(*GAP_ARGS, "--lang", "en")
    else:
        result = run(*GAP_ARGS, env={"SKILLMATCH_LANG": "en"})
    assert result.exit_code == 0
    out = flat(result.stdout)
    for heading in ("Skills recognised", translate("title.positions", "en"),
                    "Level reached in Artificial intelligence: not yet at level A",
                    "Level reached in Cybersecurity: not yet at level A",
                    "Gap to profile ia-B (with ia-A): 4 skill(s) held of 21, 21 % of the weight",
                    "Missing skills (17)", "Machine learning (machine-learning)",
                    "Version control (Git, GitHub) (git)"):
        assert heading in out
    assert "Niveau atteint" not in out


def test_gap_with_an_unknown_target_names_it_and_lists_the_known_profiles(run):
    result = run("gap", "-s", "Python", "--target", "ia-D")
    assert_clean_error(result, 2)
    assert "profil inconnu « ia-D » (profils : ia-A, ia-B, ia-C, cyber-A, cyber-B, cyber-C)" \
        in result.stderr
    result = run("gap", "-s", "Python", "--target", "ia-D", "--lang", "en")
    assert 'unknown profile "ia-D" (profiles: ia-A, ia-B, ia-C, cyber-A, cyber-B, cyber-C)' \
        in result.stderr


@pytest.mark.parametrize("args", [("gap",), ("gap", "--target", "ia-B"),
                                  ("gap", "--skills", " , ; "), ("match", "-s", "")])
def test_no_skills_is_a_usage_error(run, args):
    result = run(*args)
    assert_clean_error(result, 2)
    assert "aucune compétence" in result.stderr


def test_unknown_option_is_a_usage_error_in_french(run):
    result = run("gap", "--skills", "Python", "--cible", "ia-B")
    assert_clean_error(result, 2)
    assert result.stderr == "skillmatch: erreur: option inconnue : --cible\n"


def test_broken_referential_is_exit_3_with_file_and_line(run):
    result = run("gap", "-s", "Python", "--referential", str(FIXTURES / "broken_referential"))
    assert_clean_error(result, 3)
    assert "competences.yaml, ligne 6, colonne 12 : " in result.stderr
    # The parser's own (English) wording never reaches a French user.
    assert words(result.stderr) & {"mapping", "values", "allowed", "context", "while",
                                   "parsing", "found", "expected"} == set()


def test_missing_referential_directory_is_exit_4(run, tmp_path):
    result = run("match", "-s", "Python", "-r", str(tmp_path / "nowhere"))
    assert_clean_error(result, 4)


def test_gap_table_fits_in_80_columns(run):
    long_input = "Sécurité des réseaux et des terminaux informatiques d'entreprise multi-sites"
    for args in (GAP_ARGS, (*GAP_ARGS, "--lang", "en"),
                 ("gap", "-s", f"{long_input}, {'x' * 120}, pyhton", "-t", "cyber-C")):
        result = run(*args)
        assert result.exit_code == 0
        too_long = [line for line in result.stdout.splitlines() if len(line) > 80]
        assert too_long == []


# -- eval --------------------------------------------------------------------------------------


def test_eval_prints_scores_and_a_threshold_sweep(run, shared):
    result = run("eval", str(shared / "eval" / "dev.tsv"))
    assert result.exit_code == 0
    out = result.stdout
    scores = {name: float(value) for name, value in
              re.findall(r"^(Précision|Rappel|Négatifs rejetés) : (\d\.\d{3})$", out, re.M)}
    assert set(scores) == {"Précision", "Rappel", "Négatifs rejetés"}
    assert scores["Précision"] >= 0.97
    assert scores["Rappel"] >= 0.93
    assert scores["Négatifs rejetés"] >= 0.95
    assert "54 cas : 44 positifs, 10 négatifs" in out
    assert "Balayage du seuil de correspondance" in flat(out)
    swept = re.findall(r"^\|\s*(\d+) \|", out, re.M)
    assert [int(t) for t in swept] == sorted({*SWEEP_THRESHOLDS, 83})


def test_eval_json_has_scores_and_sweep(run, shared):
    document = json.loads(run("eval", str(shared / "eval" / "dev.tsv"), "-f", "json").stdout)
    scores = document["scores"]
    assert set(scores) == {"threshold", "precision", "recall", "negatives_rejected", "f1"}
    assert scores["threshold"] == 83.0
    assert scores["precision"] >= 0.97
    assert scores["recall"] >= 0.93
    assert scores["negatives_rejected"] >= 0.95
    assert (document["cases"], document["positives"], document["negatives"]) == (54, 44, 10)
    assert [s["threshold"] for s in document["sweep"]] == sorted({*SWEEP_THRESHOLDS, 83})


def test_eval_missing_cases_file_is_exit_4(run, tmp_path):
    assert_clean_error(run("eval", str(tmp_path / "absent.tsv")), 4)


# -- help --------------------------------------------------------------------------------------


def commands():
    return sorted(typer.main.get_command(app).commands.items())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_help_of_every_command_is_translated(run, lang):
    for name, command in commands():
        args = (name, "--lang", "en", "--help") if lang == "en" else (name, "--help")
        result = run(*args)
        assert result.exit_code == 0, name
        out = flat(result.stdout)
        assert flat(translate(f"help.{name}", lang)) in out, name
        for param in command.params:
            if param.param_type_name == "option":
                assert flat(translate(f"help.opt.{param.name}", lang)) in out, (name, param)


def test_help_in_english_from_the_environment(run):
    result = run("gap", "--help", env={"SKILLMATCH_LANG": "en"})
    assert flat(translate("help.opt.target", "en")) in flat(result.stdout)
    assert flat(translate("help.opt.target", "fr")) not in flat(result.stdout)


def test_app_help_lists_commands_with_their_short_help(run):
    out = flat(run("--help").stdout)
    for name, _ in commands():
        assert f"{name} {translate(f'help.short.{name}', 'fr')}" in out


@pytest.mark.parametrize("args", [("--help",), ("gap", "--help"), ("match", "--help")])
def test_help_option_itself_is_translated_in_french(run, args):
    out = flat(run(*args).stdout)
    assert translate("help.opt.help", "fr") in out
    assert "Show this message and exit." not in out


@pytest.mark.parametrize(("args", "key"), [(("--lang", "en", "--help"), "help.app"),
                                           (("--lang", "en", "gap", "--help"), "help.gap")])
def test_lang_before_the_command_is_accepted(run, args, key):
    result = run(*args)
    assert result.exit_code == 0
    assert flat(translate(key, "en")) in flat(result.stdout)
    assert translate("help.opt.help", "en") in result.stdout


# -- usage errors: language and no traceback -------------------------------------------------


@pytest.mark.parametrize("args", [
    ("gap", "--foo"),
    ("match", "-s", "Python", "--lang", "de"),
    ("eval",),
    ("match", "-s", "Python", "-f", "xml"),
    ("match", "-s"),
    ("frobnicate",),
    pytest.param(("gap", "-s", "Python", "surplus"), marks=pytest.mark.xfail(
        strict=True, reason="BUG: \"erreur: Got unexpected extra argument(s) (surplus)\"")),
    ("--foo",),
])
def test_usage_errors_are_said_in_french_only(run, args):
    result = run(*args)
    assert_clean_error(result, 2)
    assert result.stderr.startswith("skillmatch: erreur: ")
    assert words(result.stderr) & ENGLISH_WORDS == set()


def test_usage_errors_follow_lang_en_on_the_command_line(run):
    result = run("match", "--lang", "en", "--foo")
    assert_clean_error(result, 2)
    assert result.stderr == "skillmatch: error: no such option: --foo\n"


def test_usage_errors_follow_skillmatch_lang_en(run):
    result = run("match", "--foo", env={"SKILLMATCH_LANG": "en"})
    assert_clean_error(result, 2)
    assert result.stderr == "skillmatch: error: no such option: --foo\n"
