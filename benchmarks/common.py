"""What the benchmarks share: package versions, peak memory, and phrases typed as people type.

Imported by the scripts of this directory (run as `python benchmarks/NAME.py`, which puts this
directory first on the import path).
"""

from __future__ import annotations

import contextlib
import os
import random
import resource
import unicodedata
from dataclasses import dataclass

NEIGHBOURS = {  # letters next to each other on AZERTY/QWERTY keyboards
    "a": "zqs", "z": "aes", "e": "zrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij",
    "i": "uok", "o": "ipl", "p": "olm", "q": "asw", "s": "qdz", "d": "sfe", "f": "dgr",
    "g": "fht", "h": "gjy", "j": "hku", "k": "jli", "l": "kmo", "m": "lp", "w": "xsq",
    "x": "wcd", "c": "xvf", "v": "cbg", "b": "vnh", "n": "bjm",
}
ACCENTED = {"e": "éèê", "a": "àâ", "i": "î", "o": "ô", "u": "ùû", "c": "ç"}


def package_version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TreeMemory:
    """The peak memory of a process and all its descendants (worker processes), sampled
    from /proc (Linux): the sum of their resident sets every `interval` seconds (pages a
    forked worker shares with its parent counted in each: an upper bound), and the sum of
    their proportional sets every `pss_every` samples (PSS, shared pages split between the
    processes sharing them: what the tree really holds). `/usr/bin/time` and `getrusage`
    give the largest single process only, not the sum.
    """

    def __init__(self, pid: int, interval: float = 0.1, pss_every: int = 5) -> None:
        import threading

        self.pid = pid
        self.interval = interval
        self.pss_every = pss_every
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self.most_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def available() -> bool:
        from pathlib import Path

        return Path("/proc/self/smaps_rollup").is_file()

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        from pathlib import Path

        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*/children"):
                with contextlib.suppress(OSError):  # it ended meanwhile
                    todo.extend(int(child) for child in task.read_text().split())
        return found

    def _sample(self) -> None:
        from pathlib import Path

        page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
        count = 0
        while not self._stop.wait(self.interval):
            rss = pss = 0
            pids = self._tree()
            # RSS is cheap to read (statm); PSS makes the kernel walk every page table (6 ms
            # for 400 MB here), so it is read every `pss_every` samples only.
            with_pss = count % self.pss_every == 0
            count += 1
            for pid in pids:
                try:
                    rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page_kb
                    if with_pss:
                        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                            if line.startswith("Pss:"):
                                pss += int(line.split()[1])
                except (OSError, IndexError, ValueError):
                    continue  # it ended meanwhile
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            if with_pss:
                self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self.most_processes = max(self.most_processes, len(pids))


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


@dataclass(frozen=True)
class Noise:
    """How a benchmark changes real phrases into what people type in a form or a CV.

    Each change is one draw of `random()` against cumulative thresholds, in this order: a
    typo, a second typo, the accents (dropped below `no_accents`, some replaced below
    `odd_accents`), the case (upper, lower, capitalised, title below each of `case`), then a
    prefix and a suffix.
    """

    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    typo: float
    #: A typo is a transposition below the first, a dropped letter below the second, a doubled
    #: letter below the third, else a neighbouring key.
    typo_kinds: tuple[float, float, float]
    no_accents: float
    odd_accents: float
    case: tuple[float, float, float, float]
    second_typo: float = 0.1

    def mistype(self, rng: random.Random, text: str) -> str:
        """One typing mistake in a word of at least four letters, never on its first letter
        (people rarely mistype it)."""
        words = text.split(" ")
        long_words = [i for i, w in enumerate(words) if len(w) >= 4]
        if not long_words:
            return text
        i = rng.choice(long_words)
        word = words[i]
        at = rng.randrange(1, len(word) - 1)
        kind = rng.random()
        transposed, dropped, doubled = self.typo_kinds
        if kind < transposed:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        elif kind < dropped:
            word = word[:at] + word[at + 1:]
        elif kind < doubled:
            word = word[:at] + word[at] + word[at:]
        else:
            near = NEIGHBOURS.get(word[at].lower())
            if near:
                word = word[:at] + rng.choice(near) + word[at + 1:]
        words[i] = word
        return " ".join(words)

    def variant(self, rng: random.Random, phrase: str) -> str:
        """A phrase as someone might type it."""
        text = phrase
        if rng.random() < self.typo:
            text = self.mistype(rng, text)
        if rng.random() < self.second_typo:
            text = self.mistype(rng, text)
        roll = rng.random()
        if roll < self.no_accents:
            text = strip_accents(text)
        elif roll < self.odd_accents:
            text = "".join(rng.choice(ACCENTED[c]) if c in ACCENTED and rng.random() < 0.2
                           else c for c in text)
        roll = rng.random()
        upper, lower, capitalised, title = self.case
        if roll < upper:
            text = text.upper()
        elif roll < lower:
            text = text.lower()
        elif roll < capitalised:
            text = text[:1].upper() + text[1:]
        elif roll < title:
            text = text.title()
        return rng.choice(self.prefixes) + text + rng.choice(self.suffixes)
