"""Catalogue importers: RNCP blocs and Mon Compte Formation exports become catalogue YAML that
`load_catalogue` and `validate` accept; what a source does not say stays empty or explicitly
unknown; every entry keeps its source file, code and date.

Inputs are in `tests/fixtures/import/` (see its README); the real exports in the team's shared
data are imported too when present.
"""

from __future__ import annotations

import csv
import math
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from skillmatch.catalogue import default_catalogue_path, load_catalogue
from skillmatch.errors import DataFileError, InputNotFoundError
from skillmatch.importers import (
    ImportResult,
    SkillFinder,
    _number,
    _quote,
    catalogue_yaml,
    certification_code,
    cpf_import,
    department_code,
    import_cpf,
    import_rncp,
    level_reached,
    parse_number,
    parse_source_ref,
    read_rncp_blocs,
    rncp_import,
    source_ref,
)
from skillmatch.model import Catalogue, Constraints, Formation, Referential
from skillmatch.recommend import recommend
from skillmatch.referential import bundled_dir
from skillmatch.validation import validate_path
from skillmatch.yamldoc import parse

FIXTURES = Path(__file__).parent / "fixtures" / "import"
BLOCS = FIXTURES / "rncp" / "export_fiches_CSV_Blocs_De_Competences_2024_01_17.csv"
STANDARD = FIXTURES / "rncp_standard" / "export_fiches_CSV_Standard_2024_01_17.csv"
CPF_FULL = FIXTURES / "cpf_full_columns.csv"
CPF_CERT = FIXTURES / "cpf_nsf326_certification_level.csv"
REAL_BLOCS = Path("data", "rncp_blocs_2024_01_17",
                  "export_fiches_CSV_Blocs_De_Competences_2024_01_17.csv")
REAL_CPF = Path("data", "cpf_catalogue_it_extract_2024", "moncompteformation_nsf326_extract.csv")


def checked(text: str, tmp_path: Path, referential: Referential, name: str = "imported.yaml"
            ) -> Catalogue:
    """Write `text`, check `validate` finds no problem, and load it."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = validate_path(path)
    assert report.kind == "catalogue"
    assert report.problems == ()
    return load_catalogue(path, referential)


def by_id(catalogue: Catalogue) -> dict[str, Formation]:
    return {f.id: f for f in catalogue.formations}


@pytest.fixture(scope="module")
def rncp(referential: Referential) -> ImportResult:
    return rncp_import(BLOCS, referential)


@pytest.fixture(scope="module")
def cpf_full(referential: Referential) -> ImportResult:
    return cpf_import(CPF_FULL, referential, rncp_blocs=BLOCS)


@pytest.fixture(scope="module")
def cpf_cert(referential: Referential) -> ImportResult:
    return cpf_import(CPF_CERT, referential)


# -- RNCP blocs --------------------------------------------------------------------------------


def test_rncp_one_entry_per_certification_that_names_a_skill(rncp: ImportResult) -> None:
    assert rncp.counts["certifications"] == 10
    assert rncp.counts["blocs"] == 52
    assert rncp.counts["imported"] == 8
    # TP Administrateur système DevOps and TP Concepteur développeur d'applications: their
    # blocs ("Déployer en continu une application"...) name no referential skill.
    assert rncp.counts["without_skills"] == 2
    ids = set(by_id(rncp.catalogue))
    assert "rncp36061" not in ids and "rncp37873" not in ids
    assert len(ids) == 8
    assert rncp.problems == ()


def test_rncp_skills_are_those_the_blocs_name(rncp: ImportResult) -> None:
    formations = by_id(rncp.catalogue)
    assert formations["rncp34545"].skills == ("machine-learning",)
    assert "pentest" in formations["rncp37987"].skills  # "Conduire des tests d'intrusion..."
    assert {"cryptographie", "rgpd"} <= set(formations["rncp36855"].skills)
    assert {"machine-learning", "deep-learning", "algorithmie"} <= \
        set(formations["rncp35254"].skills)
    assert {"bases-de-donnees", "securite-reseaux"} <= set(formations["rncp34975"].skills)


def test_rncp_blocs_keep_their_own_skills(referential: Referential) -> None:
    fiches = read_rncp_blocs(BLOCS, SkillFinder(referential), only=["RNCP35254"])
    assert list(fiches) == ["RNCP35254"]
    blocs = {b.code: b for b in fiches["RNCP35254"].blocs}
    assert [b.code for b in fiches["RNCP35254"].blocs] == sorted(blocs)
    assert blocs["RNCP35254BC04"].label == "Implémenter des algorithmes d’apprentissage profond"
    assert blocs["RNCP35254BC04"].skills == ("deep-learning", "algorithmie")
    assert blocs["RNCP35254BC01"].skills == ()


def test_rncp_unknown_figures_are_null_and_placeholders_are_declared(
        rncp: ImportResult) -> None:
    for f in rncp.catalogue.formations:
        assert f.hours is None and f.cost_eur is None, f.id
        assert f.department is None
        assert f.level == "none"
        assert f.format == "présentiel"
        assert f.provenance.estimated == ("skills", "level", "format"), f.id
        assert f.provenance.from_seeds == () and f.provenance.seed is None
        assert f.url == f"https://www.francecompetences.fr/recherche/rncp/{f.id[4:]}/"
        assert f.certification is not None and f.certification.type == "RNCP"
        assert f.certification.code == f.id.upper()
        assert f.title == f"Certification {f.id.upper()}"
        assert f.profiles == ()
    text = rncp.yaml()
    assert text.count("hours: null  # unknown: not in the RNCP export") == 8
    assert text.count('format: "présentiel"  # placeholder') == 8


def test_rncp_organism_is_the_certifier(rncp: ImportResult) -> None:
    formations = by_id(rncp.catalogue)
    assert formations["rncp37987"].organism == "CYBERSECURITY BUSINESS SCHOOL"
    assert formations["rncp34757"].organism == "SIMPLON.CO"
    # 13 certifiers (universities): the first three, then how many others.
    assert formations["rncp29969"].organism == (
        "UNIVERSITE GUSTAVE EIFFEL, UNIVERSITE DE CAEN NORMANDIE, UNIVERSITE GRENOBLE ALPES "
        "et 10 autres")
    assert rncp.counts["with_certifier"] == 8


def test_rncp_every_entry_keeps_its_file_code_and_date(rncp: ImportResult) -> None:
    for f in rncp.catalogue.formations:
        assert f.provenance.source_file is not None
        assert parse_source_ref(f.provenance.source_file) == (
            BLOCS.name, f.id.upper(), "2024-01-17")
    assert rncp.catalogue.id == "rncp-2024-01-17"
    assert rncp.catalogue.version == "2024-01-17"


def test_rncp_yaml_is_valid_and_reads_back_equal(rncp: ImportResult, tmp_path: Path,
                                                 referential: Referential) -> None:
    loaded = checked(rncp.yaml(), tmp_path, referential)
    assert loaded.formations == rncp.catalogue.formations
    # The blocs and their skills are in comments, for review.
    assert "# - RNCP35254BC04 Implémenter des algorithmes d’apprentissage profond -> " \
           "deep-learning, algorithmie" in rncp.yaml()
    assert "France compétences, Licence Ouverte" in rncp.yaml()


def test_rncp_standard_file_beside_gives_title_and_level(
        tmp_path: Path, referential: Referential) -> None:
    shutil.copy(BLOCS, tmp_path / BLOCS.name)
    shutil.copy(STANDARD, tmp_path / STANDARD.name)
    result = rncp_import(tmp_path / BLOCS.name, referential)
    lp = by_id(result.catalogue)["rncp29969"]
    assert lp.title == "Licence Professionnelle Métiers du décisionnel et de la statistique " \
                       "(fiche nationale)"
    assert lp.level == "bac+3"
    assert result.counts["with_title"] == result.counts["with_level"] == 1
    # No Certificateurs file here: the organism is a placeholder, and says so.
    assert lp.organism == "Certificateur non renseigné"
    assert lp.provenance.estimated == ("organism", "skills", "format")
    other = by_id(result.catalogue)["rncp34545"]
    assert other.provenance.estimated == ("organism", "skills", "level", "format")
    checked(result.yaml(), tmp_path, referential, "out.yaml")


def test_rncp_files_beside_are_ignored_when_asked(referential: Referential) -> None:
    catalogue = import_rncp(BLOCS, referential, siblings=False)
    assert {f.organism for f in catalogue.formations} == {"Certificateur non renseigné"}
    given_explicitly = import_rncp(BLOCS, referential, siblings=False, standard=STANDARD)
    assert by_id(given_explicitly)["rncp29969"].level == "bac+3"


# -- finding skills in titles and bloc labels ---------------------------------------------------


def test_letters_and_codes_of_formal_labels_are_not_skills(referential: Referential) -> None:
    find = SkillFinder(referential)
    assert find("Réaliser des travaux en qualité de finition B ou C") == ()
    assert find("Bloc 9 (Option S3) : Spécialisation Aéronautique") == ()
    assert find("Programmer en langage C") == ("c-cpp",)
    assert find("Statistiques avec R") == ("statistiques", "r")
    assert find("Développer en C++ et Python") == ("python", "c-cpp")


def test_fuzzy_mentions_only_when_asked(referential: Referential) -> None:
    """The extractor's fuzzy step reads "exploitation" as "exploration" (de données, machine
    learning): about 335 blocs of the real 2024-01-17 export would cover machine learning."""
    label = "Analyse et exploitation de données techniques"
    assert SkillFinder(referential)(label) == ()
    assert SkillFinder(referential, fuzzy=True)(label) == ("machine-learning",)


# -- CPF, every column ---------------------------------------------------------------------


def test_cpf_one_formation_per_row(cpf_full: ImportResult) -> None:
    assert cpf_full.counts["rows"] == 14
    assert cpf_full.counts["imported"] == 13
    assert cpf_full.counts["without_skills"] == 1  # TOSA Excel: no referential skill
    assert cpf_full.counts["merged_rows"] == 0
    assert cpf_full.problems == ()
    formations = cpf_full.catalogue.formations
    assert all(f.cpf for f in formations)
    assert all(f.url is None and f.profiles == () for f in formations)
    assert "atelier-numerique-92-an92-excel-perf" not in by_id(cpf_full.catalogue)
    # Same organism and certification, two formation numbers: two formations.
    assert {"pylab-formation-pylab-data-35", "pylab-formation-pylab-poo-21"} <= \
        set(by_id(cpf_full.catalogue))


def test_cpf_values_come_from_their_columns(cpf_full: ImportResult) -> None:
    f = by_id(cpf_full.catalogue)
    dev_ia = f["neurone-campus-nc-devia-2024"]
    assert dev_ia.title == "Développeur en intelligence artificielle (titre RNCP niveau 6)"
    assert dev_ia.organism == "NEURONE CAMPUS"
    assert (dev_ia.hours, dev_ia.cost_eur) == (1200.0, 8900.0)
    assert (dev_ia.format, dev_ia.department, dev_ia.level) == ("présentiel", "92", "bac+3")
    assert dev_ia.certification is not None
    assert (dev_ia.certification.type, dev_ia.certification.code) == ("RNCP", "RNCP34757")
    assert dev_ia.provenance.estimated == ("skills",)
    vision = f["aivance-lab-aiv-dl-cv"]
    assert (vision.hours, vision.cost_eur) == (450.0, 4500.0)  # the means of min/max
    assert (vision.format, vision.department) == ("hybride", "69")  # 1 of 3 sessions at a distance
    assert {"python", "deep-learning", "computer-vision"} <= set(vision.skills)
    remote = f["dataforge-formation-df-mle-01"]
    assert (remote.format, remote.department) == ("distanciel", None)  # distance-only
    assert f["cyberskills-academy-csa-pentest-6"].department == "2A"
    tpe = f["formapro-ouest-fpo-cyber-tpe"]
    assert (tpe.hours, tpe.cost_eur) == (7.0, 420.0)  # "420,00"
    assert {"securite-reseaux", "antivirus"} <= set(tpe.skills)
    python = f["pylab-formation-pylab-data-35"]
    assert python.level == "none"  # the répertoire spécifique has no levels
    assert python.certification is not None and python.certification.code == "RS6202"
    assert set(f["cloudpath-cp-seccloud"].skills) == {"aws", "azure"}


def test_cpf_missing_values_stay_empty_or_unknown(cpf_full: ImportResult) -> None:
    f = by_id(cpf_full.catalogue)
    assert f["institut-securinfo-isi-soc-2024"].cost_eur is None  # price empty
    assert f["institut-securinfo-isi-soc-2024"].hours == 420.0
    assert f["institut-securinfo-isi-asrs-2024"].hours is None  # hours empty
    web = f["dataforge-formation-df-devweb-800"]  # no active session
    assert web.format == "présentiel" and "format" in web.provenance.estimated
    assert web.cost_eur == 0.0  # a real 0, not unknown
    ethics = f["neurone-campus-nc-ethique-ia"]
    assert ethics.certification is not None
    assert (ethics.certification.type, ethics.certification.code) == ("RS", None)
    counts = cpf_full.counts
    assert (counts["unknown_hours"], counts["unknown_cost"], counts["unknown_format"]) == \
        (1, 1, 1)
    assert counts["no_certification_code"] == 1
    text = cpf_full.yaml()
    assert "cost_eur: null  # unknown: not in the source" in text
    assert "department: null  # distance sessions only" in text


def test_cpf_skills_include_the_blocs_of_the_rncp_certification(
        cpf_full: ImportResult, referential: Referential) -> None:
    counts = cpf_full.counts
    assert (counts["rncp_rows"], counts["rncp_joined"], counts["rncp_not_in_blocs"]) == (8, 7, 1)
    # Its title names no referential skill: the blocs of RNCP36855 do.
    ose = by_id(cpf_full.catalogue)["operateurs-cyber-formation-ocf-cyber-ose"]
    assert set(ose.skills) == {"rgpd", "cryptographie"}
    assert counts["skills_from_blocs_only"] == 1
    soc = by_id(cpf_full.catalogue)["institut-securinfo-isi-soc-2024"]
    assert {"edr-xdr", "securite-applicative"} <= set(soc.skills)  # title + blocs
    alone = by_id(import_cpf(CPF_FULL, referential))
    assert "operateurs-cyber-formation-ocf-cyber-ose" not in alone
    assert "securite-applicative" not in alone["institut-securinfo-isi-soc-2024"].skills


def test_cpf_every_entry_keeps_its_file_formation_number_and_date(
        cpf_full: ImportResult) -> None:
    for f in cpf_full.catalogue.formations:
        assert f.provenance.source_file is not None
        file, code, date = parse_source_ref(f.provenance.source_file)
        assert (file, date) == (CPF_FULL.name, "2024-07-15")
        assert code is not None and re.fullmatch(r"\d{14}_[A-Z0-9-]+", code), code
        assert f.id.endswith(code.split("_", 1)[1].lower())
    assert cpf_full.catalogue.version == "2024-07-15"


def test_cpf_yaml_is_valid_and_reads_back_equal(cpf_full: ImportResult, cpf_cert: ImportResult,
                                                tmp_path: Path,
                                                referential: Referential) -> None:
    for i, result in enumerate((cpf_full, cpf_cert)):
        loaded = checked(result.yaml(), tmp_path, referential, f"cpf{i}.yaml")
        assert loaded.formations == result.catalogue.formations


# -- CPF, certification-level extract (the real one's columns) ---------------------------------


def test_cpf_certification_level_extract(cpf_cert: ImportResult) -> None:
    counts = cpf_cert.counts
    assert counts["rows"] == 13
    assert counts["imported"] == 3
    # Rows differing only in columns a formation does not keep (the region) are one entry.
    assert counts["merged_rows"] == 3
    assert counts["imported"] + counts["merged_rows"] + counts["without_skills"] == 13
    f = by_id(cpf_cert.catalogue)
    assert set(f) == {"ag-cnam-occitanie-rncp29969", "agence-seine-et-marnaise-de-formation-rs6202",
                      "ambient-it-rncp36061"}
    for formation in f.values():
        assert formation.hours is None and formation.cost_eur is None
        assert formation.department is None
        assert formation.format == "présentiel"
        assert formation.provenance.estimated == ("skills", "format")
    assert f["ag-cnam-occitanie-rncp29969"].level == "bac+3"  # "(NIVEAU 6)"
    assert f["ag-cnam-occitanie-rncp29969"].skills == ("statistiques",)
    assert f["agence-seine-et-marnaise-de-formation-rs6202"].level == "none"
    assert parse_source_ref(f["ambient-it-rncp36061"].provenance.source_file or "") == (
        CPF_CERT.name, "RNCP36061", None)
    assert "rows giving this same formation: lines 12, 13" in cpf_cert.yaml()


def test_cpf_semicolons_and_bom_read_as_commas_without(tmp_path: Path,
                                                       referential: Referential) -> None:
    converted = tmp_path / CPF_CERT.name
    with CPF_CERT.open(encoding="utf-8", newline="") as source, \
            converted.open("w", encoding="utf-8-sig", newline="") as target:
        csv.writer(target, delimiter=";", lineterminator="\r\n").writerows(csv.reader(source))
    assert converted.read_bytes().startswith(b"\xef\xbb\xbfnom_of;")
    assert import_cpf(converted, referential) == import_cpf(CPF_CERT, referential)


def test_rows_of_one_id_are_merged_when_equal_and_numbered_when_not(
        tmp_path: Path, referential: Referential) -> None:
    path = tmp_path / "extract.csv"
    path.write_text(
        "nom_of,nom_region,type_referentiel,code_inventaire,code_rncp,intitule_certification\n"
        "ORG,Bretagne,RS,6202,-1,Tosa Python\n"
        "ORG,,RS,6202,-1,Tosa Python\n"
        "ORG,Bretagne,RS,6202,-1,Python et SQL\n", encoding="utf-8")
    result = cpf_import(path, referential)
    assert [f.id for f in result.catalogue.formations] == ["org-rs6202", "org-rs6202-2"]
    assert result.catalogue.id == "cpf-extract"
    assert (result.counts["merged_rows"], result.counts["renamed_duplicates"]) == (1, 1)
    assert result.catalogue.formations[1].skills == ("python", "bases-de-donnees")


# -- files the importers refuse or partly read ------------------------------------------------


def test_a_missing_column_refuses_the_file(tmp_path: Path, referential: Referential) -> None:
    bad = tmp_path / "blocs.csv"
    bad.write_text('"Numero_Fiche";"Code";"Libelle"\n"RNCP1";"RNCP1BC01";"Python"\n',
                   encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        import_rncp(bad, referential)
    assert [(p.key, p.params["key"]) for p in caught.value.problems] == [
        ("schema.missing_key", "Bloc_Competences_Code"),
        ("schema.missing_key", "Bloc_Competences_Libelle")]
    no_title = tmp_path / "cpf.csv"
    no_title.write_text("nom_of;code_rncp\nX;34757\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        import_cpf(no_title, referential)
    assert caught.value.problems[0].params["key"] == \
        "intitule_formation / intitule_certification"


def test_a_missing_file_is_reported(tmp_path: Path, referential: Referential) -> None:
    with pytest.raises(InputNotFoundError):
        import_cpf(tmp_path / "absent.csv", referential)
    with pytest.raises(InputNotFoundError):
        import_rncp(tmp_path, referential)


def test_unreadable_rows_are_left_out_and_reported(tmp_path: Path,
                                                   referential: Referential) -> None:
    path = tmp_path / "blocs.csv"
    path.write_text(
        '"Numero_Fiche";"Bloc_Competences_Code";"Bloc_Competences_Libelle"\n'
        '"RNCP34545";"RNCP34545BC02";"Entraîner un modèle d’apprentissage automatique"\n'
        '"RNCP99999";"RNCP99999BC01"\n', encoding="utf-8")
    result = rncp_import(path, referential)
    assert [f.id for f in result.catalogue.formations] == ["rncp34545"]
    assert [(p.line, p.key) for p in result.problems] == [(3, "batch.field_count")]
    assert result.counts["bad_rows"] == 1


def test_an_import_naming_no_skill_gives_an_empty_catalogue(tmp_path: Path,
                                                            referential: Referential) -> None:
    path = tmp_path / "blocs.csv"
    path.write_text('Numero_Fiche;Bloc_Competences_Code;Bloc_Competences_Libelle\n'
                    'RNCP183;RNCP183BC01;Monter des installations frigorifiques\n',
                    encoding="utf-8")
    result = rncp_import(path, referential)
    assert result.catalogue.formations == ()
    assert result.counts["without_skills"] == 1
    assert "formations: []" in result.yaml()  # `validate` says the list is empty


# -- values --------------------------------------------------------------------------------


def test_value_readers() -> None:
    assert [parse_number(t) for t in ("1490", "1 490,50", "1490.5", "1,490.50", "", "-1",
                                      "abc", "nan")] == \
        [1490.0, 1490.5, 1490.5, 1490.5, None, None, None, None]
    assert [level_reached(t) for t in (
        "BAC+2 : DEUG, BT, DUT... (NIVEAU 5)", "BAC+3 ou 4 : licence, master 1, maîtrise "
        "(NIVEAU 6)", "BAC+5 : grade master, DEA, DESS, ingénieur... (NIVEAU 7)", "NIV8",
        "BAC, BP, BT... (NIVEAU 4)", "", "Sans niveau spécifique")] == \
        ["bac+2", "bac+3", "bac+5", "bac+5", "none", None, None]
    assert [department_code(t) for t in ("92", "6", "2a", "971", "99", "", "Paris")] == \
        ["92", "06", "2A", "971", None, None, None]
    assert [certification_code(k, t) for k, t in (("RNCP", "34757"), ("RS", "6202"),
                                                  ("RNCP", "-1"), ("RS", ""), ("RS", "84"),
                                                  ("RNCP", "RNCP36061"))] == \
        ["RNCP34757", "RS6202", None, None, None, "RNCP36061"]
    ref = source_ref("export.csv", "RNCP34757", "2024-01-17")
    assert ref == "export.csv#RNCP34757@2024-01-17"
    assert parse_source_ref(ref) == ("export.csv", "RNCP34757", "2024-01-17")
    assert parse_source_ref("data.csv") == ("data.csv", None, None)
    assert parse_source_ref(source_ref("a#b.csv", "X_1")) == ("a#b.csv", "X_1", None)


# -- YAML ----------------------------------------------------------------------------------


def test_catalogue_yaml_writes_the_bundled_catalogue_back_equal(
        tmp_path: Path, referential: Referential) -> None:
    bundled = load_catalogue(default_catalogue_path(bundled_dir()), referential)
    loaded = checked(catalogue_yaml(bundled), tmp_path, referential)
    assert loaded.formations == bundled.formations
    assert (loaded.id, loaded.version, loaded.title) == \
        (bundled.id, bundled.version, bundled.title)


def test_catalogue_yaml_quotes_every_text(cpf_full: ImportResult) -> None:
    text = cpf_full.yaml()
    assert 'department: "92"' in text and 'department: "2A"' in text
    keyed = re.compile(r"^\s*(?:- )?(id|title|organism|level|format|department|url|type|code|"
                       r"source_file|version|fr|en|source|notes): (.*)$")
    values = [m.group(2) for line in text.splitlines() if (m := keyed.match(line))]
    assert len(values) > 100
    assert all(v.startswith('"') or v.startswith("null") for v in values), \
        [v for v in values if not v.startswith(('"', "null"))]


@settings(max_examples=300, deadline=None)
@given(st.text())
@example('tab\there "quoted" \\ back\nline\r\x00\x07\x7f\x85\xa0\u2028\u2029\ufeff\U0001f600')
@example("# not a comment: [a, b] {c} *alias &anchor !tag % @ `")
def test_any_text_is_quoted_so_that_yaml_reads_it_back(text: str) -> None:
    doc = parse(f"value: {_quote(text)}\n", "quoted.yaml")
    assert doc.data["value"] == text


def test_numbers_are_written_as_yaml_reads_them() -> None:
    for value in (0.0, 35.0, 1490.5, 1e-05, 0.1, 123456789.25, 1e20):
        doc = parse(f"n: {_number(value)}\n", "n.yaml")
        assert doc.data["n"] == value and isinstance(doc.data["n"], (int, float))
    assert _number(None) == "null"
    with pytest.raises(ValueError):
        _number(math.nan)


# -- what the recommender makes of unknown figures ------------------------------------------


def test_an_unknown_cost_never_fits_a_budget(cpf_full: ImportResult) -> None:
    gap = {"edr-xdr": 1.0, "python": 1.0}  # only the SOC formation, of unknown price, has EDR
    within = recommend(cpf_full.catalogue, gap, Constraints(budget=10_000))
    assert [s.formation.id for s in within.steps] == ["pylab-formation-pylab-poo-21"]
    assert within.residual == ("edr-xdr",)
    unlimited = recommend(cpf_full.catalogue, gap, Constraints())
    assert "institut-securinfo-isi-soc-2024" in [s.formation.id for s in unlimited.steps]
    assert unlimited.total_cost is None  # a formation of the path has no published cost


# -- the real exports of the shared data ---------------------------------------------------


def test_the_real_rncp_export_imports(shared: Path, tmp_path: Path,
                                      referential: Referential) -> None:
    path = shared / REAL_BLOCS
    if not path.is_file():
        pytest.skip(f"{path} absent")
    result = rncp_import(path, referential)
    counts = result.counts
    print("real RNCP export:", dict(counts))
    assert counts["certifications"] == 6844
    assert counts["blocs"] == 34351
    assert counts["bad_rows"] == 0
    assert counts["imported"] + counts["without_skills"] == counts["certifications"]
    assert 300 < counts["imported"] < 3000
    # The Certificateurs file beside it names the certifier of nearly every entry.
    assert counts["with_certifier"] > 0.9 * counts["imported"]
    loaded = checked(result.yaml(), tmp_path, referential)
    assert loaded.formations == result.catalogue.formations
    for f in loaded.formations:
        file, code, date = parse_source_ref(f.provenance.source_file or "")
        assert (file, date) == (path.name, "2024-01-17")
        assert f.certification is not None and code == f.certification.code


def test_the_real_cpf_extract_imports(shared: Path, tmp_path: Path,
                                      referential: Referential) -> None:
    """The real extract has certification-level columns only: no hours, prices, sessions or
    departments; every figure is unknown."""
    path, blocs = shared / REAL_CPF, shared / REAL_BLOCS
    if not path.is_file() or not blocs.is_file():
        pytest.skip(f"{path} or {blocs} absent")
    alone = cpf_import(path, referential)
    joined = cpf_import(path, referential, rncp_blocs=blocs)
    print("real CPF extract:", dict(alone.counts), "with the RNCP blocs:", dict(joined.counts))
    for result in (alone, joined):
        counts = result.counts
        assert counts["rows"] == 200 and counts["bad_rows"] == 0
        assert counts["imported"] + counts["merged_rows"] + counts["without_skills"] == 200
        assert counts["imported"] >= 1
        assert counts["unknown_hours"] == counts["unknown_cost"] == counts["imported"]
        assert counts["unknown_format"] == counts["imported"]
        for f in result.catalogue.formations:
            assert f.department is None and f.url is None and f.cpf
            assert parse_source_ref(f.provenance.source_file or "")[0] == path.name
        loaded = checked(result.yaml(), tmp_path, referential)
        assert loaded.formations == result.catalogue.formations
    assert joined.counts["rncp_rows"] == 27
    assert joined.counts["rncp_joined"] == 27
    assert joined.counts["imported"] >= alone.counts["imported"]
