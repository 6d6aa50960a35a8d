"""ROME jobs as targets: the index and its cache, search, and job targets.

Most tests use the small export of tests/fixtures/rome (rows of the real ROME v460); the last
ones use the real export in the team's shared data, and skip without it.
"""

from __future__ import annotations

import builtins
import dataclasses
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from skillmatch.errors import DataFileError, InputNotFoundError, UsageError
from skillmatch.extract import Extractor
from skillmatch.matcher import Matcher
from skillmatch.model import Referential
from skillmatch.positioning import HeldSkills, gap
from skillmatch.rome import (
    CACHE_ENV,
    ROME_DOMAIN,
    RomeIndex,
    job_target,
    search,
    search_doc,
    target_doc,
)

FIXTURE = Path(__file__).parent / "fixtures" / "rome"


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def index(cache: Path) -> RomeIndex:
    return RomeIndex.load(FIXTURE, cache)


@pytest.fixture(scope="module")
def extractor(matcher: Matcher) -> Extractor:
    return Extractor(matcher)


@pytest.fixture
def fresh(referential: Referential) -> Referential:
    """A copy of the referential with its own memo: `requirements` memoises by profile id, and
    the fixture's M1889 is not the real one."""
    return dataclasses.replace(referential)


def _copy_export(target: Path, version: str = "460") -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in FIXTURE.glob("unix_*.csv"):
        shutil.copy2(path, target / path.name.replace("_v460_", f"_v{version}_"))
    return target


class _OpenCounter:
    """Counts the CSV files opened while installed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.csv: list[str] = []
        real = builtins.open

        def counting(file: Any, *args: Any, **kwargs: Any) -> Any:
            if str(file).endswith(".csv"):
                self.csv.append(str(file))
            return real(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", counting)


# -- the index --------------------------------------------------------------------------------


def test_index_holds_titles_appellations_and_bloc_5_items(index: RomeIndex) -> None:
    assert len(index) == 6
    assert index.version == "460"
    assert index.codes() == ["D1104", "D1117", "M1811", "M1866", "M1883", "M1889"]
    assert "m1889" in index and "M9999" not in index
    fiche = index.fiche(" m1889 ")
    assert fiche is not None
    assert fiche.title == "Ingénieur / Ingénieure en Intelligence Artificielle (IA)"
    assert "Prompt engineer" in [a.label for a in fiche.appellations]
    # bloc 5 only: 12 items, the rows of blocs 1, 2 and 6 are not items
    assert len(fiche.items) == 12
    by_code = {item.code: item for item in fiche.items}
    assert {"510440", "510526", "300799"}.isdisjoint(by_code)
    assert by_code["487086"].kind == "savoir-faire" and by_code["487086"].principal
    assert by_code["405291"].core == "Émergente" and not by_code["405291"].principal
    assert by_code["300490"].kind == "savoir-être"
    assert by_code["300490"].label == "Faire preuve de rigueur et de précision"
    assert by_code["499337"].kind == "savoir"
    assert by_code["499337"].label == "Utilisation de TensorFlow et PyTorch"
    assert by_code["491247"].certification and not by_code["499337"].certification
    # a short label different from the long one is kept
    pentest = index.fiche("M1866")
    assert pentest is not None
    assert "Expert(e) tests intrusion - sécurité systèmes d'information" in [
        a.short for a in pentest.appellations]
    assert index.fiche("M9999") is None
    assert index.title("m1866") == "Pentesteur / Pentesteuse"


def test_a_job_without_items_has_none(index: RomeIndex) -> None:
    fiche = index.fiche("M1811")
    assert fiche is not None and fiche.items == () and len(fiche.appellations) > 10


def test_build_without_cache_equals_load(index: RomeIndex) -> None:
    built = RomeIndex.build(FIXTURE)
    assert not built.from_cache
    assert [built.fiche(c) for c in built.codes()] == [index.fiche(c) for c in index.codes()]


# -- the cache --------------------------------------------------------------------------------


def test_second_load_comes_from_the_cache_without_reading_the_csv(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = RomeIndex.load(FIXTURE, cache)
    assert not first.from_cache
    files = list(cache.glob("rome-*.json"))
    assert len(files) == 1
    assert json.loads(files[0].read_text(encoding="utf-8"))["version"] == "460"
    opened = _OpenCounter(monkeypatch)
    second = RomeIndex.load(FIXTURE, cache)
    assert opened.csv == []
    assert second.from_cache
    assert [second.fiche(c) for c in second.codes()] == [first.fiche(c) for c in first.codes()]
    assert search(second, "pentest") == search(first, "pentest")


def test_first_load_reads_the_csv(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = _OpenCounter(monkeypatch)
    RomeIndex.load(FIXTURE, cache)
    assert len(opened.csv) == 6


def test_a_changed_source_file_rebuilds_the_cache(tmp_path: Path, cache: Path) -> None:
    export = _copy_export(tmp_path / "export")
    assert not RomeIndex.load(export, cache).from_cache
    assert RomeIndex.load(export, cache).from_cache
    appellations = export / "unix_referentiel_appellation_v460_utf8.csv"
    with open(appellations, "a", encoding="utf-8", newline="") as stream:
        stream.write('"999999","Hackeur éthique / Hackeuse éthique","Hackeur(se) éthique",'
                     '"M1866","","","","","","SYNONYME","","M1802","N"\n')
    stat = appellations.stat()
    os.utime(appellations, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    rebuilt = RomeIndex.load(export, cache)
    assert not rebuilt.from_cache
    assert [(m.code, m.appellation) for m in search(rebuilt, "hackeuse")] == [
        ("M1866", "Hackeur éthique / Hackeuse éthique")]
    assert len(list(cache.glob("rome-*.json"))) == 1  # the older cache is gone
    assert RomeIndex.load(export, cache).from_cache


def test_only_the_mtime_changing_rebuilds_too(tmp_path: Path, cache: Path) -> None:
    export = _copy_export(tmp_path / "export")
    RomeIndex.load(export, cache)
    fiches = export / "unix_referentiel_code_rome_v460_utf8.csv"
    os.utime(fiches, ns=(0, fiches.stat().st_mtime_ns + 1_000_000_000))
    assert not RomeIndex.load(export, cache).from_cache


def test_the_cache_directory_comes_from_the_argument_then_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "from-env"))
    RomeIndex.load(FIXTURE)
    assert len(list((tmp_path / "from-env").glob("rome-*.json"))) == 1
    RomeIndex.load(FIXTURE, tmp_path / "from-arg")
    assert len(list((tmp_path / "from-arg").glob("rome-*.json"))) == 1
    assert RomeIndex.load(FIXTURE).from_cache


def test_the_user_cache_directory_by_default(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.setenv(CACHE_ENV, "")  # empty: unset, as the CLI tests clear it
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda name: str(tmp_path / name))
    RomeIndex.load(FIXTURE)
    assert len(list((tmp_path / "skillmatch").glob("rome-*.json"))) == 1


def test_a_cache_that_cannot_be_written_is_not_an_error(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    index = RomeIndex.load(FIXTURE, blocked)
    assert not index.from_cache and len(index) == 6


def test_a_damaged_cache_is_rebuilt(cache: Path) -> None:
    RomeIndex.load(FIXTURE, cache)
    (path,) = cache.glob("rome-*.json")
    path.write_text('{"key": ', encoding="utf-8")
    again = RomeIndex.load(FIXTURE, cache)
    assert not again.from_cache and len(again) == 6
    assert RomeIndex.load(FIXTURE, cache).from_cache


def test_the_most_recent_complete_version_is_read(tmp_path: Path, cache: Path) -> None:
    export = _copy_export(tmp_path / "export", "460")
    _copy_export(export, "461")
    (export / "unix_referentiel_appellation_v461_utf8.csv").rename(
        export / "unix_referentiel_appellation_v462_utf8.csv")  # v462: incomplete
    shutil.copy2(export / "unix_referentiel_code_rome_v461_utf8.csv",  # a look-alike name
                 export / "unix_referentiel_code_rome_riasec_v463_utf8.csv")
    _copy_export(export, "461")
    assert RomeIndex.load(export, cache).version == "461"


def test_a_missing_directory_or_file_is_reported(tmp_path: Path, cache: Path) -> None:
    with pytest.raises(InputNotFoundError) as missing:
        RomeIndex.load(tmp_path / "nowhere", cache)
    assert missing.value.key == "error.not_found"
    afile = tmp_path / "file.csv"
    afile.write_text("")
    with pytest.raises(InputNotFoundError) as not_dir:
        RomeIndex.load(afile, cache)
    assert not_dir.value.key == "error.not_directory"
    export = _copy_export(tmp_path / "export")
    (export / "unix_coherence_item_v460_utf8.csv").unlink()
    with pytest.raises(InputNotFoundError) as incomplete:
        RomeIndex.load(export, cache)
    assert incomplete.value.key == "error.rome_incomplete"
    assert incomplete.value.params["files"] == "unix_coherence_item_*.csv"


def test_a_file_without_its_columns_is_invalid_data(tmp_path: Path, cache: Path) -> None:
    export = _copy_export(tmp_path / "export")
    (export / "unix_referentiel_code_rome_v460_utf8.csv").write_text(
        '"code","libelle"\n"M1889","IA"\n', encoding="utf-8")
    with pytest.raises(DataFileError) as invalid:
        RomeIndex.load(export, cache)
    assert invalid.value.first.key == "rome.missing_column"
    assert invalid.value.first.params == {"column": "code_rome"}


def test_a_file_not_in_utf8_is_invalid_data(tmp_path: Path, cache: Path) -> None:
    export = _copy_export(tmp_path / "export")
    (export / "unix_referentiel_savoir_v460_utf8.csv").write_bytes(
        '"code_ogr_savoir","libelle_savoir","categorie_savoir"\n"1","Pâte","x"\n'
        .encode("cp1252"))
    with pytest.raises(DataFileError) as invalid:
        RomeIndex.load(export, cache)
    assert invalid.value.first.key == "rome.not_utf8"


# -- search -----------------------------------------------------------------------------------


def _codes(index: RomeIndex, query: str) -> list[str]:
    return [m.code for m in search(index, query)]


def test_search_by_word_prefix(index: RomeIndex) -> None:
    (found,) = search(index, "pentest")
    assert (found.code, found.title, found.via) == ("M1866", "Pentesteur / Pentesteuse", "title")
    assert _codes(index, "PENTESTEUSE") == ["M1866"]
    assert _codes(index, "analyste soc") == ["M1883"]
    assert _codes(index, "data")[0] == "M1811"


def test_search_ignores_accents_and_case(index: RomeIndex) -> None:
    assert _codes(index, "patissiere") == _codes(index, "PÂTISSIÈRE") == ["D1104", "D1117"]
    assert _codes(index, "ingenieure intelligence artificielle")[0] == "M1889"


def test_search_reports_the_appellation_that_matched(index: RomeIndex) -> None:
    (found,) = search(index, "prompt engineer")
    assert (found.code, found.via, found.appellation) == ("M1889", "appellation",
                                                          "Prompt engineer")
    assert found.title == "Ingénieur / Ingénieure en Intelligence Artificielle (IA)"
    assert found.matched == "Prompt engineer"
    # the short label matches too, the long one is shown
    (by_short,) = search(index, "expert(e) tests intrusion")
    assert by_short.appellation == ("Expert / Experte en tests d'intrusion - sécurité des "
                                    "systèmes d'information")


def test_search_ranks_titles_before_appellations(index: RomeIndex) -> None:
    # M1889's title says "Ingénieur"; M1811 only has appellations that do
    found = search(index, "ingénieur")
    assert [m.code for m in found] == ["M1889", "M1811"]
    assert [m.via for m in found] == ["title", "appellation"]
    # at the same quality, a label that starts with the query first
    assert _codes(index, "pâtissier") == ["D1104", "D1117"]


def test_search_ranks_an_exact_label_first(index: RomeIndex) -> None:
    found = search(index, "Chef pâtissier / Cheffe pâtissière")
    assert [(m.code, m.via) for m in found] == [("D1117", "title")]
    assert search(index, "data engineer")[0].via == "title"


def test_search_by_code(index: RomeIndex) -> None:
    (found,) = search(index, "m1889")
    assert (found.code, found.via, found.matched) == ("M1889", "code", "M1889")
    assert _codes(index, "M18") == ["M1811", "M1866", "M1883", "M1889"]


def test_search_skips_articles_and_limits(index: RomeIndex) -> None:
    assert _codes(index, "ingénieur en IA") == ["M1889"]
    assert search(index, "data", limit=0) == []
    assert len(search(index, "e", limit=2)) == 2
    assert search(index, "") == search(index, " / ") == []
    assert search(index, "boulanger") == []


def test_search_doc_is_plain_data(index: RomeIndex) -> None:
    doc = search_doc(search(index, "pentest"), index)
    assert json.loads(json.dumps(doc)) == doc
    assert doc["jobs"] == [{"code": "M1866", "title": "Pentesteur / Pentesteuse",
                            "via": "title", "appellation": None}]
    assert "France Travail" in doc["source"]


# -- job targets ------------------------------------------------------------------------------


def test_job_target_skills_come_from_the_items(index: RomeIndex, fresh: Referential,
                                               extractor: Extractor) -> None:
    job = job_target(index, "m1889", fresh, extractor)
    assert (job.code, job.version) == ("M1889", "460")
    assert job.title == "Ingénieur / Ingénieure en Intelligence Artificielle (IA)"
    assert [(s.skill_id, s.essential) for s in job.skills] == [
        ("algorithmie", True), ("machine-learning", True),
        ("python", False), ("deep-learning", False)]
    learning = job.skill("machine-learning")
    assert learning is not None
    # principal items first, then in the export's order
    # "IA" is an alias of machine-learning: the AI items support it too
    assert [i.code for i in learning.items] == ["508617", "508630", "495679", "405291", "508616",
                                                "508624", "497061"]
    assert learning.support[0].span == "IA"
    deep = job.skill("deep-learning")
    assert deep is not None
    assert [(x.item.label, x.span) for x in deep.support] == [
        ("Utilisation de TensorFlow et PyTorch", "TensorFlow")]
    assert job.skill("pentest") is None


def test_job_target_profile(index: RomeIndex, fresh: Referential,
                            extractor: Extractor) -> None:
    job = job_target(index, "M1889", fresh, extractor)
    profile = job.profile
    assert (profile.id, profile.domain, profile.builds_on) == ("M1889", ROME_DOMAIN, None)
    assert profile.label.fr == profile.label.en == job.title
    assert profile.description is not None and "France Travail" in profile.description.fr
    assert [(p.skill_id, p.essential) for p in profile.skills] == [
        (s.skill_id, s.essential) for s in job.skills]
    assert ROME_DOMAIN not in [d.id for d in fresh.domains]
    assert fresh.find_profile("M1889") is None  # the referential is left as it was


def test_job_target_lists_the_uncovered_items_principal_first(
        index: RomeIndex, fresh: Referential, extractor: Extractor) -> None:
    job = job_target(index, "M1889", fresh, extractor)
    assert [(i.code, i.principal) for i in job.uncovered] == [
        ("300490", False), ("492668", False)]
    assert job.uncovered[0].label == "Faire preuve de rigueur et de précision"
    # diplomas are neither read for skills nor uncovered
    assert [i.label for i in job.certifications] == ["Master mention informatique"]


def test_job_target_of_the_pentester(index: RomeIndex, fresh: Referential,
                                     extractor: Extractor) -> None:
    job = job_target(index, "M1866", fresh, extractor)
    assert [(s.skill_id, s.essential) for s in job.skills] == [
        ("cryptographie", True), ("pentest", True), ("securite-reseaux", False)]
    assert [i.label for i in job.uncovered if i.principal] == [
        "Tester un logiciel, un système d'informations, une application"]


def test_a_job_outside_the_referential_has_no_skills(index: RomeIndex, fresh: Referential,
                                                     extractor: Extractor) -> None:
    job = job_target(index, "D1104", fresh, extractor)
    assert job.skills == () and job.profile.skills == ()
    assert len(job.uncovered) == 5 and job.uncovered[0].principal
    result = gap(fresh, job.profile, HeldSkills(frozenset({"python"}), frozenset()))
    assert result.missing == () and result.coverage.coverage == 1.0


def test_an_unknown_code_is_a_usage_error_with_a_hint(index: RomeIndex, fresh: Referential,
                                                      extractor: Extractor) -> None:
    with pytest.raises(UsageError) as unknown:
        job_target(index, "M1899", fresh, extractor)
    assert unknown.value.key == "usage.unknown_rome"
    assert unknown.value.params["code"] == "M1899"
    assert str(unknown.value.params["hint"]).startswith("M1811 Data engineer")
    with pytest.raises(UsageError) as words:
        job_target(index, "pentest", fresh, extractor)
    assert words.value.params["hint"] == "M1866 Pentesteur / Pentesteuse"
    with pytest.raises(UsageError) as nothing:
        job_target(index, "Z", fresh, extractor)
    assert nothing.value.params["hint"] == "—"


def test_gap_to_a_job_target(index: RomeIndex, fresh: Referential,
                             extractor: Extractor) -> None:
    job = job_target(index, "M1889", fresh, extractor)
    result = gap(fresh, job.profile, HeldSkills(frozenset({"python", "algorithmie"}),
                                                frozenset({"deep-learning"})))
    assert result.target == "M1889"
    assert [i.skill_id for i in result.held] == ["algorithmie", "python"]
    assert [i.skill_id for i in result.missing] == ["machine-learning"]
    assert [i.skill_id for i in result.to_confirm] == ["deep-learning"]
    assert result.coverage.essential_held == 1 and result.coverage.essential_total == 2


def test_target_doc_is_plain_data(index: RomeIndex, fresh: Referential,
                                  extractor: Extractor) -> None:
    doc = target_doc(job_target(index, "M1866", fresh, extractor), fresh, "en")
    assert json.loads(json.dumps(doc)) == doc
    assert doc["skills"][1]["skill_id"] == "pentest"
    assert doc["skills"][1]["items"][0] == {
        "code_ogr": "501279", "label": "Concevoir des scénarios de test d'intrusion adaptés",
        "kind": "savoir-faire", "principal": True, "core": "Principale",
        "span": "test d'intrusion"}
    assert doc["certifications"][0]["label"] == "Expert en cybersécurité"


# -- the real export (shared data) ------------------------------------------------------------


@pytest.fixture(scope="module")
def real_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rome-cache")


@pytest.fixture
def real(shared: Path, real_cache: Path) -> Iterator[RomeIndex]:
    rome_dir = shared / "data" / "rome4_v460"
    if not rome_dir.is_dir():
        pytest.skip(f"needs the ROME export at {rome_dir}")
    yield RomeIndex.load(rome_dir, real_cache)


def test_real_search(real: RomeIndex) -> None:
    assert len(real) == 1584
    assert search(real, "pentest")[0].code == "M1866"
    assert search(real, "analyste soc")[0].code == "M1883"
    assert "M1811" in [m.code for m in search(real, "data", limit=5)]
    assert search(real, "Prompt engineer")[0].code == "M1889"
    assert search(real, "cybersécurité")[0].title.casefold().find("cybersécurité") >= 0


def test_real_ai_engineer(real: RomeIndex, fresh: Referential, extractor: Extractor) -> None:
    job = job_target(real, "M1889", fresh, extractor)
    skills = {s.skill_id: s for s in job.skills}
    assert {"machine-learning", "deep-learning", "python"} <= set(skills)
    assert skills["machine-learning"].essential
    assert job.uncovered
    labels = [i.label for i in job.uncovered]
    assert "Implémenter des solutions de cybersécurité adaptées" in labels
    assert not any(i.certification for i in job.uncovered)
    result = gap(fresh, job.profile, HeldSkills(frozenset({"python"}), frozenset()))
    assert result.target == "M1889"
    assert "python" in [i.skill_id for i in result.held]
    assert "machine-learning" in [i.skill_id for i in result.missing]


def test_real_pentester(real: RomeIndex, fresh: Referential, extractor: Extractor) -> None:
    job = job_target(real, "m1866", fresh, extractor)
    skills = {s.skill_id: s.essential for s in job.skills}
    assert skills["pentest"] and skills["cryptographie"]


def test_real_warm_load_is_fast(real: RomeIndex, real_cache: Path) -> None:
    assert real.source_dir is not None
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        again = RomeIndex.load(real.source_dir, real_cache)
        timings.append(time.perf_counter() - start)
        assert again.from_cache
    assert min(timings) < 0.2
