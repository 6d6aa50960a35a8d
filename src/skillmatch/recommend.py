"""The recommended path: the formations that close a gap at least cost, hours or count.

A weighted set cover with side constraints, solved exactly with the HiGHS MILP solver (the
solver behind scipy.optimize.milp, through its own light `highspy` bindings):

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

import os
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace

from skillmatch.model import (
    LEVELS_REACHED,
    Catalogue,
    Constraints,
    Formation,
    Gap,
    Notice,
    Objective,
    PathStep,
    RecommendedPath,
)

#: Seconds the MILP solver may spend on one path (all its solves together).
DEFAULT_TIME_LIMIT = 1.0
#: Above this many candidate formations the exact search is skipped: the MILP solver is
#: faster there, and its import no longer matters.
SEARCH_MAX_POOL = 60


def allowed(formation: Formation, constraints: Constraints) -> bool:
    """Whether a formation passes the constraints on what it is (delivery, place, CPF, level).

    The budget and hours limits are on the whole path: see `fits`.
    """
    if constraints.formats and formation.format not in constraints.formats:
        return False
    if constraints.departments and formation.department is not None \
            and formation.department not in constraints.departments:
        return False
    if constraints.cpf_only and not formation.cpf:
        return False
    return not (constraints.max_level is not None and LEVELS_REACHED.index(formation.level)
                > LEVELS_REACHED.index(constraints.max_level))


#: What an unknown cost or duration counts for when ranking paths: more than any real one,
#: so a formation whose figures are not published comes last, never first.
UNKNOWN = 1e7


def cost_of(formation: Formation) -> float:
    return formation.cost_eur if formation.cost_eur is not None else UNKNOWN


def hours_of(formation: Formation) -> float:
    return formation.hours if formation.hours is not None else UNKNOWN


def fits(formation: Formation, constraints: Constraints) -> bool:
    """Whether a formation alone stays within the budget and hours limits (an unknown cost
    or duration never fits a limit: it cannot be shown to)."""
    if constraints.budget is not None and cost_of(formation) > constraints.budget:
        return False
    return not (constraints.max_hours is not None and hours_of(formation) > constraints.max_hours)


def _undominated(formations: list[Formation], gap: Mapping[str, float],
                 constraints: Constraints, objective: Objective) -> list[Formation]:
    """Among formations covering exactly the same gap skills, drop those another one beats or
    equals on the objective and on every limited resource (cost under a budget, hours under
    an hours limit): they can never be needed in an optimal path."""
    budget, hours = constraints.budget is not None, constraints.max_hours is not None
    groups: dict[frozenset[str], list[tuple[tuple[float, ...], str, Formation]]] = {}
    for f in formations:
        vector: tuple[float, ...] = (*measures(f, objective), cost_of(f) if budget else 0.0,
                                     hours_of(f) if hours else 0.0)
        groups.setdefault(frozenset(s for s in f.skills if s in gap), []).append((vector, f.id, f))
    kept = []
    for group in groups.values():
        if len(group) == 1:
            kept.append(group[0][2])
            continue
        for vector, ident, f in group:
            beaten = any(
                other is not f and all(a <= b for a, b in zip(v, vector, strict=True))
                and (v, i) < (vector, ident) for v, i, other in group)
            if not beaten:
                kept.append(f)
    return sorted(kept, key=lambda f: f.id)


def measures(formation: Formation, objective: Objective) -> tuple[float, float, float]:
    """Objective first, then the tie-breaks."""
    cost, hours = cost_of(formation), hours_of(formation)
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
              objective: Objective = Objective.COST,
              time_limit: float = DEFAULT_TIME_LIMIT) -> RecommendedPath:
    """The path covering the most of `gap` (skill id -> weight) at the least `objective`.

    Constraints no formation can meet are dropped with a notice (`check_constraints`); when
    the budget or hours limit keeps coverable skills out, `closest` holds the path without them.
    """
    return PathFinder(catalogue, constraints, objective, time_limit).path(gap)


class PathFinder:
    """`recommend` for many gaps over one catalogue, constraints and objective (a batch).

    The constraints are checked and the formations they allow chosen once. Without a budget or
    hours limit, every path is a least-objective full cover, found by a search over skill sets
    whose sub-results are remembered from one gap to the next: people's gaps share most of
    their parts, so a batch's paths cost a few dictionary lookups each. The answers are the
    same whatever the order of the gaps.
    """

    def __init__(self, catalogue: Catalogue, constraints: Constraints,
                 objective: Objective = Objective.COST,
                 time_limit: float = DEFAULT_TIME_LIMIT) -> None:
        self.constraints, notices = check_constraints(catalogue, constraints)
        self.notices = tuple(notices)
        self.objective = objective
        self.time_limit = time_limit
        self._allowed = [f for f in catalogue.formations if allowed(f, self.constraints)]
        self._covers = _CoverSearch(self._allowed, objective)
        self._steps: dict[tuple[str, tuple[str, ...]], PathStep] = {}

    def path(self, gap: Mapping[str, float]) -> RecommendedPath:
        constraints, notices = self.constraints, list(self.notices)
        path = self._path(gap, constraints)
        limited = constraints.budget is not None or constraints.max_hours is not None
        if limited and len(path.residual) > len(path.uncoverable):
            closest = self._path(gap, replace(constraints, budget=None, max_hours=None))
            if len(closest.residual) < len(path.residual):
                notices.append(Notice("path.limits_binding", {
                    "left": len(path.residual) - len(path.uncoverable),
                    "cost": closest.total_cost, "hours": closest.total_hours}))
                path = replace(path, closest=closest)
        return replace(path, notices=tuple(notices)) if notices else path

    def _path(self, gap: Mapping[str, float], constraints: Constraints) -> RecommendedPath:
        if constraints.budget is None and constraints.max_hours is None:
            found = self._covers.cover(gap)
            if found is not None:
                chosen, uncoverable = found
                path = _path_of(chosen, gap, uncoverable, constraints, self.objective, True,
                                "exact" if chosen else "none")
                return replace(path, steps=tuple(map(self._shared_step, path.steps)))
        return _recommend(self._allowed, gap, constraints, self.objective, self.time_limit)

    def _shared_step(self, step: PathStep) -> PathStep:
        """One object per distinct step: a batch keeps tens of thousands of paths, made of
        far fewer distinct steps (a formation and the gap skills it brings)."""
        if len(self._steps) >= STEPS_LIMIT:
            self._steps.clear()
        return self._steps.setdefault((step.formation.id, step.covers), step)


def _path_of(chosen: Iterable[Formation], gap: Mapping[str, float],
             uncoverable: tuple[str, ...], constraints: Constraints, objective: Objective,
             optimal: bool, solver: str) -> RecommendedPath:
    steps = tuple(PathStep(f, tuple(filter(set(f.skills).__contains__, gap)))
                  for f in sorted(chosen, key=lambda f: (measures(f, objective), f.id)))
    covered = {s for step in steps for s in step.covers}
    residual = tuple(s for s in gap if s not in covered) if len(covered) < len(gap) else ()
    return RecommendedPath(objective, constraints, steps, residual, uncoverable, optimal, solver)


#: Steps the cover search may take for one gap (past what it remembers) before handing the
#: gap to the branch and bound or the MILP solver (catalogues of thousands of formations).
COVER_STEP_LIMIT = 20_000
#: Distinct path steps `PathFinder` shares between its paths before it starts afresh.
STEPS_LIMIT = 100_000
#: Skill sets the cover search remembers; past this it forgets them all (memory stays bounded).
COVER_MEMO_LIMIT = 400_000

Cover = tuple[tuple[float, float, float], tuple[int, ...]]  # (summed measures, formations)


class _CoverSearch:
    """Least-objective full covers of skill sets, without limits, remembered across gaps.

    The cover of a set S is the best, over the formations f covering the rarest skill of S,
    of f plus the cover of S without f's skills (every cover of S holds one of them). Measures
    are summed and compared as tuples (objective first, then the tie-breaks); among equal
    sums the formation first in (measures, id) order wins, so a set always gets the same cover.
    """

    def __init__(self, formations: Sequence[Formation], objective: Objective) -> None:
        self.formations = list(formations)
        rarity: dict[str, int] = {}
        for f in formations:
            for s in set(f.skills):
                rarity[s] = rarity.get(s, 0) + 1
        skills = sorted(rarity, key=lambda s: (rarity[s], s))
        self.bit = {s: 1 << i for i, s in enumerate(skills)}
        masks = []
        for f in formations:
            mask = 0
            for s in f.skills:
                mask |= self.bit[s]
            masks.append(mask)
        order = sorted(range(len(formations)),
                       key=lambda j: (measures(formations[j], objective), formations[j].id))
        self.by_skill = [[(masks[j], measures(formations[j], objective), j) for j in order
                          if masks[j] >> i & 1] for i in range(len(skills))]
        self.memo: dict[int, Cover] = {0: ((0.0, 0.0, 0.0), ())}

    def cover(self, gap: Iterable[str]) -> tuple[list[Formation], tuple[str, ...]] | None:
        """The formations of the least cover of `gap`'s coverable skills, and the skills no
        formation covers; None when the search would take too long (huge catalogues)."""
        mask = 0
        uncoverable = []
        for s in gap:
            b = self.bit.get(s)
            if b is None:
                uncoverable.append(s)
            else:
                mask |= b
        if len(self.memo) > COVER_MEMO_LIMIT:
            self.memo = {0: self.memo[0]}
        try:
            _, chosen = self._cover(mask)
        except _SearchTooLong:
            return None
        return [self.formations[j] for j in chosen], tuple(uncoverable)

    def _cover(self, mask: int) -> Cover:
        memo, by_skill = self.memo, self.by_skill
        steps = 0

        def best(mask: int) -> Cover:
            nonlocal steps
            found = memo.get(mask)
            if found is not None:
                return found
            steps += 1
            if steps > COVER_STEP_LIMIT:
                raise _SearchTooLong
            result: Cover | None = None
            for f_mask, key, j in by_skill[(mask & -mask).bit_length() - 1]:
                (a, b, c), rest = best(mask & ~f_mask)
                total = (key[0] + a, key[1] + b, key[2] + c)
                if result is None or total < result[0]:
                    result = (total, (j, *rest))
            assert result is not None  # every bit of the mask has a formation covering it
            memo[mask] = result
            return result

        return best(mask)


def _recommend(formations: Sequence[Formation], gap: Mapping[str, float],
               constraints: Constraints, objective: Objective,
               time_limit: float) -> RecommendedPath:
    candidates = [f for f in formations
                  if allowed(f, constraints) and any(s in gap for s in f.skills)]
    uncoverable = tuple(s for s in gap if not any(s in f.skills for f in candidates))
    pool = _undominated([f for f in candidates if fits(f, constraints)], gap, constraints,
                        objective)
    coverable = {s for f in pool for s in f.skills if s in gap}
    if not coverable:
        chosen: list[Formation] = []
        optimal, solver = True, "none"
    else:
        found = _branch_and_bound(pool, gap, coverable, constraints, objective) \
            if len(pool) <= SEARCH_MAX_POOL else None
        if found is not None:
            chosen, optimal, solver = found, True, "exact"
        else:
            chosen, optimal, solver = _solve(pool, gap, coverable, constraints, objective,
                                             time_limit)
    return _path_of(chosen, gap, uncoverable, constraints, objective, optimal, solver)


#: Nodes the pure-Python search may visit before handing the problem to the MILP solver.
SEARCH_NODE_LIMIT = 20_000


def _branch_and_bound(pool: Sequence[Formation], gap: Mapping[str, float], coverable: set[str],
                      constraints: Constraints, objective: Objective,
                      node_limit: int | None = None) -> list[Formation] | None:
    """Exact search for small problems, without importing a solver (start-up matters).

    Minimises (-covered weight, objective, tie-breaks) lexicographically under the budget and
    hours limits. Branches on the open skill with the fewest formations: one branch per
    formation covering it, plus one leaving it uncovered when limits may force that; prunes
    with the best coverage still reachable and, at equal coverage, the objective spent plus
    the dearest of the cheapest ways to cover each open skill. Skill sets are bit masks.
    Returns None when the search would exceed `node_limit` nodes (the MILP solver then
    takes over).
    """
    limit = SEARCH_NODE_LIMIT if node_limit is None else node_limit
    rarity = dict.fromkeys(coverable, 0)
    for formation in pool:
        for s in formation.skills:
            if s in rarity:
                rarity[s] += 1
    skills = sorted(coverable, key=lambda s: (rarity[s], s))
    bit = {s: 1 << i for i, s in enumerate(skills)}
    weight = [gap[s] for s in skills]
    masks = []
    for formation in pool:
        mask = 0
        for s in formation.skills:
            mask |= bit.get(s, 0)
        masks.append(mask)
    keys = [measures(f, objective) for f in pool]
    order = sorted(range(len(pool)), key=lambda j: (keys[j], pool[j].id))
    by_skill = [[j for j in order if masks[j] >> i & 1] for i in range(len(skills))]
    cheapest = [min(keys[j][0] for j in by_skill[i]) for i in range(len(skills))]
    budget = constraints.budget if constraints.budget is not None else INF
    max_hours = constraints.max_hours if constraints.max_hours is not None else INF
    limited = constraints.budget is not None or constraints.max_hours is not None
    full = (1 << len(skills)) - 1
    best_key: tuple[float, ...] | None = None
    best_chosen: tuple[int, ...] = ()
    nodes = 0

    def bits(mask: int) -> Iterator[int]:
        while mask:
            low = mask & -mask
            yield low.bit_length() - 1
            mask ^= low

    total = sum(weight)

    def search(covered: int, dropped: int, chosen: tuple[int, ...], cost: float, hours: float,
               spent: tuple[float, float, float], lost: float) -> None:
        nonlocal nodes, best_key, best_chosen
        nodes += 1
        if nodes > limit:
            raise _SearchTooLong
        open_mask = full & ~covered & ~dropped
        reachable = lost - total  # minus the weight still coverable
        if best_key is not None:
            if reachable > best_key[0]:
                return
            if reachable == best_key[0]:
                bound = spent[0]
                for i in bits(open_mask):
                    if cheapest[i] > bound - spent[0]:
                        bound = spent[0] + cheapest[i]
                if bound > best_key[1]:
                    return
        if not open_mask:
            key = (reachable, *spent)
            if best_key is None or (key, chosen) < (best_key, best_chosen):
                best_key, best_chosen = key, chosen
            return
        first = (open_mask & -open_mask).bit_length() - 1
        for j in by_skill[first]:
            formation = pool[j]
            f_cost, f_hours = cost_of(formation), hours_of(formation)
            if cost + f_cost > budget or hours + f_hours > max_hours:
                continue
            k = keys[j]
            search(covered | masks[j], dropped, (*chosen, j), cost + f_cost,
                   hours + f_hours, (spent[0] + k[0], spent[1] + k[1], spent[2] + k[2]),
                   lost)
        if limited:
            search(covered, dropped | 1 << first, chosen, cost, hours, spent,
                   lost + weight[first])

    try:
        search(0, 0, (), 0.0, 0.0, (0.0, 0.0, 0.0), 0.0)
    except _SearchTooLong:
        return None
    return [pool[j] for j in best_chosen]


class _SearchTooLong(Exception):
    pass


Row = tuple[list[int], list[float], float, float]  # column indices, values, lower, upper


def _solve(pool: Sequence[Formation], gap: Mapping[str, float], coverable: set[str],
           constraints: Constraints, objective: Objective,
           time_limit: float) -> tuple[list[Formation], bool, str]:
    skills = sorted(coverable)
    index = {s: i for i, s in enumerate(skills)}
    n_f, n_s = len(pool), len(skills)
    weights = [gap[s] for s in skills]
    # Variables: x_f (one per formation) then y_s (one per coverable skill).
    covering: list[list[int]] = [[] for _ in skills]
    for j, formation in enumerate(pool):
        for s in formation.skills:
            if s in index:
                covering[index[s]].append(j)
    rows: list[Row] = [  # y_s <= sum of the x_f covering s
        ([n_f + i, *cols], [1.0] + [-1.0] * len(cols), -INF, 0.0)
        for i, cols in enumerate(covering)
    ]
    if constraints.budget is not None:
        rows.append((list(range(n_f)), [cost_of(f) for f in pool], -INF, constraints.budget))
    if constraints.max_hours is not None:
        rows.append((list(range(n_f)), [hours_of(f) for f in pool], -INF, constraints.max_hours))
    target = sum(weights)
    optimal = True
    deadline = time.monotonic() + time_limit
    greedy = _greedy(pool, gap, constraints, objective)
    # The main measure only: tie-break terms make HiGHS much slower (benchmarks/README.md);
    # HiGHS is deterministic, so the same problem always gets the same path.
    main = [measures(f, objective)[0] for f in pool]
    limits = rows[n_s:]
    if limits:
        # The best full cover, ignoring the limits: when it fits them, it is the answer.
        full = [*rows[:n_s], (list(range(n_f, n_f + n_s)), weights, target - 1e-6, INF)]
        x, proven = _milp(main + [0.0] * n_s, full, time_limit)
        if x is not None and proven and all(
                sum(v * x[i] for i, v in zip(cols, values, strict=True)) <= upper + 1e-6
                for cols, values, _, upper in limits):
            return [f for f, v in zip(pool, x[:n_f], strict=True) if v > 0.5], True, "milp"
        x, proven = _milp([0.0] * n_f + [-w for w in weights], rows,
                          max(0.05, deadline - time.monotonic()))
        if x is None:
            return greedy, False, "greedy"
        target = sum(w for w, y in zip(weights, x[n_f:], strict=True) if y > 0.5)
        optimal = proven
    rows.append((list(range(n_f, n_f + n_s)), weights, target - 1e-6, INF))
    x, proven = _milp(main + [0.0] * n_s, rows, max(0.05, deadline - time.monotonic()))
    if x is None:
        return greedy, False, "greedy"
    chosen = [f for f, value in zip(pool, x[:n_f], strict=True) if value > 0.5]
    greedy_covered = sum(gap[s] for s in {s for f in greedy for s in f.skills if s in gap})
    chosen_covered = sum(gap[s] for s in {s for f in chosen for s in f.skills if s in gap})
    if not proven and (greedy_covered, -sum(measures(f, objective)[0] for f in greedy)) > (
            chosen_covered, -sum(main[pool.index(f)] for f in chosen)):
        return greedy, False, "greedy"  # an unproven solver answer worse than greedy
    return chosen, optimal and proven, "milp"


INF = float("inf")


def _milp(cost: list[float], rows: list[Row], time_limit: float) -> tuple[list[float] | None,
                                                                          bool]:
    """Minimise `cost @ x` over binary `x` under `rows`, with HiGHS. Returns the solution (or
    None if none was found in `time_limit` seconds) and whether it is proven optimal."""
    import highspy
    import numpy as np

    with _quiet_stdout():  # HiGHS prints a banner on stdout when constructed
        solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("time_limit", float(time_limit))
    solver.setOptionValue("mip_rel_gap", 0.0)
    solver.setOptionValue("threads", 1)
    lp = highspy.HighsLp()
    lp.num_col_ = len(cost)
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.array(cost, dtype=float)
    lp.col_lower_ = np.zeros(len(cost))
    lp.col_upper_ = np.ones(len(cost))
    lp.row_lower_ = np.array([r[2] for r in rows], dtype=float)
    lp.row_upper_ = np.array([r[3] for r in rows], dtype=float)
    starts = np.cumsum([0] + [len(r[0]) for r in rows])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = starts.astype(np.int32)
    lp.a_matrix_.index_ = np.array([i for r in rows for i in r[0]], dtype=np.int32)
    lp.a_matrix_.value_ = np.array([v for r in rows for v in r[1]], dtype=float)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * len(cost)
    solver.passModel(lp)
    solver.run()
    status = solver.getModelStatus()
    has_solution = solver.getInfo().primal_solution_status == 2  # feasible point found
    if not has_solution:
        return None, False
    values = list(solver.getSolution().col_value)
    return values, status == highspy.HighsModelStatus.kOptimal


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Send what C code writes to file descriptor 1 to /dev/null for a moment."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests capture it)
        fd = 1
    sys.stdout.flush()
    saved = os.dup(fd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        os.close(devnull)


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
                    spent_cost + cost_of(formation) > constraints.budget:
                continue
            if constraints.max_hours is not None and \
                    spent_hours + hours_of(formation) > constraints.max_hours:
                continue
            ratio = gain / max(measures(formation, objective)[0], 1e-9)
            if best is None or ratio > best_ratio:
                best, best_ratio = formation, ratio
        if best is None:
            break
        chosen.append(best)
        options.remove(best)
        spent_cost += cost_of(best)
        spent_hours += hours_of(best)
        for s in best.skills:
            remaining.pop(s, None)
    return chosen


def gap_weights(gap: Gap) -> dict[str, float]:
    """The skills a path should cover: the gap's missing skills with their weights.

    Skills to confirm are left out: the adviser decides on them first.
    """
    return {item.skill_id: item.weight for item in gap.missing}
