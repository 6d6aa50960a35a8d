"""Positioning and gap: pure functions of a referential and the skills a person holds.

A profile's requirements are its own skills plus those of the profiles it builds on (B on A,
C on B). A skill required by several profiles of a chain counts once, tagged with the most basic
profile that requires it, with its largest weight, essential if any profile says so.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace

from skillmatch.model import (
    DEFAULT_REQUIRED_LEVEL,
    Assessment,
    BlockCoverage,
    DomainPosition,
    Gap,
    GapItem,
    MatchResult,
    MatchStatus,
    Profile,
    ProfileCoverage,
    Referential,
)


@dataclass(frozen=True)
class HeldSkills:
    """What a person has: skills held (read by the matcher or declared), skills to confirm,
    and the levels the person declared (0 none, 1 notions, 2 practised, 3 expert).

    A held skill without a declared level meets any required level: the matcher reads no
    level in "Python". A declared level meets the levels up to it.
    """

    held: frozenset[str]
    to_confirm: frozenset[str]
    levels: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_matches(cls, matches: Iterable[MatchResult],
                     levels: Mapping[str, int] | None = None) -> HeldSkills:
        held: set[str] = set()
        review: set[str] = set()
        for result in matches:
            if result.skill_id is None:
                continue
            (held if result.status == MatchStatus.MATCH else review).add(result.skill_id)
        levels = dict(levels or {})
        held |= {s for s, level in levels.items() if level > 0}
        declared_none = {s for s, level in levels.items() if level <= 0}
        held -= declared_none
        return cls(frozenset(held), frozenset(review - held - declared_none), levels)

    def meets(self, item: GapItem) -> bool:
        if item.skill_id not in self.held:
            return False
        declared = self.levels.get(item.skill_id)
        return declared is None or declared >= item.level


def requirements(referential: Referential, profile: Profile) -> tuple[GapItem, ...]:
    """Every skill `profile` requires, with those of the profiles it builds on, basic first."""
    return _memo(referential, "requirements", profile, _requirements)


def _memo(referential: Referential, kind: str, profile: Profile,
          compute: Callable[[Referential, Profile], tuple[GapItem, ...]]
          ) -> tuple[GapItem, ...]:
    """Remember per profile id, checking it is the same profile (a ROME job target may reuse
    an id): hashing a whole profile on every call would cost more than computing."""
    key = (kind, profile.id)
    found = referential.memo.get(key)
    if isinstance(found, tuple) and found and found[0] is profile:
        return found[1]  # type: ignore[no-any-return]
    value = compute(referential, profile)
    referential.memo[key] = (profile, value)
    return value


def _requirements(referential: Referential, profile: Profile) -> tuple[GapItem, ...]:
    items: dict[str, GapItem] = {}
    for member in referential.chain(profile):
        for entry in member.skills:
            previous = items.get(entry.skill_id)
            level = required_level(member, entry.level)
            if previous is None:
                items[entry.skill_id] = GapItem(
                    entry.skill_id, member.id, referential.skill(entry.skill_id).block,
                    entry.essential, entry.weight, level,
                )
            else:
                items[entry.skill_id] = GapItem(
                    previous.skill_id, previous.profile_id, previous.block,
                    previous.essential or entry.essential, max(previous.weight, entry.weight),
                    max(previous.level, level),
                )
    return tuple(items.values())


def required_level(profile: Profile, explicit: int | None) -> int:
    """The level `profile` requires of a skill: the skill's own, or the profile's default."""
    return explicit if explicit is not None else DEFAULT_REQUIRED_LEVEL.get(profile.level, 1)


def own_requirements(referential: Referential, profile: Profile) -> tuple[GapItem, ...]:
    """The skills `profile` lists itself (B's own, without A's)."""
    return _memo(referential, "own", profile, lambda r, p: tuple(
        GapItem(e.skill_id, p.id, r.skill(e.skill_id).block, e.essential, e.weight,
                required_level(p, e.level)) for e in p.skills))


def profile_coverage(referential: Referential, profile: Profile, held: Collection[str],
                     cumulative: bool = True, base_reached: bool = True,
                     levels: Mapping[str, int] | None = None) -> ProfileCoverage:
    """Coverage of `profile`'s skills, with those of the profiles it builds on when
    `cumulative`. `reached` also needs `base_reached`: the profile below is reached. A skill
    counts when held at the required level (`levels`: the levels the person declared)."""
    required = requirements(referential, profile) if cumulative \
        else own_requirements(referential, profile)
    if levels:
        held = {i.skill_id for i in required if i.skill_id in held
                and levels.get(i.skill_id, i.level) >= i.level}
    blocks = []
    for block in referential.blocks:
        in_block = [item for item in required if item.block == block.id]
        if in_block:
            blocks.append(BlockCoverage(
                block.id,
                sum(i.weight for i in in_block if i.skill_id in held),
                sum(i.weight for i in in_block),
            ))
    essential = [item for item in required if item.essential]
    held_weight = sum(i.weight for i in required if i.skill_id in held)
    total_weight = sum(i.weight for i in required)
    essential_held = sum(1 for i in essential if i.skill_id in held)
    rule = referential.level_rule
    reached = base_reached and (
        (held_weight / total_weight if total_weight else 1.0) >= rule.coverage
        and (essential_held / len(essential) if essential else 1.0) >= rule.essential
    )
    return ProfileCoverage(profile.id, held_weight, total_weight, essential_held,
                           len(essential), tuple(blocks), reached)


def position(referential: Referential, held: Collection[str],
             levels: Mapping[str, int] | None = None) -> tuple[DomainPosition, ...]:
    """The person's coverage of every profile's own skills, and level, in every domain.

    A profile is reached when its own skills pass the level rule and the profile it builds on
    is reached: B is never reached on A's skills alone. The level is the highest reached.
    """
    positions = []
    for domain in referential.domains:
        profiles = sorted(referential.domain_profiles(domain.id),
                          key=lambda p: len(referential.chain(p)))
        reached: dict[str, bool] = {}
        coverages = []
        for profile in profiles:
            base = reached.get(profile.builds_on, False) if profile.builds_on else True
            coverage = profile_coverage(referential, profile, held, cumulative=False,
                                        base_reached=base, levels=levels)
            reached[profile.id] = coverage.reached
            coverages.append(coverage)
        level = None
        for coverage in coverages:
            if coverage.reached:
                level = coverage.profile_id
        positions.append(DomainPosition(domain.id, level, tuple(coverages)))
    return tuple(positions)


def gap(referential: Referential, target: Profile, person: HeldSkills) -> Gap:
    """What the person lacks of `target` and the profiles it builds on."""
    required = [replace(i, declared=person.levels.get(i.skill_id)) if person.levels else i
                for i in requirements(referential, target)]
    return Gap(
        target.id,
        missing=tuple(i for i in required
                      if not person.meets(i) and i.skill_id not in person.to_confirm),
        to_confirm=tuple(i for i in required if i.skill_id in person.to_confirm),
        held=tuple(i for i in required if person.meets(i)),
        coverage=profile_coverage(referential, target, person.held, levels=person.levels),
    )


def assess(referential: Referential, matches: Iterable[MatchResult],
           target: Profile | None = None,
           levels: Mapping[str, int] | None = None) -> Assessment:
    """Matches, position in every domain, and the gap to `target` when one is given;
    `levels` are the levels the person declared per skill id."""
    matches = tuple(matches)
    person = HeldSkills.from_matches(matches, levels)
    return Assessment(
        matches,
        position(referential, person.held, person.levels),
        gap(referential, target, person) if target is not None else None,
    )
