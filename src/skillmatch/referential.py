"""Load and validate a referential directory (skills, profiles, domains, blocks) from YAML.

A referential is a directory of YAML files whose top-level keys are any of `referential`,
`domains`, `blocks`, `levels`, `skills`, `profiles`; files are merged, in name order. Files
whose top-level key is `formations` are catalogues, loaded by `skillmatch.catalogue`.
Every problem of every file is collected, then raised together as one `DataFileError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from skillmatch.errors import DataFileError, InputNotFoundError, Problem
from skillmatch.model import (
    Alias,
    Block,
    Domain,
    LevelRule,
    Profile,
    ProfileSkill,
    Referential,
    Skill,
    Text,
)
from skillmatch.normalize import match_key
from skillmatch.schema import DocReader
from skillmatch.yamldoc import DocPath, YamlDocument, parse, read_text

REFERENTIAL_KEYS = ("referential", "domains", "blocks", "levels", "skills", "profiles")
CATALOGUE_KEYS = ("catalogue", "formations")
PROFILE_LEVELS = ("A", "B", "C")
YAML_SUFFIXES = (".yaml", ".yml")


def bundled_dir() -> Path:
    """The referential shipped with skillmatch (inside the wheel, or in the checkout)."""
    here = Path(__file__).resolve()
    checkout = here.parents[2] / "referentiels"
    if here.parents[1].name == "src" and checkout.is_dir():  # running from a source checkout
        return checkout
    return Path(str(resources.files("skillmatch").joinpath("referentiels")))


def yaml_files(directory: Path) -> list[Path]:
    if not directory.exists():
        raise InputNotFoundError("error.not_found", path=str(directory))
    if not directory.is_dir():
        raise InputNotFoundError("error.not_directory", path=str(directory))
    return sorted(p for p in directory.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


def document_kind(doc: YamlDocument) -> str:
    """"referential", "catalogue" or "unknown", from a document's top-level keys."""
    if isinstance(doc.data, dict):
        keys = set(doc.data)
        if keys & set(CATALOGUE_KEYS):
            return "catalogue"
        if keys & set(REFERENTIAL_KEYS):
            return "referential"
    return "unknown"


_TOP_KEY = re.compile(r"^([A-Za-z_]\w*)\s*:", re.MULTILINE)


def read_directory(directory: Path, with_catalogues: bool = False
                   ) -> tuple[list[YamlDocument], list[YamlDocument], list[Problem]]:
    """The referential documents of `directory`, its catalogue documents (parsed only when
    `with_catalogues`: every command loads the referential, few need the catalogue), and
    the problems of files that cannot be read or are neither."""
    docs: list[YamlDocument] = []
    catalogues: list[YamlDocument] = []
    problems: list[Problem] = []
    for path in yaml_files(directory):
        try:
            text = read_text(path)
            top_keys = set(_TOP_KEY.findall(text))
            if top_keys & set(CATALOGUE_KEYS) and not with_catalogues:
                continue  # a catalogue, told by its top-level keys without parsing it
            doc = parse(text, str(path))
        except DataFileError as exc:
            problems.extend(exc.problems)
            continue
        kind = document_kind(doc)
        if kind == "referential":
            docs.append(doc)
        elif kind == "catalogue":
            catalogues.append(doc)
        else:
            problems.append(doc.problem((), "referential.unknown_document",
                                        keys=", ".join(REFERENTIAL_KEYS + CATALOGUE_KEYS)))
    if not docs and not problems:
        problems.append(Problem(str(directory), None, None, "(document)",
                                "referential.empty_directory", {}))
    return docs, catalogues, problems


def load_referential(directory: Path | None = None) -> Referential:
    """Load the referential in `directory` (the bundled one by default)."""
    directory = directory or bundled_dir()
    docs, _, problems = read_directory(directory)
    if problems:
        raise DataFileError(problems)
    return build_referential(docs, str(directory))


def build_referential(docs: list[YamlDocument], source: str) -> Referential:
    builder = _ReferentialBuilder()
    for doc in docs:
        builder.read(doc)
    return builder.finish(source)


@dataclass
class _Located:
    """A value read from a file, with the reader and path to report problems about it."""

    reader: DocReader
    path: DocPath
    value: Any


@dataclass
class _ReferentialBuilder:
    readers: list[DocReader] = field(default_factory=list)
    meta: _Located | None = None
    levels: _Located | None = None
    domains: list[_Located] = field(default_factory=list)
    blocks: list[_Located] = field(default_factory=list)
    skills: list[_Located] = field(default_factory=list)
    profiles: list[_Located] = field(default_factory=list)

    def read(self, doc: YamlDocument) -> None:
        reader = DocReader(doc)
        self.readers.append(reader)
        top = reader.mapping((), doc.data, (), REFERENTIAL_KEYS)
        if top is None:
            return
        for key in ("referential", "levels"):
            if key in top:
                if getattr(self, "meta" if key == "referential" else "levels") is not None:
                    reader.problem((key,), "referential.defined_twice", key=key)
                setattr(self, "meta" if key == "referential" else "levels",
                        _Located(reader, (key,), top[key]))
        for key in ("domains", "blocks", "skills", "profiles"):
            if key in top:
                items = reader.list_((key,), top[key], allow_empty=False) or []
                getattr(self, key).extend(
                    _Located(reader, (key, i), item) for i, item in enumerate(items)
                )

    def _unique(self, items: list[_Located],
                what: str) -> Iterator[tuple[_Located, dict[str, Any]]]:
        seen: dict[str, str] = {}
        for item in items:
            mapping = item.reader.mapping(item.path, item.value, *_FIELDS[what])
            if mapping is None:
                continue
            ident = item.reader.identifier((*item.path, "id"), mapping.get("id"))
            if ident is None:
                continue
            folded = ident.casefold()
            if folded in seen:
                item.reader.problem((*item.path, "id"), "referential.duplicate_id", what=what,
                                    id=ident, first=seen[folded])
                continue
            seen[folded] = f"{item.reader.doc.file}:{item.reader.doc.place(item.path)[0]}"
            yield item, mapping

    def finish(self, source: str) -> Referential:
        ref_id, version, title = "custom", "0", Text("Référentiel", "Referential")
        if self.meta is not None:
            r, p = self.meta.reader, self.meta.path
            meta = r.mapping(p, self.meta.value, ("id", "version", "title"), ("source", "notes"))
            if meta is not None:
                ref_id = r.identifier((*p, "id"), meta.get("id")) or ref_id
                version = r.text((*p, "version"), meta.get("version")) or version
                title = r.bilingual((*p, "title"), meta.get("title")) or title
                source = r.text((*p, "source"), meta.get("source"), required=False) or source
        level_rule = self._level_rule()

        domains = [Domain(ident, label) for item, m in self._unique(self.domains, "domain")
                   if (ident := m["id"].strip()) and
                   (label := item.reader.bilingual((*item.path, "label"), m.get("label")))]
        blocks = [Block(ident, label) for item, m in self._unique(self.blocks, "block")
                  if (ident := m["id"].strip()) and
                  (label := item.reader.bilingual((*item.path, "label"), m.get("label")))]
        domain_ids = [d.id for d in domains]
        block_ids = [b.id for b in blocks]

        skills: list[tuple[Skill, _Located]] = []
        for item, m in self._unique(self.skills, "skill"):
            if (skill := self._skill(item, m, block_ids)) is not None:
                skills.append((skill, item))
        self._check_alias_collisions(skills)
        skill_ids = {s.id for s, _ in skills}
        profiles: list[tuple[Profile, _Located]] = []
        for item, m in self._unique(self.profiles, "profile"):
            if (profile := self._profile(item, m, domain_ids, skill_ids)) is not None:
                profiles.append((profile, item))
        self._check_builds_on(profiles)

        problems = [p for r in self.readers for p in r.problems]
        if problems:
            raise DataFileError(problems)
        return Referential(ref_id, version, title, tuple(domains), tuple(blocks),
                           tuple(s for s, _ in skills), tuple(p for p, _ in profiles),
                           level_rule, source)

    def _level_rule(self) -> LevelRule:
        if self.levels is None:
            return LevelRule()
        r, p = self.levels.reader, self.levels.path
        levels = r.mapping(p, self.levels.value, (), ("coverage", "essential"))
        if levels is None:
            return LevelRule()
        default = LevelRule()
        values = {}
        for key in ("coverage", "essential"):
            if key in levels:
                value = r.number((*p, key), levels[key], 0.0)
                if value is not None and value > 1:
                    r.problem((*p, key), "schema.out_of_range", value=value, minimum=0)
                values[key] = value if value is not None else getattr(default, key)
        return LevelRule(**values)

    def _skill(self, item: _Located, m: dict[str, Any], block_ids: list[str]) -> Skill | None:
        r, p = item.reader, item.path
        block = r.choice((*p, "block"), m.get("block"), block_ids)
        label = r.bilingual((*p, "label"), m.get("label"))
        description = r.bilingual((*p, "description"), m.get("description"), required=False)
        esco = r.text_list((*p, "esco"), m.get("esco", []))
        aliases: list[Alias] = []
        raw_aliases = m.get("aliases", {})
        if isinstance(raw_aliases, list):  # language-neutral aliases
            aliases += [Alias(a, None) for a in r.text_list((*p, "aliases"), raw_aliases)]
        elif r.mapping((*p, "aliases"), raw_aliases, (), ("fr", "en", "any")) is not None:
            for lang in ("fr", "en", "any"):
                texts = r.text_list((*p, "aliases", lang), raw_aliases.get(lang, []))
                aliases += [Alias(a, None if lang == "any" else lang)  # type: ignore[arg-type]
                            for a in texts]
        if block is None or label is None:
            return None
        return Skill(m["id"].strip(), block, label, tuple(aliases), description, tuple(esco))

    def _check_alias_collisions(self, skills: list[tuple[Skill, _Located]]) -> None:
        """Two skills may not share a label or alias once normalised: matching would guess."""
        owner: dict[str, str] = {}
        for skill, item in skills:
            texts = [skill.id, skill.label.fr, skill.label.en] + [a.text for a in skill.aliases]
            for text in texts:
                key = match_key(text)
                if not key:
                    item.reader.problem((*item.path, "aliases"), "referential.empty_alias",
                                        alias=text)
                    continue
                other = owner.setdefault(key, skill.id)
                if other != skill.id:
                    item.reader.problem((*item.path, "aliases"), "referential.alias_collision",
                                        alias=text, skill=skill.id, other=other)

    def _profile(self, item: _Located, m: dict[str, Any], domain_ids: list[str],
                 skill_ids: set[str]) -> Profile | None:
        r, p = item.reader, item.path
        domain = r.choice((*p, "domain"), m.get("domain"), domain_ids)
        level = r.choice((*p, "level"), m.get("level"), PROFILE_LEVELS)
        label = r.bilingual((*p, "label"), m.get("label"))
        description = r.bilingual((*p, "description"), m.get("description"), required=False)
        builds_on = r.text((*p, "builds_on"), m.get("builds_on"), required=False)
        entries: list[ProfileSkill] = []
        seen: set[str] = set()
        for i, entry in enumerate(r.list_((*p, "skills"), m.get("skills"), False) or []):
            ep = (*p, "skills", i)
            if isinstance(entry, str):  # short form: just the skill id
                e: dict[str, Any] = {}
                skill_path = ep
                skill_id = r.text(ep, entry)
            else:
                maybe = r.mapping(ep, entry, ("skill",), ("essential", "weight", "level"))
                if maybe is None:
                    continue
                e = maybe
                skill_path = (*ep, "skill")
                skill_id = r.text(skill_path, e.get("skill"))
            essential = r.boolean((*ep, "essential"), e.get("essential", True))
            weight = r.number((*ep, "weight"), e.get("weight", 1.0), 0.0, strict=True)
            required = None
            if "level" in e:
                value = r.number((*ep, "level"), e["level"], 0.0, integer=True)
                if value is not None and value > 3:
                    r.problem((*ep, "level"), "referential.bad_level", value=int(value))
                elif value is not None:
                    required = int(value)
            if skill_id is None or essential is None or weight is None:
                continue
            if skill_id not in skill_ids:
                r.problem(skill_path, "referential.unknown_skill", id=skill_id)
                continue
            if skill_id in seen:
                r.problem(skill_path, "referential.duplicate_in_profile", id=skill_id)
                continue
            seen.add(skill_id)
            entries.append(ProfileSkill(skill_id, essential, weight, required))
        if domain is None or level is None or label is None:
            return None
        return Profile(m["id"].strip(), domain, level, label, tuple(entries), builds_on,
                       description)

    def _check_builds_on(self, profiles: list[tuple[Profile, _Located]]) -> None:
        by_id = {p.id.casefold(): p for p, _ in profiles}
        for profile, item in profiles:
            if profile.builds_on is None:
                continue
            where = (*item.path, "builds_on")
            parent = by_id.get(profile.builds_on.casefold())
            if parent is None:
                item.reader.problem(where, "referential.unknown_profile", id=profile.builds_on)
                continue
            if parent.domain != profile.domain:
                item.reader.problem(where, "referential.cross_domain", id=profile.builds_on)
            seen = [profile.id]
            current: Profile | None = parent
            while current is not None:
                if current.id.casefold() in {s.casefold() for s in seen}:
                    item.reader.problem(where, "referential.cycle",
                                        cycle=" -> ".join([*seen, current.id]))
                    break
                seen.append(current.id)
                current = by_id.get(current.builds_on.casefold()) if current.builds_on else None


_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "domain": (("id", "label"), ("description",)),
    "block": (("id", "label"), ("description",)),
    "skill": (("id", "block", "label"), ("aliases", "description", "esco")),
    "profile": (("id", "domain", "level", "label", "skills"), ("builds_on", "description")),
}
