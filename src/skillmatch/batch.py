"""Batch: the same job as `recommend`, over many people, fast and accounting for every row.

`BatchEngine` is configured once (referential, matcher, catalogue, constraints, target) and
applied to chunks of rows, column by column (`assess_chunk` -> `ChunkResult`); it remembers
what people repeat: the reading of each distinct skill string, the level reached in each
domain by each distinct set of that domain's skills, the gap to each target of each distinct
set of its skills, the path of each distinct gap. `process` works on any iterable of
`PersonRow`s and yields one `BatchResult` per row, in order; `process_frame` does the same on
a pandas DataFrame chunk, for engines such as Dask. Pure: no I/O here.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from skillmatch.inputs import split_skills
from skillmatch.matcher import Matcher
from skillmatch.model import (
    Catalogue,
    Constraints,
    MatchResult,
    MatchStatus,
    Notice,
    Objective,
    Profile,
    RecommendedPath,
    Referential,
)
from skillmatch.positioning import own_requirements, requirements
from skillmatch.recommend import PathFinder

if TYPE_CHECKING:
    import pandas as pd

    from skillmatch.extract import Extractor

#: The output columns, in order. `level_<domain>` columns follow `target`, one per domain.
#: Columns of what the person wrote (per row), then `level_<domain>` columns, then the
#: columns that follow from their skills and target (shared by every row of one outcome).
ROW_COLUMNS = ("line", "id", "target", "matched", "to_confirm", "unmatched")
OUTCOME_COLUMNS = ("coverage", "missing", "formations", "total_cost_eur", "total_hours",
                   "residual", "status", "error")
#: `level_<domain>` of a person who has not reached profile A of that domain.
NOT_YET = "none"


@dataclass(frozen=True, eq=False)
class Outcome:
    """What follows from one set of skills and one target: levels, gap, path. Shared by every
    row with the same levels and target gap; compared and hashed by identity."""

    levels: dict[str, str | None]
    coverage: float | None
    missing: tuple[str, ...]
    path: RecommendedPath | None


#: The outcome of a row in error: no level, no gap, no path.
NO_OUTCOME = Outcome({}, None, (), None)


@dataclass(frozen=True, eq=False, slots=True)
class Levels:
    """The highest profile reached in each domain (None: not profile A yet). One object per
    distinct answer in a run, hashed by identity (rows point at it)."""

    reached: tuple[tuple[str, str | None], ...]  # (domain, profile id or None), in order


@dataclass(frozen=True, eq=False, slots=True)
class TargetGap:
    """What follows from a target and the person's skills: the coverage of the target, the
    skills missing (weights order) and the path that closes them. One object per distinct
    answer in a run, hashed by identity."""

    target: str
    coverage: float
    missing: tuple[str, ...]
    path: RecommendedPath | None


@dataclass(slots=True)
class ChunkResult:
    """The batch on a chunk of rows, column by column: one entry per row, in order.

    Skill sets are bit masks over the referential's skills (`BatchEngine.skill_ids` reads
    them); `levels` and `gaps` are shared objects, None for rows in error (and `gaps` for
    rows without a target).
    """

    targets: list[str | None]  # the profile id, or what was written when it is unknown
    held: list[int]
    to_confirm: list[int]
    unmatched: list[tuple[str, ...]]
    levels: list[Levels | None]
    gaps: list[TargetGap | None]
    errors: list[tuple[str, dict[str, object]] | None]

    def __len__(self) -> int:
        return len(self.targets)


@dataclass(slots=True)
class PersonRow:
    """One input row: where it was, who, what they wrote, and what they aim at."""

    line: int
    id: str
    skills: str
    target: str | None = None
    extra: dict[str, str] = field(default_factory=dict)  # columns the user asked to keep
    #: Set when the row could not even be read (a bad quote, a wrong number of fields).
    error: tuple[str, dict[str, object]] | None = None
    #: Running text (a CV, a motivation letter) the skills are found in, from --text-column.
    text: str = ""


@dataclass(slots=True)
class BatchResult:
    row: PersonRow
    target: str | None
    matched: tuple[str, ...]
    to_confirm: tuple[str, ...]
    unmatched: tuple[str, ...]
    outcome: Outcome
    error: str | None = None  # message key when the row could not be processed
    error_params: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def levels(self) -> dict[str, str | None]:
        return self.outcome.levels

    @property
    def coverage(self) -> float | None:
        return self.outcome.coverage

    @property
    def missing(self) -> tuple[str, ...]:
        return self.outcome.missing

    @property
    def path(self) -> RecommendedPath | None:
        return self.outcome.path


class BatchEngine:
    """Everything a batch run needs, configured once; caches are per engine (per run).

    People repeat themselves: the same skill strings, the same few skills of a profile, the
    same gaps. So each distinct string is matched once (all of a chunk's new strings in one
    `cdist`), a person's skills become two bit masks (held, to confirm) with one dictionary
    lookup per string, and what follows from them is computed once per distinct value of
    what it depends on: each profile's level from the person's skills of that profile, the
    gap from the skills of the target, the path from the gap (`recommend.PathFinder`).
    """

    #: Entries a per-run cache may hold before it is emptied: memory stays bounded whatever
    #: the number of rows (what people repeat is computed again after, at worst).
    CACHE_LIMIT = 100_000

    def __init__(self, referential: Referential, catalogue: Catalogue | None,
                 constraints: Constraints | None = None, objective: Objective = Objective.COST,
                 default_target: str | None = None, matcher: Matcher | None = None) -> None:
        self.referential = referential
        self.catalogue = catalogue
        self.constraints = constraints or Constraints()
        self.objective = objective
        self.default_target = default_target
        self.matcher = matcher or Matcher(referential)
        #: Paths over the formations the constraints allow, chosen once for the whole run.
        self._finder = PathFinder(catalogue, self.constraints, objective) \
            if catalogue is not None else None
        self.notices: tuple[Notice, ...] = self._finder.notices if self._finder else ()
        skills = [s.id for s in referential.skills]
        self._skills = skills
        self._bits = {s: 1 << i for i, s in enumerate(skills)}
        #: A string's code: its skill's bit when it matches, shifted by `_shift` when it is to
        #: confirm, 0 when it matches nothing.
        self._shift = len(skills)
        self._held_mask = (1 << len(skills)) - 1
        self._codes = _Codes()
        self._nothing: set[str] = set()  # the strings read that match no skill
        self._ids: dict[int, tuple[str, ...]] = {}
        self._domains = [(d.id, [_ProfileBits.of(referential, p, self._bits) for p in sorted(
            referential.domain_profiles(d.id), key=lambda p: len(referential.chain(p)))])
            for d in referential.domains]
        self._domain_masks = [0] * len(self._domains)
        for i, (_, profiles) in enumerate(self._domains):
            for bits in profiles:
                self._domain_masks[i] |= bits.mask
        self._level_mask = 0
        for domain_mask in self._domain_masks:
            self._level_mask |= domain_mask
        #: The level reached in each domain, by the person's skills of the domain.
        self._domain_levels: list[dict[int, str | None]] = [{} for _ in self._domains]
        self._levels: dict[int, Levels] = {}
        self._levels_made: dict[tuple[tuple[str, str | None], ...], Levels] = {}
        self._target_info: dict[str | None, _TargetInfo] = {}
        self._requirements: dict[str, _Requirements] = {}
        self._gaps: dict[str, dict[int, TargetGap]] = {}
        self._gaps_made: dict[tuple[str, float, int], TargetGap] = {}
        self._paths: dict[tuple[str, int], RecommendedPath] = {}
        self._outcomes: dict[tuple[Levels, TargetGap | None], Outcome] = {}
        self._text_extractor: Extractor | None = None

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.referential.domains)

    @property
    def confirm_shift(self) -> int:
        """`held | to_confirm << confirm_shift` holds a person's two skill masks in one."""
        return self._shift

    # -- strings ------------------------------------------------------------------------------

    def read_skills(self, texts: Iterable[str]) -> None:
        """Match, in one batch, every skill string not read yet in this run."""
        codes = self._codes
        new = sorted(set(texts).difference(codes))
        if new:
            if len(codes) + len(new) > 4 * self.CACHE_LIMIT:
                codes.clear()
                self._nothing.clear()
            found = list(map(self._code, self.matcher.match_many(new)))
            codes.update(zip(new, found, strict=True))
            self._nothing.update(t for t, code in zip(new, found, strict=True) if not code)

    def unread_strings(self, skills: Iterable[str]) -> list[str]:
        """The distinct skill strings of these skills cells not read yet in this run."""
        found: set[str] = set()
        for text in skills:
            found.update(split_skills(text))
        return sorted(found.difference(self._codes))

    def read_codes(self, texts: Sequence[str]) -> list[int]:
        """Read skill strings (see `read_skills`) and give their codes, for `learn_codes`."""
        self.read_skills(texts)
        return [self._codes[t] for t in texts]

    def learn_codes(self, texts: Sequence[str], codes: Sequence[int]) -> None:
        """Take the readings of skill strings from another engine's `read_codes` (the same
        referential and matcher: another process of the same run)."""
        self._codes.update(zip(texts, codes, strict=True))
        self._nothing.update(t for t, code in zip(texts, codes, strict=True) if not code)

    def _code(self, reading: MatchResult) -> int:
        candidate = reading.candidate
        if candidate is None or reading.status is MatchStatus.NONE:
            return 0
        bit = self._bits[candidate.skill_id]
        return bit if reading.status is MatchStatus.MATCH else bit << self._shift

    def skill_ids(self, mask: int) -> tuple[str, ...]:
        """The ids of a skill mask, in the referential's order."""
        found = self._ids.get(mask)
        if found is None:
            if len(self._ids) >= self.CACHE_LIMIT:
                self._ids.clear()
            ids = []
            rest = mask
            while rest:  # the set bits, lowest (first in the referential) first
                low = rest & -rest
                ids.append(self._skills[low.bit_length() - 1])
                rest ^= low
            found = self._ids[mask] = tuple(ids)
        return found

    # -- rows ---------------------------------------------------------------------------------

    def assess_chunk(self, skills: Sequence[str], targets: Sequence[str | None] | None = None,
                     texts: Sequence[str] | None = None,
                     errors: Sequence[tuple[str, dict[str, object]] | None] | None = None
                     ) -> ChunkResult:
        """The batch on a chunk of rows given column by column (`errors`: rows that could not
        be read, kept as errors). Pure; fills the engine's caches.

        Written as passes over the whole chunk (list comprehensions), not as a loop over rows:
        a million rows cost a few microseconds each beyond the reading of their strings.
        """
        items = [split_skills(text) for text in skills]
        known_codes, nothing, shift = self._codes, self._nothing, self._shift
        get = known_codes.__getitem__  # a string not read yet counts 0 and is noted
        # Each code is one bit (or 0): the sum of a row's distinct codes is their union.
        codes = [sum(set(map(get, row_items))) for row_items in items]
        while known_codes.unread:  # read them all at once, then the rows holding them again
            unread = set(known_codes.unread)
            known_codes.unread.clear()
            self.read_skills(unread)
            codes = [sum(set(map(get, row_items))) if not unread.isdisjoint(row_items)
                     else code for code, row_items in zip(codes, items, strict=True)]
        if texts is not None:
            for i, text in enumerate(texts):
                if text and not text.isspace():
                    for reading in self._extractor().extract(text):
                        codes[i] |= self._code(reading.as_result())
        known = self._target_info
        infos = [known.get(t) or self._info(t) for t in targets] if targets is not None \
            else [known.get(None) or self._info(None)] * len(items)
        held = [code & self._held_mask for code in codes]
        review = [code >> shift & ~h for code, h in zip(codes, held, strict=True)]
        level_mask, levels_of = self._level_mask, self._levels.get
        levels: list[Levels | None] = [levels_of(h & level_mask) or self._levels_for(h & level_mask)
                                       for h in held]
        gaps: list[TargetGap | None] = [
            None if info.need is None else
            info.gaps.get(k := (h & info.need.mask) | (r & info.need.mask) << shift)
            or self._gap(info, k)
            for info, h, r in zip(infos, held, review, strict=True)]
        unmatched = [tuple(filter(nothing.__contains__, row_items))
                     if not nothing.isdisjoint(row_items) else () for row_items in items]
        out = ChunkResult([info.id for info in infos], held, review, unmatched, levels, gaps,
                          [None] * len(items))
        # Rows in error: unreadable, naming no skill (a text naming none is an answer), or
        # aiming at a target the referential does not have. Looked at one by one only when
        # the chunk has some (checked at once).
        if errors is None and all(items) and not any(map(_unknown, infos)):
            return out
        for i, info in enumerate(infos):
            error = errors[i] if errors is not None else None
            target = None if error is not None else info.wanted
            if error is None and not items[i] and not (texts is not None and texts[i]
                                                       and not texts[i].isspace()):
                error = ("batch.empty_skills", {})
            elif error is None and info.unknown:
                error = ("batch.unknown_target", {"id": info.wanted})
            if error is not None:
                out.targets[i], out.errors[i] = target, error
                out.held[i] = out.to_confirm[i] = 0
                out.unmatched[i], out.levels[i], out.gaps[i] = (), None, None
        return out

    def results(self, rows: Sequence[PersonRow]) -> list[BatchResult]:
        """One result per row, in order."""
        chunk = self.assess_chunk([r.skills for r in rows], [r.target for r in rows],
                                  [r.text for r in rows], [r.error for r in rows])
        return [self.result(row, chunk, i) for i, row in enumerate(rows)]

    def result(self, row: PersonRow, chunk: ChunkResult, i: int) -> BatchResult:
        """Row `i` of a chunk as a `BatchResult`."""
        error = chunk.errors[i]
        if error is not None:
            return BatchResult(row, chunk.targets[i], (), (), (), NO_OUTCOME, *error)
        levels, gap = chunk.levels[i], chunk.gaps[i]
        assert levels is not None
        return BatchResult(row, chunk.targets[i], self.skill_ids(chunk.held[i]),
                           self.skill_ids(chunk.to_confirm[i]), chunk.unmatched[i],
                           self.outcome(levels, gap))

    def outcome(self, levels: Levels, gap: TargetGap | None) -> Outcome:
        found = self._outcomes.get((levels, gap))
        if found is None:
            if len(self._outcomes) >= self.CACHE_LIMIT:
                self._outcomes.clear()
            found = self._outcomes[levels, gap] = Outcome(
                dict(levels.reached), gap.coverage if gap else None,
                gap.missing if gap else (), gap.path if gap else None)
        return found

    def process(self, rows: Iterable[PersonRow], chunk_size: int = 20_000
                ) -> Iterator[BatchResult]:
        """One result per row, in input order; strings are matched a chunk at a time."""
        chunk: list[PersonRow] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= chunk_size:
                yield from self.results(chunk)
                chunk = []
        if chunk:
            yield from self.results(chunk)

    # -- what follows from a person's skills --------------------------------------------------

    def _extractor(self) -> Extractor:
        if self._text_extractor is None:
            from skillmatch.extract import Extractor

            self._text_extractor = Extractor(self.matcher)
        return self._text_extractor

    def _info(self, raw: str | None) -> _TargetInfo:
        """What a target cell means: the profile (default target when empty), its skills."""
        wanted = (raw or "").strip() or self.default_target
        profile = self.referential.find_profile(wanted) if wanted else None
        need = None
        if profile is not None:
            need = self._requirements.get(profile.id) or self._requirements_of(profile)
        found = _TargetInfo(profile.id if profile else None, wanted, need,
                            self._gaps.setdefault(profile.id, {}) if profile else {},
                            unknown=bool(wanted) and profile is None)
        if len(self._target_info) < self.CACHE_LIMIT:
            self._target_info[raw] = found
        return found

    def _levels_for(self, mask: int) -> Levels:
        """The level reached in each domain by the skills of `mask`: the same rule as
        `positioning.position` (tests compare them), on bit masks, remembered per domain by
        the person's skills of that domain."""
        if len(self._levels) >= self.CACHE_LIMIT:
            self._levels.clear()
        reached = []
        for (domain, profiles), domain_mask, known in zip(
                self._domains, self._domain_masks, self._domain_levels, strict=True):
            own = mask & domain_mask
            level = known[own] if own in known else self._domain_level(profiles, known, own)
            reached.append((domain, level))
        answer = tuple(reached)
        # One object per distinct answer (many masks give the same levels).
        found = self._levels[mask] = self._levels_made.setdefault(answer, Levels(answer))
        return found

    def _domain_level(self, profiles: list[_ProfileBits], known: dict[int, str | None],
                      mask: int) -> str | None:
        if len(known) >= self.CACHE_LIMIT:
            known.clear()
        rule = self.referential.level_rule
        reached: dict[str, bool] = {}
        level = None
        for bits in profiles:
            base = reached.get(bits.builds_on, False) if bits.builds_on else True
            reached[bits.id] = ok = base and bits.reached(mask, rule.coverage, rule.essential)
            if ok:
                level = bits.id
        known[mask] = level
        return level

    def _requirements_of(self, profile: Profile) -> _Requirements:
        items = [(i.skill_id, self._bits[i.skill_id], i.weight)
                 for i in requirements(self.referential, profile)]
        mask = 0
        for _, bit, _ in items:
            mask |= bit
        found = self._requirements[profile.id] = _Requirements(items, mask,
                                                               sum(w for _, _, w in items))
        return found

    def _gap(self, info: _TargetInfo, key: int) -> TargetGap:
        """The gap to a target of the skills in `key` (held | to confirm << shift)."""
        need, target = info.need, info.id
        assert need is not None and target is not None
        if len(info.gaps) >= self.CACHE_LIMIT:
            info.gaps.clear()
            info.coverages.clear()
            self._gaps_made.clear()
        held, review = key & self._held_mask, key >> self._shift
        coverage = info.coverages.get(held)
        if coverage is None:
            held_weight = sum(w for _, bit, w in need.items if held & bit)
            coverage = info.coverages[held] = held_weight / need.total if need.total else 1.0
        missing_mask = need.mask & ~(held | review)
        # One object per distinct answer (many skill sets give the same coverage and gap).
        made = self._gaps_made.get((target, coverage, missing_mask))
        if made is not None:
            info.gaps[key] = made
            return made
        missing = [(s, bit, w) for s, bit, w in need.items if missing_mask & bit]
        path = None
        if self._finder is not None:
            path = self._paths.get((target, missing_mask))
            if path is None:
                if len(self._paths) >= self.CACHE_LIMIT:
                    self._paths.clear()
                path = self._paths[target, missing_mask] = self._finder.path(
                    {s: w for s, _, w in missing})
        found = info.gaps[key] = self._gaps_made[target, coverage, missing_mask] = TargetGap(
            target, coverage, tuple(s for s, _, _ in missing), path)
        return found


_unknown = attrgetter("unknown")


class _Codes(dict[str, int]):
    """The code of each skill string read in the run; a string not read yet counts 0 and is
    noted in `unread` (so a chunk's rows are coded in one pass, its new strings read after)."""

    def __init__(self) -> None:
        super().__init__()
        self.unread: list[str] = []

    def __missing__(self, text: str) -> int:
        self.unread.append(text)
        return 0


@dataclass(frozen=True, slots=True)
class _TargetInfo:
    """A target as written in a row, read once per run."""

    id: str | None  # the profile's id; None without a target or for an unknown one
    wanted: str | None  # what was asked (or the default target)
    need: _Requirements | None
    gaps: dict[int, TargetGap]  # by held | to confirm << shift, restricted to `need.mask`
    unknown: bool = False
    coverages: dict[int, float] = field(default_factory=dict)  # by held, within `need.mask`


@dataclass(frozen=True, slots=True)
class _Requirements:
    """A target's skills (with the profiles it builds on): (id, bit, weight), their mask."""

    items: list[tuple[str, int, float]]
    mask: int
    total: float


@dataclass(frozen=True)
class _ProfileBits:
    """A profile's own skills as bit masks, for the level rule on a person's bit mask."""

    id: str
    builds_on: str | None
    items: tuple[tuple[int, float, bool], ...]  # (bit, weight, essential)
    total: float
    essentials: int
    mask: int

    @classmethod
    def of(cls, referential: Referential, profile: Profile,
           bits: dict[str, int]) -> _ProfileBits:
        items = tuple((bits[i.skill_id], i.weight, i.essential)
                      for i in own_requirements(referential, profile))
        mask = 0
        for bit, _, _ in items:
            mask |= bit
        return cls(profile.id, profile.builds_on, items, sum(w for _, w, _ in items),
                   sum(1 for _, _, e in items if e), mask)

    def reached(self, mask: int, coverage: float, essential: float) -> bool:
        held = sum(w for bit, w, _ in self.items if mask & bit)
        essentials = sum(1 for bit, _, e in self.items if e and mask & bit)
        return (held / self.total if self.total else 1.0) >= coverage and \
            (essentials / self.essentials if self.essentials else 1.0) >= essential


def pseudonym(key: bytes, identifier: str) -> str:
    """A keyed HMAC-SHA256 of an identifier: stable for one key, unlinkable without it."""
    return hmac.new(key, identifier.encode("utf-8"), hashlib.sha256).hexdigest()


def row_values(result: BatchResult, pseudonym_key: bytes | None = None) -> dict[str, Any]:
    """The per-row columns of a result (lists as lists)."""
    identifier = result.row.id
    if pseudonym_key is not None and identifier:
        identifier = pseudonym(pseudonym_key, identifier)
    return {"line": result.row.line, "id": identifier, "target": result.target,
            "matched": list(result.matched), "to_confirm": list(result.to_confirm),
            "unmatched": list(result.unmatched)}


def outcome_values(outcome: Outcome, domains: Sequence[str],
                   error: str | None = None) -> dict[str, Any]:
    """The columns that follow from an outcome (the same for all its rows)."""
    path = outcome.path
    values: dict[str, Any] = {
        f"level_{d}": None if error else (outcome.levels.get(d) or NOT_YET) for d in domains}
    values.update({
        "coverage": round(outcome.coverage, 4) if outcome.coverage is not None else None,
        "missing": list(outcome.missing),
        "formations": [s.formation.id for s in path.steps] if path else [],
        "total_cost_eur": path.total_cost if path else None,
        "total_hours": path.total_hours if path else None,
        "residual": list(path.residual) if path else list(outcome.missing),
        "status": "error" if error else "ok",
        "error": error,
    })
    return values


def result_row(result: BatchResult, domains: Sequence[str],
               pseudonym_key: bytes | None = None) -> dict[str, Any]:
    """A result as a flat mapping of every output column (lists as lists)."""
    return {**row_values(result, pseudonym_key),
            **outcome_values(result.outcome, domains, result.error), **result.row.extra}


def output_columns(domains: Sequence[str], extra: Sequence[str] = ()) -> list[str]:
    return [*ROW_COLUMNS, *(f"level_{d}" for d in domains), *OUTCOME_COLUMNS, *extra]


#: Distinct outcomes the summary counts before folding them into its totals.
FOLD_EVERY = 50_000


@dataclass
class Summary:
    """The cohort view: what an adviser or a funder reads after a run.

    Rows are counted first by what they share (the same `Levels`, `TargetGap` or `Outcome`
    object), and folded into the totals by `close`. Summaries of parts of a run (chunks,
    worker processes) add up with `merge`, in any order, to the summary of the whole.
    """

    read: int = 0
    ok: int = 0
    errors: int = 0
    skipped: int = 0
    levels: dict[str, Counter[str]] = field(default_factory=dict)
    missing: Counter[str] = field(default_factory=Counter)
    formations: Counter[str] = field(default_factory=Counter)
    formation_cost: dict[str, float] = field(default_factory=dict)
    error_reasons: Counter[str] = field(default_factory=Counter)
    dialect: dict[str, str] = field(default_factory=dict)
    #: Recommended formations whose cost is not published: not in the totals.
    unknown_costs: set[str] = field(default_factory=set)
    #: People by the total cost of their path (paths whose cost is known).
    _path_costs: Counter[float] = field(default_factory=Counter)
    _levels: Counter[Levels] = field(default_factory=Counter)
    _gaps: Counter[TargetGap] = field(default_factory=Counter)
    _outcomes: Counter[Outcome] = field(default_factory=Counter)

    @property
    def total_cost(self) -> float:
        """The cost of every recommended path, over the people it is recommended to: the same
        whatever the order or grouping the rows were counted in (chunks, worker processes)."""
        self.close()
        return math.fsum(cost * people for cost, people in self._path_costs.items())

    def add(self, result: BatchResult) -> None:
        self.read += 1
        if not result.ok:
            self.errors += 1
            self.error_reasons[result.error or "?"] += 1
            return
        self.ok += 1
        self._outcomes[result.outcome] += 1  # expanded into the totals by `close`
        if len(self._outcomes) >= FOLD_EVERY:  # fold now and then: memory stays bounded
            self.close()

    def add_chunk(self, chunk: ChunkResult) -> None:
        """Count a chunk's rows (the same as `add` on each of its results)."""
        self.read += len(chunk)
        in_error = len(chunk) - chunk.errors.count(None)
        if in_error:
            self.errors += in_error
            self.error_reasons.update(key for key, _ in filter(None, chunk.errors))
        self.ok += len(chunk) - in_error
        self._levels.update(filter(None, chunk.levels))
        self._gaps.update(filter(None, chunk.gaps))
        if len(self._levels) + len(self._gaps) >= FOLD_EVERY:
            self.close()

    def close(self) -> None:
        """Fold the rows counted so far into the cohort totals."""
        for outcome, people in self._outcomes.items():
            self._count_levels(outcome.levels.items(), people)
            self._count_gap(outcome.missing, outcome.path, people)
        for levels, people in self._levels.items():
            self._count_levels(levels.reached, people)
        for gap, people in self._gaps.items():
            self._count_gap(gap.missing, gap.path, people)
        self._outcomes.clear()
        self._levels.clear()
        self._gaps.clear()

    def _count_levels(self, reached: Iterable[tuple[str, str | None]], people: int) -> None:
        for domain, level in reached:
            self.levels.setdefault(domain, Counter())[level or NOT_YET] += people

    def _count_gap(self, missing: tuple[str, ...], path: RecommendedPath | None,
                   people: int) -> None:
        counted = self.missing
        for skill_id in missing:
            counted[skill_id] += people
        if path is None:
            return
        for step in path.steps:
            formation = step.formation
            self.formations[formation.id] += people
            self.formation_cost[formation.id] = formation.cost_eur or 0.0
            if formation.cost_eur is None:
                self.unknown_costs.add(formation.id)
        cost = path.total_cost
        if cost is not None:
            self._path_costs[cost] += people

    def merge(self, other: Summary) -> None:
        """Add the rows `other` counted (another chunk, another worker's) to this summary."""
        other.close()
        self.read += other.read
        self.ok += other.ok
        self.errors += other.errors
        self.skipped += other.skipped
        for domain, levels in other.levels.items():
            self.levels.setdefault(domain, Counter()).update(levels)
        self.missing.update(other.missing)
        self.formations.update(other.formations)
        self.formation_cost.update(other.formation_cost)
        self.error_reasons.update(other.error_reasons)
        self.unknown_costs |= other.unknown_costs
        self._path_costs.update(other._path_costs)

    @property
    def balanced(self) -> bool:
        return self.read == self.ok + self.errors + self.skipped

    def as_dict(self, top: int = 10) -> dict[str, Any]:
        self.close()
        return {
            "rows": {"read": self.read, "ok": self.ok, "errors": self.errors,
                     "skipped": self.skipped},
            "levels": {d: dict(sorted(c.items())) for d, c in self.levels.items()},
            "most_missing": [{"skill_id": s, "people": n}
                             for s, n in ranked(self.missing, top)],
            "most_recommended": [{"formation_id": f, "people": n,
                                  "cost_eur": self.formation_cost[f] * n}
                                 for f, n in ranked(self.formations, top)],
            "total_cost_eur": self.total_cost,
            "formations_without_cost": sorted(self.unknown_costs),
            "errors": dict(ranked(self.error_reasons)),
            "input": self.dialect,
        }


def ranked(counts: Counter[str], top: int | None = None) -> list[tuple[str, int]]:
    """The most counted first, ties by name: the same whatever order things were counted in
    (`Counter.most_common` keeps ties in the order they were first seen)."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]


def process_frame(frame: pd.DataFrame, engine: BatchEngine, id_column: str = "id",
                  skills_column: str = "skills", target_column: str | None = None,
                  keep: Sequence[str] = (), pseudonym_key: bytes | None = None
                  ) -> pd.DataFrame:
    """The batch on one chunk of rows: a pandas DataFrame in, one out (one row per row).

    Works as-is with `dask.dataframe.DataFrame.map_partitions(process_frame, engine, ...)`.
    List columns are joined with "|" so the frame has plain text columns.
    """
    import pandas as pd

    rows = [
        # `line`: the row's number in the whole table when the index counts rows (as
        # dask's from_pandas and read_csv keep it), else its position in this chunk.
        PersonRow(index + 1 if isinstance(index, int) else position + 1,
                  str(record[id_column]), _text(record[skills_column]),
                  _text(record[target_column]) if target_column else None,
                  {k: _text(record[k]) for k in keep})
        for position, (index, record) in enumerate(zip(frame.index.tolist(),
                                                       frame.to_dict("records"), strict=True))
    ]
    out = [frame_record(result_row(result, engine.domains, pseudonym_key))
           for result in engine.process(rows)]
    return pd.DataFrame(out, columns=output_columns(engine.domains, keep), index=frame.index)


#: Numeric output columns; every other column is text.
NUMBER_COLUMNS = ("line", "coverage", "total_cost_eur", "total_hours")


def frame_record(row: dict[str, Any]) -> dict[str, Any]:
    """A result row for a data frame: lists joined with "|", missing text as "", missing
    numbers as NaN, so every column has one type."""
    return {k: "|".join(v) if isinstance(v, list) else
            (float("nan") if k in NUMBER_COLUMNS else "") if v is None else v
            for k, v in row.items()}


def frame_meta(engine: BatchEngine, keep: Sequence[str] = ()) -> pd.DataFrame:
    """The empty frame `process_frame` returns, for `map_partitions(..., meta=...)`."""
    import pandas as pd

    types = {c: "float64" for c in NUMBER_COLUMNS} | {"line": "int64"}
    return pd.DataFrame({c: pd.Series(dtype=types.get(c, "object"))
                         for c in output_columns(engine.domains, keep)})


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)
