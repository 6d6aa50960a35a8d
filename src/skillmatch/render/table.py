"""Terminal tables with rich: readable at 80 columns, plain text when not on a terminal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from skillmatch.batch import Summary, ranked
from skillmatch.evaluation import EvalReport, Scores
from skillmatch.messages import format_problem, translate
from skillmatch.model import (
    Assessment,
    DomainPosition,
    GapItem,
    Lang,
    MatchResult,
    MatchStatus,
    Recommendation,
    RecommendedPath,
    Referential,
)
from skillmatch.render.numbers import amount, decimal, percent, whole
from skillmatch.validation import ValidationReport

_STATUS_STYLE = {MatchStatus.MATCH: "green", MatchStatus.TO_CONFIRM: "yellow",
                 MatchStatus.NONE: "dim"}


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def bar(value: float, width: int = 10) -> str:
    """A coverage bar that survives black-and-white printing: filled and empty blocks."""
    filled = round(max(0.0, min(1.0, value)) * width)
    return "█" * filled + "░" * (width - filled)


class TableRenderer:
    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def t(self, key: str, **params: object) -> str:
        return translate(key, self.lang, **params)

    def _console(self, out: TextIO) -> Console:
        console = Console(file=out, highlight=False, soft_wrap=False)
        if not console.is_terminal:
            console = Console(file=out, highlight=False, width=80, no_color=True,
                              soft_wrap=False)
        return console

    def _table(self, console: Console, title: str | None = None) -> Table:
        return Table(title=title, box=box.SIMPLE_HEAD if console.is_terminal else box.ASCII2,
                     title_justify="left", title_style="bold", pad_edge=False)

    # -- profiles -------------------------------------------------------------------------------

    def profiles(self, out: TextIO, referential: Referential, profile_ids: list[str]) -> None:
        console = self._console(out)
        if len(profile_ids) == len(referential.profiles):
            table = self._table(console, referential.title.get(self.lang))
            for column in ("col.profile", "col.label", "col.builds_on", "col.skills"):
                table.add_column(self.t(column))
            for profile in referential.profiles:
                essential = sum(1 for s in profile.skills if s.essential)
                table.add_row(profile.id, profile.label.get(self.lang), profile.builds_on or "–",
                              self.t("profiles.count", total=len(profile.skills),
                                     essential=essential))
            console.print(table)
            console.print(self.t("profiles.hint"))
            return
        for profile_id in profile_ids:
            found = referential.find_profile(profile_id)
            assert found is not None
            profile = found
            title = f"{profile.id} — {profile.label.get(self.lang)}"
            table = self._table(console, title)
            for column in ("col.skill", "col.block", "col.essential", "col.weight"):
                table.add_column(self.t(column))
            for entry in profile.skills:
                skill = referential.skill(entry.skill_id)
                table.add_row(f"{skill.label.get(self.lang)} [dim]({skill.id})[/]",
                              self.t(f"block.{skill.block}"),
                              self.t("yes") if entry.essential else self.t("no"),
                              f"{entry.weight:g}")
            console.print(table)
            if profile.builds_on:
                console.print(self.t("profiles.builds_on", id=profile.builds_on))

    # -- matches --------------------------------------------------------------------------------

    def _matches_table(self, console: Console, referential: Referential,
                       results: list[MatchResult]) -> Table:
        table = self._table(console, self.t("title.matches"))
        table.add_column(self.t("col.input"), overflow="fold", max_width=26)
        table.add_column(self.t("col.skill"), overflow="fold", max_width=30)
        table.add_column(self.t("col.status"))
        table.add_column(self.t("col.evidence"), overflow="fold", max_width=22)
        for result in results:
            skill_id = result.skill_id
            candidate = result.candidate
            skill = f"{referential.skill(skill_id).label.get(self.lang)} [dim]({skill_id})[/]" \
                if skill_id else "–"
            evidence = ""
            if skill_id and candidate:
                evidence = (f"{self.t('method.' + candidate.method.value)} "
                            f"{decimal(candidate.score, self.lang)}")
                if candidate.method.value != "exact":
                    evidence += f"\n{candidate.alias}"
            table.add_row(RichText(result.input), skill,
                          f"[{_STATUS_STYLE[result.status]}]"
                          f"{self.t('status.' + result.status.value)}[/]", RichText(evidence))
        return table

    def matches(self, out: TextIO, referential: Referential, results: list[MatchResult],
                spans: list[tuple[int, int]] | None = None) -> None:
        console = self._console(out)
        console.print(self._matches_table(console, referential, results))
        counts = {s: sum(1 for r in results if r.status == s) for s in MatchStatus}
        console.print(self.t("matches.summary", match=counts[MatchStatus.MATCH],
                             to_confirm=counts[MatchStatus.TO_CONFIRM],
                             none=counts[MatchStatus.NONE]))

    # -- assessment (gap) -------------------------------------------------------------------------

    def _positions_table(self, console: Console, referential: Referential,
                         positions: tuple[DomainPosition, ...]) -> Table:
        table = self._table(console, self.t("title.positions"))
        table.add_column(self.t("col.profile"))
        table.add_column(self.t("col.coverage"))
        table.add_column(self.t("col.essential_short"), justify="right")
        for block in referential.blocks:
            table.add_column(self.t(f"block.short.{block.id}"), justify="right")
        table.add_column(self.t("col.reached"))
        for position in positions:
            for coverage in position.profiles:
                by_block = {b.block: b.coverage for b in coverage.blocks}
                table.add_row(
                    coverage.profile_id,
                    f"{bar(coverage.coverage)} {percent(coverage.coverage):>5}",
                    percent(coverage.essential_coverage),
                    *[percent(by_block[b.id]) if b.id in by_block else "–"
                      for b in referential.blocks],
                    f"[green]{self.t('yes')}[/]" if coverage.reached else self.t("no"),
                )
            table.add_section()
        return table

    def _level_line(self, referential: Referential, position: DomainPosition) -> str:
        domain = referential.domain(position.domain).label.get(self.lang)
        level = position.level or self.t("level.none")
        return self.t("level.line", domain=domain, level=level)

    def _gap_table(self, console: Console, referential: Referential, title: str,
                   items: tuple[GapItem, ...]) -> Table:
        table = self._table(console, title)
        table.add_column(self.t("col.skill"), overflow="fold", max_width=40)
        table.add_column(self.t("col.profile"))
        table.add_column(self.t("col.block"))
        table.add_column(self.t("col.essential_short"))
        levels = any(item.declared is not None for item in items)
        if levels:
            table.add_column(self.t("col.levels"), justify="right")
        for item in items:
            skill = referential.skill(item.skill_id)
            row = [f"{skill.label.get(self.lang)} [dim]({skill.id})[/]", item.profile_id,
                   self.t(f"block.short.{item.block}"),
                   self.t("yes") if item.essential else self.t("no")]
            if levels:
                row.append(f"{item.declared if item.declared is not None else '–'}/{item.level}")
            table.add_row(*row)
        return table

    def assessment(self, out: TextIO, referential: Referential, assessment: Assessment) -> None:
        console = self._console(out)
        console.print(self._matches_table(console, referential, list(assessment.matches)))
        console.print(self._positions_table(console, referential, assessment.positions))
        console.print(self.t("legend.positions"), style="dim")
        for position in assessment.positions:
            console.print(self._level_line(referential, position))
        console.print(self.t("level.rule", coverage=percent(referential.level_rule.coverage),
                             essential=percent(referential.level_rule.essential)))
        gap = assessment.gap
        if gap is None:
            return
        console.print()
        coverage = gap.coverage
        target = referential.find_profile(gap.target)
        chain = [p.id for p in referential.chain(target)] if target else [gap.target]
        chain_text = self.t("gap.chain", profiles=", ".join(chain[:-1])) if len(chain) > 1 \
            else self.t("gap.chain_alone")
        header_key = "gap.header"
        if assessment.job:  # a ROME job: its title
            chain_text = str(assessment.job.get("title", ""))
            header_key = "gap.header_job"
        console.print(self.t(header_key, target=gap.target, chain=chain_text,
                             coverage=percent(coverage.coverage),
                             held=len(gap.held), total=len(gap.held) + len(gap.missing)
                             + len(gap.to_confirm)))
        if gap.missing:
            console.print(self._gap_table(console, referential,
                                          self.t("title.missing", count=len(gap.missing)),
                                          gap.missing))
        else:
            console.print(self.t("gap.none_missing"))
        if gap.to_confirm:
            console.print(self._gap_table(console, referential,
                                          self.t("title.to_confirm", count=len(gap.to_confirm)),
                                          gap.to_confirm))
        if assessment.job:
            self._job_uncovered(console, assessment.job)

    def _job_uncovered(self, console: Console, job: Mapping[str, Any]) -> None:
        uncovered = job.get("uncovered", [])
        if not job.get("skills"):
            console.print(self.t("jobs.no_skill"))
        if uncovered:
            table = self._table(console, self.t("jobs.uncovered_title", count=len(uncovered)))
            table.add_column(self.t("col.support"), overflow="fold")
            table.add_column(self.t("col.principal"))
            for item in uncovered:
                table.add_row(RichText(item["label"]),
                              self.t("yes") if item["principal"] else self.t("no"))
            console.print(table)
        console.print(self.t("jobs.credit", version=job.get("rome_version", "")), style="dim")

    def text_evaluation(self, out: TextIO, report: Any) -> None:
        console = self._console(out)
        s = report.scores
        console.print(self.t("eval.text_header", sentences=s.sentences, expected=s.expected,
                             negatives=s.negatives))
        console.print(self.t("eval.precision", value=f"{s.precision:.3f}"))
        console.print(self.t("eval.recall", value=f"{s.recall:.3f}"))
        console.print(self.t("eval.f1", value=f"{s.f1:.3f}"))
        console.print(self.t("eval.false_alarms", count=s.false_alarms, negatives=s.negatives))
        if report.errors:
            table = self._table(console, self.t("title.wrong", count=len(report.errors)))
            for column in ("col.text", "col.expected", "col.found"):
                table.add_column(self.t(column), overflow="fold")
            for text, expected, found in report.errors:
                table.add_row(RichText(text), "|".join(expected) or "-", "|".join(found) or "–")
            console.print(table)
        sweep = self._table(console, self.t("title.sweep"))
        for column in ("col.threshold", "col.precision", "col.recall", "col.f1"):
            sweep.add_column(self.t(column), justify="right")
        for row in report.sweep:
            sweep.add_row(f"{row.threshold:g}", f"{row.precision:.3f}", f"{row.recall:.3f}",
                          f"{row.f1:.3f}")
        console.print(sweep)

    def jobs(self, out: TextIO, doc: Mapping[str, Any], query: str) -> None:
        console = self._console(out)
        if not doc["jobs"]:
            console.print(self.t("jobs.none", query=query))
            return
        table = self._table(console, self.t("jobs.title", query=query))
        for column in ("col.code", "col.title", "col.via"):
            table.add_column(self.t(column), overflow="fold")
        for job in doc["jobs"]:
            via = RichText(job["appellation"] or "") if job["via"] == "appellation" \
                else self.t("jobs.via." + str(job["via"]))
            table.add_row(job["code"], RichText(job["title"]), via)
        console.print(table)
        console.print(self.t("jobs.credit", version=doc.get("rome_version", "")), style="dim")

    def job(self, out: TextIO, doc: Mapping[str, Any]) -> None:
        console = self._console(out)
        table = self._table(console, self.t("jobs.target_title", code=doc["code"],
                                            title=doc["title"]))
        table.add_column(self.t("col.skill"), overflow="fold")
        table.add_column(self.t("col.essential_short"))
        table.add_column(self.t("col.support"), overflow="fold")
        for skill in doc["skills"]:
            table.add_row(f"{skill['label']} [dim]({skill['skill_id']})[/]",
                          self.t("yes") if skill["essential"] else self.t("no"),
                          RichText("\n".join(i["label"] for i in skill["items"])))
        console.print(table)
        self._job_uncovered(console, doc)

    # -- recommend --------------------------------------------------------------------------------

    def money(self, value: float | None) -> str:
        return amount(value, "€", self.lang)

    def hours(self, value: float | None) -> str:
        return amount(value, "h", self.lang)

    def whole(self, value: float | None) -> str:
        return whole(value, self.lang)

    def _path_table(self, console: Console, referential: Referential, path: RecommendedPath,
                    title: str) -> Table:
        table = self._table(console, title)
        table.add_column(self.t("col.formation"), overflow="fold", ratio=3)
        # One skill id per line, never cut: the longest id fits.
        widest = max((len(s) for step in path.steps for s in step.covers), default=8)
        table.add_column(self.t("col.covers"), overflow="fold", min_width=widest)
        table.add_column(self.t("col.cost"), justify="right", no_wrap=True)
        table.add_column(self.t("col.hours"), justify="right", no_wrap=True)
        for step in path.steps:
            f = step.formation
            details = [f.organism, f.format + (f" {f.department}" if f.department else ""),
                       self.t("level.none_reached") if f.level == "none" else f.level]
            if f.cpf:
                details.append("CPF")
            if f.provenance.source_file:  # an imported entry: where it comes from
                details.append(f.provenance.source_file)
            table.add_row(
                RichText(shorten(f.title, 70) + "\n") + RichText(" · ".join(details), "dim"),
                RichText("\n".join(step.covers)),
                self.money(f.cost_eur), self.hours(f.hours))
        return table

    def _path(self, console: Console, referential: Referential, path: RecommendedPath) -> None:
        for notice in path.notices:
            params = {k: self.whole(v) if isinstance(v, float) else v
                      for k, v in notice.params.items()}
            console.print(RichText("⚠ " + self.t(notice.key, **params)), style="yellow")
        if path.steps:
            console.print(self._path_table(console, referential, path, self.t(
                "title.path", objective=self.t("objective." + path.objective.value))))
            console.print(self.t("path.totals", count=len(path.steps),
                                 cost=self.money(path.total_cost),
                                 hours=self.whole(path.total_hours),
                                 covered=len(path.covered)))
            if not path.optimal:
                console.print(self.t("path.not_proven", solver=path.solver))
        elif not path.residual:
            console.print(self.t("path.nothing_missing"))
        else:
            console.print(self.t("path.empty"))
        if path.residual:
            names = ", ".join(f"{referential.skill(s).label.get(self.lang)} ({s})"
                              for s in path.residual)
            console.print(RichText(self.t("path.residual", count=len(path.residual),
                                          skills=names)))
            if path.uncoverable:
                labels = ", ".join(referential.skill(s).label.get(self.lang)
                                   for s in path.uncoverable)
                constrained = path.constraints != type(path.constraints)()
                console.print(RichText(self.t("path.uncoverable" if constrained
                                              else "path.uncoverable_catalogue", skills=labels)))
        if path.closest is not None:
            console.print()
            console.print(self._path_table(console, referential, path.closest,
                                           self.t("title.closest")))
            console.print(self.t("path.totals", count=len(path.closest.steps),
                                 cost=self.money(path.closest.total_cost),
                                 hours=self.whole(path.closest.total_hours),
                                 covered=len(path.closest.covered)))

    def recommendation(self, out: TextIO, referential: Referential,
                       recommendation: Recommendation) -> None:
        self.assessment(out, referential, recommendation.assessment)
        console = self._console(out)
        console.print()
        self._path(console, referential, recommendation.path)
        console.print()
        console.print(RichText(self.t("path.disclaimer", catalogue=recommendation.catalogue.id,
                                      version=recommendation.catalogue.version)), style="dim")

    # -- batch summary ----------------------------------------------------------------------------

    def batch_summary(self, out: TextIO, referential: Referential, summary: Summary) -> None:
        console = self._console(out)
        console.print(self.t("title.summary", ok=summary.ok), style="bold")
        levels = self._table(console, self.t("title.summary_levels"))
        levels.add_column(self.t("col.domain"))
        levels.add_column(self.t("col.level"))
        levels.add_column(self.t("col.people"), justify="right")
        for domain, counts in summary.levels.items():
            for level, people in sorted(counts.items()):
                shown = self.t("level.none") if level == "none" else level
                levels.add_row(referential.domain(domain).label.get(self.lang), shown,
                               self.whole(people))
        console.print(levels)
        missing = self._table(console, self.t("title.summary_missing"))
        missing.add_column(self.t("col.skill"))
        missing.add_column(self.t("col.people"), justify="right")
        for skill_id, people in ranked(summary.missing, 10):
            missing.add_row(f"{referential.skill(skill_id).label.get(self.lang)} ({skill_id})",
                            self.whole(people))
        console.print(missing)
        if summary.formations:
            formations = self._table(console, self.t("title.summary_formations"))
            formations.add_column(self.t("col.formation"))
            formations.add_column(self.t("col.people"), justify="right")
            formations.add_column(self.t("col.cost"), justify="right")
            for formation_id, people in ranked(summary.formations, 10):
                formations.add_row(formation_id, self.whole(people),
                                   self.money(summary.formation_cost[formation_id] * people))
            console.print(formations)
            console.print(self.t("summary.total_cost", cost=self.money(summary.total_cost)))
        if summary.error_reasons:
            errors = self._table(console, self.t("title.summary_errors"))
            errors.add_column(self.t("col.reason"))
            errors.add_column(self.t("col.people"), justify="right")
            for reason, rows in ranked(summary.error_reasons):
                label = self.t(f"reason.{reason}")
                errors.add_row(reason if label == f"reason.{reason}" else f"{label} ({reason})",
                               self.whole(rows))
            console.print(errors)

    # -- validate ---------------------------------------------------------------------------------

    def validation(self, out: TextIO, report: ValidationReport) -> None:
        console = self._console(out)
        if not report.problems:
            counts = ", ".join(f"{n} {self.t('count.' + k)}" for k, n in report.counts.items())
            console.print(RichText(self.t("validate.ok", path=report.path, counts=counts)),
                          soft_wrap=True)
            return
        console.print(RichText(self.t("validate.failed", path=report.path,
                                      count=len(report.problems))), soft_wrap=True)
        for problem in report.problems:  # one line each, never wrapped: people grep them
            console.print(RichText("  " + format_problem(problem, self.lang)), soft_wrap=True)

    # -- eval -------------------------------------------------------------------------------------

    def _scores_row(self, scores: Scores) -> list[str]:
        return [f"{scores.threshold:g}", f"{scores.precision:.3f}", f"{scores.recall:.3f}",
                f"{scores.negatives_rejected:.3f}", f"{scores.f1:.3f}"]

    def evaluation(self, out: TextIO, referential: Referential, report: EvalReport) -> None:
        console = self._console(out)
        positives = sum(1 for o in report.outcomes if o.case.expected)
        s = report.scores
        console.print(self.t("eval.header", cases=len(report.outcomes), positives=positives,
                             negatives=len(report.outcomes) - positives))
        console.print(self.t("eval.precision", value=f"{s.precision:.3f}"))
        console.print(self.t("eval.recall", value=f"{s.recall:.3f}"))
        console.print(self.t("eval.negatives", value=f"{s.negatives_rejected:.3f}"))
        console.print(self.t("eval.f1", value=f"{s.f1:.3f}"))
        if report.wrong:
            table = self._table(console, self.t("title.wrong", count=len(report.wrong)))
            for column in ("col.line", "col.input", "col.expected", "col.status", "col.found"):
                table.add_column(self.t(column), overflow="fold")
            for outcome in report.wrong:
                c = outcome.candidate
                found = f"{c.skill_id} ({c.method.value} {c.score:g})" if c else "–"
                table.add_row(str(outcome.case.line), RichText(outcome.case.input),
                              "|".join(sorted(outcome.case.expected)) or "-",
                              self.t("status." + outcome.status.value), found)
            console.print(table)
        sweep = self._table(console, self.t("title.sweep"))
        for column in ("col.threshold", "col.precision", "col.recall", "col.negatives", "col.f1"):
            sweep.add_column(self.t(column), justify="right")
        for scores in report.sweep:
            row = self._scores_row(scores)
            if scores.threshold == s.threshold:
                row = [f"[bold]{cell}[/]" for cell in row]
            sweep.add_row(*row)
        console.print(sweep)
