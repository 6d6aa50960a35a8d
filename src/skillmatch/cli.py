"""The `skillmatch` command line: parse options, call the core, hand results to a renderer.

This is the only module that knows about exit codes and the terminal. Help texts and messages
come from the catalogue in `skillmatch.messages`, in the language chosen by `--lang` or
`SKILLMATCH_LANG` (French by default).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer >= 0.29 carries its own copy of click
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - older typer depends on click
    from click import exceptions as click_exceptions  # type: ignore[no-redef]

from skillmatch.errors import ExitStatus, InputNotFoundError, SkillmatchError, UsageError
from skillmatch.messages import format_problem, lang_from_env, translate
from skillmatch.render import OutputFormat

if TYPE_CHECKING:
    from skillmatch.extract import Mention
    from skillmatch.matcher import Matcher
    from skillmatch.model import (
        Catalogue,
        Constraints,
        Lang,
        MatchResult,
        Profile,
        Recommendation,
        Referential,
    )
    from skillmatch.person import Person
    from skillmatch.rome import RomeIndex

_LANG_META = "skillmatch.lang"
#: Problems printed on stderr for an invalid data file; `validate` lists them all.
MAX_PROBLEMS_SHOWN = 20


class _Group(TyperGroup):
    """Says everything in the user's language, and maps every error to its exit code.

    This is the one place where errors become exit codes and messages.
    """

    def main(  # type: ignore[override]
        self, args: Any = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        argv = list(args) if args is not None else sys.argv[1:]
        lang = detect_lang(argv)
        localize(self, lang)
        _speak_typer(lang)
        extra.pop("standalone_mode", None)
        try:
            code = super().main(args=argv, prog_name=prog_name or "skillmatch",
                                standalone_mode=False, **extra)
            if code == ExitStatus.INTERRUPTED:  # typer turned a Ctrl-C into this code
                _echo_error(translate("error.interrupted", lang), lang)
        except SkillmatchError as exc:
            _report(exc, lang)
            code = exc.exit_status
        except click_exceptions.NoArgsIsHelpError as exc:  # `skillmatch` alone: the help
            typer.echo(exc.format_message())
            code = ExitStatus.OK
        except click_exceptions.UsageError as exc:
            _echo_error(translate_usage(exc, lang), lang)
            code = ExitStatus.USAGE
        except (KeyboardInterrupt, typer.Abort):
            _echo_error(translate("error.interrupted", lang), lang)
            code = ExitStatus.INTERRUPTED
        except BrokenPipeError:  # `skillmatch ... | head`: end quietly
            _silence_stdout()
            code = ExitStatus.OK
        except Exception as exc:  # a bug: one line for the user, the trace on request
            import os

            if os.environ.get("SKILLMATCH_DEBUG"):
                raise
            _echo_error(translate("error.unexpected", lang, kind=type(exc).__name__,
                                  detail=str(exc)[:200]), lang)
            code = ExitStatus.ERROR
        sys.exit(code if isinstance(code, int) else ExitStatus.OK)

    def invoke(self, ctx: Any) -> Any:
        """A closed pipe (`| head`) ends the command quietly, with success (typer would
        otherwise exit 1, the code of a bug)."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(ExitStatus.OK) from None

    lang: Lang = "fr"

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = translate("help.opt.help", self.lang)
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=translate("help.usage", self.lang))


def detect_lang(argv: list[str]) -> Lang:
    """`--lang en` / `--lang=en` on the command line, else `SKILLMATCH_LANG`, else French."""
    for i, arg in enumerate(argv):
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None:
            return "en" if value.strip().casefold().startswith("en") else "fr"
    return lang_from_env()


def _echo_error(message: str, lang: Lang) -> None:
    prefix = translate("error.prefix", lang)
    typer.echo(f"skillmatch: {prefix}: {message}", err=True)


def _report(exc: SkillmatchError, lang: Lang) -> None:
    from skillmatch.errors import DataFileError

    _echo_error(translate(exc.key, lang, **exc.params), lang)
    if isinstance(exc, DataFileError):
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            typer.echo("  " + format_problem(problem, lang), err=True)
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:
            typer.echo("  " + translate("error.more_problems", lang,
                                        count=len(exc.problems) - MAX_PROBLEMS_SHOWN), err=True)


def _silence_stdout() -> None:
    import contextlib
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):
        os.dup2(devnull, sys.stdout.fileno())


def _option_name(param: Any) -> str:
    if param is None:
        return "?"
    if param.param_type_name == "argument":
        return str(param.name or "").upper()
    return str(param.opts[0] if param.opts else param.name)


def translate_usage(exc: click_exceptions.UsageError, lang: Lang) -> str:
    """Click's usage errors, said in the user's language."""
    import re

    message = exc.format_message()
    if isinstance(exc, click_exceptions.NoSuchOption):
        return translate("usage.no_such_option", lang, option=exc.option_name)
    if isinstance(exc, click_exceptions.MissingParameter):
        return translate("usage.missing", lang, name=_option_name(exc.param))
    if isinstance(exc, click_exceptions.BadOptionUsage) and "requires an argument" in message:
        return translate("usage.needs_value", lang, option=exc.option_name)
    if isinstance(exc, click_exceptions.BadParameter):
        bad = re.search(r"'([^']*)' is not one of (.*?)\.?$", message)
        if bad:
            return translate("usage.bad_choice", lang, name=_option_name(exc.param),
                             value=bad.group(1), choices=bad.group(2).replace("'", ""))
        if re.search(r"valid (number|integer|float)", message):
            return translate("usage.not_a_number", lang, name=_option_name(exc.param))
        return translate("usage.bad_value", lang, name=_option_name(exc.param),
                         detail=exc.message)
    command = re.search(r"No such command '([^']*)'", message)
    if command:
        return translate("usage.no_such_command", lang, name=command.group(1))
    extra = re.search(r"unexpected extra argument(?:s|\(s\))? \((.*)\)", message)
    if extra:
        return translate("usage.extra_arguments", lang, args=extra.group(1))
    if message.strip().startswith("Missing command"):
        return translate("usage.missing_command", lang)
    return translate("usage.generic", lang, detail=message.rstrip(". "))


class _Command(TyperCommand):
    """A command whose own --help option is described in the user's language too."""

    lang: Lang = "fr"

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = translate("help.opt.help", self.lang)
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=translate("help.usage", self.lang))


#: typer's own words in a help screen ("Options", "[default: table]"...), in French.
_TYPER_WORDS = {
    "Options": "Options",
    "Arguments": "Arguments",
    "Commands": "Commandes",
    "required": "obligatoire",
    "default: {default}": "défaut : {default}",
    "env var: {var}": "variable d'environnement : {var}",
    "(dynamic)": "(dynamique)",
    "Aborted!": "Interrompu.",
}


def _speak_typer(lang: Lang) -> None:
    """Have typer say its own help words in `lang`: typer marks them for gettext (`_`); the
    CLI, not the library, chooses the language of the process."""
    import typer.core

    words = _TYPER_WORDS if lang == "fr" else {}
    setattr(typer.core, "_", lambda text: words.get(text, text))  # noqa: B010


app = typer.Typer(
    cls=_Group,
    name="skillmatch",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

# -- shared options --------------------------------------------------------------------------

ReferentialOpt = Annotated[Path | None, typer.Option("--referential", "-r", metavar="DIR",
                                                     envvar="SKILLMATCH_REFERENTIAL")]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f")]
LangOpt = Annotated[str | None, typer.Option("--lang", metavar="fr|en")]
SkillsOpt = Annotated[list[str] | None, typer.Option("--skills", "-s", metavar="TEXT")]
SkillsFileOpt = Annotated[Path | None, typer.Option("--skills-file", "-S", metavar="FILE",
                                                     allow_dash=True)]
TextOpt = Annotated[Path | None, typer.Option("--text", metavar="FILE", allow_dash=True)]
TargetOpt = Annotated[str | None, typer.Option("--target", "-t", metavar="PROFILE")]
PersonOpt = Annotated[Path | None, typer.Option("--person", "-p", metavar="FILE")]
RomeOpt = Annotated[str | None, typer.Option("--rome", metavar="CODE")]
RomeDirOpt = Annotated[Path | None, typer.Option("--rome-dir", metavar="DIR",
                                                 envvar="SKILLMATCH_ROME_DIR")]
LearnOpt = Annotated[Path | None, typer.Option("--learn", metavar="FILE")]


def _start(ctx: typer.Context, lang: str | None) -> Lang:
    """Record the language for messages, including errors raised later in the command."""
    chosen: Lang
    if lang is None:  # `skillmatch --lang en COMMAND`: the group's option, else the variable
        chosen = ctx.meta.get(_LANG_META) or lang_from_env()
    elif lang.strip().casefold() in ("fr", "en"):
        chosen = "en" if lang.strip().casefold() == "en" else "fr"
    else:
        raise UsageError("usage.bad_lang", value=lang)
    ctx.meta[_LANG_META] = chosen
    return chosen


def _referential(directory: Path | None) -> Referential:
    from skillmatch.referential import load_referential

    return load_referential(directory)


def _matcher(referential: Referential, learn_file: Path | None = None,
             create: bool = False) -> Matcher:
    """The matcher, with an adviser's learned corrections layered on when given."""
    from skillmatch.matcher import Matcher

    if learn_file is None:
        return Matcher(referential)
    from skillmatch.person import load_learned

    learned = load_learned(learn_file, referential, create)
    return Matcher(referential, extra_aliases=learned.aliases, rejections=learned.rejections)


def _rome_index(rome_dir: Path | None) -> RomeIndex:
    from skillmatch.rome import RomeIndex

    if rome_dir is None:
        raise UsageError("usage.rome_dir_required")
    return RomeIndex.load(rome_dir)


def _job(referential: Referential, code: str, rome_dir: Path | None,
         lang: Lang) -> tuple[Profile, dict[str, Any]]:
    """A ROME job as a target: its synthetic profile, and the sheet as plain data. The job
    is read with the plain matcher, so that it does not depend on a person's corrections."""
    from skillmatch.extract import Extractor
    from skillmatch.matcher import Matcher
    from skillmatch.rome import job_target, target_doc

    job = job_target(_rome_index(rome_dir), code, referential, Extractor(Matcher(referential)))
    return job.profile, target_doc(job, referential, lang)


def _target(referential: Referential, reading: _Reading, target: str | None, rome: str | None,
            rome_dir: Path | None, lang: Lang) -> tuple[Profile | None, dict[str, Any] | None]:
    """The target: a profile (--target, or the person file's), or a ROME job (--rome)."""
    if rome is not None:
        if target is not None:
            raise UsageError("usage.target_and_rome")
        return _job(referential, rome, rome_dir, lang)
    wanted = reading.target(target)
    return (_profile(referential, wanted) if wanted else None), None


def _profile(referential: Referential, profile_id: str) -> Profile:
    profile = referential.find_profile(profile_id)
    if profile is None:
        raise UsageError("usage.unknown_profile", id=profile_id,
                         known=", ".join(p.id for p in referential.profiles))
    return profile


def _read_input(path: Path) -> str:
    """A user's text file (or stdin for `-`), UTF-8 with or without BOM."""
    if str(path) == "-":
        if sys.stdin.isatty():
            raise UsageError("usage.stdin_tty")
        raw = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        if not path.exists():
            raise InputNotFoundError("error.not_found", path=str(path))
        if path.is_dir():
            raise InputNotFoundError("error.is_directory", path=str(path))
        raw = path.read_bytes()
        name = str(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError("usage.input_not_utf8", path=name, byte=f"0x{raw[exc.start]:02x}",
                         line=line) from None


def _skill_items(skills: list[str] | None, skills_file: Path | None,
                 person: Person | None = None) -> list[str]:
    from skillmatch.inputs import skill_lines, split_skills

    items: list[str] = list(person.skills) if person is not None else []
    for value in skills or []:
        items.extend(split_skills(value))
    if skills_file is not None:
        items.extend(skill_lines(_read_input(skills_file)))
    if not items and not (person is not None and person.levels):
        raise UsageError("usage.no_skills")
    return items


@dataclass(frozen=True)
class _Reading:
    """What the command line says of the person: the matches, their file, their levels."""

    results: list[MatchResult]
    person: Person | None
    mentions: tuple[Mention, ...] = ()  # with --text: where in the text each skill was found

    @property
    def levels(self) -> dict[str, int]:
        return dict(self.person.levels) if self.person is not None else {}

    def target(self, given: str | None) -> str | None:
        return given or (self.person.target if self.person is not None else None)


def _read(referential: Referential, skills: list[str] | None, skills_file: Path | None,
          person_file: Path | None = None, learn_file: Path | None = None,
          text_file: Path | None = None) -> _Reading:
    """The person from the command line: their skills (list, file, person file) and the
    skills found in their text, read by one matcher."""
    matcher = _matcher(referential, learn_file)
    person = None
    if person_file is not None:
        from skillmatch.person import load_person

        if not person_file.exists():
            raise InputNotFoundError("error.not_found", path=str(person_file))
        person = load_person(person_file, referential)
    results: list[MatchResult] = []
    if text_file is None or skills or skills_file or person is not None:
        results = matcher.match_many(_skill_items(skills, skills_file, person))
        if person is not None:
            from skillmatch.person import apply_decisions

            results = apply_decisions(person, results)
    mentions: tuple[Mention, ...] = ()
    if text_file is not None:
        from skillmatch.extract import Extractor

        mentions = tuple(Extractor(matcher).extract(_read_input(text_file)))
        results += [m.as_result() for m in mentions]
    return _Reading(results, person, mentions)


def _renderer(fmt: OutputFormat, lang: Lang) -> Any:
    from skillmatch.render import get_renderer

    return get_renderer(fmt, lang)


class MaxLevel(StrEnum):
    NONE = "none"
    BAC2 = "bac+2"
    BAC3 = "bac+3"
    BAC5 = "bac+5"


# -- commands --------------------------------------------------------------------------------


@app.callback()
def root(ctx: typer.Context, lang: LangOpt = None) -> None:
    """`skillmatch --lang en COMMAND` works too (the language is read before parsing)."""
    if lang is not None:
        _start(ctx, lang)


@app.command("profiles", cls=_Command)
def profiles_command(
    ctx: typer.Context,
    profile_ids: Annotated[list[str] | None, typer.Argument(metavar="[PROFILE]...")] = None,
    domain: Annotated[str | None, typer.Option("--domain", "-d", metavar="DOMAIN")] = None,
    referential_dir: ReferentialOpt = None,
    fmt: FormatOpt = OutputFormat.TABLE,
    lang: LangOpt = None,
) -> None:
    chosen = _start(ctx, lang)
    referential = _referential(referential_dir)
    ids = [_profile(referential, p).id for p in profile_ids or []]
    if domain is not None:
        known = [d.id for d in referential.domains]
        if domain.casefold() not in known:
            raise UsageError("usage.unknown_domain", id=domain, known=", ".join(known))
        ids += [p.id for p in referential.domain_profiles(domain.casefold())]
    if not ids:
        ids = [p.id for p in referential.profiles]
        if fmt != OutputFormat.TABLE:
            pass
    _renderer(fmt, chosen).profiles(sys.stdout, referential, list(dict.fromkeys(ids)))


@app.command("match", cls=_Command)
def match_command(
    ctx: typer.Context,
    skills: SkillsOpt = None,
    skills_file: SkillsFileOpt = None,
    text_file: TextOpt = None,
    person_file: PersonOpt = None,
    learn_file: LearnOpt = None,
    referential_dir: ReferentialOpt = None,
    fmt: FormatOpt = OutputFormat.TABLE,
    lang: LangOpt = None,
) -> None:
    chosen = _start(ctx, lang)
    referential = _referential(referential_dir)
    reading = _read(referential, skills, skills_file, person_file, learn_file, text_file)
    spans = [(m.start, m.end) for m in reading.mentions] \
        if reading.mentions and len(reading.mentions) == len(reading.results) else None
    _renderer(fmt, chosen).matches(sys.stdout, referential, reading.results, spans)


@app.command("gap", cls=_Command)
def gap_command(
    ctx: typer.Context,
    skills: SkillsOpt = None,
    skills_file: SkillsFileOpt = None,
    text_file: TextOpt = None,
    target: TargetOpt = None,
    rome: RomeOpt = None,
    rome_dir: RomeDirOpt = None,
    person_file: PersonOpt = None,
    learn_file: LearnOpt = None,
    referential_dir: ReferentialOpt = None,
    fmt: FormatOpt = OutputFormat.TABLE,
    lang: LangOpt = None,
) -> None:
    from dataclasses import replace

    from skillmatch.positioning import assess

    chosen = _start(ctx, lang)
    referential = _referential(referential_dir)
    reading = _read(referential, skills, skills_file, person_file, learn_file, text_file)
    profile, job = _target(referential, reading, target, rome, rome_dir, chosen)
    assessment = replace(assess(referential, reading.results, profile, reading.levels), job=job)
    _renderer(fmt, chosen).assessment(sys.stdout, referential, assessment)


class Optimise(StrEnum):
    COST = "cost"
    HOURS = "hours"
    COUNT = "count"


def _catalogue(referential_dir: Path | None, catalogue_file: Path | None,
               referential: Referential) -> Catalogue:
    from skillmatch.catalogue import default_catalogue_path, load_catalogue
    from skillmatch.referential import bundled_dir

    if catalogue_file is None:
        catalogue_file = default_catalogue_path(referential_dir or bundled_dir())
        if not catalogue_file.exists():
            raise UsageError("usage.no_catalogue", path=str(catalogue_file))
    elif not catalogue_file.exists():
        raise InputNotFoundError("error.not_found", path=str(catalogue_file))
    return load_catalogue(catalogue_file, referential)


def _delivery(values: list[str] | None) -> frozenset[str]:
    """Delivery formats as typed ("presentiel", "Présentiel") in the catalogue's spelling."""
    from skillmatch.model import FORMATS
    from skillmatch.normalize import normalize

    known = {normalize(f): f for f in FORMATS}
    return frozenset(known.get(normalize(v), v.strip()) for v in values or [])


def _constraints(budget: float | None, max_hours: float | None, delivery: list[str] | None,
                 department: list[str] | None, cpf_only: bool,
                 max_level: MaxLevel | None) -> Constraints:
    from skillmatch.model import Constraints

    return Constraints(
        budget=budget, max_hours=max_hours, formats=_delivery(delivery),
        departments=frozenset(d.strip().upper() for d in department or []),
        cpf_only=cpf_only, max_level=max_level.value if max_level else None)


def _recommendation(referential_dir: Path | None, skills: list[str] | None,
                    skills_file: Path | None, text_file: Path | None, target: str | None,
                    rome: str | None, rome_dir: Path | None,
                    person_file: Path | None, learn_file: Path | None,
                    catalogue_file: Path | None,
                    constraints: Constraints, optimise: Optimise, lang: Lang,
                    ) -> tuple[Referential, Recommendation, _Reading]:
    """What `recommend` and `report` show: assessment and path, from the command line."""
    from dataclasses import replace

    from skillmatch.model import Objective, Recommendation
    from skillmatch.positioning import assess
    from skillmatch.recommend import gap_weights, recommend

    referential = _referential(referential_dir)
    reading = _read(referential, skills, skills_file, person_file, learn_file, text_file)
    profile, job = _target(referential, reading, target, rome, rome_dir, lang)
    if profile is None:
        raise UsageError("usage.target_required")
    catalogue = _catalogue(referential_dir, catalogue_file, referential)
    assessment = replace(assess(referential, reading.results, profile, reading.levels), job=job)
    assert assessment.gap is not None
    path = recommend(catalogue, gap_weights(assessment.gap), constraints,
                     Objective(optimise.value))
    return referential, Recommendation(assessment, path, catalogue), reading


CatalogueOpt = Annotated[Path | None, typer.Option("--catalogue", "-c", metavar="FILE")]
OptimiseOpt = Annotated[Optimise, typer.Option("--optimise", "--optimize")]
BudgetOpt = Annotated[float | None, typer.Option("--budget", min=0, metavar="EUROS")]
MaxHoursOpt = Annotated[float | None, typer.Option("--max-hours", min=0, metavar="HOURS")]
DeliveryOpt = Annotated[list[str] | None, typer.Option("--delivery", metavar="FORMAT")]
DepartmentOpt = Annotated[list[str] | None, typer.Option("--department", metavar="CODE")]
CpfOpt = Annotated[bool, typer.Option("--cpf-only")]
MaxLevelOpt = Annotated[MaxLevel | None, typer.Option("--max-level")]


@app.command("recommend", cls=_Command)
def recommend_command(
    ctx: typer.Context,
    skills: SkillsOpt = None,
    skills_file: SkillsFileOpt = None,
    text_file: TextOpt = None,
    target: TargetOpt = None,
    rome: RomeOpt = None,
    rome_dir: RomeDirOpt = None,
    person_file: PersonOpt = None,
    learn_file: LearnOpt = None,
    catalogue_file: CatalogueOpt = None,
    optimise: OptimiseOpt = Optimise.COST,
    budget: BudgetOpt = None,
    max_hours: MaxHoursOpt = None,
    delivery: DeliveryOpt = None,
    department: DepartmentOpt = None,
    cpf_only: CpfOpt = False,
    max_level: MaxLevelOpt = None,
    referential_dir: ReferentialOpt = None,
    fmt: FormatOpt = OutputFormat.TABLE,
    lang: LangOpt = None,
) -> None:
    chosen = _start(ctx, lang)
    referential, recommendation, _ = _recommendation(
        referential_dir, skills, skills_file, text_file, target, rome, rome_dir, person_file,
        learn_file, catalogue_file,
        _constraints(budget, max_hours, delivery, department, cpf_only, max_level), optimise,
        chosen)
    _renderer(fmt, chosen).recommendation(sys.stdout, referential, recommendation)


@app.command("report", cls=_Command)
def report_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE.html")],
    skills: SkillsOpt = None,
    skills_file: SkillsFileOpt = None,
    text_file: TextOpt = None,
    target: TargetOpt = None,
    rome: RomeOpt = None,
    rome_dir: RomeDirOpt = None,
    person_file: PersonOpt = None,
    learn_file: LearnOpt = None,
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT")] = None,
    catalogue_file: CatalogueOpt = None,
    optimise: OptimiseOpt = Optimise.COST,
    budget: BudgetOpt = None,
    max_hours: MaxHoursOpt = None,
    delivery: DeliveryOpt = None,
    department: DepartmentOpt = None,
    cpf_only: CpfOpt = False,
    max_level: MaxLevelOpt = None,
    referential_dir: ReferentialOpt = None,
    lang: LangOpt = None,
) -> None:
    """The self-contained HTML report of `recommend`, written atomically."""
    import datetime

    from skillmatch.files import atomic_output
    from skillmatch.render.html import HtmlReport

    chosen = _start(ctx, lang)
    referential, recommendation, reading = _recommendation(
        referential_dir, skills, skills_file, text_file, target, rome, rome_dir, person_file,
        learn_file, catalogue_file,
        _constraints(budget, max_hours, delivery, department, cpf_only, max_level), optimise,
        chosen)
    who = name or (reading.person.id if reading.person is not None else None)
    with atomic_output(str(output)) as stream:
        HtmlReport(chosen).write(stream, referential, recommendation, person=who,
                                 generated=datetime.date.today())
    typer.echo(translate("report.written", chosen, path=str(output)), err=True)


@app.command("assess", cls=_Command)
def assess_command(
    ctx: typer.Context,
    save: Annotated[Path | None, typer.Option("--save", metavar="FILE")] = None,
    learn_file: LearnOpt = None,
    domain: Annotated[str | None, typer.Option("--domain", "-d", metavar="DOMAIN")] = None,
    target: TargetOpt = None,
    referential_dir: ReferentialOpt = None,
    lang: LangOpt = None,
) -> None:
    from skillmatch.assess_session import Session
    from skillmatch.files import atomic_output
    from skillmatch.person import apply_decisions, dump_learned, dump_person, load_learned
    from skillmatch.positioning import assess
    from skillmatch.render.table import TableRenderer

    chosen = _start(ctx, lang)
    if not sys.stdin.isatty():
        raise UsageError("usage.assess_needs_terminal")
    referential = _referential(referential_dir)
    if target is not None:
        _profile(referential, target)
    if domain is not None and domain.casefold() not in [d.id for d in referential.domains]:
        raise UsageError("usage.unknown_domain", id=domain,
                         known=", ".join(d.id for d in referential.domains))
    matcher = _matcher(referential, learn_file, create=True)
    with contextlib.suppress(ImportError):
        # Arrow keys and history in the answers; with readline, input() also writes its
        # prompt on standard output (without it, on standard error).
        import readline  # noqa: F401

    def ask(prompt: str) -> str:
        try:
            return input(prompt)
        except EOFError:  # Ctrl-D: leave as Ctrl-C does, nothing written
            typer.echo()
            raise KeyboardInterrupt from None

    result = Session(referential, matcher, chosen, ask, typer.echo).run(
        domain.casefold() if domain else None, target)
    person = result.person
    profile = referential.find_profile(person.target or "")
    readings = apply_decisions(person, matcher.match_many(list(person.skills)))
    TableRenderer(chosen).assessment(sys.stdout, referential,
                                     assess(referential, readings, profile, person.levels))
    if save is not None:
        with atomic_output(str(save)) as stream:
            stream.write(dump_person(person))
        typer.echo(translate("assess.saved", chosen, path=str(save)))
    if learn_file is not None and (result.learned.aliases or result.learned.rejections):
        learned = load_learned(learn_file, referential, create=True).merged(result.learned)
        with atomic_output(str(learn_file)) as stream:
            stream.write(dump_learned(learned))
        typer.echo(translate("assess.learned", chosen, path=str(learn_file)))


class BatchFormatOpt(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


def _pseudonym_key(enabled: bool, key_file: Path | None) -> bytes | None:
    """The key for --pseudonymise: from a file, or the SKILLMATCH_PSEUDONYM_KEY variable;
    never from the command line, where it would end up in shell histories."""
    import os

    if not enabled:
        return None
    if key_file is not None:
        if not key_file.is_file():
            raise InputNotFoundError("error.not_found", path=str(key_file))
        key = key_file.read_bytes().strip()
    else:
        key = os.environ.get("SKILLMATCH_PSEUDONYM_KEY", "").encode("utf-8")
    if len(key) < 16:
        raise UsageError("usage.pseudonym_key")
    return key


@app.command("batch", cls=_Command)
def batch_command(
    ctx: typer.Context,
    input_file: Annotated[str, typer.Argument(metavar="INPUT.csv")],
    output: Annotated[str, typer.Option("--output", "-o", metavar="OUTPUT")] = "-",
    target: TargetOpt = None,
    id_column: Annotated[str | None, typer.Option("--id-column", metavar="NAME")] = None,
    skills_column: Annotated[str | None, typer.Option("--skills-column", metavar="NAME")] \
        = None,
    target_column: Annotated[str | None, typer.Option("--target-column", metavar="NAME")] \
        = None,
    text_column: Annotated[str | None, typer.Option("--text-column", metavar="NAME")] = None,
    keep: Annotated[list[str] | None, typer.Option("--keep", metavar="NAME")] = None,
    out_format: Annotated[BatchFormatOpt, typer.Option("--format", "-f")] = BatchFormatOpt.CSV,
    excel: Annotated[bool, typer.Option("--excel")] = False,
    encoding: Annotated[str | None, typer.Option("--encoding", metavar="ENC")] = None,
    delimiter: Annotated[str | None, typer.Option("--delimiter", metavar="CHAR")] = None,
    errors_file: Annotated[str | None, typer.Option("--errors", metavar="FILE")] = None,
    summary: Annotated[bool, typer.Option("--summary")] = False,
    summary_file: Annotated[str | None, typer.Option("--summary-file", metavar="FILE")] = None,
    allow_errors: Annotated[bool, typer.Option("--allow-errors")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, metavar="N")] = 0,
    learn_file: LearnOpt = None,
    pseudonymise: Annotated[bool, typer.Option("--pseudonymise", "--pseudonymize")] = False,
    key_file: Annotated[Path | None, typer.Option("--pseudonym-key-file", metavar="FILE")] \
        = None,
    catalogue_file: CatalogueOpt = None,
    optimise: OptimiseOpt = Optimise.COST,
    budget: BudgetOpt = None,
    max_hours: MaxHoursOpt = None,
    delivery: DeliveryOpt = None,
    department: DepartmentOpt = None,
    cpf_only: CpfOpt = False,
    max_level: MaxLevelOpt = None,
    referential_dir: ReferentialOpt = None,
    lang: LangOpt = None,
) -> None:
    import codecs
    import signal

    from skillmatch.batch import BatchEngine
    from skillmatch.batchrun import (
        MAX_AUTO_JOBS,
        BatchFormat,
        BatchOptions,
        run_batch,
        usable_cores,
        write_summary,
    )
    from skillmatch.model import Objective

    chosen = _start(ctx, lang)
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError("usage.bad_encoding", value=encoding) from None
    if delimiter is not None and len(delimiter) != 1 and delimiter not in ("\\t", "tab"):
        raise UsageError("usage.bad_delimiter", value=delimiter)
    if pseudonymise:
        from skillmatch.batchrun import ID_NAMES, normalize_header

        ids = {normalize_header(n) for n in (id_column,) if n} or \
            {normalize_header(n) for n in ID_NAMES}
        for name in keep or []:
            if normalize_header(name) in ids:
                raise UsageError("usage.keep_pseudonymised_id", name=name)
    referential = _referential(referential_dir)
    if target is not None:
        _profile(referential, target)
    catalogue = _catalogue(referential_dir, catalogue_file, referential)
    constraints = _constraints(budget, max_hours, delivery, department, cpf_only, max_level)
    engine = BatchEngine(referential, catalogue, constraints, Objective(optimise.value),
                         default_target=target, matcher=_matcher(referential, learn_file))
    options = BatchOptions(
        input=input_file, output=output, engine=engine, format=BatchFormat(out_format.value),
        encoding=encoding, delimiter=delimiter, id_column=id_column,
        skills_column=skills_column, target_column=target_column, text_column=text_column,
        keep=list(keep or []),
        excel=excel, errors_file=errors_file,
        pseudonym_key=_pseudonym_key(pseudonymise, key_file),
        jobs=jobs or min(usable_cores(), MAX_AUTO_JOBS))

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with _progress(chosen) as progress:
            result = run_batch(options, progress)
    finally:
        signal.signal(signal.SIGTERM, previous)
    if summary_file:
        write_summary(summary_file, result)
    typer.echo(translate("batch.accounting", chosen, read=result.read, ok=result.ok,
                         errors=result.errors, skipped=result.skipped), err=True)
    if summary:
        from skillmatch.render.table import TableRenderer

        stream = sys.stderr if output == "-" else sys.stdout
        TableRenderer(chosen).batch_summary(stream, referential, result)
    if result.errors and not allow_errors:
        raise typer.Exit(ExitStatus.ROWS_IN_ERROR)


@contextlib.contextmanager
def _progress(lang: Lang) -> Iterator[Callable[[int, int | None], None] | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(translate("batch.progress", lang), total=None)
        last = [0]

        def update(done: int, total: int | None) -> None:
            if done - last[0] >= 1 << 20 or (total is not None and done >= total):
                bar.update(task, completed=done, total=total)
                last[0] = done

        yield update


@app.command("jobs", cls=_Command)
def jobs_command(
    ctx: typer.Context,
    search_text: Annotated[str | None, typer.Option("--search", metavar="WORDS")] = None,
    rome: RomeOpt = None,
    limit: Annotated[int, typer.Option("--limit", min=1, metavar="N")] = 20,
    rome_dir: RomeDirOpt = None,
    referential_dir: ReferentialOpt = None,
    fmt: FormatOpt = OutputFormat.TABLE,
    lang: LangOpt = None,
) -> None:
    from skillmatch.rome import search, search_doc

    chosen = _start(ctx, lang)
    if search_text is None and rome is None:
        raise UsageError("usage.jobs_needs_query")
    renderer = _renderer(fmt, chosen)
    if rome is not None:
        referential = _referential(referential_dir)
        _, doc = _job(referential, rome, rome_dir, chosen)
        renderer.job(sys.stdout, doc)
        return
    assert search_text is not None
    index = _rome_index(rome_dir)
    renderer.jobs(sys.stdout, search_doc(search(index, search_text, limit), index), search_text)


catalogue_app = typer.Typer(cls=_Group, no_args_is_help=True, rich_markup_mode=None)
app.add_typer(catalogue_app, name="catalogue")


@catalogue_app.callback()
def catalogue_root(ctx: typer.Context, lang: LangOpt = None) -> None:
    """`skillmatch catalogue --lang en ...` works too (the language is read before parsing)."""
    if lang is not None:
        _start(ctx, lang)


def _write_import(result: Any, output: str, lang: Lang) -> None:
    from skillmatch.files import atomic_output

    for problem in result.problems:
        typer.echo("  " + format_problem(problem, lang), err=True)
    counts = ", ".join(f"{k} {v}" for k, v in result.counts.items())
    typer.echo(translate("import.counts", lang, counts=counts), err=True)
    if not result.catalogue.formations:
        raise UsageError("import.nothing")
    with atomic_output(output) as stream:
        stream.write(result.yaml())


OutputYamlOpt = Annotated[str, typer.Option("--output", "-o", metavar="FILE.yaml")]


@catalogue_app.command("import-rncp", cls=_Command)
def import_rncp_command(
    ctx: typer.Context,
    blocs: Annotated[Path, typer.Argument(metavar="BLOCS.csv")],
    output: OutputYamlOpt = "-",
    certifiers: Annotated[Path | None, typer.Option("--certifiers", metavar="FILE")] = None,
    standard: Annotated[Path | None, typer.Option("--standard", metavar="FILE")] = None,
    fuzzy: Annotated[bool, typer.Option("--fuzzy")] = False,
    referential_dir: ReferentialOpt = None,
    lang: LangOpt = None,
) -> None:
    from skillmatch.importers import rncp_import

    chosen = _start(ctx, lang)
    for path in (blocs, certifiers, standard):
        if path is not None and not path.exists():
            raise InputNotFoundError("error.not_found", path=str(path))
    referential = _referential(referential_dir)
    result = rncp_import(blocs, referential, certifiers=certifiers, standard=standard,
                         fuzzy=fuzzy)
    _write_import(result, output, chosen)


@catalogue_app.command("import-cpf", cls=_Command)
def import_cpf_command(
    ctx: typer.Context,
    export: Annotated[Path, typer.Argument(metavar="FILE.csv")],
    output: OutputYamlOpt = "-",
    rncp_blocs: Annotated[Path | None, typer.Option("--rncp-blocs", metavar="BLOCS.csv")] \
        = None,
    fuzzy: Annotated[bool, typer.Option("--fuzzy")] = False,
    referential_dir: ReferentialOpt = None,
    lang: LangOpt = None,
) -> None:
    from skillmatch.importers import cpf_import

    chosen = _start(ctx, lang)
    for path in (export, rncp_blocs):
        if path is not None and not path.exists():
            raise InputNotFoundError("error.not_found", path=str(path))
    referential = _referential(referential_dir)
    _write_import(cpf_import(export, referential, rncp_blocs, fuzzy=fuzzy), output, chosen)


@app.command("validate", cls=_Command)
def validate_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="PATH")],
    referential_dir: ReferentialOpt = None,
    fmt: FormatOpt = OutputFormat.TABLE,
    lang: LangOpt = None,
) -> None:
    from skillmatch.validation import validate_path

    chosen = _start(ctx, lang)
    if not path.exists():
        raise InputNotFoundError("error.not_found", path=str(path))
    report = validate_path(path, referential_dir)
    _renderer(fmt, chosen).validation(sys.stdout, report)
    if report.problems:
        raise typer.Exit(ExitStatus.INVALID_DATA)


@app.command("eval", cls=_Command)
def eval_command(
    ctx: typer.Context,
    cases: Annotated[Path, typer.Argument(metavar="CASES.tsv")],
    referential_dir: ReferentialOpt = None,
    fmt: FormatOpt = OutputFormat.TABLE,
    lang: LangOpt = None,
) -> None:
    from skillmatch.evaluation import evaluate
    from skillmatch.inputs import parse_cases

    chosen = _start(ctx, lang)
    referential = _referential(referential_dir)
    text = _read_input(cases)
    known = {s.id for s in referential.skills}
    header = next((line for line in text.splitlines()
                   if line.strip() and not line.startswith("#")), "")
    if header.split("\t")[0].strip().casefold() == "text":  # sentences: text extraction
        from skillmatch.evaluation import evaluate_text, parse_text_cases
        from skillmatch.extract import Extractor

        text_report = evaluate_text(Extractor(_matcher(referential)),
                                    parse_text_cases(text, str(cases), known))
        _renderer(fmt, chosen).text_evaluation(sys.stdout, text_report)
        return
    parsed = parse_cases(text, str(cases), known)
    report = evaluate(_matcher(referential), parsed)
    _renderer(fmt, chosen).evaluation(sys.stdout, referential, report)


# -- entry point -----------------------------------------------------------------------------


def localize(command: Any, lang: Lang, name: str = "") -> Any:
    """Set every help text of the command tree from the message catalogue."""
    key = f"help.{name}" if name else "help.app"
    command.help = translate(key, lang)
    command.lang = lang
    if name:
        command.short_help = translate(f"help.short.{name}", lang)
    for param in command.params:
        if param.param_type_name == "option":
            param.help = translate(f"help.opt.{param.name}", lang)
    if hasattr(command, "commands"):
        for sub_name, sub in command.commands.items():
            localize(sub, lang, sub_name)
    return command


def main() -> None:
    app()
