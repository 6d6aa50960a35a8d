"""The recommended path: the formations that close a gap at least cost, hours or count.

A weighted set cover with side constraints, solved exactly with scipy's MILP solver (HiGHS):

1. formations the person's constraints exclude (format, department, CPF, level) are dropped,
   and so are those covering nothing of the gap; among formations covering exactly the same
   gap skills only the best for the objective is kept (the others can never be needed);
2. if a budget or an hours limit is set, a first solve finds the largest gap weight that can
   be covered within them;
3. a second solve finds, among paths covering that much, the one with the least objective,
   ties broken by the other measures (cost, hours, count) so the answer is deterministic.

Skills no allowed formation covers form the residual gap. When the solver cannot prove an
optimum within `time_limit` (very large catalogues), the best solution found, or a greedy
cover, is returned and flagged as not proven optimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from skillmatch.model import LEVELS_REACHED, Catalogue, Formation


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
    def total_cost(self) -> float:
        return sum(s.formation.cost_eur for s in self.steps)

    @property
    def total_hours(self) -> float:
        return sum(s.formation.hours for s in self.steps)

    @property
    def covered(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for step in self.steps for s in step.covers))


def allowed(formation: Formation, constraints: Constraints) -> bool:
    """Whether a formation passes the per-formation constraints."""
    if constraints.formats and formation.format not in constraints.formats:
        return False
    if constraints.departments and formation.department is not None \
            and formation.department not in constraints.departments:
        return False
    if constraints.cpf_only and not formation.cpf:
        return False
    if constraints.max_level is not None and \
            LEVELS_REACHED.index(formation.level) > LEVELS_REACHED.index(constraints.max_level):
        return False
    if constraints.budget is not None and formation.cost_eur > constraints.budget:
        return False
    return not (constraints.max_hours is not None and formation.hours > constraints.max_hours)


def measures(formation: Formation, objective: Objective) -> tuple[float, float, float]:
    """Objective first, then the tie-breaks."""
    cost, hours = formation.cost_eur, formation.hours
    if objective == Objective.COST:
        return cost, hours, 1.0
    if objective == Objective.HOURS:
        return hours, cost, 1.0
    return 1.0, cost, hours


def check_constraints(catalogue: Catalogue,
                      constraints: Constraints) -> tuple[Constraints, list[Notice]]:
    """Drop the constraints no formation of the catalogue can meet, saying so.

    An unknown department or delivery format would give an empty answer; the closest feasible
    answer ignores that constraint, with a notice naming the values the catalogue has.
    """
    notices: list[Notice] = []
    departments = {f.department for f in catalogue.formations if f.department}
    unknown = sorted(constraints.departments - departments)
    if unknown:
        notices.append(Notice("path.unknown_department", {
            "values": ", ".join(unknown), "known": ", ".join(sorted(departments))}))
        constraints = replace(constraints,
                              departments=constraints.departments & frozenset(departments))
    formats = {f.format for f in catalogue.formations}
    unknown = sorted(constraints.formats - formats)
    if unknown:
        notices.append(Notice("path.unknown_format", {
            "values": ", ".join(unknown), "known": ", ".join(sorted(formats))}))
        constraints = replace(constraints, formats=constraints.formats & frozenset(formats))
    return constraints, notices


def recommend(catalogue: Catalogue, gap: Mapping[str, float], constraints: Constraints,
              objective: Objective = Objective.COST, time_limit: float = 5.0) -> RecommendedPath:
    """The path covering the most of `gap` (skill id -> weight) at the least `objective`.

    Constraints no formation can meet are dropped with a notice (`check_constraints`); when
    the budget or hours limit keeps coverable skills out, `closest` holds the path without them.
    """
    constraints, notices = check_constraints(catalogue, constraints)
    path = _recommend(catalogue, gap, constraints, objective, time_limit)
    limited = constraints.budget is not None or constraints.max_hours is not None
    if limited and len(path.residual) > len(path.uncoverable):
        closest = _recommend(catalogue, gap, replace(constraints, budget=None, max_hours=None),
                             objective, time_limit)
        if len(closest.residual) < len(path.residual):
            notices.append(Notice("path.limits_binding", {
                "left": len(path.residual) - len(path.uncoverable),
                "cost": closest.total_cost, "hours": closest.total_hours}))
            path = replace(path, closest=closest)
    return replace(path, notices=tuple(notices))


def _recommend(catalogue: Catalogue, gap: Mapping[str, float], constraints: Constraints,
               objective: Objective, time_limit: float) -> RecommendedPath:
    candidates = [f for f in catalogue.formations
                  if allowed(f, constraints) and any(s in gap for s in f.skills)]
    coverable = {s for f in candidates for s in f.skills if s in gap}
    uncoverable = tuple(s for s in gap if s not in coverable)
    # Formations covering the same gap skills: only the best can be part of an optimum.
    best_by_cover: dict[frozenset[str], Formation] = {}
    for formation in candidates:
        cover = frozenset(s for s in formation.skills if s in gap)
        kept = best_by_cover.get(cover)
        if kept is None or (measures(formation, objective), formation.id) < (
                measures(kept, objective), kept.id):
            best_by_cover[cover] = formation
    pool = sorted(best_by_cover.values(), key=lambda f: f.id)
    if not coverable:
        chosen: list[Formation] = []
        optimal, solver = True, "none"
    else:
        chosen, optimal, solver = _solve(pool, gap, coverable, constraints, objective, time_limit)
    steps = tuple(PathStep(f, tuple(s for s in gap if s in f.skills))
                  for f in sorted(chosen, key=lambda f: (measures(f, objective), f.id)))
    covered = {s for step in steps for s in step.covers}
    residual = tuple(s for s in gap if s not in covered)
    return RecommendedPath(objective, constraints, steps, residual, uncoverable, optimal, solver)


def _solve(pool: Sequence[Formation], gap: Mapping[str, float], coverable: set[str],
           constraints: Constraints, objective: Objective,
           time_limit: float) -> tuple[list[Formation], bool, str]:
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    skills = sorted(coverable)
    index = {s: i for i, s in enumerate(skills)}
    n_f, n_s = len(pool), len(skills)
    weights = np.array([gap[s] for s in skills], dtype=float)
    # Variables: x (one per formation) then y (one per coverable skill).
    cover = lil_matrix((n_s, n_f + n_s))
    for j, formation in enumerate(pool):
        for s in formation.skills:
            if s in index:
                cover[index[s], j] = -1.0
    for i in range(n_s):
        cover[i, n_f + i] = 1.0
    rows = [LinearConstraint(cover.tocsr(), -np.inf, 0.0)]  # y_s <= sum of x covering s
    limited = constraints.budget is not None or constraints.max_hours is not None
    if constraints.budget is not None:
        rows.append(LinearConstraint(
            np.concatenate([[f.cost_eur for f in pool], np.zeros(n_s)]), -np.inf,
            constraints.budget))
    if constraints.max_hours is not None:
        rows.append(LinearConstraint(
            np.concatenate([[f.hours for f in pool], np.zeros(n_s)]), -np.inf,
            constraints.max_hours))
    integrality = np.ones(n_f + n_s)
    bounds = Bounds(0, 1)
    options = {"time_limit": time_limit, "mip_rel_gap": 0.0, "disp": False}
    target = float(weights.sum())
    optimal = True
    if limited:
        first = milp(np.concatenate([np.zeros(n_f), -weights]), integrality=integrality,
                     bounds=bounds, constraints=rows, options=options)
        if first.x is None:
            return _greedy(pool, gap, constraints, objective), False, "greedy"
        target = float(weights @ np.round(first.x[n_f:]))
        optimal = first.status == 0
    # Lexicographic objective in one solve: the main measure, then tie-breaks scaled below the
    # smallest possible difference of the main measure.
    main = np.array([measures(f, objective)[0] for f in pool])
    second = np.array([measures(f, objective)[1] for f in pool])
    third = np.array([measures(f, objective)[2] for f in pool])
    scale2 = 1e-4 / max(1.0, float(second.sum()))
    scale3 = scale2 * 1e-3 / max(1.0, float(third.sum()))
    cost = np.concatenate([main + scale2 * second + scale3 * third, np.zeros(n_s)])
    rows.append(LinearConstraint(np.concatenate([np.zeros(n_f), weights]), target - 1e-6, np.inf))
    second_solve = milp(cost, integrality=integrality, bounds=bounds, constraints=rows,
                        options=options)
    if second_solve.x is None:
        return _greedy(pool, gap, constraints, objective), False, "greedy"
    chosen = [f for f, x in zip(pool, second_solve.x[:n_f], strict=True) if x > 0.5]
    return chosen, optimal and second_solve.status == 0, "milp"


def _greedy(pool: Iterable[Formation], gap: Mapping[str, float], constraints: Constraints,
            objective: Objective) -> list[Formation]:
    """Classic greedy set cover: best gap weight per unit of objective, within the limits."""
    remaining = dict(gap)
    chosen: list[Formation] = []
    spent_cost = spent_hours = 0.0
    options = list(pool)
    while remaining:
        best, best_ratio = None, 0.0
        for formation in options:
            gain = sum(remaining.get(s, 0.0) for s in formation.skills)
            if gain <= 0:
                continue
            if constraints.budget is not None and \
                    spent_cost + formation.cost_eur > constraints.budget:
                continue
            if constraints.max_hours is not None and \
                    spent_hours + formation.hours > constraints.max_hours:
                continue
            ratio = gain / max(measures(formation, objective)[0], 1e-9)
            if best is None or ratio > best_ratio:
                best, best_ratio = formation, ratio
        if best is None:
            break
        chosen.append(best)
        options.remove(best)
        spent_cost += best.cost_eur
        spent_hours += best.hours
        for s in best.skills:
            remaining.pop(s, None)
    return chosen
