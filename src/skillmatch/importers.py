"""Catalogue importers: public training data turned into skillmatch catalogue YAML.

Two sources (see `../shared/data/*/SOURCE.md`):

- the France compétences RNCP export, file `export_fiches_CSV_Blocs_De_Compétences_<date>.csv`
  (`Numero_Fiche; Bloc_Competences_Code; Bloc_Competences_Libelle`): one entry per
  certification, with the referential skills the extractor finds in the labels of its blocs of
  competences. The `Certificateurs` file of the same export, when it lies beside it (or is
  given), names the certifiers (the entry's organism); the `Standard` file, likewise, gives the
  title and the level. Certifications whose blocs name no referential skill are left out.
- the Mon Compte Formation (CPF) open-data export: every column (`;`-separated, UTF-8 with a
  BOM, as the portal exports it) or a certification-level extract of it (fewer columns, any
  separator): one formation per row, its skills found in its titles and, when the RNCP blocs
  file is given, in the blocs of the RNCP certification it prepares.

What a source does not say is never made up:

- optional fields stay empty: `department`, `url`, a certification's `code` are `null`;
- `hours` and `cost_eur` unknown are `null` (the catalogue format's "not published"): the
  recommender never fits such a formation into a budget or an hours limit and ranks it after
  every formation with a real figure; reports show "n. c.". The line carries the comment
  `# unknown: ...`;
- `level` and `format` are required choices: unknown, they get a placeholder ("none",
  "présentiel") listed in `provenance.estimated`, with a comment on the line;
- `skills` is always listed in `provenance.estimated`: which skills a certification covers is
  the project's reading of its bloc labels and titles, as in the bundled catalogue.

Every entry keeps where it comes from in `provenance.source_file`, written
`<file name>#<code>@<date>` (`source_ref`, `parse_source_ref`): the code is the RNCP fiche
number, or the CPF formation number (its certification code when the extract has no formation
number); the date is the export's, when the file name or a `date_extract` column gives it.

Skills are found by `skillmatch.extract.Extractor`, keeping only its matches (not the mentions
to confirm). By default only its exact mentions count: on formal bloc labels its fuzzy step
reads "exploitation de données" as "exploration de données" (machine learning) hundreds of
times in the real export (see `fuzzy=`). A one-letter mention ("C", "R") counts only after a
word such as "langage" or "en" ("finition B ou C" is no C course), and letter-digit codes
("Option S3", "C.A") never count.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from skillmatch.catalogue import DEPARTMENT
from skillmatch.csvio import BadRecord, read_records
from skillmatch.errors import DataFileError, InputNotFoundError, Problem
from skillmatch.extract import Extractor, Mention
from skillmatch.matcher import Matcher
from skillmatch.model import (
    Catalogue,
    Certification,
    Formation,
    MatchStatus,
    Provenance,
    Referential,
    Text,
)

#: An unknown number of hours or cost: `null` in the catalogue.
UNKNOWN = None
#: Placeholders for the required choices a source does not give (listed in `estimated`).
UNKNOWN_LEVEL = "none"
UNKNOWN_FORMAT = "présentiel"
#: Formation fields in catalogue order, for `provenance.estimated`.
_FIELD_ORDER = ("id", "title", "organism", "skills", "level", "hours", "cost_eur", "format",
                "department", "certification", "cpf", "profiles", "url")
#: Level reached for each level of the European qualifications framework (French "niveau").
LEVEL_BY_EQF = {1: "none", 2: "none", 3: "none", 4: "none", 5: "bac+2", 6: "bac+3",
                7: "bac+5", 8: "bac+5"}
#: Most certifiers named in an entry's organism; the others are counted.
MAX_CERTIFIERS = 3
#: Longest organism part of a CPF formation id.
MAX_ORGANISM_ID = 40

RNCP_BLOCS_COLUMNS = ("Numero_Fiche", "Bloc_Competences_Code", "Bloc_Competences_Libelle")
RNCP_CERTIFIERS_COLUMNS = ("Numero_Fiche", "Nom_Certificateur")
RNCP_STANDARD_COLUMNS = ("Numero_Fiche",)  # Intitule, Nomenclature_Europe_Niveau if present
CPF_TITLE_COLUMNS = ("intitule_formation", "intitule_certification")

_DATE_IN_NAME = re.compile(r"(\d{4})[_-](\d{2})[_-](\d{2})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SOURCE_REF = re.compile(r"(?P<file>.*?)(?:#(?P<code>[^#@]*))?(?:@(?P<date>\d{4}-\d{2}-\d{2}))?")
_LEVEL = re.compile(r"\b(?:niveau|niv)\.?\s*(\d)\b", re.IGNORECASE)
_CODE_DIGITS = re.compile(r"(?:RNCP|RS)?\s*(\d+)", re.IGNORECASE)
#: A one-letter skill ("C", "R") in a title or bloc label, only after one of these words.
_LANGUAGE_BEFORE = re.compile(
    r"(?:\blangages?|\bprogrammation|\bprogrammer|\bcoder|\bdévelopper|\ben|\bavec|\bsous)"
    r"\s+$", re.IGNORECASE)


# -- small readers of values ----------------------------------------------------------------


def clean_text(text: str) -> str:
    """One line of text: white space (new lines, tabs, no-break spaces) folded to one space."""
    return " ".join(text.split())


def slug(text: str, limit: int | None = None) -> str:
    """`"Ambient IT (Paris)"` -> `"ambient-it-paris"`: an id part, cut at a dash under `limit`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if limit is not None and len(out) > limit:
        cut = out[:limit + 1]
        out = cut[:cut.rfind("-")] if "-" in cut else out[:limit]
    return out.strip("-")


def parse_number(text: str) -> float | None:
    """A figure as an export writes it ("1490", "1 490,50", "1490.5"), or None (empty, "-1",
    negative or not a number)."""
    raw = re.sub(r"[\s\u00a0\u202f]", "", text)
    if not raw:
        return None
    if "," in raw and "." in raw:  # the last one is the decimal separator
        raw = raw.replace(",", "") if raw.rfind(".") > raw.rfind(",") else \
            raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def level_reached(text: str) -> str | None:
    """The level reached (`LEVELS_REACHED`) of a French level ("... (NIVEAU 6)", "NIV6", "6"),
    or None when the text names none."""
    found = _LEVEL.search(text) or re.fullmatch(r"\s*(\d)\s*", text)
    return LEVEL_BY_EQF.get(int(found.group(1))) if found else None


def department_code(text: str) -> str | None:
    """An INSEE department code ("92", "2A", "971"; "6" -> "06"), or None if not one."""
    code = text.strip().upper()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    return code if DEPARTMENT.fullmatch(code) else None


def certification_code(kind: str, text: str) -> str | None:
    """`("RNCP", "34757")` -> `"RNCP34757"`; None for "-1", empty or a malformed code."""
    found = _CODE_DIGITS.fullmatch(text.strip())
    if not found or text.strip() == "-1":
        return None
    code = f"{kind}{found.group(1)}"
    return code if re.fullmatch(rf"{kind}\d{{3,6}}", code) else None


def export_date(path: Path) -> str | None:
    """The date in an export's file name (`..._2024_01_17.csv` -> `2024-01-17`)."""
    found = _DATE_IN_NAME.search(path.name)
    return "-".join(found.groups()) if found else None


def source_ref(file: str, code: str | None = None, date: str | None = None) -> str:
    """What `provenance.source_file` holds: `<file>#<code>@<date>`, the parts known."""
    return file + (f"#{code}" if code else "") + (f"@{date}" if date else "")


def parse_source_ref(text: str) -> tuple[str, str | None, str | None]:
    """`(file, code, date)` of a `source_ref`."""
    found = _SOURCE_REF.fullmatch(text)
    assert found is not None  # the pattern matches any text
    return found["file"], found["code"] or None, found["date"]


# -- finding skills -------------------------------------------------------------------------


class _ExactExtractor(Extractor):
    """The extractor without its fuzzy step (see the module's docstring)."""

    def _fuzzy(self, text: str, run: object) -> Mention | None:
        return None


class SkillFinder:
    """The referential skills named in a title or a bloc label, in referential order."""

    def __init__(self, referential: Referential, fuzzy: bool = False) -> None:
        matcher = Matcher(referential)
        self.extractor = Extractor(matcher) if fuzzy else _ExactExtractor(matcher)
        self._order = {s.id: i for i, s in enumerate(referential.skills)}
        self._cache: dict[str, tuple[str, ...]] = {}

    def __call__(self, text: str) -> tuple[str, ...]:
        text = clean_text(text)
        found = self._cache.get(text)
        if found is None:
            found = self.sort(m.skill_id for m in self.extractor.extract(text)
                              if m.status == MatchStatus.MATCH and not _code_like(text, m))
            self._cache[text] = found
        return found

    def sort(self, skill_ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(set(skill_ids), key=lambda s: (self._order.get(s, len(self._order)),
                                                           s)))


def _code_like(text: str, mention: Mention) -> bool:
    span = mention.span
    if len(span) <= 4 and any(c.isdigit() or c == "." for c in span) \
            and sum(c.isalpha() for c in span) <= 2:
        return True  # "Option S3", "C.A": a code, not a skill
    if len(span) == 1:  # "finition B ou C", not "langage C"
        return not _LANGUAGE_BEFORE.search(text[:mention.start])
    return False


# -- reading CSV exports ----------------------------------------------------------------------


def read_rows(path: Path, required: Sequence[str], problems: list[Problem],
              one_of: Sequence[str] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV export as (line, {lower-case column: stripped value}).

    Any separator and encoding `skillmatch.csvio` detects (`;`, `,`, tab; UTF-8 with or
    without BOM, cp1252, UTF-16). A missing `required` column (any case), or none of the
    `one_of` columns, refuses the file; a row that cannot be read is left out, with a problem
    appended to `problems`.
    """
    name = str(path)
    if not path.exists():
        raise InputNotFoundError("error.not_found", path=name)
    if path.is_dir():
        raise InputNotFoundError("error.is_directory", path=name)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InputNotFoundError("error.unreadable", path=name, reason=exc.strerror) from None
    with stream:
        _, records = read_records(stream, name=name)
        header = next(records, None)
        if header is None:
            raise DataFileError([Problem(name, 1, 1, "(document)", "batch.no_header", {})])
        if isinstance(header, BadRecord):
            raise DataFileError([Problem(name, header.line, 1, "(document)", header.reason,
                                         dict(header.params))])
        columns = [c.strip().lower() for c in header.fields]
        missing = [c for c in required if c.lower() not in columns]
        if one_of and not any(c.lower() in columns for c in one_of):
            missing.append(" / ".join(one_of))
        if missing:
            raise DataFileError([Problem(name, header.line, 1, "(document)",
                                         "schema.missing_key", {"key": c}) for c in missing])
        for record in records:
            if isinstance(record, BadRecord):
                problems.append(Problem(name, record.line, 1, "(document)", record.reason,
                                        dict(record.params)))
                continue
            if len(record.fields) != len(columns):
                problems.append(Problem(name, record.line, 1, "(document)", "batch.field_count",
                                        {"expected": len(columns), "found": len(record.fields)}))
                continue
            yield record.line, {c: v.strip() for c, v in zip(columns, record.fields, strict=True)}


# -- RNCP -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bloc:
    code: str  # "RNCP34757BC02"
    label: str  # cleaned: one line, white space folded
    skills: tuple[str, ...]


@dataclass(frozen=True)
class RncpFiche:
    """A certification of the RNCP blocs export: its blocs and the skills they name."""

    code: str  # "RNCP34757"
    blocs: tuple[Bloc, ...]  # by bloc code
    skills: tuple[str, ...]  # of all its blocs, in referential order
    line: int  # its first line in the file


def read_rncp_blocs(path: Path, finder: SkillFinder, only: Iterable[str] | None = None,
                    problems: list[Problem] | None = None) -> dict[str, RncpFiche]:
    """The certifications of an RNCP blocs export (those in `only`, if given), in file order."""
    wanted = {code.upper() for code in only} if only is not None else None
    problems = problems if problems is not None else []
    blocs: dict[str, dict[str, Bloc]] = {}
    first_line: dict[str, int] = {}
    for line, row in read_rows(path, RNCP_BLOCS_COLUMNS, problems):
        fiche = row["numero_fiche"].upper()
        if not fiche or (wanted is not None and fiche not in wanted):
            continue
        label = clean_text(row["bloc_competences_libelle"])
        code = row["bloc_competences_code"] or f"{fiche}-{line}"
        first_line.setdefault(fiche, line)
        blocs.setdefault(fiche, {}).setdefault(code, Bloc(code, label, finder(label)))
    fiches = {}
    for fiche, by_code in blocs.items():
        ordered = tuple(by_code[c] for c in sorted(by_code))
        fiches[fiche] = RncpFiche(fiche, ordered,
                                  finder.sort(s for b in ordered for s in b.skills),
                                  first_line[fiche])
    return fiches


def read_rncp_certifiers(path: Path, only: Iterable[str] | None = None,
                         problems: list[Problem] | None = None) -> dict[str, tuple[str, ...]]:
    """Certifier names by fiche, from the export's `Certificateurs` file."""
    wanted = {code.upper() for code in only} if only is not None else None
    names: dict[str, dict[str, None]] = {}
    for _, row in read_rows(path, RNCP_CERTIFIERS_COLUMNS, problems if problems is not None
                            else []):
        fiche, name = row["numero_fiche"].upper(), clean_text(row["nom_certificateur"])
        if name and (wanted is None or fiche in wanted):
            names.setdefault(fiche, {})[name] = None
    return {fiche: tuple(found) for fiche, found in names.items()}


def read_rncp_standard(path: Path, only: Iterable[str] | None = None,
                       problems: list[Problem] | None = None
                       ) -> dict[str, tuple[str | None, str | None]]:
    """(title, level reached) by fiche, from the export's `Standard` file (`Intitule`,
    `Nomenclature_Europe_Niveau`)."""
    wanted = {code.upper() for code in only} if only is not None else None
    out: dict[str, tuple[str | None, str | None]] = {}
    for _, row in read_rows(path, RNCP_STANDARD_COLUMNS, problems if problems is not None
                            else []):
        fiche = row["numero_fiche"].upper()
        if wanted is not None and fiche not in wanted:
            continue
        title = clean_text(row.get("intitule", "")) or None
        level = level_reached(row.get("nomenclature_europe_niveau", ""))
        out.setdefault(fiche, (title, level))
    return out


def rncp_siblings(blocs: Path) -> dict[str, Path]:
    """The `Certificateurs` and `Standard` files of the same export beside a blocs file (same
    date in the name), by kind."""
    date = _DATE_IN_NAME.search(blocs.name)
    found = {}
    for kind in ("Certificateurs", "Standard"):
        pattern = f"*{kind}*{date.group(0)}*.csv" if date else f"*{kind}*.csv"
        matches = sorted(p for p in blocs.parent.glob(pattern) if p != blocs and p.is_file())
        if len(matches) == 1:
            found[kind] = matches[0]
    return found


@dataclass(frozen=True)
class Annotation:
    """YAML comments of one formation: lines above it, and at the end of some of its keys."""

    above: tuple[str, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    """An imported catalogue, what was counted on the way, and the comments of its YAML."""

    catalogue: Catalogue
    counts: Mapping[str, int]
    annotations: Mapping[str, Annotation]
    header: tuple[str, ...]  # comment lines at the top of the YAML
    notes: str  # the catalogue's `notes`
    problems: tuple[Problem, ...] = ()  # rows that could not be read (left out)

    def yaml(self) -> str:
        return catalogue_yaml(self.catalogue, header=self.header, notes=self.notes,
                              annotations=self.annotations)


_UNKNOWN_NOTE = ("hours/cost_eur null = unknown (not in the source: not a figure); fields in "
                 "provenance.estimated = not read from the source (skills: the project's "
                 "reading; level/format/organism: placeholders); null = not in the source; "
                 "provenance.source_file = <file>#<code>@<export date>.")


def rncp_import(path: Path, referential: Referential, *, certifiers: Path | None = None,
                standard: Path | None = None, siblings: bool = True,
                fuzzy: bool = False) -> ImportResult:
    """Import an RNCP blocs export (see the module's docstring).

    `certifiers` / `standard`: the export's Certificateurs / Standard files; with `siblings`,
    those lying beside `path` with the same date are used when not given.
    """
    problems: list[Problem] = []
    finder = SkillFinder(referential, fuzzy)
    fiches = read_rncp_blocs(path, finder, problems=problems)
    beside = rncp_siblings(path) if siblings else {}
    certifiers = certifiers or beside.get("Certificateurs")
    standard = standard or beside.get("Standard")
    kept = [f for f in fiches.values() if f.skills]
    codes = [f.code for f in kept]
    names = read_rncp_certifiers(certifiers, codes, problems) if certifiers else {}
    standards = read_rncp_standard(standard, codes, problems) if standard else {}
    date = export_date(path)
    formations: list[Formation] = []
    annotations: dict[str, Annotation] = {}
    for fiche in kept:
        formation, annotation = _rncp_formation(fiche, path.name, date, names.get(fiche.code, ()),
                                                standards.get(fiche.code, (None, None)))
        formations.append(formation)
        annotations[formation.id] = annotation
    counts = {
        "blocs": sum(len(f.blocs) for f in fiches.values()),
        "blocs_with_skills": sum(1 for f in fiches.values() for b in f.blocs if b.skills),
        "certifications": len(fiches),
        "imported": len(formations),
        "without_skills": len(fiches) - len(kept),
        "with_certifier": sum(1 for f in kept if names.get(f.code)),
        "with_title": sum(1 for f in kept if standards.get(f.code, (None, None))[0]),
        "with_level": sum(1 for f in kept if standards.get(f.code, (None, None))[1]),
        "bad_rows": len(problems),
    }
    tag = date or "undated"
    catalogue = Catalogue(
        f"rncp-{slug(tag)}", tag,
        Text(f"Certifications RNCP (blocs de compétences, export France compétences {tag})",
             f"RNCP certifications (blocs of competences, France compétences export {tag})"),
        tuple(formations), ", ".join(p.name for p in (path, certifiers, standard) if p))
    header = (
        "Imported by skillmatch from the France compétences RNCP export "
        f"({', '.join(p.name for p in (path, certifiers, standard) if p)}).",
        "Source: France compétences, Licence Ouverte / Open Licence 2.0 (Etalab).",
        "One entry per certification whose blocs name a referential skill "
        f"({counts['imported']} of {counts['certifications']}; "
        f"{counts['without_skills']} left out).",
        "The RNCP export gives no hours, cost, delivery format or place: hours and cost_eur",
        "are null (unknown, not figures), format is a placeholder listed in",
        "provenance.estimated, department is null. Check the fiche (url) before advising.",
    )
    return ImportResult(catalogue, counts, annotations, header, _UNKNOWN_NOTE, tuple(problems))


def import_rncp(path: Path, referential: Referential, *, certifiers: Path | None = None,
                standard: Path | None = None, siblings: bool = True,
                fuzzy: bool = False) -> Catalogue:
    """The catalogue of an RNCP blocs export (`rncp_import` has the counts and comments)."""
    return rncp_import(path, referential, certifiers=certifiers, standard=standard,
                       siblings=siblings, fuzzy=fuzzy).catalogue


def _rncp_formation(fiche: RncpFiche, file: str, date: str | None, certifiers: Sequence[str],
                    standard: tuple[str | None, str | None]) -> tuple[Formation, Annotation]:
    title, level = standard
    estimated = ["skills"]
    notes: dict[str, str] = {}
    if title is None:
        title = f"Certification {fiche.code}"
        notes["title"] = "the blocs export has no titles: see the fiche (url)"
    if certifiers:
        organism = ", ".join(certifiers[:MAX_CERTIFIERS])
        if len(certifiers) > MAX_CERTIFIERS:
            organism += f" et {len(certifiers) - MAX_CERTIFIERS} autres"
    else:
        organism = "Certificateur non renseigné"
        estimated.append("organism")
        notes["organism"] = "placeholder: no Certificateurs file"
    if level is None:
        level = UNKNOWN_LEVEL
        estimated.append("level")
        notes["level"] = "placeholder: the export gives no level"
    estimated.append("format")
    notes["format"] = "placeholder: the RNCP export gives no delivery format"
    notes["hours"] = notes["cost_eur"] = "unknown: not in the RNCP export"
    notes["department"] = "not in the RNCP export"
    notes["cpf"] = "not in the RNCP export"
    kind = "RS" if fiche.code.startswith("RS") else "RNCP"  # the export has RNCP fiches only
    code = certification_code(kind, fiche.code)
    formation = Formation(
        id=slug(fiche.code) or f"fiche-{fiche.line}", title=title, organism=organism,
        skills=fiche.skills, level=level, hours=UNKNOWN, cost_eur=UNKNOWN,
        format=UNKNOWN_FORMAT, department=None, certification=Certification(kind, code),
        cpf=False, profiles=(),
        url=f"https://www.francecompetences.fr/recherche/{kind.lower()}/"
            f"{code.removeprefix(kind)}/" if code else None,
        provenance=Provenance(estimated=_ordered(estimated),
                              source_file=source_ref(file, fiche.code, date)))
    above = [f"{fiche.code} ({file}, line {fiche.line}): blocs -> skills"]
    above += [f"- {b.code} {b.label} -> {', '.join(b.skills) or '-'}" for b in fiche.blocs]
    return formation, Annotation(tuple(above), notes)


def _ordered(fields: Iterable[str]) -> tuple[str, ...]:
    chosen = set(fields)
    return tuple(f for f in _FIELD_ORDER if f in chosen)


# -- CPF ------------------------------------------------------------------------------------


def cpf_import(path: Path, referential: Referential, rncp_blocs: Path | None = None, *,
               fuzzy: bool = False) -> ImportResult:
    """Import a Mon Compte Formation export (see the module's docstring)."""
    problems: list[Problem] = []
    finder = SkillFinder(referential, fuzzy)
    fiches: dict[str, RncpFiche] = {}
    if rncp_blocs is not None:
        wanted = set()
        for _, row in read_rows(path, ("nom_of",), [], CPF_TITLE_COLUMNS):  # the RNCP codes
            code = certification_code("RNCP", row.get("code_rncp", ""))
            if code:
                wanted.add(code)
        fiches = read_rncp_blocs(rncp_blocs, finder, wanted, problems)
    counts = dict.fromkeys(("rows", "imported", "without_skills", "merged_rows",
                            "renamed_duplicates", "rncp_rows", "rncp_joined",
                            "rncp_not_in_blocs", "skills_from_blocs_only", "bad_department",
                            "no_certification_code"), 0)
    entries: dict[str, tuple[Formation, Annotation, list[int]]] = {}
    for line, row in read_rows(path, ("nom_of",), problems, CPF_TITLE_COLUMNS):
        counts["rows"] += 1
        built = _cpf_formation(line, row, path.name, finder, fiches, counts)
        if built is None:
            counts["without_skills"] += 1
            continue
        formation, annotation = built
        _add_entry(entries, formation, annotation, line, counts)
    formations = []
    annotations = {}
    for formation, annotation, lines in entries.values():
        formations.append(formation)
        above = annotation.above
        if len(lines) > 1:
            above = (*above, f"rows giving this same formation: lines {', '.join(map(str, lines))}")
        annotations[formation.id] = replace(annotation, above=above)
    counts["imported"] = len(formations)
    counts["unknown_hours"] = sum(1 for f in formations if f.hours is None)
    counts["unknown_cost"] = sum(1 for f in formations if f.cost_eur is None)
    counts["unknown_format"] = sum(1 for f in formations if "format" in f.provenance.estimated)
    counts["unknown_level"] = sum(1 for f in formations if "level" in f.provenance.estimated)
    counts["bad_rows"] = len(problems)
    dates = sorted({d for f in formations
                    if (d := parse_source_ref(f.provenance.source_file or "")[2])})
    version = dates[-1] if dates else "undated"
    sources = ", ".join(p.name for p in (path, rncp_blocs) if p)
    catalogue = Catalogue(
        stem if (stem := slug(path.stem, 60) or "import").startswith("cpf") else f"cpf-{stem}",
        version,
        Text(f"Formations Mon Compte Formation ({path.name})",
             f"Mon Compte Formation trainings ({path.name})"),
        tuple(formations), sources)
    header = (
        f"Imported by skillmatch from the Mon Compte Formation export {path.name}"
        + (f" with the RNCP blocs of {rncp_blocs.name}" if rncp_blocs else "") + ".",
        "Source: Caisse des Dépôts - Mon Compte Formation"
        + (", and France compétences" if rncp_blocs else "")
        + ", Licence Ouverte / Open Licence 2.0 (Etalab).",
        f"{counts['imported']} formations from {counts['rows']} rows "
        f"({counts['without_skills']} rows naming no referential skill left out, "
        f"{counts['merged_rows']} rows giving an entry already made merged into it).",
        "Unknown hours and cost_eur are null (not figures); placeholders are listed in",
        "provenance.estimated; missing values are null. Check the offer before advising.",
    )
    return ImportResult(catalogue, counts, annotations, header, _UNKNOWN_NOTE, tuple(problems))


def import_cpf(path: Path, referential: Referential, rncp_blocs: Path | None = None, *,
               fuzzy: bool = False) -> Catalogue:
    """The catalogue of a Mon Compte Formation export (`cpf_import` has the counts)."""
    return cpf_import(path, referential, rncp_blocs, fuzzy=fuzzy).catalogue


def _add_entry(entries: dict[str, tuple[Formation, Annotation, list[int]]],
               formation: Formation, annotation: Annotation, line: int,
               counts: dict[str, int]) -> None:
    """Rows giving the same formation are merged; another formation with the same id gets a
    suffix (-2, -3...)."""
    base, n = formation.id, 1
    while True:
        ident = base if n == 1 else f"{base}-{n}"
        candidate = replace(formation, id=ident)
        if ident not in entries:
            if n > 1:
                counts["renamed_duplicates"] += 1
            entries[ident] = (candidate, annotation, [line])
            return
        if entries[ident][0] == candidate:
            counts["merged_rows"] += 1
            entries[ident][2].append(line)
            return
        n += 1


def _cpf_formation(line: int, row: Mapping[str, str], file: str, finder: SkillFinder,
                   fiches: Mapping[str, RncpFiche],
                   counts: dict[str, int]) -> tuple[Formation, Annotation] | None:
    def cell(name: str) -> str:
        return clean_text(row.get(name, ""))

    estimated = ["skills"]
    notes: dict[str, str] = {}
    above = [f"{file}, line {line}"]
    # Certification
    kind = cell("type_referentiel").upper()
    rncp = certification_code("RNCP", cell("code_rncp"))
    rs = certification_code("RS", cell("code_inventaire"))
    if kind not in ("RNCP", "RS"):
        kind = "RNCP" if rncp else "RS" if rs else ""
    code = rncp if kind == "RNCP" else rs if kind == "RS" else None
    certification = Certification(kind, code) if kind else None
    if kind and code is None:
        counts["no_certification_code"] += 1
    # Skills: the titles, then the blocs of the RNCP certification.
    titles = [t for t in (cell("intitule_formation"), cell("intitule_certification")) if t]
    title_skills = finder(" ; ".join(titles)) if titles else ()
    bloc_skills: tuple[str, ...] = ()
    if kind == "RNCP":
        counts["rncp_rows"] += 1
        fiche = fiches.get(code or "")
        if fiche is not None:
            counts["rncp_joined"] += 1
            bloc_skills = fiche.skills
            above.append(f"{fiche.code} blocs -> skills")
            above += [f"- {b.code} {b.label} -> {', '.join(b.skills) or '-'}"
                      for b in fiche.blocs]
        elif fiches:
            counts["rncp_not_in_blocs"] += 1
    skills = finder.sort((*title_skills, *bloc_skills))
    if not skills:
        return None
    if not title_skills:
        counts["skills_from_blocs_only"] += 1
    above.insert(1, f"title -> {', '.join(title_skills) or '-'}")
    # Who and what
    organism = cell("nom_of")
    if not organism:
        organism = "Organisme non renseigné"
        estimated.append("organism")
        notes["organism"] = "placeholder: no organism in the source"
    title = titles[0] if titles else f"Formation {code or line}"
    level = level_reached(cell("libelle_niveau_sortie_formation"))
    if level is None and kind == "RS":
        level = "none"  # the répertoire spécifique has no levels
    elif level is None:
        level = UNKNOWN_LEVEL
        estimated.append("level")
        notes["level"] = "placeholder: the source gives no level"
    hours = _figure(row, "nombre_heures_total", positive=True)
    cost = _figure(row, "frais_ttc_tot")
    for key, value in (("hours", hours), ("cost_eur", cost)):
        if value is None:
            notes[key] = "unknown: not in the source"
    fmt = _format(row)
    if fmt is None:
        fmt = UNKNOWN_FORMAT
        estimated.append("format")
        notes["format"] = "placeholder: the source gives no session data"
    department = None
    if fmt == "distanciel":
        notes["department"] = "distance sessions only"
    elif cell("code_departement"):
        department = department_code(cell("code_departement"))
        if department is None:
            counts["bad_department"] += 1
            notes["department"] = f"not a department code: {cell('code_departement')}"
    else:
        notes["department"] = "not in the source"
    number = cell("numero_formation")
    local = number.split("_", 1)[1] if "_" in number else number
    ident = "-".join(p for p in (slug(organism, MAX_ORGANISM_ID),
                                 slug(local) or (code or "").lower() or f"l{line}") if p)
    date = cell("date_extract")[:10]
    formation = Formation(
        id=ident, title=title, organism=organism, skills=skills, level=level, hours=hours,
        cost_eur=cost, format=fmt, department=department, certification=certification,
        cpf=True, profiles=(), url=None,
        provenance=Provenance(estimated=_ordered(estimated),
                              source_file=source_ref(file, number or code,
                                                     date if _DATE.fullmatch(date) else None)))
    return formation, Annotation(tuple(above), notes)


def _figure(row: Mapping[str, str], prefix: str, positive: bool = False) -> float | None:
    """The mean of a `<prefix>_min/max/mean` triple of the export, or the value min and max
    share; `UNKNOWN` otherwise (never a value of our own)."""
    def value(suffix: str) -> float | None:
        found = parse_number(row.get(f"{prefix}_{suffix}", ""))
        return None if found is None or (positive and found == 0) else found

    mean = value("mean")
    if mean is not None:
        return mean
    low, high = value("min"), value("max")
    return low if low is not None and low == high else UNKNOWN


def _format(row: Mapping[str, str]) -> str | None:
    """Delivery format from the active sessions and those at a distance: none at a distance
    -> présentiel, all -> distanciel, some -> hybride; None when unknown."""
    active = parse_number(row.get("nb_session_active", ""))
    distance = parse_number(row.get("nb_session_a_distance", ""))
    if active is None or distance is None or active <= 0:
        return None
    if distance == 0:
        return "présentiel"
    return "distanciel" if distance >= active else "hybride"


# -- YAML -----------------------------------------------------------------------------------


def catalogue_yaml(catalogue: Catalogue, *, header: Sequence[str] = (),
                   notes: str | None = None,
                   annotations: Mapping[str, Annotation] | None = None) -> str:
    """The catalogue in the project's YAML format (`load_catalogue` reads it back equal).

    Every text is double-quoted (department codes too), every key written (`null` when
    empty); `.inf` for an unknown number; `header` and `annotations` become comments.
    """
    annotations = annotations or {}
    out = [f"# {_comment(line)}".rstrip() for line in header]
    out += ["catalogue:", f"  id: {_quote(catalogue.id)}",
            f"  version: {_quote(catalogue.version)}", "  title:",
            f"    fr: {_quote(catalogue.title.fr)}", f"    en: {_quote(catalogue.title.en)}"]
    if catalogue.source:
        out.append(f"  source: {_quote(catalogue.source)}")
    if notes:
        out.append(f"  notes: {_quote(notes)}")
    if not catalogue.formations:
        out.append("formations: []")
    else:
        out.append("formations:")
    for formation in catalogue.formations:
        out.append("")
        out += _formation_lines(formation, annotations.get(formation.id, Annotation()))
    return "\n".join(out) + "\n"


def _formation_lines(f: Formation, annotation: Annotation) -> list[str]:
    comments = dict(annotation.fields)
    for key, number in (("hours", f.hours), ("cost_eur", f.cost_eur)):
        if number is None:
            comments.setdefault(key, "unknown: not in the source")
    out = [f"  # {_comment(line)}".rstrip() for line in annotation.above]
    values: list[tuple[str, str]] = [
        ("id", _quote(f.id)), ("title", _quote(f.title)), ("organism", _quote(f.organism)),
        ("skills", _flow(f.skills)), ("level", _quote(f.level)), ("hours", _number(f.hours)),
        ("cost_eur", _number(f.cost_eur)), ("format", _quote(f.format)),
        ("department", _quote(f.department) if f.department is not None else "null"),
    ]
    for i, (key, value) in enumerate(values):
        prefix = "  - " if i == 0 else "    "
        out.append(_with_comment(f"{prefix}{key}: {value}", comments.get(key)))
    if f.certification is None:
        out.append(_with_comment("    certification: null", comments.get("certification")))
    else:
        out.append(_with_comment("    certification:", comments.get("certification")))
        out.append(f"      type: {_quote(f.certification.type)}")
        code = f.certification.code
        out.append(f"      code: {_quote(code) if code is not None else 'null'}")
    out.append(_with_comment(f"    cpf: {'true' if f.cpf else 'false'}", comments.get("cpf")))
    out.append(_with_comment(f"    profiles: {_flow(f.profiles)}", comments.get("profiles")))
    out.append(_with_comment(f"    url: {_quote(f.url) if f.url is not None else 'null'}",
                             comments.get("url")))
    prov = f.provenance
    if prov != Provenance():
        out.append("    provenance:")
        if prov.from_seeds:
            out.append(f"      from_seeds: {_flow(prov.from_seeds)}")
        if prov.seed is not None:
            out.append(f"      seed: {_quote(prov.seed)}")
        if prov.estimated:
            out.append(f"      estimated: {_flow(prov.estimated)}")
        if prov.source_file is not None:
            out.append(f"      source_file: {_quote(prov.source_file)}")
    return out


def _with_comment(line: str, comment: str | None) -> str:
    return f"{line}  # {_comment(comment)}" if comment else line


def _flow(items: Sequence[str]) -> str:
    return "[" + ", ".join(_quote(item) for item in items) + "]"


def _number(value: float | None) -> str:
    if value is None:
        return "null"
    if math.isnan(value):
        raise ValueError("a catalogue number cannot be NaN")
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    if float(value).is_integer():
        return str(int(value))
    text = repr(float(value))
    if "e" in text or "E" in text:  # YAML 1.1 reads "1e-05" as a string
        text = format(Decimal(text), "f")
    return text


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _printable(char: str) -> bool:
    """Characters a YAML file may hold as they are (the others are escaped)."""
    code = ord(char)
    return (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF) and code not in (0x2028, 0x2029, 0xFEFF)


def _quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as `text`."""
    out = []
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif 0xD800 <= code <= 0xDFFF:  # a lone surrogate: not text
            out.append("\ufffd")
        elif _printable(char):
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def _comment(text: str) -> str:
    """A comment's text on one line, with printable characters only."""
    return " ".join("".join(c if _printable(c) else " " for c in text).split())
