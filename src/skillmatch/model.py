"""The one data model of skillmatch: frozen dataclasses, built at the file boundary, then
trusted inside."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")


@dataclass(frozen=True)
class Text:
    """A text in French and English."""

    fr: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True)
class Alias:
    text: str
    lang: Lang | None  # None for the id and language-neutral names


@dataclass(frozen=True)
class Skill:
    id: str
    block: str
    label: Text
    aliases: tuple[Alias, ...] = ()
    description: Text | None = None
    esco: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProfileSkill:
    """A skill as a profile requires it."""

    skill_id: str
    essential: bool = True
    weight: float = 1.0
    level: int | None = None  # required level (0-3); None: the profile's default


#: The declared-level scale: 0 none, 1 notions, 2 practised, 3 expert.
LEVEL_SCALE = (0, 1, 2, 3)
#: The level a profile expects of its skills unless a skill says otherwise.
DEFAULT_REQUIRED_LEVEL = {"A": 1, "B": 2, "C": 3}


@dataclass(frozen=True)
class Profile:
    id: str
    domain: str
    level: str  # "A", "B", "C"
    label: Text
    skills: tuple[ProfileSkill, ...]
    builds_on: str | None = None
    description: Text | None = None


@dataclass(frozen=True)
class Domain:
    id: str
    label: Text


@dataclass(frozen=True)
class Block:
    id: str
    label: Text


@dataclass(frozen=True)
class LevelRule:
    """When a profile counts as reached (see README, "Positioning")."""

    coverage: float = 0.6  # weighted coverage of the profile and those it builds on
    essential: float = 0.75  # share of the essential skills held


@dataclass(frozen=True)
class Referential:
    id: str
    version: str
    title: Text
    domains: tuple[Domain, ...]
    blocks: tuple[Block, ...]
    skills: tuple[Skill, ...]
    profiles: tuple[Profile, ...]
    level_rule: LevelRule = LevelRule()
    source: str = ""
    _skill_index: dict[str, Skill] = field(default_factory=dict, init=False, repr=False,
                                           compare=False)
    _profile_index: dict[str, Profile] = field(default_factory=dict, init=False, repr=False,
                                               compare=False)
    #: Memo of derived values (a profile's requirements...): the referential never changes.
    memo: dict[object, object] = field(default_factory=dict, init=False, repr=False,
                                       compare=False)

    def __post_init__(self) -> None:
        self._skill_index.update((s.id, s) for s in self.skills)
        self._profile_index.update((p.id.casefold(), p) for p in self.profiles)

    def skill(self, skill_id: str) -> Skill:
        return self._skill_index[skill_id]

    def has_skill(self, skill_id: str) -> bool:
        return skill_id in self._skill_index

    def find_profile(self, profile_id: str) -> Profile | None:
        """The profile whose id is `profile_id`, ignoring case ("IA-b" is "ia-B")."""
        return self._profile_index.get(profile_id.strip().casefold())

    def chain(self, profile: Profile) -> tuple[Profile, ...]:
        """`profile` and the profiles it builds on, the most basic first."""
        chain = [profile]
        while chain[-1].builds_on is not None:
            chain.append(self._profile_index[chain[-1].builds_on.casefold()])
        return tuple(reversed(chain))

    def domain_profiles(self, domain: str) -> tuple[Profile, ...]:
        return tuple(p for p in self.profiles if p.domain == domain)

    def block(self, block_id: str) -> Block:
        return next(b for b in self.blocks if b.id == block_id)

    def domain(self, domain_id: str) -> Domain:
        return next(d for d in self.domains if d.id == domain_id)


class MatchStatus(StrEnum):
    MATCH = "match"
    TO_CONFIRM = "to_confirm"
    NONE = "none"


class MatchMethod(StrEnum):
    EXACT = "exact"  # the whole input is a label or alias of the skill
    ALIAS = "alias"  # an alias of the skill appears, as whole words, inside the input
    FUZZY = "fuzzy"  # the input, or words of it, are a near-spelling of an alias


@dataclass(frozen=True)
class Candidate:
    """The best reading of one input, before thresholds decide its status."""

    skill_id: str
    alias: str  # the alias (or label) as written in the referential
    method: MatchMethod
    score: float  # 0-100: similarity of the supporting words to the alias
    span: str  # the normalised words of the input that support it


@dataclass(frozen=True)
class MatchResult:
    input: str
    status: MatchStatus
    candidate: Candidate | None  # kept for `none` too, so evaluation can sweep thresholds

    @property
    def skill_id(self) -> str | None:
        return self.candidate.skill_id if self.candidate and self.status != MatchStatus.NONE \
            else None


@dataclass(frozen=True)
class BlockCoverage:
    block: str
    held_weight: float
    total_weight: float

    @property
    def coverage(self) -> float:
        return self.held_weight / self.total_weight if self.total_weight else 1.0


@dataclass(frozen=True)
class ProfileCoverage:
    """Coverage of a profile's skills: its own (positioning) or with the profiles it builds
    on (the gap to a target)."""

    profile_id: str
    held_weight: float
    total_weight: float
    essential_held: int
    essential_total: int
    blocks: tuple[BlockCoverage, ...]
    reached: bool

    @property
    def coverage(self) -> float:
        return self.held_weight / self.total_weight if self.total_weight else 1.0

    @property
    def essential_coverage(self) -> float:
        return self.essential_held / self.essential_total if self.essential_total else 1.0


@dataclass(frozen=True)
class DomainPosition:
    domain: str
    level: str | None  # id of the highest profile reached, None for "not yet A"
    profiles: tuple[ProfileCoverage, ...]


@dataclass(frozen=True)
class GapItem:
    skill_id: str
    profile_id: str  # the most basic profile of the chain that requires it
    block: str
    essential: bool
    weight: float
    level: int = 1  # the level required (the highest of the chain)
    declared: int | None = None  # the level the person declared, when they did


@dataclass(frozen=True)
class Gap:
    target: str
    missing: tuple[GapItem, ...]  # required, not held, not to confirm
    to_confirm: tuple[GapItem, ...]  # required, matched only in the review band
    held: tuple[GapItem, ...]  # required and held
    coverage: ProfileCoverage


@dataclass(frozen=True)
class Assessment:
    """What `gap` shows: the matches, the position in every domain, the gap to a target."""

    matches: tuple[MatchResult, ...]
    positions: tuple[DomainPosition, ...]
    gap: Gap | None
    #: With a ROME job as the target: the job sheet as plain data (`rome.target_doc`): its
    #: skills with the items that support them, and the items no referential skill covers.
    job: Mapping[str, Any] | None = None


LEVELS_REACHED: tuple[str, ...] = ("none", "bac+2", "bac+3", "bac+5")
FORMATS: tuple[str, ...] = ("présentiel", "distanciel", "hybride", "alternance")


@dataclass(frozen=True)
class Certification:
    type: str  # "RNCP" or "RS"
    code: str | None


@dataclass(frozen=True)
class Provenance:
    """Where a formation's values come from: the seeds, an import, or estimates."""

    from_seeds: tuple[str, ...] = ()
    seed: str | None = None
    estimated: tuple[str, ...] = ()
    source_file: str | None = None


@dataclass(frozen=True)
class Formation:
    id: str
    title: str
    organism: str
    skills: tuple[str, ...]
    level: str  # one of LEVELS_REACHED
    hours: float | None  # None: not published by the source (an imported catalogue)
    cost_eur: float | None
    format: str  # one of FORMATS
    department: str | None  # INSEE code; None for distance-only
    certification: Certification | None
    cpf: bool
    profiles: tuple[str, ...]
    url: str | None
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Catalogue:
    id: str
    version: str
    title: Text
    formations: tuple[Formation, ...]
    source: str = ""


class Objective(StrEnum):
    COST = "cost"
    HOURS = "hours"
    COUNT = "count"


@dataclass(frozen=True)
class Constraints:
    """What the person accepts. `None` or empty means no constraint."""

    budget: float | None = None  # total euros
    max_hours: float | None = None  # total hours
    formats: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()  # distance-only formations are always allowed
    cpf_only: bool = False
    max_level: str | None = None  # highest level reached a formation may lead to


@dataclass(frozen=True)
class PathStep:
    formation: Formation
    covers: tuple[str, ...]  # gap skills this formation brings (may overlap other steps)


@dataclass(frozen=True)
class Notice:
    """Something the adviser should know about the answer, as a message key."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class RecommendedPath:
    objective: Objective
    constraints: Constraints
    steps: tuple[PathStep, ...]
    residual: tuple[str, ...]  # gap skills the path leaves uncovered
    uncoverable: tuple[str, ...]  # of those, the ones no allowed formation covers at all
    optimal: bool
    solver: str  # "milp", "greedy" or "none" (nothing to solve)
    notices: tuple[Notice, ...] = ()
    #: When the budget or hours limit leaves coverable skills out: the path without the limits.
    closest: RecommendedPath | None = None

    @property
    def total_cost(self) -> float | None:
        """The path's cost; None when a formation of it has no published cost."""
        costs = [s.formation.cost_eur for s in self.steps]
        return None if None in costs else sum(c for c in costs if c is not None)

    @property
    def total_hours(self) -> float | None:
        hours = [s.formation.hours for s in self.steps]
        return None if None in hours else sum(h for h in hours if h is not None)

    @property
    def covered(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for step in self.steps for s in step.covers))


@dataclass(frozen=True)
class Recommendation:
    """What `recommend` shows: the assessment and the path that closes its gap."""

    assessment: Assessment
    path: RecommendedPath
    catalogue: Catalogue
