"""Load and validate a formation catalogue (YAML), against a referential's skills and profiles."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillmatch.errors import DataFileError, Problem
from skillmatch.model import (
    FORMATS,
    LEVELS_REACHED,
    Catalogue,
    Certification,
    Formation,
    Provenance,
    Referential,
    Text,
)
from skillmatch.schema import DocReader
from skillmatch.yamldoc import YamlDocument, load_file

if TYPE_CHECKING:
    from skillmatch.validation import ValidationReport

CATALOGUE_FILE = "formations.yaml"
DEPARTMENT = re.compile(r"(0[1-9]|1[0-9]|2[1-9]|[3-8][0-9]|9[0-5]|2A|2B|97[1-6])")
_FORMATION_KEYS = ("id", "title", "organism", "skills", "level", "hours", "cost_eur", "format")
_OPTIONAL_KEYS = ("department", "certification", "cpf", "profiles", "url", "provenance",
                  "description")
_PROVENANCE_FIELDS = (*_FORMATION_KEYS, *_OPTIONAL_KEYS)


def default_catalogue_path(referential_dir: Path) -> Path:
    return referential_dir / CATALOGUE_FILE


def load_catalogue(path: Path, referential: Referential) -> Catalogue:
    """Load the catalogue in `path`; every skill and profile it names must be in `referential`."""
    doc = load_file(path)
    reader = DocReader(doc)
    catalogue = read_catalogue(reader, referential)
    if reader.problems or catalogue is None:
        raise DataFileError(reader.problems or [doc.problem((), "catalogue.empty")])
    return catalogue


def read_catalogue(reader: DocReader, referential: Referential | None) -> Catalogue | None:
    doc = reader.doc
    top = reader.mapping((), doc.data, ("formations",), ("catalogue",))
    if top is None:
        return None
    ident, version, title = "catalogue", "0", Text("Catalogue", "Catalogue")
    if "catalogue" in top:
        meta = reader.mapping(("catalogue",), top["catalogue"], ("id", "version"),
                              ("title", "notes", "source"))
        if meta is not None:
            ident = reader.identifier(("catalogue", "id"), meta.get("id")) or ident
            version = reader.text(("catalogue", "version"), meta.get("version")) or version
            title = reader.bilingual(("catalogue", "title"), meta.get("title"),
                                     required=False) or title
    formations: list[Formation] = []
    seen: dict[str, int | None] = {}
    for i, raw in enumerate(reader.list_(("formations",), top.get("formations"), False) or []):
        formation = _formation(reader, ("formations", i), raw, referential)
        if formation is None:
            continue
        if formation.id in seen:
            reader.problem(("formations", i, "id"), "referential.duplicate_id", what="formation",
                           id=formation.id, first=f"{doc.file}:{seen[formation.id]}")
            continue
        seen[formation.id] = doc.place(("formations", i))[0]
        formations.append(formation)
    return Catalogue(ident, version, title, tuple(formations), doc.file)


def _formation(r: DocReader, p: tuple[str | int, ...], raw: Any,
               referential: Referential | None) -> Formation | None:
    m = r.mapping(p, raw, _FORMATION_KEYS, _OPTIONAL_KEYS)
    if m is None:
        return None
    ident = r.identifier((*p, "id"), m.get("id"))
    title = r.text((*p, "title"), m.get("title"))
    organism = r.text((*p, "organism"), m.get("organism"))
    skills = r.text_list((*p, "skills"), m.get("skills"))
    if not skills and isinstance(m.get("skills"), list):
        r.problem((*p, "skills"), "schema.empty_list")
    level = r.choice((*p, "level"), m.get("level"), LEVELS_REACHED)
    # null: the source does not publish it (imported catalogues); never invented
    hours = None if m.get("hours", 0) is None else \
        r.number((*p, "hours"), m.get("hours"), 0.0, strict=True)
    cost = None if m.get("cost_eur", 0) is None else \
        r.number((*p, "cost_eur"), m.get("cost_eur"), 0.0)
    unknown_hours, unknown_cost = m.get("hours", 0) is None, m.get("cost_eur", 0) is None
    fmt = r.choice((*p, "format"), m.get("format"), FORMATS)
    department = r.text((*p, "department"), m.get("department"), required=False)
    if department is not None and not DEPARTMENT.fullmatch(department):
        r.problem((*p, "department"), "catalogue.bad_department", value=department)
    cpf = r.boolean((*p, "cpf"), m.get("cpf", False))
    profiles = r.text_list((*p, "profiles"), m.get("profiles", []))
    url = r.text((*p, "url"), m.get("url"), required=False)
    if url is not None and not url.startswith(("https://", "http://")):
        r.problem((*p, "url"), "catalogue.bad_url", value=url)
    certification = _certification(r, (*p, "certification"), m.get("certification"))
    provenance = _provenance(r, (*p, "provenance"), m.get("provenance"))
    if referential is not None:
        for j, skill_id in enumerate(skills):
            if not referential.has_skill(skill_id):
                r.problem((*p, "skills", j), "referential.unknown_skill", id=skill_id)
        for j, profile_id in enumerate(profiles):
            if referential.find_profile(profile_id) is None:
                r.problem((*p, "profiles", j), "referential.unknown_profile", id=profile_id)
    if None in (ident, title, organism, level, fmt, cpf) or not skills or \
            (hours is None and not unknown_hours) or (cost is None and not unknown_cost):
        return None
    assert ident and title and organism and level and fmt and cpf is not None
    return Formation(ident, title, organism, tuple(dict.fromkeys(skills)), level, hours, cost,
                     fmt, department, certification, cpf, tuple(profiles), url, provenance)


def _certification(r: DocReader, p: tuple[str | int, ...], raw: Any) -> Certification | None:
    if raw is None:
        return None
    m = r.mapping(p, raw, ("type",), ("code",))
    if m is None:
        return None
    kind = r.choice((*p, "type"), m.get("type"), ("RNCP", "RS"))
    code = r.text((*p, "code"), m.get("code"), required=False)
    if kind and code and not re.fullmatch(rf"{kind}\d{{3,6}}", code):
        r.problem((*p, "code"), "catalogue.bad_code", value=code, type=kind)
    return Certification(kind, code) if kind else None


def _provenance(r: DocReader, p: tuple[str | int, ...], raw: Any) -> Provenance:
    if raw is None:
        return Provenance()
    m = r.mapping(p, raw, (), ("from_seeds", "seed", "estimated", "source_file"))
    if m is None:
        return Provenance()
    fields = {}
    for key in ("from_seeds", "estimated"):
        values = r.text_list((*p, key), m.get(key, []))
        for j, value in enumerate(values):
            if value not in _PROVENANCE_FIELDS:
                r.problem((*p, key, j), "schema.bad_choice", value=value,
                          choices=", ".join(_PROVENANCE_FIELDS))
        fields[key] = tuple(values)
    seed = m.get("seed")
    seed_text = r.text((*p, "seed"), seed, required=False)
    source = r.text((*p, "source_file"), m.get("source_file"), required=False)
    return Provenance(fields["from_seeds"], seed_text, fields["estimated"], source)


def validate_catalogue_doc(doc: YamlDocument, base: Path | None,
                           referential: Referential | None = None,
                           standalone: bool = False) -> ValidationReport:
    """Check a catalogue document against `referential` (loaded from `base` if not given;
    `standalone`: checked on its own)."""
    from skillmatch.referential import load_referential
    from skillmatch.validation import ValidationReport

    problems: list[Problem] = []
    if referential is None and not standalone:
        try:
            referential = load_referential(base)
        except DataFileError as exc:
            problems.extend(exc.problems)
    reader = DocReader(doc)
    catalogue = read_catalogue(reader, referential)
    problems.extend(reader.problems)
    counts = {"formations": len(catalogue.formations)} if catalogue else {}
    return ValidationReport(doc.file, "catalogue", counts, tuple(problems))
