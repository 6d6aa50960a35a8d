"""The job seeker's self-assessment: a keyboard-only session in a plain terminal.

The session asks, in order: the domain, the target profile (one line on A/B/C), the skills in
the person's own words, a yes/no on each reading to confirm, then a level (0-3, Enter to skip)
for each skill of the target and the profiles it builds on. It works through two functions,
`ask` and `say`, so it runs the same on a terminal, over SSH, or driven by a test; it writes
nothing itself: the caller saves the `SessionResult` at the end, so Ctrl-C leaves no file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from skillmatch.inputs import split_skills
from skillmatch.matcher import Matcher
from skillmatch.messages import translate
from skillmatch.model import LEVEL_SCALE, Lang, MatchStatus, Profile, Referential
from skillmatch.person import Learned, Person
from skillmatch.positioning import requirements

Ask = Callable[[str], str]
Say = Callable[[str], None]
YES = {"fr": ("o", "oui", "y", "yes"), "en": ("y", "yes", "o", "oui")}
NO = {"fr": ("n", "non", "no"), "en": ("n", "no", "non")}


@dataclass(frozen=True)
class SessionResult:
    person: Person
    learned: Learned  # the adviser's decisions, as corrections the matcher can learn


class Session:
    def __init__(self, referential: Referential, matcher: Matcher, lang: Lang, ask: Ask,
                 say: Say, width: int = 80) -> None:
        self.referential = referential
        self.matcher = matcher
        self.lang = lang
        self.ask = ask
        self.width = width
        self._say = say

    def say(self, text: str) -> None:
        """Print `text` wrapped to the terminal (80 columns by default), never cut."""
        import textwrap

        for line in text.split("\n"):
            self._say(textwrap.fill(line, self.width - 1, subsequent_indent="  "
                                    if line.startswith("  ") else "") if line else "")

    def t(self, key: str, **params: object) -> str:
        return translate(key, self.lang, **params)

    def run(self, domain: str | None = None, target: str | None = None) -> SessionResult:
        self.say(self.t("assess.intro"))
        profile = self.referential.find_profile(target) if target else None
        if profile is None:
            profile = self._choose_profile(domain or self._choose_domain())
        self.say(self.t("assess.target", profile=f"{profile.id} — "
                        f"{profile.label.get(self.lang)}"))
        texts = self._skills()
        confirmed, rejected, aliases, rejections = self._confirmations(texts)
        levels = self._levels(profile, texts, confirmed, rejected)
        person = Person(tuple(texts), None, profile.id, confirmed, tuple(rejected), levels)
        return SessionResult(person, Learned(tuple(aliases), tuple(rejections)))

    # -- steps ------------------------------------------------------------------------------

    def _choose(self, prompt: str, options: list[tuple[str, str]], by_name: bool = False) -> str:
        """Ask until one option is chosen, by number or by its id (`by_name`: the ids are
        what the prompt asks for, e.g. A/B/C)."""
        for number, (ident, label) in enumerate(options, start=1):
            self.say(f"  {ident if by_name else number}. {label}")
        while True:
            answer = self.ask(prompt).strip()
            for number, (ident, _) in enumerate(options, start=1):
                if answer == str(number) or answer.casefold() == ident.casefold():
                    return ident
            if by_name:
                self.say(self.t("assess.choose_name", names="/".join(i for i, _ in options)))
            else:
                self.say(self.t("assess.choose_again", count=len(options)))

    def _choose_domain(self) -> str:
        self.say(self.t("assess.domain"))
        options = [(d.id, d.label.get(self.lang)) for d in self.referential.domains]
        return self._choose(self.t("assess.domain_prompt", count=len(options)), options)

    def _choose_profile(self, domain: str) -> Profile:
        self.say(self.t("assess.profiles"))
        profiles = sorted(self.referential.domain_profiles(domain),
                          key=lambda p: len(self.referential.chain(p)))
        options = [(p.level, self.t("assess.level." + p.level)) for p in profiles]
        level = self._choose(self.t("assess.profile_prompt"), options, by_name=True)
        return next(p for p in profiles if p.level == level)

    def _skills(self) -> list[str]:
        self.say(self.t("assess.skills"))
        texts: list[str] = []
        while True:
            line = self.ask("> ")
            if not line.strip():
                if texts:
                    return texts
                self.say(self.t("assess.skills_empty"))
                continue
            texts.extend(split_skills(line))

    def _yes(self, prompt: str) -> bool:
        while True:
            answer = self.ask(prompt).strip().casefold()
            if answer in YES[self.lang]:
                return True
            if answer in NO[self.lang]:
                return False
            self.say(self.t("assess.yes_no"))

    def _confirmations(self, texts: list[str]) -> tuple[dict[str, str], list[str],
                                                          list[tuple[str, str]],
                                                          list[tuple[str, str]]]:
        confirmed: dict[str, str] = {}
        rejected: list[str] = []
        aliases: list[tuple[str, str]] = []
        rejections: list[tuple[str, str]] = []
        results = self.matcher.match_many(texts)
        found = [r for r in results if r.status == MatchStatus.MATCH and r.skill_id]
        if found:
            self.say(self.t("assess.found", skills=", ".join(dict.fromkeys(
                self.referential.skill(r.skill_id).label.get(self.lang)
                for r in found if r.skill_id))))
        for result in results:
            if result.status != MatchStatus.TO_CONFIRM or result.candidate is None:
                continue
            skill = self.referential.skill(result.candidate.skill_id)
            if self._yes(self.t("assess.confirm", text=result.input,
                                skill=skill.label.get(self.lang))):
                confirmed[result.input] = skill.id
                aliases.append((result.input, skill.id))
            else:
                rejected.append(result.input)
                rejections.append((result.input, skill.id))
        unmatched = [r.input for r in results if r.status == MatchStatus.NONE]
        if unmatched:
            self.say(self.t("assess.unmatched", texts=", ".join(unmatched)))
        return confirmed, rejected, aliases, rejections

    def _levels(self, profile: Profile, texts: list[str], confirmed: dict[str, str],
                rejected: list[str]) -> dict[str, int]:
        self.say(self.t("assess.levels"))
        held = {r.skill_id for r in self.matcher.match_many(texts)
                if r.status == MatchStatus.MATCH and r.skill_id}
        held |= set(confirmed.values())
        levels: dict[str, int] = {}
        items = requirements(self.referential, profile)
        for number, item in enumerate(items, start=1):
            skill = self.referential.skill(item.skill_id)
            mark = self.t("assess.mark_found") if item.skill_id in held else ""
            label = skill.label.get(self.lang)
            prompt = self.t("assess.level_prompt", number=number, total=len(items),
                            skill=label, required=item.level, mark=mark)
            if len(prompt) > self.width - 4:  # keep the answer on the same 80-column line
                room = self.width - 4 - (len(prompt) - len(label))
                prompt = self.t("assess.level_prompt", number=number, total=len(items),
                                skill=label[:max(10, room - 1)] + "…", required=item.level,
                                mark=mark)
            while True:
                answer = self.ask(prompt).strip()
                if not answer:
                    break
                if answer.isdigit() and int(answer) in LEVEL_SCALE:
                    levels[item.skill_id] = int(answer)
                    break
                self.say(self.t("assess.level_again"))
        return levels
