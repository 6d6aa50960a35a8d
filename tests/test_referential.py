"""Loading and validating referentials and catalogues: the bundled data, and every kind of
mistake a data file can hold, each reported with its file, line, column and path.

Bad cases live in `tests/fixtures/referential/`, one small file (or directory) per mistake. A
single referential file is checked against the `valid/` mini-referential (`--referential`):
the sections it lacks (domains, blocks, or skills...) come from there, so each bad file only
holds what its mistake needs. Line and column numbers below were counted by hand in the
fixture files: they are 1-based, the column of the first character of the value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from skillmatch.catalogue import load_catalogue
from skillmatch.errors import DataFileError, ExitStatus, Problem
from skillmatch.messages import format_problem
from skillmatch.model import Referential
from skillmatch.referential import bundled_dir, load_referential
from skillmatch.validation import validate_path
from skillmatch.yamldoc import load_file

FIXTURES = Path(__file__).parent / "fixtures" / "referential"
VALID = FIXTURES / "valid"

#: The 41 stable skill ids of `shared/spec/referential.md` ("Stable skill ids"), with their
#: block. A public interface: scripts, CSV outputs and tests name them.
SPEC_SKILLS: dict[str, str] = {
    "anglais": "transversal",
    "culture-generale": "transversal",
    "aisance-orale": "transversal",
    "rgpd": "technique",
    "ethique-ia": "transversal",
    "enjeux-environnementaux": "transversal",
    "agile": "management",
    "scrum": "management",
    "gantt": "management",
    "pert": "management",
    "matrices": "technique",
    "fonctions-plusieurs-variables": "technique",
    "probabilites": "technique",
    "statistiques": "technique",
    "modelisation": "technique",
    "python": "technique",
    "r": "technique",
    "bases-de-donnees": "technique",
    "machine-learning": "technique",
    "deep-learning": "technique",
    "git": "technique",
    "algorithmie": "technique",
    "computer-vision": "technique",
    "nlp": "technique",
    "apprentissage-renforcement": "technique",
    "c-cpp": "technique",
    "systemes-exploitation": "technique",
    "administration-si": "technique",
    "administration-reseaux": "technique",
    "cryptographie": "technique",
    "securite-reseaux": "technique",
    "iso-27001": "technique",
    "antivirus": "technique",
    "pentest": "technique",
    "securite-applicative": "technique",
    "securite-deceptive": "technique",
    "edr-xdr": "technique",
    "frameworks-securite": "technique",
    "aws": "technique",
    "gcp": "technique",
    "azure": "technique",
}


def _no_traceback(result: object) -> None:
    for stream in (result.stdout, result.stderr):  # type: ignore[attr-defined]
        assert "Traceback" not in stream
        assert 'File "' not in stream


def _one_line(text: str) -> str:
    """The table renderer wraps long lines at 100 columns: compare text with spaces folded."""
    return " ".join(text.split())


# -- the bundled referential --------------------------------------------------------------------


def test_spec_lists_41_skill_ids() -> None:
    assert len(SPEC_SKILLS) == 41


def test_bundled_referential_has_exactly_the_41_spec_skill_ids(referential: Referential) -> None:
    ids = [s.id for s in referential.skills]
    assert len(ids) == 41
    assert sorted(ids) == sorted(SPEC_SKILLS)


def test_bundled_skills_have_french_and_english_labels(referential: Referential) -> None:
    for skill in referential.skills:
        assert skill.label.fr.strip(), skill.id
        assert skill.label.en.strip(), skill.id
        assert skill.label.fr == skill.label.fr.strip(), skill.id
        assert skill.label.en == skill.label.en.strip(), skill.id


def test_bundled_skills_are_in_the_spec_block(referential: Referential) -> None:
    assert [b.id for b in referential.blocks] == ["transversal", "technique", "management"]
    assert {s.id: s.block for s in referential.skills} == SPEC_SKILLS


def test_bundled_referential_has_two_domains_of_three_chained_profiles(
    referential: Referential,
) -> None:
    assert [d.id for d in referential.domains] == ["ia", "cyber"]
    profiles = {p.id: p for p in referential.profiles}
    assert sorted(profiles) == sorted(["ia-A", "ia-B", "ia-C", "cyber-A", "cyber-B", "cyber-C"])
    for domain in ("ia", "cyber"):
        a, b, c = (profiles[f"{domain}-{level}"] for level in "ABC")
        assert (a.domain, b.domain, c.domain) == (domain, domain, domain)
        assert (a.level, b.level, c.level) == ("A", "B", "C")
        assert a.builds_on is None
        assert b.builds_on == a.id
        assert c.builds_on == b.id
        assert referential.chain(c) == (a, b, c)
        assert all(p.skills for p in (a, b, c))
        for profile in (a, b, c):
            assert all(referential.has_skill(e.skill_id) for e in profile.skills)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("IA-b", "ia-B"), ("ia-b", "ia-B"), ("CYBER-c", "cyber-C"), (" ia-A ", "ia-A")],
)
def test_find_profile_ignores_case(referential: Referential, written: str, expected: str) -> None:
    profile = referential.find_profile(written)
    assert profile is not None
    assert profile.id == expected


def test_find_profile_of_unknown_id_is_none(referential: Referential) -> None:
    assert referential.find_profile("ia-D") is None
    assert referential.find_profile("") is None


def test_validate_path_of_bundled_directory() -> None:
    report = validate_path(bundled_dir())
    assert report.problems == ()
    assert report.kind == "referential"
    assert report.counts["skills"] == 41
    assert report.counts["profiles"] == 6
    assert report.counts["domains"] == 2
    assert report.counts["blocks"] == 3
    assert report.counts["formations"] > 0


def test_cli_validate_bundled_directory_in_french(run) -> None:
    path = str(bundled_dir())
    result = run("validate", path)
    assert result.exit_code == ExitStatus.OK, result.output
    out = _one_line(result.stdout)
    assert out.startswith(f"{path} : valide (")
    assert "41 compétences" in out
    assert "6 profils" in out
    assert result.stderr == ""


def test_cli_validate_bundled_directory_in_english(run) -> None:
    path = str(bundled_dir())
    result = run("validate", path, "--lang", "en")
    assert result.exit_code == ExitStatus.OK, result.output
    out = _one_line(result.stdout)
    assert out.startswith(f"{path}: valid (")
    assert "41 skills" in out
    assert "6 profiles" in out


def test_cli_validate_bundled_directory_as_json(run) -> None:
    result = run("validate", str(bundled_dir()), "--format", "json")
    assert result.exit_code == ExitStatus.OK
    doc = json.loads(result.stdout)
    assert doc["valid"] is True
    assert doc["problems"] == []
    assert doc["kind"] == "referential"
    assert doc["counts"]["skills"] == 41
    assert doc["counts"]["profiles"] == 6


def test_cli_validate_bundled_catalogue(run) -> None:
    path = str(bundled_dir() / "formations.yaml")
    result = run("validate", path)
    assert result.exit_code == ExitStatus.OK, result.output
    assert _one_line(result.stdout).startswith(f"{path} : valide (")
    assert "formations)" in result.stdout


@pytest.mark.parametrize("name", ["profils.yaml", "referentiel.yaml", "competences.yaml"])
def test_cli_validate_one_bundled_referential_file(run, name: str) -> None:
    path = bundled_dir() / name
    if not path.is_file():
        pytest.skip(f"the bundled referential has no {name}")
    result = run("validate", str(path))
    assert result.exit_code == ExitStatus.OK, result.output
    assert _one_line(result.stdout).startswith(f"{path} : valide")
    _no_traceback(result)


# -- the valid mini-referential -----------------------------------------------------------------


def test_valid_fixture_loads() -> None:
    ref = load_referential(VALID)
    assert ref.id == "mini"
    assert [d.id for d in ref.domains] == ["data", "reseau"]
    assert [b.id for b in ref.blocks] == ["transversal", "technique", "management"]
    assert [s.id for s in ref.skills] == [
        "anglais", "python", "sql", "statistiques", "pare-feu", "agile",
    ]
    assert [(p.id, p.builds_on) for p in ref.profiles] == [
        ("data-A", None), ("data-B", "data-A"), ("data-C", "data-B"), ("reseau-A", None),
    ]
    data_c = ref.find_profile("DATA-c")
    assert data_c is not None
    assert [p.id for p in ref.chain(data_c)] == ["data-A", "data-B", "data-C"]
    data_b = ref.find_profile("data-B")
    assert data_b is not None
    assert [(e.skill_id, e.essential, e.weight) for e in data_b.skills] == [
        ("sql", True, 2.0), ("agile", False, 1.0),
    ]
    assert ref.skill("pare-feu").label.en == "Firewalls"


def test_valid_fixture_catalogue_loads() -> None:
    catalogue = load_catalogue(VALID / "formations.yaml", load_referential(VALID))
    assert [f.id for f in catalogue.formations] == ["python-debutant"]
    assert catalogue.formations[0].skills == ("python", "statistiques")
    assert catalogue.formations[0].hours == 35.0


def test_validate_path_of_valid_fixture() -> None:
    report = validate_path(VALID)
    assert report.problems == ()
    assert report.counts == {"domains": 2, "blocks": 3, "skills": 6, "aliases": 2,
                             "profiles": 4, "formations": 1}


def test_cli_validate_valid_fixture(run) -> None:
    result = run("validate", str(VALID))
    assert result.exit_code == ExitStatus.OK, result.output
    assert _one_line(result.stdout) == (
        f"{VALID} : valide (2 domaines, 3 blocs, 6 compétences, 2 alias, 4 profils, "
        "1 formations)"
    )


@pytest.mark.parametrize("name", ["profils.yaml", "competences.yaml", "referentiel.yaml",
                                  "formations.yaml"])
def test_cli_validate_one_valid_fixture_file(run, name: str) -> None:
    result = run("validate", str(VALID / name), "--referential", str(VALID))
    assert result.exit_code == ExitStatus.OK, result.output
    assert _one_line(result.stdout).startswith(f"{VALID / name} : valide (")


# -- bad cases ----------------------------------------------------------------------------------

#: (line, column, path, message key) of one problem.
Where = tuple[int | None, int | None, str, str]


@dataclass(frozen=True)
class Case:
    """A bad fixture and exactly the problems it must give, in order."""

    fixture: str
    problems: list[Where]
    #: For each problem (by index), parameters it must carry with these exact values.
    params: dict[int, dict[str, object]] = field(default_factory=dict)
    #: The file named by the problems, if not the fixture itself (a directory case).
    file: str | None = None
    #: A phrase the French message must contain (e.g. the hint to quote a value).
    hint_fr: str | None = None
    hint_en: str | None = None

    @property
    def path(self) -> Path:
        return FIXTURES / self.fixture

    @property
    def problem_file(self) -> str:
        return str(FIXTURES / (self.file or self.fixture))


QUOTE_FR = "mettez-le entre guillemets"
QUOTE_EN = "put it in quotes"

CASES = [
    Case("syntax_error.yaml", [(4, 12, "(document)", "yaml.syntax.colon")]),
    Case("duplicate_key.yaml", [(7, 5, "skills[2].block", "yaml.duplicate_key")],
         {0: {"key": "block", "first_line": 5}}),
    Case("label_is_boolean.yaml", [(12, 11, "skills[6].label.en", "schema.not_text")],
         {0: {"value": "no", "found": "boolean"}}, hint_fr=QUOTE_FR, hint_en=QUOTE_EN),
    Case("id_is_integer.yaml", [(8, 9, "skills[6].id", "schema.not_text")],
         {0: {"value": "0123", "found": "integer"}}, hint_fr=QUOTE_FR, hint_en=QUOTE_EN),
    Case("label_is_date.yaml", [(10, 17, "skills[6].label.fr", "schema.not_text")],
         {0: {"value": "2024-01-01", "found": "date"}}, hint_fr=QUOTE_FR, hint_en=QUOTE_EN),
    Case("unknown_skill_in_profile.yaml",
         [(23, 17, "profiles[2].skills[4].skill", "referential.unknown_skill")],
         {0: {"id": "machine-learning"}}),
    Case("duplicate_skill_id.yaml", [(8, 9, "skills[6].id", "referential.duplicate_id")],
         {0: {"id": "python", "what": "skill",
              "first": f"{FIXTURES / 'duplicate_skill_id.yaml'}:3"}}),
    Case("duplicate_skill_across_files",
         [(5, 9, "skills[1].id", "referential.duplicate_id")],
         {0: {"id": "Python", "what": "skill",
              "first": f"{FIXTURES / 'duplicate_skill_across_files/b-competences.yaml'}:2"}},
         file="duplicate_skill_across_files/c-competences-en-plus.yaml"),
    Case("builds_on_cycle.yaml",
         [(5, 16, "profiles[0].builds_on", "referential.cycle"),
          (11, 16, "profiles[1].builds_on", "referential.cycle")],
         {0: {"cycle": "data-A -> data-B -> data-A"},
          1: {"cycle": "data-B -> data-A -> data-B"}}),
    Case("builds_on_unknown.yaml",
         [(10, 16, "profiles[1].builds_on", "referential.unknown_profile")],
         {0: {"id": "data-Z"}}),
    Case("empty_label.yaml",
         [(10, 17, "skills[6].label.fr", "schema.empty_text"),
          (13, 12, "skills[7].label", "schema.empty_text")]),
    Case("alias_collision.yaml",
         [(14, 14, "skills[6].aliases", "referential.alias_collision")],
         {0: {"alias": "bdd", "skill": "nosql", "other": "sql"}}),
    Case("not_utf8.yaml", [(4, 21, "(document)", "yaml.not_utf8")], {0: {"byte": "0xe9"}}),
    Case("catalogue_unknown_skill.yaml",
         [(5, 22, "formations[0].skills[1]", "referential.unknown_skill")],
         {0: {"id": "pyhton"}}),
]


def _where(problems: list[Problem] | tuple[Problem, ...]) -> list[tuple[object, ...]]:
    return [(p.file, p.line, p.column, p.path, p.key) for p in problems]


def _expected(case: Case) -> list[tuple[object, ...]]:
    return [(case.problem_file, *where) for where in case.problems]


def _report_problems(case: Case) -> tuple[Problem, ...]:
    base = None if case.path.is_dir() else VALID
    return validate_path(case.path, base).problems


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.fixture)
def test_validate_path_reports_each_problem_with_its_place(case: Case) -> None:
    problems = _report_problems(case)
    assert _where(problems) == _expected(case)
    for index, params in case.params.items():
        assert {k: problems[index].params.get(k) for k in params} == params


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.fixture)
def test_format_problem_names_file_line_column_and_path(case: Case) -> None:
    for problem, (line, column, path, _key) in zip(_report_problems(case), case.problems,
                                                    strict=True):
        fr = format_problem(problem, "fr")
        en = format_problem(problem, "en")
        assert fr.startswith(f"{case.problem_file}, ligne {line}, colonne {column}")
        assert en.startswith(f"{case.problem_file}, line {line}, column {column}")
        if path != "(document)":
            assert f" dans {path} : " in fr
            assert f" at {path}: " in en
        if case.hint_fr:
            assert case.hint_fr in fr
        if case.hint_en:
            assert case.hint_en in en


def _cli_args(case: Case, *extra: str) -> list[str]:
    args = ["validate", str(case.path), *extra]
    if not case.path.is_dir():
        args += ["--referential", str(VALID)]
    return args


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.fixture)
def test_cli_validate_json_gives_exit_3_and_exact_places(run, case: Case) -> None:
    result = run(*_cli_args(case, "--format", "json"))
    assert result.exit_code == ExitStatus.INVALID_DATA == 3
    _no_traceback(result)
    doc = json.loads(result.stdout)
    assert doc["valid"] is False
    got = [(p["file"], p["line"], p["column"], p["path"], p["code"]) for p in doc["problems"]]
    assert got == _expected(case)
    for problem, (line, column, _path, _code) in zip(doc["problems"], case.problems,
                                                     strict=True):
        assert problem["message"].startswith(
            f"{case.problem_file}, ligne {line}, colonne {column}")


def _relative_cli_args(case: Case, *extra: str) -> list[str]:
    """Relative paths, as a user types them from the fixtures folder (short lines)."""
    args = ["validate", case.fixture, *extra]
    if not case.path.is_dir():
        args += ["--referential", "valid"]
    return args


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.fixture)
def test_cli_validate_table_says_where_in_french(run, monkeypatch, case: Case) -> None:
    monkeypatch.chdir(FIXTURES)
    result = run(*_relative_cli_args(case))
    assert result.exit_code == ExitStatus.INVALID_DATA
    _no_traceback(result)
    out = _one_line(result.stdout)
    assert f"{case.fixture} : {len(case.problems)} problème(s)" in out
    for line, column, path, _code in case.problems:
        where = f"{case.file or case.fixture}, ligne {line}, colonne {column}"
        if path != "(document)":
            where += f" dans {path} :"
        assert where in out
    if case.hint_fr:
        assert case.hint_fr in out


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.fixture)
def test_cli_validate_table_says_where_in_english(run, monkeypatch, case: Case) -> None:
    monkeypatch.chdir(FIXTURES)
    result = run(*_relative_cli_args(case, "--lang", "en"))
    assert result.exit_code == ExitStatus.INVALID_DATA
    _no_traceback(result)
    out = _one_line(result.stdout)
    assert f"{case.fixture}: {len(case.problems)} problem(s)" in out
    for line, column, path, _code in case.problems:
        where = f"{case.file or case.fixture}, line {line}, column {column}"
        if path != "(document)":
            where += f" at {path}:"
        assert where in out
    if case.hint_en:
        assert case.hint_en in out


# The same mistakes through the loading functions the other commands use.


@pytest.mark.parametrize("name", ["syntax_error.yaml", "duplicate_key.yaml", "not_utf8.yaml"])
def test_load_file_raises_data_file_error(name: str) -> None:
    case = next(c for c in CASES if c.fixture == name)
    with pytest.raises(DataFileError) as info:
        load_file(case.path)
    assert _where(info.value.problems) == _expected(case)
    assert info.value.exit_status == ExitStatus.INVALID_DATA


def test_load_referential_reports_duplicate_across_files() -> None:
    case = next(c for c in CASES if c.fixture == "duplicate_skill_across_files")
    with pytest.raises(DataFileError) as info:
        load_referential(case.path)
    assert _where(info.value.problems) == _expected(case)


def test_load_catalogue_reports_unknown_skill() -> None:
    case = next(c for c in CASES if c.fixture == "catalogue_unknown_skill.yaml")
    with pytest.raises(DataFileError) as info:
        load_catalogue(case.path, load_referential(VALID))
    assert _where(info.value.problems) == _expected(case)


@pytest.mark.parametrize("case", [c for c in CASES if not c.path.is_dir()
                                  and c.fixture != "catalogue_unknown_skill.yaml"],
                         ids=lambda c: c.fixture)
def test_bad_file_in_a_referential_directory_fails_to_load(tmp_path: Path, case: Case) -> None:
    """The valid directory with one of its files replaced by the bad one."""
    data = case.path.read_bytes()
    replaced = "profils.yaml" if b"profiles:" in data else "competences.yaml"
    for source in VALID.iterdir():
        if source.name != replaced:
            (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / replaced).write_bytes(data)
    with pytest.raises(DataFileError) as info:
        load_referential(tmp_path)
    expected = [(str(tmp_path / replaced), *where) for where in case.problems]
    assert _where(info.value.problems) == expected


def test_cli_commands_using_a_bad_referential_exit_3(run, tmp_path: Path) -> None:
    for source in VALID.iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / "profils.yaml").write_bytes((FIXTURES / "builds_on_cycle.yaml").read_bytes())
    result = run("profiles", "--referential", str(tmp_path))
    assert result.exit_code == ExitStatus.INVALID_DATA
    _no_traceback(result)
    err = _one_line(result.stderr)
    assert "2 problème(s) dans les données" in err
    assert (f"{tmp_path / 'profils.yaml'}, ligne 5, colonne 16 dans profiles[0].builds_on : "
            "cycle dans « builds_on » : data-A -> data-B -> data-A") in err


def test_cli_validate_catalogue_against_bundled_referential_names_unknown_skill(run) -> None:
    path = FIXTURES / "catalogue_unknown_skill.yaml"
    result = run("validate", str(path), "--format", "json")
    assert result.exit_code == ExitStatus.INVALID_DATA
    doc = json.loads(result.stdout)
    # `pyhton` is unknown to the bundled referential too; `python` is known.
    assert [(p["line"], p["column"], p["path"], p["code"]) for p in doc["problems"]] == [
        (5, 22, "formations[0].skills[1]", "referential.unknown_skill"),
    ]


def test_cli_validate_missing_path_exits_4(run, tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "absent.yaml"))
    assert result.exit_code == ExitStatus.INPUT_NOT_FOUND == 4
    _no_traceback(result)
    assert "introuvable" in result.stderr


# -- mistakes whose report is right in part: the right part passes, the rest is xfail ----------


def test_missing_key_is_reported_at_its_mapping() -> None:
    problems = validate_path(FIXTURES / "missing_key.yaml", VALID).problems
    first = problems[0]
    assert (first.line, first.column, first.path, first.key) == (
        8, 5, "skills[6]", "schema.missing_key")
    assert first.params == {"key": "block"}


def test_missing_key_is_reported_once(run) -> None:
    path = FIXTURES / "missing_key.yaml"
    assert _where(validate_path(path, VALID).problems) == [
        (str(path), 8, 5, "skills[6]", "schema.missing_key")]
    result = run("validate", str(path), "--referential", str(VALID), "--format", "json")
    assert result.exit_code == ExitStatus.INVALID_DATA
    assert len(json.loads(result.stdout)["problems"]) == 1


def test_unknown_key_is_reported_on_its_line() -> None:
    problems = validate_path(FIXTURES / "unknown_key.yaml", VALID).problems
    assert [(p.line, p.path, p.key) for p in problems] == [
        (10, "skills[5].colour", "schema.unknown_key")]
    assert problems[0].params == {
        "key": "colour", "allowed": "aliases, block, description, esco, id, label"}


def test_unknown_key_points_at_the_key() -> None:
    problems = validate_path(FIXTURES / "unknown_key.yaml", VALID).problems
    assert [(p.line, p.column) for p in problems] == [(10, 5)]


def test_unknown_key_with_block_value_points_at_the_key(run) -> None:
    path = FIXTURES / "unknown_key_block_value.yaml"
    result = run("validate", str(path), "--referential", str(VALID), "--format", "json")
    assert result.exit_code == ExitStatus.INVALID_DATA
    problems = json.loads(result.stdout)["problems"]
    assert [(p["line"], p["column"], p["path"], p["code"]) for p in problems] == [
        (10, 5, "skills[5].descripton", "schema.unknown_key")]


def test_bare_boolean_label_is_refused_at_its_place() -> None:
    problems = validate_path(FIXTURES / "label_is_bare_boolean.yaml", VALID).problems
    assert [(p.line, p.column, p.path) for p in problems] == [(10, 12, "skills[6].label")]


def test_bare_boolean_label_says_to_quote_it(run) -> None:
    path = FIXTURES / "label_is_bare_boolean.yaml"
    problems = validate_path(path, VALID).problems
    assert [(p.key, p.params.get("value")) for p in problems] == [("schema.not_text", "no")]
    result = run("validate", str(path), "--referential", str(VALID))
    assert QUOTE_FR in _one_line(result.stdout)


def test_unknown_skill_in_short_form_profile_list_is_placed() -> None:
    problems = validate_path(FIXTURES / "unknown_skill_in_profile_short_form.yaml",
                             VALID).problems
    assert [(p.line, p.column, p.key, p.params) for p in problems] == [
        (6, 23, "referential.unknown_skill", {"id": "pyhton"})]


def test_unknown_skill_in_short_form_profile_list_has_a_real_path() -> None:
    problems = validate_path(FIXTURES / "unknown_skill_in_profile_short_form.yaml",
                             VALID).problems
    assert [p.path for p in problems] == ["profiles[0].skills[1]"]


def test_cli_table_keeps_each_problem_on_one_line(run) -> None:
    path = FIXTURES / "unknown_key.yaml"
    result = run("validate", str(path), "--referential", str(VALID))
    assert result.exit_code == ExitStatus.INVALID_DATA
    lines = result.stdout.splitlines()
    assert any(f"{path}, ligne 10" in line and "clé inconnue « colour »" in line
               for line in lines), result.stdout


def test_syntax_error_message_is_french() -> None:
    problem = validate_path(FIXTURES / "syntax_error.yaml", VALID).problems[0]
    assert "not allowed" not in format_problem(problem, "fr")
