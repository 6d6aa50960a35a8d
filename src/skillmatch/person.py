"""A person's answers saved to a file, and an adviser's corrections that teach the matcher.

A person file (YAML or JSON, written by `skillmatch assess --save`) holds what the person
wrote, the adviser's decisions on the matches to confirm, and the declared levels, so a
session can be reloaded, edited and rerun by every command with `--person FILE`:

    person:
      id: "DE-2026-0042"            # optional
      target: ia-B                  # optional
      skills: ["Python", "statistiques", "staqistiques"]
      confirmed: {"staqistiques": statistiques}   # to_confirm readings accepted
      rejected: ["R&D"]                           # readings refused
      levels: {python: 2, statistiques: 1}        # 0 none, 1 notions, 2 practised, 3 expert

A learn file (`--learn FILE`) layers extra aliases and rejections on the referential, for
every command including batch:

    learned:
      aliases:
        - {text: "dév. IA générative", skill: deep-learning}
      rejections:
        - {text: "Python avancé", skill: python}
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from skillmatch.errors import DataFileError
from skillmatch.model import LEVEL_SCALE, MatchResult, MatchStatus, Referential
from skillmatch.normalize import match_key
from skillmatch.schema import DocReader
from skillmatch.yamldoc import load_file


@dataclass(frozen=True)
class Person:
    skills: tuple[str, ...]
    id: str | None = None
    target: str | None = None
    confirmed: dict[str, str] = field(default_factory=dict)  # input text -> skill id
    rejected: tuple[str, ...] = ()
    levels: dict[str, int] = field(default_factory=dict)  # skill id -> 0..3


@dataclass(frozen=True)
class Learned:
    aliases: tuple[tuple[str, str], ...] = ()  # (text, skill id)
    rejections: tuple[tuple[str, str], ...] = ()  # (text, skill id)

    def merged(self, other: Learned) -> Learned:
        return Learned(tuple(dict.fromkeys(self.aliases + other.aliases)),
                       tuple(dict.fromkeys(self.rejections + other.rejections)))


def load_person(path: Path, referential: Referential) -> Person:
    doc = load_file(path)
    r = DocReader(doc)
    top = r.mapping((), doc.data, ("person",))
    if top is None:
        raise DataFileError(r.problems)
    p = ("person",)
    m = r.mapping(p, top.get("person"), ("skills",),
                  ("id", "target", "confirmed", "rejected", "levels", "name"))
    if m is None:
        raise DataFileError(r.problems)
    skills = r.text_list((*p, "skills"), m.get("skills"))
    ident = r.text((*p, "id"), m.get("id"), required=False)
    target = r.text((*p, "target"), m.get("target"), required=False)
    if target is not None and referential.find_profile(target) is None:
        r.problem((*p, "target"), "referential.unknown_profile", id=target)
    confirmed: dict[str, str] = {}
    raw = m.get("confirmed", {}) or {}
    if r.mapping((*p, "confirmed"), raw, (), free=True) is not None:
        for text, skill_id in raw.items():
            value = r.text((*p, "confirmed", text), skill_id)
            if value is not None and not referential.has_skill(value):
                r.problem((*p, "confirmed", text), "referential.unknown_skill", id=value)
            elif value is not None:
                confirmed[text] = value
    rejected = r.text_list((*p, "rejected"), m.get("rejected", []) or [])
    levels: dict[str, int] = {}
    raw = m.get("levels", {}) or {}
    if r.mapping((*p, "levels"), raw, (), free=True) is not None:
        for skill_id, level in raw.items():
            where = (*p, "levels", skill_id)
            if not referential.has_skill(skill_id):
                r.problem(where, "referential.unknown_skill", id=skill_id)
                continue
            number = r.number(where, level, 0.0, integer=True)
            if number is not None and int(number) not in LEVEL_SCALE:
                r.problem(where, "person.bad_level", value=int(number))
            elif number is not None:
                levels[skill_id] = int(number)
    if r.problems:
        raise DataFileError(r.problems)
    return Person(tuple(skills), ident, target, confirmed, tuple(rejected), levels)


def apply_decisions(person: Person, results: list[MatchResult]) -> list[MatchResult]:
    """The matcher's readings with the adviser's decisions: confirmed readings become
    matches (to the skill the adviser chose), rejected ones become none."""
    rejected = {match_key(t) for t in person.rejected}
    confirmed = {match_key(t): s for t, s in person.confirmed.items()}
    out = []
    for result in results:
        key = match_key(result.input)
        if key in rejected:
            out.append(replace(result, status=MatchStatus.NONE))
        elif key in confirmed and result.candidate is not None:
            candidate = replace(result.candidate, skill_id=confirmed[key])
            out.append(replace(result, status=MatchStatus.MATCH, candidate=candidate))
        else:
            out.append(result)
    return out


def dump_person(person: Person) -> str:
    """The person file's YAML text (quoted strings: nothing YAML could read otherwise)."""
    import json

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["# skillmatch person file: reload it with --person FILE", "person:"]
    if person.id is not None:
        lines.append(f"  id: {text(person.id)}")
    if person.target is not None:
        lines.append(f"  target: {text(person.target)}")
    lines.append("  skills:" + ("" if person.skills else " []"))
    lines += [f"    - {text(s)}" for s in person.skills]
    lines.append("  confirmed:" + ("" if person.confirmed else " {}"))
    lines += [f"    {text(t)}: {text(s)}" for t, s in person.confirmed.items()]
    lines.append("  rejected:" + ("" if person.rejected else " []"))
    lines += [f"    - {text(t)}" for t in person.rejected]
    lines.append("  levels:" + ("" if person.levels else " {}"))
    lines += [f"    {text(s)}: {level}" for s, level in person.levels.items()]
    return "\n".join(lines) + "\n"


def load_learned(path: Path, referential: Referential, create: bool = False) -> Learned:
    """The corrections in `path`; `create`: a missing file is an empty one (assess makes it),
    otherwise a missing file is an error, not silently no correction."""
    if not path.exists():
        if create:
            return Learned()
        from skillmatch.errors import InputNotFoundError

        raise InputNotFoundError("error.not_found", path=str(path))
    doc = load_file(path)
    r = DocReader(doc)
    top = r.mapping((), doc.data, ("learned",))
    if top is None:
        raise DataFileError(r.problems)
    p = ("learned",)
    m = r.mapping(p, top.get("learned") or {}, (), ("aliases", "rejections"))
    found: dict[str, list[tuple[str, str]]] = {"aliases": [], "rejections": []}
    for key in ("aliases", "rejections"):
        for i, entry in enumerate(r.list_((*p, key), (m or {}).get(key, []) or []) or []):
            where = (*p, key, i)
            e = r.mapping(where, entry, ("text", "skill"))
            if e is None:
                continue
            text = r.text((*where, "text"), e.get("text"))
            skill_id = r.text((*where, "skill"), e.get("skill"))
            if skill_id is not None and not referential.has_skill(skill_id):
                r.problem((*where, "skill"), "referential.unknown_skill", id=skill_id)
            elif text is not None and skill_id is not None:
                if not match_key(text):
                    r.problem((*where, "text"), "referential.empty_alias", alias=text)
                else:
                    found[key].append((text, skill_id))
    if r.problems:
        raise DataFileError(r.problems)
    return Learned(tuple(found["aliases"]), tuple(found["rejections"]))


def dump_learned(learned: Learned) -> str:
    import json

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["# skillmatch learned corrections: applied with --learn FILE", "learned:"]
    for key, pairs in (("aliases", learned.aliases), ("rejections", learned.rejections)):
        lines.append(f"  {key}:" + ("" if pairs else " []"))
        lines += [f"    - {{text: {text(t)}, skill: {text(s)}}}" for t, s in pairs]
    return "\n".join(lines) + "\n"
