"""Jobs of the French ROME 4.0 (France Travail) as targets: search them, and turn one into a
profile of the referential's skills that `gap` and `recommend` accept.

The ROME export ("Toutes les données du ROME", `unix_*_v460_utf8.csv`) is open data of France
Travail under the Licence Ouverte 2.0: "France Travail — Répertoire Opérationnel des Métiers et
des Emplois (ROME)". `RomeIndex` keeps of it only what the commands need: per job ("fiche") its
title, its job titles ("appellations") and its skill items (bloc 5: savoir-faire, savoir-être,
savoirs), each with whether the job's core ("coeur de métier") holds it. Reading the 14 MB of CSV
takes a second or so; the index is cached as compact JSON in the user's cache directory, keyed by
the source files' names, sizes and modification times, so that a newer export rebuilds it.

A job becomes a target by reading its items' labels with the referential's extractor: the skills
found make a synthetic `Profile` (id: the ROME code, domain `ROME_DOMAIN`, essential when found in
a "Principale" item); the items where no skill is found are listed as uncovered.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from skillmatch.errors import DataFileError, InputNotFoundError, Problem, UsageError
from skillmatch.model import MatchStatus, Profile, ProfileSkill, Text
from skillmatch.normalize import STOP_WORDS, normalize

if TYPE_CHECKING:
    from skillmatch.extract import Extractor
    from skillmatch.model import Lang, Referential

ItemKind = Literal["savoir-faire", "savoir-être", "savoir"]

#: The domain of the profiles made from ROME jobs. The referential has no such domain: `gap`
#: and the renderers never look it up (see `job_target`).
ROME_DOMAIN = "rome"
#: The level of those profiles: a job expects its skills practised (required level 2).
ROME_PROFILE_LEVEL = "B"
#: Where the user's cache is, when neither an argument nor this variable says.
CACHE_ENV = "SKILLMATCH_CACHE_DIR"
#: Bump when the cached JSON changes shape: older caches are then rebuilt.
CACHE_FORMAT = 1
ATTRIBUTION = "France Travail — Répertoire Opérationnel des Métiers et des Emplois (ROME)"

#: The export files the index reads: `unix_<name>_v<version>_utf8.csv`.
SOURCE_NAMES = (
    "referentiel_code_rome",  # fiches: code, title
    "referentiel_appellation",  # job titles
    "liens_rome_referentiels",  # fiche -> items
    "coherence_item",  # fiche, item -> coeur_metier
    "referentiel_competence",  # savoir-faire and savoir-être labels
    "referentiel_savoir",  # savoir labels
)
_SOURCE_FILE = re.compile(r"unix_(?P<name>[a-z_]+?)(?:_v(?P<version>\d+))?(?:_utf8)?\.csv")
#: Bloc 5 of a fiche ("Compétences") and its rubriques.
_SKILLS_BLOCK = "5"
_RUBRIQUES: dict[str, str] = {"1": "f", "2": "e", "3": "s"}
_KINDS: dict[str, ItemKind] = {"f": "savoir-faire", "e": "savoir-être", "s": "savoir",
                               "c": "savoir"}
#: A savoir of this category is a diploma, a certification or an authorisation, not a skill.
_CERTIFICATIONS = "Certifications et habilitations"
_CORE = {"Principale": "P", "Émergente": "E"}
_CORE_NAMES = {"P": "Principale", "E": "Émergente"}
_CODE = re.compile(r"[a-n]\d{4}")
_CODE_PREFIX = re.compile(r"[a-n]\d{1,3}")


# -- the data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RomeItem:
    """A skill item of a job: a savoir-faire, a savoir-être or a savoir."""

    code: str  # code OGR
    label: str
    kind: ItemKind
    core: str = ""  # coeur_metier for this job: "Principale", "Émergente" or ""
    certification: bool = False  # a savoir that is a diploma, certification or authorisation

    @property
    def principal(self) -> bool:
        return self.core == "Principale"


@dataclass(frozen=True)
class Appellation:
    label: str  # the long label
    short: str  # the short label (often the same)


@dataclass(frozen=True)
class RomeFiche:
    code: str
    title: str
    appellations: tuple[Appellation, ...]
    items: tuple[RomeItem, ...]  # in the export's order: savoir-faire, savoir-être, savoirs


@dataclass(frozen=True)
class JobMatch:
    """A job found by `search`, with what matched: its code, its title or one appellation."""

    code: str
    title: str
    via: Literal["code", "title", "appellation"]
    appellation: str | None = None  # the appellation that matched (its long label)

    @property
    def matched(self) -> str:
        return self.appellation if self.appellation is not None else \
            (self.code if self.via == "code" else self.title)


@dataclass(frozen=True)
class Support:
    """A ROME item in which a skill was found, and the words that name it there."""

    item: RomeItem
    span: str


@dataclass(frozen=True)
class TargetSkill:
    skill_id: str
    essential: bool  # found in a "Principale" item
    support: tuple[Support, ...]  # the items where it was found, principal ones first

    @property
    def items(self) -> tuple[RomeItem, ...]:
        return tuple(s.item for s in self.support)


@dataclass(frozen=True)
class JobTarget:
    """A ROME job as a target: a profile of the referential's skills found in its items."""

    code: str
    title: str
    version: str  # of the ROME export ("460")
    profile: Profile
    skills: tuple[TargetSkill, ...]  # in the profile's order, essential ones first
    uncovered: tuple[RomeItem, ...]  # items in which no skill was found, principal ones first
    certifications: tuple[RomeItem, ...]  # diplomas and authorisations: never read for skills

    def skill(self, skill_id: str) -> TargetSkill | None:
        return next((s for s in self.skills if s.skill_id == skill_id), None)


# -- the index --------------------------------------------------------------------------------


class RomeIndex:
    """What the commands need of a ROME export, from its CSV files or from the cache.

    Kept as the cached JSON's plain structures; `fiche` builds the objects of one job.
    """

    def __init__(self, data: Mapping[str, Any], source_dir: Path | None = None,
                 from_cache: bool = False) -> None:
        self.version: str = data["version"]
        self.source_dir = source_dir
        self.from_cache = from_cache  # loaded from the cache, not from the CSV files
        #: code OGR -> kind letter ("f", "e", "s", "c": certification) + label.
        self._items: dict[str, str] = data["items"]
        #: code -> [title, normalised title, appellations, item codes, core flags]. Few, long
        #: strings parse fastest: the appellations are lines of tab-separated fields (long
        #: label, short label or "", normalised long, normalised short or ""), the item codes
        #: are separated by spaces, and the core flags are one letter per item ("P", "E", "-").
        self._fiches: dict[str, list[str]] = data["fiches"]

    # -- building and caching

    @classmethod
    def load(cls, rome_dir: str | os.PathLike[str],
             cache_dir: str | os.PathLike[str] | None = None) -> RomeIndex:
        """The index of the export in `rome_dir`: from the cache when it is still valid, else
        built from the CSV files and cached. A cache that cannot be written is not an error."""
        rome_dir = Path(rome_dir)
        sources, version = find_sources(rome_dir)
        cache = cache_directory(cache_dir)
        key = _cache_key(sources)
        path = cache / _cache_name(rome_dir, key)
        cached = _read_cache(path, key)
        if cached is not None:
            return cls(cached, rome_dir, from_cache=True)
        data = _build(sources, version)
        _write_cache(cache, path, {"key": key, **data}, _cache_stem(rome_dir))
        return cls(data, rome_dir)

    @classmethod
    def build(cls, rome_dir: str | os.PathLike[str]) -> RomeIndex:
        """The index read from the CSV files, without the cache."""
        rome_dir = Path(rome_dir)
        sources, version = find_sources(rome_dir)
        return cls(_build(sources, version), rome_dir)

    # -- reading

    def __len__(self) -> int:
        return len(self._fiches)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip().upper() in self._fiches

    def codes(self) -> list[str]:
        return sorted(self._fiches)

    def title(self, code: str) -> str | None:
        fiche = self._fiches.get(code.strip().upper())
        return fiche[0] if fiche is not None else None

    def fiche(self, code: str) -> RomeFiche | None:
        """The job whose code is `code`, ignoring case and spaces ("m1889")."""
        code = code.strip().upper()
        raw = self._fiches.get(code)
        if raw is None:
            return None
        title, _, appellations, item_codes, cores = raw
        items = []
        for ogr, core in zip(item_codes.split(), cores, strict=True):
            entry = self._items[ogr]
            items.append(RomeItem(ogr, entry[1:], _KINDS[entry[0]], _CORE_NAMES.get(core, ""),
                                  entry[0] == "c"))
        return RomeFiche(code, title, tuple(Appellation(a.label, a.short or a.label)
                                            for a in _appellations(appellations)),
                         tuple(items))


@dataclass(frozen=True)
class _Appellation:
    label: str
    short: str
    label_key: str
    short_key: str


def _appellations(blob: str) -> Iterator[_Appellation]:
    for line in blob.split("\n") if blob else ():
        yield _Appellation(*line.split("\t"))


def find_sources(rome_dir: Path) -> tuple[dict[str, Path], str]:
    """The export's files by name (see `SOURCE_NAMES`), of its most recent complete version."""
    if not rome_dir.exists():
        raise InputNotFoundError("error.not_found", path=str(rome_dir))
    if not rome_dir.is_dir():
        raise InputNotFoundError("error.not_directory", path=str(rome_dir))
    by_version: dict[str, dict[str, Path]] = {}
    for path in rome_dir.glob("unix_*.csv"):
        found = _SOURCE_FILE.fullmatch(path.name)
        if found and found["name"] in SOURCE_NAMES:
            by_version.setdefault(found["version"] or "", {})[found["name"]] = path
    complete = [v for v, files in by_version.items() if len(files) == len(SOURCE_NAMES)]
    if not complete:
        best = max(by_version.values(), key=len, default={})
        missing = [f"unix_{name}_*.csv" for name in SOURCE_NAMES if name not in best]
        raise InputNotFoundError("error.rome_incomplete", path=str(rome_dir),
                                 files=", ".join(missing))
    version = max(complete, key=lambda v: int(v) if v else -1)
    return by_version[version], version


def cache_directory(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the index is cached: `cache_dir`, else $SKILLMATCH_CACHE_DIR, else the user's
    cache directory (`platformdirs.user_cache_dir("skillmatch")`)."""
    if cache_dir is not None and str(cache_dir):
        return Path(cache_dir)
    env = os.environ.get(CACHE_ENV, "").strip()
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("skillmatch"))


def _cache_key(sources: Mapping[str, Path]) -> str:
    parts = [f"format={CACHE_FORMAT}"]
    for path in sorted(sources.values()):
        stat = path.stat()
        parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def _cache_stem(rome_dir: Path) -> str:
    """`rome-<directory hash>-`: the caches of one export directory share it."""
    where = hashlib.sha256(str(rome_dir.resolve()).encode()).hexdigest()[:12]
    return f"rome-{where}-"


def _cache_name(rome_dir: Path, key: str) -> str:
    return f"{_cache_stem(rome_dir)}{key}.json"


def _read_cache(path: Path, key: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key \
            or data.get("format") != CACHE_FORMAT or not isinstance(data.get("version"), str) \
            or not isinstance(data.get("items"), dict) or not isinstance(data.get("fiches"), dict):
        return None
    return data


def _write_cache(cache: Path, path: Path, data: Mapping[str, Any], stem: str) -> None:
    """Write atomically, then remove the caches of older exports of the same directory."""
    temporary: str | None = None
    try:
        cache.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache, prefix=".rome-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return
    for old in cache.glob(f"{stem}*.json"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()


# -- reading the export -----------------------------------------------------------------------


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[list[str]]:
    """The `columns` of every row of an export file (UTF-8, every field quoted)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            header = [h.strip() for h in next(reader, [])]
            missing = [c for c in columns if c not in header]
            if missing:
                raise DataFileError([Problem(str(path), 1, None, "(document)",
                                             "rome.missing_column", {"column": missing[0]})])
            at = [header.index(c) for c in columns]
            width = max(at) + 1
            for row in reader:
                if len(row) >= width:
                    yield [row[i] for i in at]
    except UnicodeDecodeError:
        raise DataFileError([Problem(str(path), None, None, "(document)", "rome.not_utf8",
                                     {})]) from None
    except OSError as exc:
        raise InputNotFoundError("error.unreadable", path=str(path),
                                 reason=exc.strerror or str(exc)) from None


def _label(text: str) -> str:
    """A label as shown: spaces trimmed, the export's doubled apostrophes undone."""
    return " ".join(text.replace("''", "'").split())


def _build(sources: Mapping[str, Path], version: str) -> dict[str, Any]:
    fiches: dict[str, list[Any]] = {}
    appellations: dict[str, list[str]] = {}
    for code, title in _rows(sources["referentiel_code_rome"], ("code_rome", "libelle_rome")):
        title = _label(title)
        fiches[code.strip().upper()] = [title, normalize(title), "", "", ""]
    for code, long, short in _rows(sources["referentiel_appellation"], (
            "code_rome", "libelle_appellation_long", "libelle_appellation_court")):
        code = code.strip().upper()
        long, short = _label(long), _label(short)
        if code not in fiches or not long:
            continue
        short_key = normalize(short)
        long_key = normalize(long)
        appellations.setdefault(code, []).append("\t".join((
            long, "" if short in ("", long) else short, long_key,
            "" if short_key in ("", long_key) else short_key)))
    for code, lines in appellations.items():
        fiches[code][2] = "\n".join(lines)

    links: dict[str, dict[str, str]] = {}  # code -> code OGR -> rubrique
    for code, block, rubrique, ogr in _rows(sources["liens_rome_referentiels"], (
            "code_rome", "code_compo_bloc", "code_rubrique", "code_ogr")):
        code = code.strip().upper()
        if block.strip() == _SKILLS_BLOCK and rubrique.strip() in _RUBRIQUES \
                and code in fiches:
            links.setdefault(code, {}).setdefault(ogr.strip(), _RUBRIQUES[rubrique.strip()])
    wanted = {ogr: kind for items in links.values() for ogr, kind in items.items()}

    labels: dict[str, str] = {}  # code OGR -> kind letter + label
    for ogr, label in _rows(sources["referentiel_competence"],
                            ("code_ogr", "libelle_competence")):
        kind = wanted.get(ogr.strip())
        if kind in ("f", "e"):
            labels[ogr.strip()] = kind + _label(label)
    for ogr, label, category in _rows(sources["referentiel_savoir"], (
            "code_ogr_savoir", "libelle_savoir", "categorie_savoir")):
        if wanted.get(ogr.strip()) == "s":
            kind = "c" if category.strip() == _CERTIFICATIONS else "s"
            labels[ogr.strip()] = kind + _label(label)

    cores: dict[tuple[str, str], str] = {}
    for code, ogr, core in _rows(sources["coherence_item"],
                                 ("code_rome", "code_ogr", "coeur_metier")):
        flag = _CORE.get(core.strip())
        if flag is not None:
            cores[code.strip().upper(), ogr.strip()] = flag

    for code, items in links.items():
        known = [ogr for ogr in items if len(labels.get(ogr, "")) > 1]
        fiches[code][3] = " ".join(known)
        fiches[code][4] = "".join(cores.get((code, ogr), "-") for ogr in known)
    used = {ogr for fiche in fiches.values() for ogr in fiche[3].split()}
    return {
        "format": CACHE_FORMAT,
        "version": version,
        "files": sorted(path.name for path in sources.values()),
        "items": {ogr: labels[ogr] for ogr in sorted(used)},
        "fiches": fiches,
    }


# -- search -----------------------------------------------------------------------------------


def search(index: RomeIndex, query: str, limit: int = 20) -> list[JobMatch]:
    """Jobs whose code, title or one appellation matches `query`, best first.

    Case and accents never matter, and every word of the query must start a word of the label
    ("pentest" finds "Pentesteur"; "analyste soc" finds "Analyste SOC (Security Operations
    Center)"); a word of five letters or more may also sit inside a word ("securite" in
    "cybersécurité"). Articles and prepositions of the query are ignored. The order: the code,
    a label equal to the query (titles before appellations), labels holding every word whole,
    then by prefix, then inside words; the title before an appellation at the same quality; a
    label that starts with the query, then the shortest.
    """
    text = normalize(query)
    if not text or limit <= 0:
        return []
    words = text.split()
    tokens = [w for w in words if w not in STOP_WORDS] or words
    best: dict[str, tuple[tuple[int, int, int, int, str], JobMatch]] = {}

    def offer(code: str, key: tuple[int, int, int, int, str], match: JobMatch) -> None:
        if code not in best or key < best[code][0]:
            best[code] = (key, match)

    compact = text.replace(" ", "")
    if _CODE.fullmatch(compact) or _CODE_PREFIX.fullmatch(compact):
        for code in index._fiches:
            if code.casefold().startswith(compact):
                offer(code, (0, 0, 0, len(code), code), JobMatch(code, index._fiches[code][0],
                                                                  "code"))
    for code, (title, title_key, appellations, _, _) in index._fiches.items():
        if not all(t in title_key or t in appellations for t in tokens):
            continue  # cheap test first: most jobs fail it
        key = _label_key(tokens, text, title_key, 0)
        if key is not None:
            offer(code, key, JobMatch(code, title, "title"))
        for appellation in _appellations(appellations):
            for label_key in (appellation.label_key, appellation.short_key):
                key = _label_key(tokens, text, label_key, 1) if label_key else None
                if key is not None:
                    offer(code, key, JobMatch(code, title, "appellation", appellation.label))
    ranked = sorted(best.values(), key=lambda pair: (pair[0], pair[1].code))
    return [match for _, match in ranked[:limit]]


def _label_key(tokens: list[str], text: str, label: str,
               source: int) -> tuple[int, int, int, int, str] | None:
    """How well a normalised label matches the query's tokens (smaller is better), or None."""
    if not all(t in label for t in tokens):  # cheap test first: most labels fail it
        return None
    words = label.split()
    if label == text:
        quality = 1
    else:
        worst = 0
        for token in tokens:
            if token in words:
                kind = 0
            elif any(w.startswith(token) for w in words):
                kind = 1
            elif len(token) >= 5:
                kind = 2
            else:
                return None
            worst = max(worst, kind)
        quality = 2 + worst
    starts = 0 if label.startswith(tokens[0]) else 1
    return (quality, source, starts, len(words), label)


# -- a job as a target ------------------------------------------------------------------------


def job_target(index: RomeIndex, code: str, referential: Referential,
               extractor: Extractor) -> JobTarget:
    """The job `code` as a target profile: the referential's skills found in its items.

    Each item's label is read by `extractor` (only sure mentions count, not those to confirm);
    a skill is essential when found in an item of the job's core ("Principale"). Diplomas and
    authorisations are never read for skills: they are listed apart. The profile's id is the
    ROME code and its domain `ROME_DOMAIN`, which the referential does not have: `gap` needs
    none (it only follows `builds_on`, which is None).
    """
    fiche = index.fiche(code)
    if fiche is None:
        raise UsageError("usage.unknown_rome", code=code.strip(), hint=nearest(index, code))
    ordered = sorted((i for i in fiche.items if not i.certification),
                     key=lambda item: not item.principal)
    support: dict[str, list[Support]] = {}
    uncovered: list[RomeItem] = []
    for item in ordered:
        found: dict[str, str] = {}
        for mention in extractor.extract(item.label):
            if mention.status == MatchStatus.MATCH and referential.has_skill(mention.skill_id):
                found.setdefault(mention.skill_id, mention.span)
        if not found:
            uncovered.append(item)
        for skill_id, span in found.items():
            support.setdefault(skill_id, []).append(Support(item, span))
    skills = [TargetSkill(skill_id, any(s.item.principal for s in items), tuple(items))
              for skill_id, items in support.items()]
    skills.sort(key=lambda s: not s.essential)  # stable: in the order of their first item
    version = index.version
    profile = Profile(
        id=fiche.code,
        domain=ROME_DOMAIN,
        level=ROME_PROFILE_LEVEL,
        label=Text(fiche.title, fiche.title),
        skills=tuple(ProfileSkill(s.skill_id, essential=s.essential) for s in skills),
        description=Text(f"Fiche ROME {fiche.code} (France Travail, ROME v{version})",
                         f"ROME job {fiche.code} (France Travail, ROME v{version})"),
    )
    return JobTarget(fiche.code, fiche.title, version, profile, tuple(skills),
                     tuple(uncovered), tuple(i for i in fiche.items if i.certification))


def nearest(index: RomeIndex, code: str, count: int = 3) -> str:
    """Jobs close to an unknown code, for the error's hint: "M1866 Pentesteur / Pentesteuse,
    ...": found by searching the text given, else the codes that start alike."""
    found = [(m.code, m.title) for m in search(index, code, count)]
    key = code.strip().upper()
    for size in (3, 2, 1):
        if found or len(key) < size:
            break
        found = [(c, index._fiches[c][0]) for c in index.codes()
                 if c.startswith(key[:size])][:count]
    return ", ".join(f"{c} {title}" for c, title in found) or "—"


# -- documents for the renderers --------------------------------------------------------------


def search_doc(matches: list[JobMatch], index: RomeIndex) -> dict[str, Any]:
    """What `jobs --search` shows, as plain data (JSON, CSV)."""
    return {
        "rome_version": index.version,
        "source": ATTRIBUTION,
        "jobs": [{"code": m.code, "title": m.title, "via": m.via,
                  "appellation": m.appellation} for m in matches],
    }


def _item_doc(item: RomeItem) -> dict[str, Any]:
    return {"code_ogr": item.code, "label": item.label, "kind": item.kind,
            "principal": item.principal, "core": item.core}


def target_doc(target: JobTarget, referential: Referential, lang: Lang) -> dict[str, Any]:
    """A job target as plain data: its skills with the items that support them, the rest."""
    return {
        "code": target.code,
        "title": target.title,
        "rome_version": target.version,
        "source": ATTRIBUTION,
        "skills": [{
            "skill_id": s.skill_id,
            "label": referential.skill(s.skill_id).label.get(lang),
            "essential": s.essential,
            "items": [{**_item_doc(x.item), "span": x.span} for x in s.support],
        } for s in target.skills],
        "uncovered": [_item_doc(i) for i in target.uncovered],
        "certifications": [_item_doc(i) for i in target.certifications],
    }
