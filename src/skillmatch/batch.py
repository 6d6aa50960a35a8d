"""Batch: the same job as `recommend`, over many people, fast and accounting for every row.

`BatchEngine` is configured once (referential, matcher, catalogue, constraints, target) and
applied to rows; it caches what people repeat: the reading of each distinct skill string, the
positioning of each distinct set of skills, the path of each distinct gap. `process` works on
any iterable of `PersonRow`s and yields one `BatchResult` per row, in order; `process_frame`
does the same on a pandas DataFrame chunk, for engines such as Dask. Pure: no I/O here.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
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
from skillmatch.recommend import allowed, check_constraints, recommend

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
    row with the same (target, held, to confirm); compared and hashed by identity."""

    levels: dict[str, str | None]
    coverage: float | None
    missing: tuple[str, ...]
    path: RecommendedPath | None


#: The outcome of a row in error: no level, no gap, no path.
NO_OUTCOME = Outcome({}, None, (), None)


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
    """Everything a batch run needs, configured once; caches are per engine (per run)."""

    def __init__(self, referential: Referential, catalogue: Catalogue | None,
                 constraints: Constraints | None = None, objective: Objective = Objective.COST,
                 default_target: str | None = None, matcher: Matcher | None = None) -> None:
        self.referential = referential
        self.catalogue = catalogue
        self.constraints = constraints or Constraints()
        #: The formations the constraints allow, chosen once for the whole run; each path
        #: is then searched among them under the budget and hours limits only.
        self.notices: tuple[Notice, ...] = ()
        self._allowed: Catalogue | None = None
        self._limits = Constraints(budget=self.constraints.budget,
                                   max_hours=self.constraints.max_hours)
        if catalogue is not None:
            checked, notices = check_constraints(catalogue, self.constraints)
            self.notices = tuple(notices)
            self._allowed = replace(catalogue, formations=tuple(
                f for f in catalogue.formations if allowed(f, checked)))
        self.objective = objective
        self.default_target = default_target
        self.matcher = matcher or Matcher(referential)
        self._readings: dict[str, MatchResult] = {}
        self._outcomes: dict[tuple[str | None, frozenset[str], frozenset[str]], Outcome] = {}
        self._paths: dict[tuple[str, frozenset[str]], RecommendedPath] = {}
        self._bits = {s.id: 1 << i for i, s in enumerate(referential.skills)}
        self._domains = [(d.id, [_ProfileBits.of(referential, p, self._bits) for p in sorted(
            referential.domain_profiles(d.id), key=lambda p: len(referential.chain(p)))])
            for d in referential.domains]
        self._targets: dict[str, list[tuple[str, int, float]]] = {}
        self._text_extractor: Extractor | None = None

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.referential.domains)

    def read_skills(self, texts: Iterable[str]) -> None:
        """Match, in one batch, every skill string not read yet in this run."""
        new = [t for t in dict.fromkeys(texts) if t not in self._readings]
        if new:
            self._readings.update(zip(new, self.matcher.match_many(new), strict=True))

    def process(self, rows: Iterable[PersonRow], chunk_size: int = 20_000
                ) -> Iterator[BatchResult]:
        """One result per row, in input order; strings are matched a chunk at a time."""
        chunk: list[PersonRow] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= chunk_size:
                yield from self._chunk(chunk)
                chunk = []
        if chunk:
            yield from self._chunk(chunk)

    def _chunk(self, rows: Sequence[PersonRow]) -> Iterator[BatchResult]:
        items = [split_skills(row.skills) for row in rows]
        self.read_skills(text for row_items in items for text in row_items)
        for row, row_items in zip(rows, items, strict=True):
            yield self._one(row, row_items)

    def _extractor(self) -> Extractor:
        if self._text_extractor is None:
            from skillmatch.extract import Extractor

            self._text_extractor = Extractor(self.matcher)
        return self._text_extractor

    def _target(self, row: PersonRow) -> tuple[Profile | None, str | None]:
        wanted = (row.target or "").strip() or self.default_target
        if not wanted:
            return None, None
        profile = self.referential.find_profile(wanted)
        return profile, wanted

    def _one(self, row: PersonRow, items: list[str]) -> BatchResult:
        if row.error is not None:
            return _error(row, None, self.domains, *row.error)
        profile, wanted = self._target(row)
        readings = [self._readings[text] for text in items]
        if row.text.strip():
            readings += [m.as_result() for m in self._extractor().extract(row.text)]
        if not readings and not row.text.strip():  # a text naming no skill is a valid answer
            return _error(row, wanted, self.domains, "batch.empty_skills", {})
        if wanted and profile is None:
            return _error(row, wanted, self.domains, "batch.unknown_target", {"id": wanted})
        matched: dict[str, None] = {}
        review: dict[str, None] = {}
        unmatched: list[str] = []
        for reading in readings:
            text = reading.input
            status, candidate = reading.status, reading.candidate
            if status is MatchStatus.MATCH and candidate is not None:
                matched[candidate.skill_id] = None
            elif status is MatchStatus.TO_CONFIRM and candidate is not None:
                review[candidate.skill_id] = None
            else:
                unmatched.append(text)
        held = frozenset(matched)
        to_confirm = tuple(s for s in review if s not in held)
        key = (profile.id if profile else None, held, frozenset(to_confirm))
        outcome = self._outcomes.get(key)
        if outcome is None:
            outcome = self._outcomes[key] = self._outcome(profile, held, frozenset(to_confirm))
        return BatchResult(row, profile.id if profile else None, tuple(matched), to_confirm,
                           tuple(unmatched), outcome)

    #: Entries a per-run cache may hold before it is emptied: memory stays bounded whatever
    #: the number of rows (what people repeat is computed again after, at worst).
    CACHE_LIMIT = 100_000

    def _outcome(self, profile: Profile | None, held: frozenset[str],
                 to_confirm: frozenset[str]) -> Outcome:
        """What follows from a set of skills: levels, and for a target its gap and path.
        Computed once per distinct (target, held, to confirm) of the run, on bit masks: the
        same rules as `positioning.position` and `positioning.gap` (tests compare them)."""
        if len(self._outcomes) >= self.CACHE_LIMIT:
            self._outcomes.clear()
        mask = 0
        for skill_id in held:
            mask |= self._bits[skill_id]
        levels: dict[str, str | None] = {}
        rule = self.referential.level_rule
        for domain, profiles in self._domains:
            reached: dict[str, bool] = {}
            level = None
            for bits in profiles:
                base = reached.get(bits.builds_on, False) if bits.builds_on else True
                reached[bits.id] = ok = base and bits.reached(mask, rule.coverage,
                                                              rule.essential)
                if ok:
                    level = bits.id
            levels[domain] = level
        if profile is None:
            return Outcome(levels, None, (), None)
        required = self._targets.get(profile.id)
        if required is None:
            required = self._targets[profile.id] = [
                (i.skill_id, self._bits[i.skill_id], i.weight)
                for i in requirements(self.referential, profile)]
        total = sum(w for _, _, w in required)
        held_weight = sum(w for _, bit, w in required if mask & bit)
        missing = tuple(s for s, bit, _ in required if not mask & bit and s not in to_confirm)
        path = None
        if self._allowed is not None:
            path_key = (profile.id, frozenset(missing))
            path = self._paths.get(path_key)
            if path is None:
                if len(self._paths) >= self.CACHE_LIMIT:
                    self._paths.clear()
                weights = {s: w for s, _, w in required if s in path_key[1]}
                path = self._paths[path_key] = recommend(self._allowed, weights, self._limits,
                                                         self.objective)
        return Outcome(levels, held_weight / total if total else 1.0, missing, path)


@dataclass(frozen=True)
class _ProfileBits:
    """A profile's own skills as bit masks, for the level rule on a person's bit mask."""

    id: str
    builds_on: str | None
    items: tuple[tuple[int, float, bool], ...]  # (bit, weight, essential)
    total: float
    essentials: int

    @classmethod
    def of(cls, referential: Referential, profile: Profile,
           bits: dict[str, int]) -> _ProfileBits:
        items = tuple((bits[i.skill_id], i.weight, i.essential)
                      for i in own_requirements(referential, profile))
        return cls(profile.id, profile.builds_on, items, sum(w for _, w, _ in items),
                   sum(1 for _, _, e in items if e))

    def reached(self, mask: int, coverage: float, essential: float) -> bool:
        held = sum(w for bit, w, _ in self.items if mask & bit)
        essentials = sum(1 for bit, _, e in self.items if e and mask & bit)
        return (held / self.total if self.total else 1.0) >= coverage and \
            (essentials / self.essentials if self.essentials else 1.0) >= essential


def _error(row: PersonRow, target: str | None, domains: Sequence[str], key: str,
           params: dict[str, object]) -> BatchResult:
    return BatchResult(row, target, (), (), (), NO_OUTCOME, key, params)


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
    """The cohort view: what an adviser or a funder reads after a run."""

    read: int = 0
    ok: int = 0
    errors: int = 0
    skipped: int = 0
    levels: dict[str, Counter[str]] = field(default_factory=dict)
    missing: Counter[str] = field(default_factory=Counter)
    formations: Counter[str] = field(default_factory=Counter)
    formation_cost: dict[str, float] = field(default_factory=dict)
    total_cost: float = 0.0
    error_reasons: Counter[str] = field(default_factory=Counter)
    dialect: dict[str, str] = field(default_factory=dict)
    #: Recommended formations whose cost is not published: not in the totals.
    unknown_costs: set[str] = field(default_factory=set)
    _outcomes: Counter[Outcome] = field(default_factory=Counter)

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

    def close(self) -> None:
        """Fold the outcomes counted so far into the cohort totals."""
        for outcome, people in self._outcomes.items():
            for domain, level in outcome.levels.items():
                self.levels.setdefault(domain, Counter())[level or NOT_YET] += people
            for skill_id in outcome.missing:
                self.missing[skill_id] += people
            if outcome.path is not None:
                for step in outcome.path.steps:
                    self.formations[step.formation.id] += people
                    self.formation_cost[step.formation.id] = step.formation.cost_eur or 0.0
                    if step.formation.cost_eur is None:
                        self.unknown_costs.add(step.formation.id)
                self.total_cost += (outcome.path.total_cost or 0.0) * people
        self._outcomes.clear()

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
                             for s, n in self.missing.most_common(top)],
            "most_recommended": [{"formation_id": f, "people": n,
                                  "cost_eur": self.formation_cost[f] * n}
                                 for f, n in self.formations.most_common(top)],
            "total_cost_eur": self.total_cost,
            "formations_without_cost": sorted(self.unknown_costs),
            "errors": dict(self.error_reasons.most_common()),
            "input": self.dialect,
        }


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
