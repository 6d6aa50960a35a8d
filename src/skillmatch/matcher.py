"""The matcher: free text -> referential skill, with the evidence for every answer.

Built once from a referential (its alias index and settings), then applied to any number of
inputs; it keeps no state between calls. Three steps, cheapest first:

1. exact: the input's match key is the key of a label or alias;
2. alias: the key of an alias appears as whole words inside the input's key (the longest wins);
3. fuzzy: windows of the input's words are compared with every alias of at least
   `min_fuzzy_chars` characters using the optimal-string-alignment similarity (a transposition
   counts as one edit), which scores typos ("pyhton") high and different words low.

A fuzzy score at or above `match_threshold` is a match; between `review_threshold` and it, the
adviser is asked to confirm; below, there is no match. The thresholds were chosen by the
threshold sweep of `skillmatch eval` (see README).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from skillmatch.model import Candidate, MatchMethod, MatchResult, MatchStatus, Referential
from skillmatch.normalize import bracket_contents, kept_share, key_tokens


@dataclass(frozen=True)
class MatcherSettings:
    """Named, documented knobs of the matcher (README, "The matcher")."""

    match_threshold: float = 83.0
    review_threshold: float = 78.0
    #: Aliases shorter than this are only matched exactly or as whole words, never fuzzily:
    #: "R", "C", "ML", "SQL" must not catch "R&D", "React", "C#".
    min_fuzzy_chars: int = 5
    #: Longest run of input words compared with an alias.
    max_window_words: int = 6
    #: Inputs whose letters and digits are less than this share of their visible characters
    #: (symbols, other scripts, markup) are not read as skills.
    min_kept_share: float = 0.5


@dataclass(frozen=True)
class _Entry:
    skill_id: str
    alias: str
    order: int  # position in the referential, for deterministic tie-breaks


class Matcher:
    def __init__(self, referential: Referential, settings: MatcherSettings | None = None,
                 extra_aliases: Iterable[tuple[str, str]] = (),
                 rejections: Iterable[tuple[str, str]] = ()) -> None:
        """`extra_aliases` (alias, skill id) and `rejections` (input, skill id) layer an
        adviser's corrections on the referential."""
        self.referential = referential
        self.settings = settings or MatcherSettings()
        self._index: dict[str, _Entry] = {}
        order = 0
        for skill in referential.skills:
            texts = [skill.label.fr, skill.label.en, skill.id] + [a.text for a in skill.aliases]
            for text in texts:
                key = " ".join(key_tokens(text))
                if key and key not in self._index:
                    self._index[key] = _Entry(skill.id, text, order)
                    order += 1
        for text, skill_id in extra_aliases:
            key = " ".join(key_tokens(text))
            if key:
                self._index[key] = _Entry(skill_id, text, order)
                order += 1
        self._rejections = {(" ".join(key_tokens(t)), s) for t, s in rejections}
        self._max_alias_words = max((k.count(" ") + 1 for k in self._index), default=1)
        # "deeplearning", "data base": the same words with or without spaces.
        self._compact: dict[str, str] = {}
        for key in self._index:
            self._compact.setdefault(key.replace(" ", ""), key)
        # Fuzzy candidates, grouped by number of words: a window is only compared with aliases
        # of as many words, so a word missing from an alias is never a "typo".
        self._fuzzy_keys: dict[int, list[str]] = {}
        for key in self._index:
            if len(key) >= self.settings.min_fuzzy_chars:
                self._fuzzy_keys.setdefault(key.count(" ") + 1, []).append(key)

    @property
    def alias_count(self) -> int:
        return len(self._index)

    @property
    def max_alias_words(self) -> int:
        """Words of the longest alias: the longest run of input words worth looking up."""
        return self._max_alias_words

    def lookup(self, key: str) -> tuple[str, str] | None:
        """(skill id, alias as written) of a normalised key that is exactly an alias."""
        entry = self._index.get(key)
        return (entry.skill_id, entry.alias) if entry is not None else None

    def closest(self, key: str) -> tuple[str, str, float] | None:
        """(skill id, alias, score 0-100) of the alias a normalised key is a near-spelling
        of, with the matcher's own fuzzy rules and tie-breaks; None below review."""
        found = self._best_aliases([key]).get(key)
        if found is None:
            return None
        alias_key, score = found
        entry = self._index[alias_key]
        return entry.skill_id, entry.alias, round(score * 100, 1)

    # -- public API ---------------------------------------------------------------------------

    def match(self, text: str) -> MatchResult:
        return self.match_many([text])[0]

    def match_many(self, texts: Sequence[str]) -> list[MatchResult]:
        """Match every input; each distinct input is scored once, fuzzy scoring in one batch."""
        distinct = list(dict.fromkeys(texts))
        candidates = self._candidates(distinct)
        return [self._result(text, candidates[text]) for text in texts]

    def status_of_score(self, score: float) -> MatchStatus:
        """The outcome of a fuzzy score (0-100) under this matcher's thresholds."""
        if score >= self.settings.match_threshold:
            return MatchStatus.MATCH
        if score >= self.settings.review_threshold:
            return MatchStatus.TO_CONFIRM
        return MatchStatus.NONE

    def status_of(self, candidate: Candidate | None, match_threshold: float | None = None,
                  review_threshold: float | None = None) -> MatchStatus:
        if candidate is None:
            return MatchStatus.NONE
        if candidate.method != MatchMethod.FUZZY:
            return MatchStatus.MATCH
        match_at = self.settings.match_threshold if match_threshold is None else match_threshold
        review_at = self.settings.review_threshold if review_threshold is None \
            else review_threshold
        if candidate.score >= match_at:
            return MatchStatus.MATCH
        if candidate.score >= review_at:
            return MatchStatus.TO_CONFIRM
        return MatchStatus.NONE

    # -- steps ----------------------------------------------------------------------------------

    def _result(self, text: str, candidate: Candidate | None) -> MatchResult:
        return MatchResult(text, self.status_of(candidate), candidate)

    def _candidates(self, texts: list[str]) -> dict[str, Candidate | None]:
        found: dict[str, Candidate | None] = {}
        pending: dict[str, list[tuple[str, ...]]] = {}
        for text in texts:
            if kept_share(text) < self.settings.min_kept_share:
                found[text] = None
                continue
            variants = [key_tokens(text)] + [key_tokens(b) for b in bracket_contents(text)]
            variants = [v for v in variants if v]
            hit = None
            for tokens in variants:
                hit = self._exact_or_alias(text, tokens)
                if hit is not None:
                    break
            found[text] = hit
            if hit is None and variants:
                pending[text] = variants
        if pending:
            found.update(self._fuzzy(pending))
        return found

    def _allowed(self, text: str, entry: _Entry) -> bool:
        if not self._rejections:
            return True
        return (" ".join(key_tokens(text)), entry.skill_id) not in self._rejections

    def _exact_or_alias(self, text: str, tokens: tuple[str, ...]) -> Candidate | None:
        key = " ".join(tokens)
        entry = self._index.get(key) or self._index.get(self._compact.get(key.replace(" ", ""),
                                                                          ""))
        if entry is not None and self._allowed(text, entry):
            return Candidate(entry.skill_id, entry.alias, MatchMethod.EXACT, 100.0, key)
        # Longest alias first, then the leftmost.
        for size in range(min(len(tokens) - 1, self._max_alias_words), 0, -1):
            hits = []
            for start in range(len(tokens) - size + 1):
                window = " ".join(tokens[start:start + size])
                entry = self._index.get(window)
                if entry is not None and self._allowed(text, entry):
                    hits.append((-len(window), start, entry, window))
            if hits:
                _, _, entry, window = min(hits, key=lambda h: (h[0], h[1]))
                return Candidate(entry.skill_id, entry.alias, MatchMethod.ALIAS, 100.0, window)
        return None

    def _windows(self, tokens: tuple[str, ...]) -> list[str]:
        limit = self.settings.max_window_words
        return [" ".join(tokens[i:j]) for i in range(len(tokens))
                for j in range(i + 1, min(len(tokens), i + limit) + 1)]

    def _fuzzy(self, pending: dict[str, list[tuple[str, ...]]]) -> dict[str, Candidate | None]:
        owners: list[tuple[str, str]] = []  # (input text, window)
        for text, variants in pending.items():
            owners.extend((text, w) for tokens in variants for w in self._windows(tokens))
        best: dict[str, Candidate | None] = dict.fromkeys(pending)
        top = self._best_aliases(sorted({w for _, w in owners}))
        for text, window in owners:
            found = top.get(window)
            if found is None:
                continue
            key, score = found
            entry = self._index[key]
            if not self._allowed(text, entry):
                continue
            candidate = Candidate(entry.skill_id, entry.alias, MatchMethod.FUZZY,
                                  round(score * 100, 1), window)
            current = best[text]
            if current is None or (candidate.score, len(candidate.span)) > (
                current.score, len(current.span)
            ):
                best[text] = candidate
        return best

    #: Above this many distinct windows, score them all at once with `cdist` on every core.
    BULK_WINDOWS = 300
    #: Windows scored per `cdist` call: bounds the score matrix (5,000 x ~1,200 floats).
    BULK_BLOCK = 5000

    def _best_aliases(self, windows: list[str]) -> dict[str, tuple[str, float]]:
        """The closest fuzzy alias of each window and its similarity (0-1), among aliases of
        as many words that pass `words_agree`. Ties go to the longest alias, then the first
        defined."""
        groups: dict[int, list[str]] = {}
        for window in windows:
            groups.setdefault(window.count(" ") + 1, []).append(window)
        out: dict[str, tuple[str, float]] = {}
        for words, group in groups.items():
            keys = self._fuzzy_keys.get(words)
            if keys:
                for window, hits in self._scored(group, keys).items():
                    agreeing = [(key, score) for key, score in hits if words_agree(window, key)]
                    if agreeing:
                        out[window] = self._tie_break(agreeing)
        return out

    def _scored(self, windows: list[str], keys: list[str]) -> dict[str, list[tuple[str, float]]]:
        """Every (alias, similarity) of each window near the review threshold."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        cutoff = self.settings.review_threshold / 100
        found: dict[str, list[tuple[str, float]]] = {}
        if len(windows) < self.BULK_WINDOWS:
            for window in windows:
                hits = process.extract(window, keys, scorer=OSA.normalized_similarity,
                                       score_cutoff=cutoff, limit=None)
                if hits:
                    found[window] = [(key, score) for key, score, _ in hits]
            return found
        import numpy as np

        for start in range(0, len(windows), self.BULK_BLOCK):  # bounded memory
            block = windows[start:start + self.BULK_BLOCK]
            scores = process.cdist(block, keys, scorer=OSA.normalized_similarity,
                                   score_cutoff=cutoff, workers=-1)
            rows, columns = np.nonzero(scores)
            for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
                found.setdefault(block[row], []).append((keys[column],
                                                         float(scores[row, column])))
        return found

    def _tie_break(self, hits: list[tuple[str, float]]) -> tuple[str, float]:
        best = max(score for _, score in hits)
        key = min((key for key, score in hits if score == best),
                  key=lambda k: (-len(k), self._index[k].order))
        return key, best


#: Words of at most this many characters must be spelled exactly inside a fuzzy match.
SHORT_WORD = 4


def words_agree(window: str, alias: str) -> bool:
    """Whether a window and an alias of as many words can be the same words mistyped.

    Short words must be identical ("coli" is not "code"); longer ones must start with the
    same letter and be close on their own, so that one very different word ("allemand" for
    "anglais") is never averaged away by an identical one ("courant").
    """
    from rapidfuzz.distance import OSA

    for typed, known in zip(window.split(" "), alias.split(" "), strict=True):
        if typed == known:
            continue
        # People rarely mistype the first letter; words that differ there are other words
        # ("réception" is not "déception", "studio" is not "rstudio").
        if len(known) <= SHORT_WORD or typed[0] != known[0]:
            return False
        if OSA.normalized_similarity(typed, known) < WORD_SIMILARITY:
            return False
    return True


#: Least similarity of each mistyped word to the alias word it stands for.
WORD_SIMILARITY = 0.7
