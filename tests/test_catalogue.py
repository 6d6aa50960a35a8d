"""The formation catalogue: the bundled one is complete and says where its values come from;
a bad catalogue is refused, by `validate` and by `recommend --catalogue`, with its file, line
and path.

Bad catalogues live in `tests/fixtures/catalogue/` (see its README): one mistake per file, in
`formations[1]`, after a valid `formations[0]`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from skillmatch.catalogue import default_catalogue_path, load_catalogue
from skillmatch.errors import DataFileError, ExitStatus
from skillmatch.model import FORMATS, Catalogue, Referential
from skillmatch.referential import bundled_dir

FIXTURES = Path(__file__).parent / "fixtures" / "catalogue"
SEEDS = {"000", "001", "002", "003", "004"}


@pytest.fixture(scope="module")
def bundled(referential: Referential) -> Catalogue:
    return load_catalogue(default_catalogue_path(bundled_dir()), referential)


# -- the bundled catalogue ---------------------------------------------------------------------


def test_bundled_catalogue_has_at_least_30_formations(bundled: Catalogue) -> None:
    assert len(bundled.formations) >= 30
    assert len({f.id for f in bundled.formations}) == len(bundled.formations)


def test_bundled_catalogue_aims_at_all_six_profiles_of_both_domains(
        bundled: Catalogue, referential: Referential) -> None:
    aimed = {p for f in bundled.formations for p in f.profiles}
    assert aimed == {p.id for p in referential.profiles}
    assert len(aimed) == 6
    domains = {referential.find_profile(p).domain for p in aimed}  # type: ignore[union-attr]
    assert domains == {"ia", "cyber"}


def test_bundled_catalogue_covers_every_skill(bundled: Catalogue,
                                              referential: Referential) -> None:
    covered = {s for f in bundled.formations for s in f.skills}
    missing = [s.id for s in referential.skills if s.id not in covered]
    assert missing == []
    assert len(referential.skills) == 41


def test_bundled_profiles_of_a_formation_need_some_of_its_skills(
        bundled: Catalogue, referential: Referential) -> None:
    """A formation aims at a profile when it teaches a skill of that profile's chain."""
    for f in bundled.formations:
        for profile_id in f.profiles:
            profile = referential.find_profile(profile_id)
            assert profile is not None
            chain = {s.skill_id for p in referential.chain(profile) for s in p.skills}
            assert chain & set(f.skills), (f.id, profile_id)


def test_every_bundled_formation_says_what_is_estimated_or_from_the_seeds(
        bundled: Catalogue) -> None:
    for f in bundled.formations:
        prov = f.provenance
        sourced = set(prov.from_seeds) | set(prov.estimated)
        assert prov.estimated, f.id
        # Which skills a formation covers is always the project's reading.
        assert "skills" in prov.estimated, f.id
        # The figures an adviser compares are always accounted for.
        for field in ("hours", "cost_eur", "format"):
            assert field in sourced, (f.id, field)
        assert not set(prov.from_seeds) & set(prov.estimated), f.id
        # A value from the seeds names its seed, and only then.
        if prov.from_seeds:
            assert prov.seed in SEEDS, f.id
        else:
            assert prov.seed is None, f.id


def test_bundled_catalogue_offers_what_the_constraints_choose_from(bundled: Catalogue) -> None:
    formations = bundled.formations
    assert {f.format for f in formations} == set(FORMATS)
    assert any(f.department == "92" for f in formations)
    assert any(f.department is None for f in formations)
    assert any(f.cpf for f in formations) and any(not f.cpf for f in formations)
    assert {f.level for f in formations} >= {"none", "bac+3", "bac+5"}


def test_bundled_distance_formations_have_no_department(bundled: Catalogue) -> None:
    for f in bundled.formations:
        assert (f.department is None) == (f.format == "distanciel"), f.id


def test_bundled_formations_have_https_urls_and_plausible_figures(bundled: Catalogue) -> None:
    for f in bundled.formations:
        assert f.url is None or f.url.startswith("https://"), f.id
        assert 0 < f.hours <= 2000, f.id
        assert 0 <= f.cost_eur <= 30000, f.id
        assert f.cost_eur == int(f.cost_eur) and f.hours == int(f.hours), f.id


def test_cli_validate_bundled_catalogue_is_valid(run) -> None:
    result = run("validate", str(default_catalogue_path(bundled_dir())), "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    doc = json.loads(result.stdout)
    assert doc["valid"] is True
    assert doc["kind"] == "catalogue"
    assert doc["counts"]["formations"] >= 30


# -- bad catalogues ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    line: int
    column: int
    path: str
    code: str
    words_fr: tuple[str, ...]  # what the French message must say

    @property
    def file(self) -> Path:
        return FIXTURES / f"{self.name}.yaml"


CASES = [
    Case("unknown_skill", 16, 14, "formations[1].skills[0]", "referential.unknown_skill",
         ("pyhton",)),
    Case("unknown_profile", 23, 22, "formations[1].profiles[1]", "referential.unknown_profile",
         ("ia-D",)),
    Case("bad_level", 17, 12, "formations[1].level", "schema.bad_choice",
         ("bac+4", "bac+5")),
    Case("bad_format", 20, 13, "formations[1].format", "schema.bad_choice",
         ("en ligne", "distanciel")),
    Case("negative_cost", 19, 15, "formations[1].cost_eur", "schema.out_of_range", ("-5",)),
    Case("zero_hours", 18, 12, "formations[1].hours", "schema.not_above", ("0",)),
    Case("department_unquoted", 21, 17, "formations[1].department", "schema.not_text",
         ("92", "guillemets")),
    Case("bad_department", 21, 17, "formations[1].department", "catalogue.bad_department",
         ("999",)),
    Case("duplicate_id", 13, 9, "formations[1].id", "referential.duplicate_id",
         ("formation-correcte", "double", ":3")),
    Case("missing_key", 13, 5, "formations[1]", "schema.missing_key", ("hours",)),
]


@pytest.fixture(params=CASES, ids=[c.name for c in CASES])
def case(request: pytest.FixtureRequest) -> Case:
    return request.param  # type: ignore[no-any-return]


def test_fixture_files_exist_with_a_valid_first_formation(tmp_path: Path,
                                                          referential: Referential) -> None:
    """The first formation of every fixture is valid on its own: only the mistake is wrong."""
    for case in CASES:
        assert case.file.is_file(), case.file
    lines = (FIXTURES / "unknown_skill.yaml").read_text(encoding="utf-8").splitlines()
    valid = tmp_path / "formations.yaml"
    valid.write_text("\n".join(lines[:12]) + "\n", encoding="utf-8")
    catalogue = load_catalogue(valid, referential)
    assert [f.id for f in catalogue.formations] == ["formation-correcte"]


def test_load_catalogue_raises_with_the_place(case: Case, referential: Referential) -> None:
    with pytest.raises(DataFileError) as info:
        load_catalogue(case.file, referential)
    problems = info.value.problems
    assert [(p.line, p.column, p.path, p.key) for p in problems] == [
        (case.line, case.column, case.path, case.code)]
    assert problems[0].file == str(case.file)


def test_cli_validate_refuses_with_file_line_and_path_as_json(run, case: Case) -> None:
    result = run("validate", str(case.file), "--format", "json")
    assert result.exit_code == ExitStatus.INVALID_DATA == 3
    doc = json.loads(result.stdout)
    assert doc["valid"] is False
    assert doc["kind"] == "catalogue"
    assert [(p["file"], p["line"], p["column"], p["path"], p["code"])
            for p in doc["problems"]] == [
        (str(case.file), case.line, case.column, case.path, case.code)]
    for word in case.words_fr:
        assert word in doc["problems"][0]["message"]


def test_cli_validate_refuses_with_file_line_and_path_in_french(run, case: Case) -> None:
    result = run("validate", str(case.file))
    assert result.exit_code == 3
    text = " ".join(result.stdout.split())  # the table wraps long lines at 80 columns
    assert f"{case.file}, ligne {case.line}, colonne {case.column} dans {case.path} :" in text
    assert "1 problème(s)" in text


def test_cli_recommend_refuses_the_catalogue_with_file_line_and_path(run, case: Case) -> None:
    result = run("recommend", "--skills", "python", "--target", "ia-B",
                 "--catalogue", str(case.file))
    assert result.exit_code == 3
    assert result.stdout == ""  # no partial answer from a bad catalogue
    where = f"{case.file}, ligne {case.line}, colonne {case.column} dans {case.path} :"
    assert where in result.stderr
    line = next(li for li in result.stderr.splitlines() if where in li)
    for word in case.words_fr:
        assert word in line


def test_cli_recommend_refuses_the_catalogue_in_english(run) -> None:
    file = FIXTURES / "department_unquoted.yaml"
    result = run("recommend", "-s", "python", "-t", "ia-B", "--catalogue", str(file),
                 "--lang", "en")
    assert result.exit_code == 3
    assert f"{file}, line 21, column 17 at formations[1].department: " in result.stderr
    assert "quote" in result.stderr


def test_cli_validate_reports_every_mistake_of_one_file(run, tmp_path: Path) -> None:
    """One pass reports every mistake, in the order of the file."""
    lines = (FIXTURES / "unknown_skill.yaml").read_text(encoding="utf-8").splitlines()
    bad = [li.replace("[pyhton, statistiques]", "[pyhton]")
             .replace('"bac+3"', '"bac+4"').replace("2500", "-1")
             .replace('"92"', "92") for li in lines]
    file = tmp_path / "several.yaml"
    file.write_text("\n".join(bad) + "\n", encoding="utf-8")
    result = run("validate", str(file), "-f", "json")
    assert result.exit_code == 3
    paths = sorted(p["path"] for p in json.loads(result.stdout)["problems"])
    assert paths == ["formations[1].cost_eur", "formations[1].department",
                     "formations[1].level", "formations[1].skills[0]"]


@pytest.mark.parametrize("code", ["01", "2A", "2B", "75", "92", "95", "971", "976"])
def test_real_department_codes_are_accepted(tmp_path: Path, referential: Referential,
                                            code: str) -> None:
    lines = (FIXTURES / "bad_department.yaml").read_text(encoding="utf-8").splitlines()
    file = tmp_path / "formations.yaml"
    file.write_text("\n".join(lines).replace('"999"', f'"{code}"') + "\n", encoding="utf-8")
    catalogue = load_catalogue(file, referential)
    assert catalogue.formations[1].department == code


@pytest.mark.parametrize("code", ["00", "96", "977", "9", "092", "2C"])
def test_unreal_department_codes_are_refused(tmp_path: Path, referential: Referential,
                                             code: str) -> None:
    lines = (FIXTURES / "bad_department.yaml").read_text(encoding="utf-8").splitlines()
    file = tmp_path / "formations.yaml"
    file.write_text("\n".join(lines).replace('"999"', f'"{code}"') + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_catalogue(file, referential)
    assert [p.key for p in info.value.problems] == ["catalogue.bad_department"]


def test_department_20_is_refused(tmp_path: Path, referential: Referential) -> None:
    lines = (FIXTURES / "bad_department.yaml").read_text(encoding="utf-8").splitlines()
    file = tmp_path / "formations.yaml"
    file.write_text("\n".join(lines).replace('"999"', '"20"') + "\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        load_catalogue(file, referential)


def test_zero_hours_message_does_not_say_zero_is_the_minimum(run) -> None:
    result = run("validate", str(FIXTURES / "zero_hours.yaml"), "-f", "json")
    message = json.loads(result.stdout)["problems"][0]["message"]
    assert "minimum 0" not in message
