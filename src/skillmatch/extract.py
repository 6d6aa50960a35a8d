"""Skills found inside running text (a CV, a job ad, a training description).

The text is cut into words with their positions; runs of words are looked up, after the same
normalisation as the matcher, among the referential's labels and aliases; the longest match
wins and matches never overlap. Every mention keeps the span of text that supports it. A word
inside a longer word is never a hit ("R" in "Recherche", "Go" in "Google"); a one- or
two-letter alias only counts when written as the person wrote it in a skills list: in capitals
("R", "C", "ML"), not as an ordinary word ("c'est", "à"). Long words also get the matcher's
fuzzy step (typos), with the match and review thresholds of the matcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from skillmatch.matcher import Matcher
from skillmatch.model import Candidate, MatchMethod, MatchResult, MatchStatus
from skillmatch.normalize import STOP_WORDS, key_tokens

#: A word of running text: letters, digits and the characters that belong to skill names.
_WORD = re.compile(r"[^\W_](?:[\w+#&'’.-]*[\w+#])?")
#: In running text, fuzzy matching only for words at least this long (short words are too
#: often other words).
MIN_FUZZY_TEXT_CHARS = 7


@dataclass(frozen=True)
class Mention:
    skill_id: str
    span: str  # the text as written
    start: int  # character offsets in the text
    end: int
    alias: str
    method: MatchMethod
    score: float
    status: MatchStatus


    def as_result(self) -> MatchResult:
        """The mention as the matcher's result for its span, for positioning and gaps."""
        return MatchResult(self.span, self.status, Candidate(
            self.skill_id, self.alias, self.method, self.score, self.span))


@dataclass(frozen=True)
class _Word:
    key: str  # normalised comparison form ("" for a stop word)
    start: int
    end: int
    raw: str


def _words(text: str) -> list[_Word]:
    words = []
    for found in _WORD.finditer(text):
        raw = found.group().rstrip(".-'’")
        start = found.start()
        elided = _ELISION.match(raw)  # "d'apprentissage": the span starts at the word
        if elided:
            raw, start = raw[elided.end():], start + elided.end()
        tokens = key_tokens(raw)
        key = " ".join(tokens)
        words.append(_Word(key, start, start + len(raw), raw))
    return words


_ELISION = re.compile(r"(?:[dljmnstc]|qu|jusqu|lorsqu|puisqu)['’](?=\w)", re.IGNORECASE)


class Extractor:
    """Finds skill mentions in text, with a matcher's aliases and thresholds."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self._max_words = matcher.max_alias_words

    def extract(self, text: str) -> list[Mention]:
        words = [w for w in _words(text) if w.key]
        mentions: list[Mention] = []
        taken: set[int] = set()
        # Longest runs first; a run may not reuse a word already part of a mention.
        for size in range(min(self._max_words, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                run = words[start:start + size]
                if any(i in taken for i in range(start, start + size)):
                    continue
                mention = self._exact(text, run) or (
                    self._fuzzy(text, run) if size <= 3 else None)
                if mention is not None:
                    mentions.append(mention)
                    taken.update(range(start, start + size))
        return sorted(mentions, key=lambda m: m.start)

    def _span(self, text: str, run: list[_Word]) -> tuple[str, int, int]:
        return text[run[0].start:run[-1].end], run[0].start, run[-1].end

    def _exact(self, text: str, run: list[_Word]) -> Mention | None:
        key = " ".join(w.key for w in run)
        found = self.matcher.lookup(key)
        if found is None or (len(key) <= 2 and not _written_as_a_name(run)):
            return None
        span, start, end = self._span(text, run)
        return Mention(found[0], span, start, end, found[1], MatchMethod.EXACT, 100.0,
                       MatchStatus.MATCH)

    def _fuzzy(self, text: str, run: list[_Word]) -> Mention | None:
        key = " ".join(w.key for w in run)
        if len(key) < MIN_FUZZY_TEXT_CHARS or any(w.key in STOP_WORDS for w in run):
            return None
        found = self.matcher.closest(key)
        if found is None:
            return None
        skill_id, alias, score = found
        span, start, end = self._span(text, run)
        return Mention(skill_id, span, start, end, alias, MatchMethod.FUZZY, score,
                       self.matcher.status_of_score(score))


def _written_as_a_name(run: list[_Word]) -> bool:
    """A one- or two-letter skill ("R", "C", "ML") in running text only when written in
    capitals, as a name: "R" or "ML", not "r" or "à"."""
    raw = "".join(w.raw for w in run)
    letters = [c for c in raw if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
