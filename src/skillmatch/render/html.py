"""The self-contained, printable HTML report of `skillmatch report`.

One file, no external resource: inline CSS, inline SVG charts readable in black and white
(hatched bars with outlines, the percentage written beside each bar, a `<title>`/`<desc>` and
a table of the same values), no JavaScript. Texts come from the message catalogue.

This module only lays out what the core computed: it turns the result objects into plain
strings and numbers (the "view") and hands them to a jinja2 template. The environment
autoescapes everything, so names, inputs and catalogue texts always come out as text; nothing
here builds markup.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import TextIO

import jinja2

from skillmatch.messages import MESSAGES, translate
from skillmatch.model import (
    Constraints,
    Formation,
    Gap,
    GapItem,
    Lang,
    MatchResult,
    MatchStatus,
    Notice,
    ProfileCoverage,
    Recommendation,
    RecommendedPath,
    Referential,
)
from skillmatch.render.numbers import amount, decimal, percent, whole

TEMPLATE = "html_report.html"

#: Delivery formats as the catalogue spells them -> the report's words for them.
_FORMAT_KEYS = {"présentiel": "report.format.onsite", "distanciel": "report.format.remote",
                "hybride": "report.format.hybrid", "alternance": "report.format.workstudy"}

# Geometry of the bar charts, in SVG user units (the SVG scales to the page width).
CHART_WIDTH = 720
ROW = 26  # height of one bar's row
BAR = 16  # height of a bar
GROUP = 24  # height of a group heading (a domain)
TOP = 26  # room above the bars for the threshold label
AXIS = 22  # room below the bars for the axis labels
VALUE_ROOM = 130  # room right of the bars for "100 %" and "reached"
PATTERNS = 4  # hatchings defined by the template: diagonal, cross, dots, horizontal


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The report's jinja2 environment: autoescaping on for every template."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("skillmatch", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


# -- the view: what the template shows, as strings and numbers ------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # 0-1
    text: str  # the percentage as written
    note: str  # e.g. "reached"
    y: float
    width: float
    pattern: int


@dataclass(frozen=True)
class GroupLabel:
    text: str
    y: float


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    desc: str
    width: int
    height: int
    x0: float  # left of the bars
    scale: float  # width of a 100 % bar
    bars: tuple[Bar, ...]
    groups: tuple[GroupLabel, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    threshold_x: float | None
    threshold_text: str
    bar: int = BAR  # height of a bar

    @property
    def value_x(self) -> float:
        return self.x0 + self.scale + 8


@dataclass(frozen=True)
class Row:
    """A table row: cells as text."""

    cells: tuple[str, ...]


@dataclass(frozen=True)
class SkillRef:
    label: str
    id: str


@dataclass(frozen=True)
class MatchRow:
    input: str
    skill: SkillRef
    method: str
    score: str
    alias: str
    required: str  # for a reading to confirm: how the target requires the skill


@dataclass(frozen=True)
class GapRow:
    skill: SkillRef
    profile: str
    block: str
    essential: str
    levels: str


@dataclass(frozen=True)
class StepRow:
    title: str
    url: str | None
    organism: str
    details: tuple[str, ...]
    certification: str
    covers: tuple[SkillRef, ...]
    cost: str
    hours: str


@dataclass(frozen=True)
class PathView:
    title: str
    steps: tuple[StepRow, ...]
    total_cost: str
    total_hours: str
    totals: str
    not_proven: str
    estimated: bool


@dataclass(frozen=True)
class ResidualRow:
    skill: SkillRef
    uncoverable: bool


class HtmlReport:
    """`HtmlReport(lang).write(stream, referential, recommendation, person=..., generated=...)`."""

    def __init__(self, lang: Lang = "fr") -> None:
        self.lang: Lang = lang

    def t(self, key: str, **params: object) -> str:
        return translate(key, self.lang, **params)

    # -- numbers and dates ------------------------------------------------------------------

    def whole(self, value: float | None) -> str:
        return whole(value, self.lang)

    def money(self, value: float | None) -> str:
        return amount(value, "€", self.lang, "\u00a0")

    def hours(self, value: float | None) -> str:
        return amount(value, "h", self.lang, "\u00a0")

    def date(self, day: datetime.date) -> str:
        month = self.t("report.months").split(",")[day.month - 1]
        first = "1er" if self.lang == "fr" and day.day == 1 else str(day.day)
        return f"{first} {month} {day.year}"

    def _skill(self, referential: Referential, skill_id: str) -> SkillRef:
        if referential.has_skill(skill_id):
            return SkillRef(referential.skill(skill_id).label.get(self.lang), skill_id)
        return SkillRef(skill_id, skill_id)

    def _block(self, referential: Referential, block_id: str) -> str:
        key = f"block.{block_id}"
        if key in MESSAGES:
            return self.t(key)
        return referential.block(block_id).label.get(self.lang)

    def _profile_text(self, referential: Referential, profile_id: str) -> str:
        profile = referential.find_profile(profile_id)
        if profile is None:
            return profile_id
        return f"{profile.label.get(self.lang)} ({profile.id})"

    # -- charts -----------------------------------------------------------------------------

    def _chart(self, chart_id: str, title: str, desc: str,
               rows: list[tuple[str, float, str, int] | str],
               threshold: float | None = None) -> Chart:
        """A horizontal bar chart; `rows` are (label, value, note, pattern) or group names."""
        labels = [r[0] if isinstance(r, tuple) else "" for r in rows]
        x0 = float(min(260, max(90, 7 * max((len(label) for label in labels), default=0) + 16)))
        scale = CHART_WIDTH - x0 - VALUE_ROOM
        y = float(TOP if threshold is not None else 6)
        bars: list[Bar] = []
        groups: list[GroupLabel] = []
        for row in rows:
            if isinstance(row, str):
                groups.append(GroupLabel(row, y + GROUP - 8))
                y += GROUP
                continue
            label, value, note, pattern = row
            value = max(0.0, min(1.0, value))
            bars.append(Bar(label, value, percent(value), note, y + (ROW - BAR) / 2,
                            round(value * scale, 2), pattern % PATTERNS))
            y += ROW
        ticks = tuple(Tick(x0 + scale * v, percent(v)) for v in (0, 0.25, 0.5, 0.75, 1))
        return Chart(
            id=chart_id, title=title, desc=desc, width=CHART_WIDTH, height=int(y + AXIS),
            x0=x0, scale=scale, bars=tuple(bars), groups=tuple(groups), ticks=ticks,
            axis_y=y,
            threshold_x=x0 + scale * threshold if threshold is not None else None,
            threshold_text=self.t("report.chart.threshold", value=percent(threshold))
            if threshold is not None else "")

    def _values_text(self, pairs: list[tuple[str, float]]) -> str:
        separator = " ; " if self.lang == "fr" else "; "
        colon = " : " if self.lang == "fr" else ": "
        return separator.join(f"{label}{colon}{percent(value)}" for label, value in pairs)

    def _profiles_chart(self, referential: Referential, recommendation: Recommendation) -> Chart:
        rows: list[tuple[str, float, str, int] | str] = []
        pairs: list[tuple[str, float]] = []
        for position in recommendation.assessment.positions:
            rows.append(referential.domain(position.domain).label.get(self.lang))
            for coverage in position.profiles:
                note = self.t("report.chart.reached") if coverage.reached else ""
                rows.append((coverage.profile_id, coverage.coverage, note,
                             1 if coverage.reached else 0))
                pairs.append((coverage.profile_id, coverage.coverage))
        threshold = referential.level_rule.coverage
        desc = self.t("report.chart.profiles_desc", threshold=percent(threshold),
                      values=self._values_text(pairs))
        return self._chart("chart-profiles", self.t("title.positions"), desc, rows, threshold)

    def _chain_text(self, referential: Referential, target: str) -> str:
        profile = referential.find_profile(target)
        chain = [p.id for p in referential.chain(profile)] if profile else [target]
        return self.t("gap.chain", profiles=", ".join(chain[:-1])) if len(chain) > 1 \
            else self.t("gap.chain_alone")

    def _blocks_chart(self, referential: Referential, coverage: ProfileCoverage,
                      target: str) -> Chart:
        rows: list[tuple[str, float, str, int] | str] = [
            (self.t("report.chart.overall"), coverage.coverage, "", 1),
            (self.t("report.chart.essential"), coverage.essential_coverage, "", 1),
        ]
        for i, block in enumerate(coverage.blocks):
            rows.append((self._block(referential, block.block), block.coverage, "", 2 + i))
        pairs = [(r[0], r[1]) for r in rows if isinstance(r, tuple)]
        chain = self._chain_text(referential, target)
        title = self.t("report.chart.blocks", target=target, chain=chain)
        desc = self.t("report.chart.blocks_desc", target=target,
                      values=self._values_text(pairs))
        return self._chart("chart-blocks", title, desc, rows)

    # -- tables -----------------------------------------------------------------------------

    def _positions_rows(self, referential: Referential,
                        recommendation: Recommendation) -> list[Row]:
        rows = []
        for position in recommendation.assessment.positions:
            for coverage in position.profiles:
                by_block = {b.block: b.coverage for b in coverage.blocks}
                rows.append(Row((
                    self._profile_text(referential, coverage.profile_id),
                    percent(coverage.coverage), percent(coverage.essential_coverage),
                    *[percent(by_block[b.id]) if b.id in by_block else "–"
                      for b in referential.blocks],
                    self.t("yes") if coverage.reached else self.t("no"))))
        return rows

    def _blocks_rows(self, referential: Referential, coverage: ProfileCoverage) -> list[Row]:
        rows = [Row((self.t("report.chart.overall"), decimal(round(coverage.held_weight, 2),
                                                              self.lang),
                     decimal(round(coverage.total_weight, 2), self.lang),
                     percent(coverage.coverage))),
                Row((self.t("report.chart.essential"), str(coverage.essential_held),
                     str(coverage.essential_total), percent(coverage.essential_coverage)))]
        for block in coverage.blocks:
            rows.append(Row((self._block(referential, block.block),
                             decimal(round(block.held_weight, 2), self.lang),
                             decimal(round(block.total_weight, 2), self.lang),
                             percent(block.coverage))))
        return rows

    def _match_row(self, referential: Referential, result: MatchResult,
                   gap: Gap | None = None) -> MatchRow:
        candidate = result.candidate
        assert candidate is not None
        required = {i.skill_id: i for i in gap.to_confirm} if gap is not None else {}
        held = {i.skill_id for i in gap.held} if gap is not None else set()
        item = required.get(candidate.skill_id)
        if gap is None:
            needed = ""
        elif candidate.skill_id in held:
            needed = self.t("report.already_held")
        elif item is None:
            needed = self.t("report.not_required")
        else:
            parts = [item.profile_id, self._block(referential, item.block)]
            if item.essential:
                parts.append(self.t("report.essential_mark"))
            needed = " · ".join(parts)
        return MatchRow(result.input, self._skill(referential, candidate.skill_id),
                        self.t(f"method.{candidate.method.value}"),
                        decimal(round(candidate.score, 1), self.lang), candidate.alias, needed)

    def _gap_rows(self, referential: Referential,
                  items: tuple[GapItem, ...]) -> tuple[list[GapRow], bool]:
        levels = any(item.declared is not None for item in items)
        rows = [GapRow(self._skill(referential, item.skill_id), item.profile_id,
                       self._block(referential, item.block),
                       self.t("yes") if item.essential else self.t("no"),
                       f"{item.declared if item.declared is not None else '–'} / {item.level}")
                for item in items]
        return rows, levels

    def _formation_details(self, formation: Formation) -> tuple[str, ...]:
        fmt = formation.format
        delivery = self.t(_FORMAT_KEYS[fmt]) if fmt in _FORMAT_KEYS else fmt
        details = [delivery]
        if formation.department:
            details.append(self.t("report.department", code=formation.department))
        elif fmt != "distanciel":
            details.append(self.t("report.department_none"))
        details.append(self.t("level.none_reached") if formation.level == "none"
                       else self.t("report.exit_level", level=formation.level))
        details.append(self.t("report.cpf_yes") if formation.cpf else self.t("report.cpf_no"))
        if formation.provenance.source_file:  # an imported entry: where it comes from
            details.append(self.t("report.source", source=formation.provenance.source_file))
        return tuple(details)

    def _path_view(self, referential: Referential, path: RecommendedPath,
                   title: str) -> PathView:
        steps = []
        estimated = False
        for step in path.steps:
            f = step.formation
            guessed = set(f.provenance.estimated)
            estimated = estimated or bool({"cost_eur", "hours"} & guessed)
            certification = ""
            if f.certification is not None:
                certification = self.t("report.certification",
                                       code=f.certification.code or f.certification.type)
            steps.append(StepRow(
                title=f.title, url=f.url if safe_url(f.url) else None, organism=f.organism,
                details=self._formation_details(f), certification=certification,
                covers=tuple(self._skill(referential, s) for s in step.covers),
                cost=("≈ " if "cost_eur" in guessed else "") + self.money(f.cost_eur),
                hours=("≈ " if "hours" in guessed else "") + self.hours(f.hours)))
        totals = self.t("path.totals", count=len(path.steps), cost=self.money(path.total_cost),
                        hours=self.whole(path.total_hours), covered=len(path.covered))
        not_proven = "" if path.optimal else self.t("path.not_proven", solver=path.solver)
        return PathView(title, tuple(steps), self.money(path.total_cost),
                        self.hours(path.total_hours), totals, not_proven, estimated)

    def _notice(self, notice: Notice) -> str:
        params = {k: self.whole(v) if isinstance(v, float) else v
                  for k, v in notice.params.items()}
        return self.t(notice.key, **params)

    def _constraints(self, constraints: Constraints) -> list[str]:
        items = []
        if constraints.budget is not None:
            items.append(self.t("report.constraint.budget", value=self.money(constraints.budget)))
        if constraints.max_hours is not None:
            items.append(self.t("report.constraint.max_hours",
                                value=self.hours(constraints.max_hours)))
        if constraints.formats:
            items.append(self.t("report.constraint.formats", values=", ".join(
                self.t(_FORMAT_KEYS[f]) if f in _FORMAT_KEYS else f
                for f in sorted(constraints.formats))))
        if constraints.departments:
            items.append(self.t("report.constraint.departments",
                                values=", ".join(sorted(constraints.departments))))
        if constraints.cpf_only:
            items.append(self.t("report.constraint.cpf_only"))
        if constraints.max_level is not None:
            items.append(self.t("report.constraint.max_level", value=constraints.max_level))
        return items

    # -- the page ---------------------------------------------------------------------------

    def context(self, referential: Referential, recommendation: Recommendation,
                person: str | None, generated: datetime.date) -> dict[str, object]:
        """Everything the template shows, as plain strings, numbers and small records."""
        assessment = recommendation.assessment
        path = recommendation.path
        catalogue = recommendation.catalogue
        gap = assessment.gap
        rule = referential.level_rule

        levels = []
        for position in assessment.positions:
            domain = referential.domain(position.domain).label.get(self.lang)
            level = self._profile_text(referential, position.level) if position.level \
                else self.t("level.none")
            levels.append(self.t("level.line", domain=domain, level=level))

        matched = [self._match_row(referential, r) for r in assessment.matches
                   if r.status == MatchStatus.MATCH and r.candidate is not None]
        to_confirm = [self._match_row(referential, r, gap) for r in assessment.matches
                      if r.status == MatchStatus.TO_CONFIRM and r.candidate is not None]
        unmatched = [r.input for r in assessment.matches if r.status == MatchStatus.NONE]

        gap_view: dict[str, object] | None = None
        blocks_chart = None
        if gap is not None:
            missing, show_levels = self._gap_rows(referential, gap.missing)
            coverage = gap.coverage
            gap_view = {
                "header": self.t("gap.header", target=gap.target,
                                 chain=self._chain_text(referential, gap.target),
                                 coverage=percent(coverage.coverage), held=len(gap.held),
                                 total=len(gap.held) + len(gap.missing) + len(gap.to_confirm)),
                "missing_title": self.t("title.missing", count=len(gap.missing)),
                "missing": missing,
                "show_levels": show_levels,
                "blocks_rows": self._blocks_rows(referential, coverage),
            }
            blocks_chart = self._blocks_chart(referential, coverage, gap.target)

        residual = [ResidualRow(self._skill(referential, s), s in path.uncoverable)
                    for s in path.residual]
        if path.steps:
            path_message = ""
        elif not path.residual:
            path_message = self.t("path.nothing_missing")
        else:
            path_message = self.t("path.empty")
        objective = self.t("objective." + path.objective.value)
        closest = self._path_view(referential, path.closest, self.t("title.closest")) \
            if path.closest is not None else None

        target = gap.target if gap is not None else None
        subject = " – ".join(x for x in (person, target) if x) or referential.id
        return {
            "lang": self.lang,
            "t": self.t,
            "page_title": self.t("report.page_title", subject=subject),
            "person": person,
            "date": self.date(generated),
            "date_iso": generated.isoformat(),
            "target": self._profile_text(referential, target) if target else None,
            "referential_title": referential.title.get(self.lang),
            "referential_version": self.t("report.data_version", id=referential.id,
                                          version=referential.version),
            "catalogue_title": catalogue.title.get(self.lang),
            "catalogue_version": self.t("report.data_version", id=catalogue.id,
                                        version=catalogue.version),
            "constraints": self._constraints(path.constraints),
            "disclaimer": self.t("path.disclaimer", catalogue=catalogue.id,
                                 version=catalogue.version),
            "levels": levels,
            "level_rule": self.t("level.rule", coverage=percent(rule.coverage),
                                 essential=percent(rule.essential)),
            "profiles_chart": self._profiles_chart(referential, recommendation),
            "block_headers": [self._block(referential, b.id) for b in referential.blocks],
            "positions_rows": self._positions_rows(referential, recommendation),
            "blocks_chart": blocks_chart,
            "matches_summary": self.t("matches.summary", match=len(matched),
                                      to_confirm=len(to_confirm), none=len(unmatched)),
            "matched": matched,
            "to_confirm": to_confirm,
            "to_confirm_title": self.t("title.to_confirm", count=len(to_confirm)),
            "unmatched": unmatched,
            "unmatched_title": self.t("report.unmatched", count=len(unmatched)),
            "gap": gap_view,
            "notices": [self._notice(n) for n in path.notices],
            "path": self._path_view(referential, path,
                                    self.t("title.path", objective=objective))
            if path.steps else None,
            "path_message": path_message,
            "residual": residual,
            "show_residual": bool(path.steps or path.residual),
            "closest": closest,
            "footer": self.t("report.footer", version=_version(), date=self.date(generated),
                             referential=referential.id,
                             referential_version=referential.version,
                             catalogue=catalogue.id, catalogue_version=catalogue.version),
        }

    def render(self, referential: Referential, recommendation: Recommendation,
               person: str | None = None, generated: datetime.date | None = None) -> str:
        template = environment().get_template(TEMPLATE)
        day = generated if generated is not None else datetime.date.today()
        return template.render(self.context(referential, recommendation, person, day))

    def write(self, stream: TextIO, referential: Referential, recommendation: Recommendation,
              person: str | None = None, generated: datetime.date | None = None) -> None:
        stream.write(self.render(referential, recommendation, person, generated))


def safe_url(url: str | None) -> bool:
    """Only web addresses become links (the catalogue check says so too)."""
    return url is not None and url.startswith(("https://", "http://"))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("skillmatch")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "?"


__all__ = ["HtmlReport", "environment"]
