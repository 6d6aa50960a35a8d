"""`skillmatch validate`: check a referential directory, a catalogue, or one YAML file."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from skillmatch.errors import DataFileError, Problem
from skillmatch.model import Referential
from skillmatch.referential import (
    REFERENTIAL_KEYS,
    build_referential,
    bundled_dir,
    document_kind,
    read_directory,
    yaml_files,
)
from skillmatch.yamldoc import YamlDocument, load_file


@dataclass(frozen=True)
class ValidationReport:
    path: str
    kind: str  # "referential", "catalogue", "file"
    counts: dict[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def referential_counts(referential: Referential) -> dict[str, int]:
    return {
        "domains": len(referential.domains),
        "blocks": len(referential.blocks),
        "skills": len(referential.skills),
        "aliases": sum(len(s.aliases) for s in referential.skills),
        "profiles": len(referential.profiles),
    }


def validate_path(path: Path, base: Path | None = None) -> ValidationReport:
    """Validate `path`; `base` is the referential a single file or catalogue is checked against."""
    if path.is_dir():
        return _validate_directory(path)
    try:
        doc = load_file(path)
    except DataFileError as exc:
        return ValidationReport(str(path), "file", problems=tuple(exc.problems))
    kind = document_kind(doc)
    if kind == "catalogue":
        from skillmatch.catalogue import validate_catalogue_doc

        report: ValidationReport = validate_catalogue_doc(doc, base)
        return report
    if kind == "unknown":
        problem = doc.problem((), "referential.unknown_document",
                              keys=", ".join((*REFERENTIAL_KEYS, "formations")))
        return ValidationReport(str(path), "file", problems=(problem,))
    return _validate_fragment(doc, base or bundled_dir())


def _validate_directory(directory: Path) -> ValidationReport:
    """Every file of the directory read once: the referential, then its catalogues."""
    from skillmatch.catalogue import validate_catalogue_doc

    docs, catalogues, problems = read_directory(directory, with_catalogues=True)
    counts: dict[str, int] = {}
    referential = None
    if not problems:
        try:
            referential = build_referential(docs, str(directory))
            counts.update(referential_counts(referential))
        except DataFileError as exc:
            problems.extend(exc.problems)
    for doc in catalogues:
        # Without a valid referential, the catalogue is checked on its own (its skills and
        # profiles cannot be resolved).
        report = validate_catalogue_doc(doc, None, referential, standalone=referential is None)
        problems.extend(report.problems)
        counts.update(report.counts)
    return ValidationReport(str(directory), "referential", counts, tuple(problems))


def _validate_fragment(doc: YamlDocument, base: Path) -> ValidationReport:
    """A referential file alone: sections it lacks (skills, domains...) come from `base`."""
    own = set(doc.data) if isinstance(doc.data, dict) else set()
    docs = [doc]
    try:
        for path in yaml_files(base):
            if path.resolve() == Path(doc.file).resolve():
                continue
            other = load_file(path)
            if document_kind(other) != "referential" or not isinstance(other.data, dict):
                continue
            kept = {k: v for k, v in other.data.items() if k not in own}
            if kept:
                docs.append(replace(other, data=kept))
    except DataFileError as exc:
        return ValidationReport(doc.file, "file", problems=tuple(exc.problems))
    try:
        referential = build_referential(docs, doc.file)
    except DataFileError as exc:
        return ValidationReport(doc.file, "file", problems=tuple(exc.problems))
    counts = {k: v for k, v in referential_counts(referential).items()
              if k in own or (k == "aliases" and "skills" in own)}
    return ValidationReport(doc.file, "file", counts)
