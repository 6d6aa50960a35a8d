"""The recommended path (`skillmatch.recommend`): exact, within the person's constraints.

The core property compares `recommend` with a brute force over every subset of the allowed
formations, on many small random catalogues: the path covers the most gap weight that fits the
budget and hours limit, at the least cost, hours or count, and says exactly what it leaves out.
It runs twice: with the default solver (the pure-Python branch and bound) and with the branch
and bound made to give up at once, so that the HiGHS MILP answers.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import skillmatch.recommend as rec
from skillmatch.model import (
    FORMATS,
    LEVELS_REACHED,
    Catalogue,
    Constraints,
    Formation,
    Objective,
    RecommendedPath,
    Text,
)
from skillmatch.recommend import allowed, recommend

EXAMPLES = 150
PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

GAP_IDS = [f"g{i}" for i in range(7)]
OTHER_IDS = ["x0", "x1"]  # skills formations teach that are not in the gap
DEPARTMENTS = ["75", "92", "93"]


def formation(ident: str, skills: Sequence[str], cost: float = 100, hours: float = 10, *,
              fmt: str = "distanciel", department: str | None = None, cpf: bool = False,
              level: str = "none") -> Formation:
    return Formation(ident, f"Formation {ident}", "Organisme", tuple(skills), level,
                     float(hours), float(cost), fmt, department, None, cpf, (), None)


def catalogue(*formations: Formation) -> Catalogue:
    return Catalogue("test", "1", Text("Test", "Test"), tuple(formations))


# -- solvers -------------------------------------------------------------------------------------


@contextmanager
def milp_only() -> Iterator[None]:
    """Make the branch and bound give up at its first node, so that HiGHS answers.

    `SEARCH_NODE_LIMIT` is set to 0 as documented, and `_branch_and_bound` is also called with
    `node_limit=0`: its default argument is bound when the module is imported, so setting the
    module constant alone does not reach it.
    """
    original = rec._branch_and_bound

    def give_up(*args: object, **kwargs: object) -> list[Formation] | None:
        found = original(*args, **{**kwargs, "node_limit": 0})  # type: ignore[arg-type]
        assert found is None, "the branch and bound should give up with node_limit=0"
        return found

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rec, "COVER_STEP_LIMIT", 0)
        mp.setattr(rec, "SEARCH_NODE_LIMIT", 0)
        mp.setattr(rec, "_branch_and_bound", give_up)
        yield


@contextmanager
def branch_and_bound_only() -> Iterator[None]:
    """Make the cover search (used without limits) give up at its first step."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rec, "COVER_STEP_LIMIT", 0)
        yield


@contextmanager
def solver_context(solver: str) -> Iterator[None]:
    if solver == "milp":
        with milp_only():
            yield
    elif solver == "branch-and-bound":
        with branch_and_bound_only():
            yield
    else:
        yield


#: The solvers tested, with the `solver` names their paths may carry. "cover-search" is the
#: default: the remembered cover search without limits, the branch and bound with limits.
SOLVERS = {"cover-search": ("exact", "none"), "branch-and-bound": ("exact", "none"),
           "milp": ("milp", "none")}


# -- the reference: brute force --------------------------------------------------------------


def effective(cat: Catalogue, constraints: Constraints) -> Constraints:
    """The constraints once those no formation can meet are dropped (unknown values)."""
    departments = {f.department for f in cat.formations if f.department}
    formats = {f.format for f in cat.formations}
    return replace(constraints, departments=constraints.departments & frozenset(departments),
                   formats=constraints.formats & frozenset(formats))


def objective_value(chosen: Sequence[Formation], objective: Objective) -> float:
    if objective == Objective.COST:
        return sum(f.cost_eur for f in chosen)
    if objective == Objective.HOURS:
        return sum(f.hours for f in chosen)
    return float(len(chosen))


@dataclass(frozen=True)
class Optimum:
    weight: float  # gap weight covered
    value: float  # objective total


def brute_force(candidates: Sequence[Formation], gap: Mapping[str, float],
                constraints: Constraints, objective: Objective) -> Optimum:
    """Lexicographic minimum of (-covered weight, objective) over every subset of `candidates`
    whose totals fit the budget and hours limit."""
    best: tuple[float, float] | None = None
    for size in range(len(candidates) + 1):
        for chosen in itertools.combinations(candidates, size):
            if constraints.budget is not None and \
                    sum(f.cost_eur for f in chosen) > constraints.budget:
                continue
            if constraints.max_hours is not None and \
                    sum(f.hours for f in chosen) > constraints.max_hours:
                continue
            covered = {s for f in chosen for s in f.skills if s in gap}
            key = (-sum(gap[s] for s in covered), objective_value(chosen, objective))
            if best is None or key < best:
                best = key
    assert best is not None  # the empty subset always fits
    return Optimum(-best[0], best[1])


def candidates_for(cat: Catalogue, gap: Mapping[str, float],
                   constraints: Constraints) -> list[Formation]:
    return [f for f in cat.formations
            if allowed(f, constraints) and any(s in gap for s in f.skills)]


# -- random problems ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    catalogue: Catalogue
    gap: dict[str, float]
    constraints: Constraints


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n_gap = draw(st.integers(2, 7))
    gap_ids = draw(st.permutations(GAP_IDS[:n_gap]))
    gap = {s: float(draw(st.integers(1, 2))) for s in gap_ids}
    teachable = [*GAP_IDS[:n_gap], *OTHER_IDS]
    formations = []
    for i in range(draw(st.integers(3, 9))):
        formations.append(formation(
            f"f{i}",
            draw(st.lists(st.sampled_from(teachable), min_size=1, max_size=3, unique=True)),
            cost=draw(st.integers(0, 3000)),
            hours=draw(st.integers(1, 900)),
            fmt=draw(st.sampled_from(FORMATS)),
            department=draw(st.sampled_from([None, *DEPARTMENTS])),
            cpf=draw(st.booleans()),
            level=draw(st.sampled_from(LEVELS_REACHED)),
        ))

    def sometimes() -> bool:  # a filter is set in a fifth of the problems
        return draw(st.integers(0, 4)) == 4

    def limit(values: list[float]) -> float | None:
        """No limit half the time; else mostly one every formation fits alone but not all
        together (so it binds on the combination), sometimes anything up to the total."""
        if not draw(st.booleans()):
            return None
        low, high = int(max(values)), int(sum(values))
        return float(draw(st.integers(low, high) | st.integers(0, high)))

    constraints = Constraints(
        budget=limit([f.cost_eur for f in formations]),
        max_hours=limit([f.hours for f in formations]),
        formats=draw(st.frozensets(st.sampled_from(FORMATS), min_size=1, max_size=3))
        if sometimes() else frozenset(),
        departments=draw(st.frozensets(st.sampled_from([*DEPARTMENTS, "2A"]), min_size=1,
                                       max_size=2)) if sometimes() else frozenset(),
        cpf_only=sometimes(),
        max_level=draw(st.sampled_from(LEVELS_REACHED)) if sometimes() else None,
    )
    # Formations are listed in a random order: the answer must not depend on it.
    ordered = draw(st.permutations(formations))
    return Problem(catalogue(*ordered), gap, constraints)


def covered_weight(path: RecommendedPath, gap: Mapping[str, float]) -> float:
    covered = {s for step in path.steps for s in step.formation.skills if s in gap}
    return sum(gap[s] for s in covered)


def objective_total(path: RecommendedPath) -> float:
    return objective_value([step.formation for step in path.steps], path.objective)


def check_path(path: RecommendedPath, problem: Problem, constraints: Constraints,
               objective: Objective, solvers: tuple[str, ...]) -> None:
    """Everything a path must satisfy, with `constraints` the effective ones."""
    cat, gap = problem.catalogue, problem.gap
    candidates = candidates_for(cat, gap, constraints)
    chosen = [step.formation for step in path.steps]

    assert path.objective == objective
    assert path.constraints == constraints
    assert path.solver in solvers
    assert path.optimal
    # Every formation is allowed, useful, listed once; totals fit the limits.
    assert len({f.id for f in chosen}) == len(chosen)
    for f in chosen:
        assert allowed(f, constraints), f.id
        assert f in candidates, f.id
    if constraints.budget is not None:
        assert path.total_cost <= constraints.budget
    if constraints.max_hours is not None:
        assert path.total_hours <= constraints.max_hours
    # What each step covers, what is left, what nothing allowed covers: in the gap's order.
    for step in path.steps:
        assert step.covers == tuple(s for s in gap if s in step.formation.skills)
    covered = {s for f in chosen for s in f.skills}
    assert path.residual == tuple(s for s in gap if s not in covered)
    coverable = {s for f in candidates for s in f.skills}
    assert path.uncoverable == tuple(s for s in gap if s not in coverable)
    assert set(path.covered) == set(gap) - set(path.residual)

    # Optimal: as much gap weight as the limits allow, at the least objective.
    best = brute_force(candidates, gap, constraints, objective)
    assert covered_weight(path, gap) == best.weight
    assert objective_total(path) == pytest.approx(best.value, abs=1e-6)


@pytest.mark.parametrize("objective", list(Objective))
@pytest.mark.parametrize("solver", list(SOLVERS))
@PROPERTY
@given(problem=problems())
def test_path_is_optimal_and_respects_constraints(problem: Problem, objective: Objective,
                                                  solver: str) -> None:
    constraints = effective(problem.catalogue, problem.constraints)
    with solver_context(solver):
        path = recommend(problem.catalogue, problem.gap, problem.constraints, objective)
    check_path(path, problem, constraints, objective, SOLVERS[solver])
    event(f"solver: {path.solver}")
    event("steps: 3+" if len(path.steps) >= 3 else f"steps: {len(path.steps)}")
    codes = [n.key for n in path.notices]
    # Departments and formats the catalogue does not have are dropped, with a notice.
    unknown_departments = problem.constraints.departments - constraints.departments
    unknown_formats = problem.constraints.formats - constraints.formats
    assert ("path.unknown_department" in codes) == bool(unknown_departments)
    assert ("path.unknown_format" in codes) == bool(unknown_formats)

    limited = constraints.budget is not None or constraints.max_hours is not None
    left_out = len(path.residual) - len(path.uncoverable)  # coverable, but not by this path
    if limited:
        event("limited, some coverable skill left out" if left_out
              else "limited, every coverable skill covered")
    else:
        assert left_out == 0, "without limits every coverable skill is covered"
    if left_out:
        # The limits bind: say so, and show the closest answer, without them, covering more.
        assert codes.count("path.limits_binding") == 1
        assert path.closest is not None
        unlimited = replace(constraints, budget=None, max_hours=None)
        check_path(path.closest, problem, unlimited, objective, SOLVERS[solver])
        assert path.closest.residual == path.uncoverable
        assert path.closest.closest is None
        params = next(n.params for n in path.notices if n.key == "path.limits_binding")
        assert params == {"left": left_out, "cost": path.closest.total_cost,
                          "hours": path.closest.total_hours}
        event("limits binding")
    else:
        assert "path.limits_binding" not in codes
        assert path.closest is None


@pytest.mark.parametrize("solver", list(SOLVERS))
@settings(max_examples=50, deadline=None)
@given(problem=problems(), objective=st.sampled_from(list(Objective)), data=st.data())
def test_path_does_not_depend_on_catalogue_order_or_repetition(
        problem: Problem, objective: Objective, solver: str, data: st.DataObject) -> None:
    shuffled = catalogue(*data.draw(st.permutations(problem.catalogue.formations)))
    with solver_context(solver):
        first = recommend(problem.catalogue, problem.gap, problem.constraints, objective)
        again = recommend(problem.catalogue, problem.gap, problem.constraints, objective)
        other = recommend(shuffled, problem.gap, problem.constraints, objective)
    assert first == again
    assert [s.formation.id for s in first.steps] == [s.formation.id for s in other.steps]
    assert first.residual == other.residual


# -- the per-formation filter ----------------------------------------------------------------


def test_allowed_keeps_distance_formations_under_a_department_constraint() -> None:
    remote = formation("remote", ["g0"], department=None)
    paris = formation("paris", ["g0"], fmt="présentiel", department="75")
    nanterre = formation("nanterre", ["g0"], fmt="présentiel", department="92")
    only_92 = Constraints(departments=frozenset({"92"}))
    assert allowed(remote, only_92)
    assert allowed(nanterre, only_92)
    assert not allowed(paris, only_92)


@pytest.mark.parametrize(("level", "max_level", "expected"), [
    ("none", "none", True), ("bac+2", "none", False), ("bac+3", "bac+3", True),
    ("bac+5", "bac+3", False), ("bac+2", "bac+5", True), ("bac+5", None, True),
])
def test_allowed_compares_levels_in_order(level: str, max_level: str | None,
                                          expected: bool) -> None:
    assert allowed(formation("f", ["g0"], level=level), Constraints(max_level=max_level)) \
        is expected


def test_allowed_applies_format_and_cpf() -> None:
    f = formation("f", ["g0"], fmt="hybride", cpf=False)
    assert allowed(f, Constraints(formats=frozenset({"hybride", "distanciel"})))
    assert not allowed(f, Constraints(formats=frozenset({"distanciel"})))
    assert not allowed(f, Constraints(cpf_only=True))
    assert allowed(replace(f, cpf=True), Constraints(cpf_only=True))


# -- constraints no formation can meet -------------------------------------------------------

SMALL = catalogue(
    formation("a-remote", ["g0", "g1"], 500, 20),
    formation("b-paris", ["g1", "g2"], 300, 30, fmt="présentiel", department="75"),
    formation("c-nanterre", ["g2", "g3"], 200, 40, fmt="alternance", department="92"),
)
SMALL_GAP = {"g0": 2.0, "g1": 1.0, "g2": 2.0, "g3": 1.0}


def notice(path: RecommendedPath, key: str) -> dict[str, object]:
    found = [n for n in path.notices if n.key == key]
    assert len(found) == 1, [n.key for n in path.notices]
    return dict(found[0].params)


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_unknown_department_is_dropped_with_a_notice(solver: str) -> None:
    with solver_context(solver):
        path = recommend(SMALL, SMALL_GAP, Constraints(departments=frozenset({"999"})))
    params = notice(path, "path.unknown_department")
    assert params["values"] == "999"
    assert params["known"] == "75, 92"
    assert path.constraints.departments == frozenset()
    assert path.steps, "the constraint is dropped: the answer is not empty"
    assert path.residual == ()


def test_unknown_department_next_to_a_known_one_keeps_the_known_one() -> None:
    path = recommend(SMALL, SMALL_GAP, Constraints(departments=frozenset({"92", "999"})))
    assert notice(path, "path.unknown_department")["values"] == "999"
    assert path.constraints.departments == frozenset({"92"})
    assert "b-paris" not in [s.formation.id for s in path.steps]
    assert path.residual == ()  # the remote one and the one in 92 cover everything


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_unknown_format_is_dropped_with_a_notice(solver: str) -> None:
    with solver_context(solver):
        path = recommend(SMALL, SMALL_GAP, Constraints(formats=frozenset({"par pigeon"})))
    params = notice(path, "path.unknown_format")
    assert params["values"] == "par pigeon"
    assert set(str(params["known"]).split(", ")) == {"distanciel", "présentiel", "alternance"}
    assert path.constraints.formats == frozenset()
    assert path.steps
    assert path.residual == ()


def test_known_format_no_catalogue_formation_has_is_dropped_with_a_notice() -> None:
    path = recommend(SMALL, SMALL_GAP, Constraints(formats=frozenset({"hybride"})))
    assert notice(path, "path.unknown_format")["values"] == "hybride"
    assert path.steps


def test_constraints_the_catalogue_can_meet_give_no_notice() -> None:
    path = recommend(SMALL, SMALL_GAP, Constraints(
        departments=frozenset({"92"}), formats=frozenset({"distanciel", "alternance"})))
    assert path.notices == ()
    assert [s.formation.id for s in path.steps] == ["c-nanterre", "a-remote"]


# -- limits that leave coverable skills out --------------------------------------------------


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_budget_leaving_skills_out_gives_limits_binding_and_closest_path(solver: str) -> None:
    cat = catalogue(formation("a", ["g0"], 600, 10), formation("b", ["g1"], 600, 10),
                    formation("c", ["g2"], 100, 10))
    gap = {"g0": 2.0, "g1": 1.0, "g2": 1.0}
    with solver_context(solver):
        path = recommend(cat, gap, Constraints(budget=1000))
    assert [s.formation.id for s in path.steps] == ["c", "a"]  # the heavier g0 first
    assert path.residual == ("g1",)
    assert path.uncoverable == ()
    params = notice(path, "path.limits_binding")
    assert params == {"left": 1, "cost": 1300, "hours": 30}
    assert path.closest is not None
    assert path.closest.residual == ()
    assert len(path.closest.covered) > len(path.covered)
    assert path.closest.constraints.budget is None


def test_hours_limit_leaving_skills_out_gives_limits_binding() -> None:
    cat = catalogue(formation("a", ["g0"], 0, 300), formation("b", ["g1"], 0, 300))
    path = recommend(cat, {"g0": 1.0, "g1": 1.0}, Constraints(max_hours=400))
    assert len(path.steps) == 1
    assert notice(path, "path.limits_binding")["left"] == 1
    assert path.closest is not None and path.closest.residual == ()


def test_limits_that_bind_nothing_give_no_notice() -> None:
    cat = catalogue(formation("a", ["g0"], 600, 10), formation("b", ["g1"], 600, 10))
    path = recommend(cat, {"g0": 1.0, "g1": 1.0}, Constraints(budget=1200, max_hours=20))
    assert path.residual == ()
    assert path.notices == ()
    assert path.closest is None


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_budget_below_every_formation_gives_limits_binding_and_closest_path(
        solver: str) -> None:
    """`--budget 1`: formations dearer than the whole budget are not "covered by no allowed
    formation"; the budget is what binds, and the answer says so (a bug, fixed)."""
    cat = catalogue(formation("a", ["g0"], 600, 10), formation("b", ["g1"], 600, 10))
    with solver_context(solver):
        path = recommend(cat, {"g0": 1.0, "g1": 1.0}, Constraints(budget=1))
    assert path.steps == ()
    assert notice(path, "path.limits_binding")["left"] == 2
    assert path.closest is not None
    assert path.closest.residual == ()


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_twin_formations_under_a_limit_keep_the_one_that_fits(solver: str) -> None:
    """Of two formations covering the same skills, the shorter one is better for `hours`, but
    only the cheaper one fits the budget with the rest (a bug: the solver used to keep only the
    best for the objective, and claimed the budget was binding)."""
    cat = catalogue(
        formation("a-short-dear", ["g0"], cost=1000, hours=10),
        formation("b-long-cheap", ["g0"], cost=10, hours=20),
        formation("c", ["g1"], cost=500, hours=10),
    )
    with solver_context(solver):
        path = recommend(cat, {"g0": 1.0, "g1": 1.0}, Constraints(budget=1000),
                         Objective.HOURS)
    assert path.residual == ()
    assert sorted(s.formation.id for s in path.steps) == ["b-long-cheap", "c"]
    assert path.notices == ()


def test_twin_formations_under_an_hours_limit_keep_the_one_that_fits() -> None:
    """The same with `cost` and an hours limit: the dearer twin is the one that fits."""
    cat = catalogue(
        formation("a-cheap-long", ["g0"], cost=100, hours=500),
        formation("b-dear-short", ["g0"], cost=900, hours=50),
        formation("c", ["g1"], cost=100, hours=400),
    )
    path = recommend(cat, {"g0": 1.0, "g1": 1.0}, Constraints(max_hours=500), Objective.COST)
    assert path.residual == ()


# -- edge cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_empty_gap_gives_empty_path(solver: str) -> None:
    with solver_context(solver):
        path = recommend(SMALL, {}, Constraints(budget=0))
    assert path.steps == () and path.residual == () and path.uncoverable == ()
    assert path.optimal and path.notices == ()


def test_nothing_allowed_gives_everything_uncoverable_without_limits_notice() -> None:
    path = recommend(SMALL, SMALL_GAP, Constraints(cpf_only=True))
    assert path.steps == ()
    assert path.residual == path.uncoverable == tuple(SMALL_GAP)
    assert path.solver == "none"
    assert path.notices == ()


@pytest.mark.parametrize("objective", list(Objective))
def test_free_formations_are_taken_only_when_useful(objective: Objective) -> None:
    cat = catalogue(formation("free-useless", ["x0"], 0, 1), formation("a", ["g0"], 10, 10))
    path = recommend(cat, {"g0": 1.0}, Constraints(), objective)
    assert [s.formation.id for s in path.steps] == ["a"]


def test_objectives_pick_different_paths() -> None:
    cat = catalogue(
        formation("cheap-long", ["g0"], cost=100, hours=800),
        formation("dear-short", ["g0"], cost=2000, hours=20),
        formation("one-cheap", ["g1"], cost=50, hours=30),
        formation("one-short", ["g2"], cost=60, hours=30),
        formation("both", ["g1", "g2"], cost=500, hours=100),
    )
    gap = {"g0": 1.0, "g1": 1.0, "g2": 1.0}

    def ids(objective: Objective) -> list[str]:
        path = recommend(cat, gap, Constraints(), objective)
        return sorted(s.formation.id for s in path.steps)

    assert ids(Objective.COST) == ["cheap-long", "one-cheap", "one-short"]
    assert ids(Objective.HOURS) == ["dear-short", "one-cheap", "one-short"]
    assert ids(Objective.COUNT) == ["both", "cheap-long"]


# -- many gaps over one catalogue (a batch) ---------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(problem=problems(), objective=st.sampled_from(list(Objective)), data=st.data())
def test_path_finder_remembers_nothing_that_changes_an_answer(
        problem: Problem, objective: Objective, data: st.DataObject) -> None:
    """A `PathFinder` answers many gaps, in any order, exactly as `recommend` answers each
    gap alone (the cover search remembers sub-results from one gap to the next)."""
    skills = list(problem.gap)
    gaps = data.draw(st.lists(st.lists(st.sampled_from(skills), unique=True)
                              if skills else st.just([]), min_size=1, max_size=12))
    finder = rec.PathFinder(problem.catalogue, problem.constraints, objective)
    for subset in gaps:
        gap = {s: problem.gap[s] for s in subset}
        assert finder.path(gap) == recommend(problem.catalogue, gap, problem.constraints,
                                             objective)


def test_cover_search_hands_huge_searches_to_the_other_solvers(monkeypatch):
    """Past its step limit (catalogues of thousands of formations), the cover search gives
    the gap to the branch and bound / MILP solver, whose answer is as good."""
    formations = [formation(f"f{i}", [f"s{i % 7}", f"s{(i * 3) % 7}"], cost=10 + i % 5,
                            hours=5) for i in range(40)]
    cat = catalogue(*formations)
    gap = {f"s{i}": 1.0 for i in range(7)}
    handed: list[dict[str, float]] = []
    original = rec._recommend

    def other_solvers(formations, gap, *args):  # the branch and bound / MILP entry
        handed.append(dict(gap))
        return original(formations, gap, *args)

    monkeypatch.setattr(rec, "_recommend", other_solvers)
    searched = recommend(cat, gap, Constraints())
    assert handed == []  # the cover search answered alone
    monkeypatch.setattr(rec, "COVER_STEP_LIMIT", 1)
    handed_over = recommend(cat, gap, Constraints())
    assert handed == [gap]  # it gave up, and handed the gap over
    assert searched.solver == "exact" and handed_over.optimal
    assert handed_over.total_cost == searched.total_cost
    assert not searched.residual and not handed_over.residual
