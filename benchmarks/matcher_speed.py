"""How fast the Matcher reads free text, and whether its two fuzzy paths agree.

    python benchmarks/matcher_speed.py [--sizes 10000,100000] [--runs 3] [--seed 2026]
                                       [--per-window-max 100000]

1. builds the Matcher from the bundled referential (loading and building timed apart);
2. times `match_many` on the 54 lines of ../shared/eval/dev.tsv, then on 10,000 and 100,000
   distinct realistic strings: ESCO French and English preferred labels
   (../shared/data/esco_fr_v1_0/skills_fr_en_joined.csv) and the referential's labels and
   aliases, with typos, case and accent changes and CV-style wording around them;
3. on each input, runs the per-window path (`process.extract` per window) and the bulk path
   (`process.cdist` on every core) by setting `Matcher.BULK_WINDOWS` on the instance, and
   checks that both give identical results (status, skill, alias, method, score, span).

Reports strings per second (median of `--runs`; one run for inputs of 50,000 strings or more),
distinct fuzzy windows, outcomes, the peak resident memory after each step, the size of the
largest score matrix the bulk path allocates, and the time `key_tokens` alone takes on the
same strings (the normalisation floor of any path). Reads the
shared data at run time from ../shared relative to the repository; nothing is copied.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from common import Noise, package_version, peak_rss_mb

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEV = SHARED / "eval" / "dev.tsv"
ESCO = SHARED / "data" / "esco_fr_v1_0" / "skills_fr_en_joined.csv"
PER_WINDOW = sys.maxsize  # BULK_WINDOWS values forcing one path or the other
BULK = 0


def require_shared() -> None:
    missing = [p for p in (DEV, ESCO) if not p.is_file()]
    if missing:
        sys.exit("matcher_speed needs the shared data next to the repository, missing: "
                 + ", ".join(str(p) for p in missing)
                 + f"\n(expected {SHARED}: the project's ../shared directory)")


# -- realistic inputs ---------------------------------------------------------------------------

PREFIXES = ("", "", "", "", "maîtrise de ", "connaissances en ", "notions de ", "expert ",
            "experience in ", "bonne maîtrise : ", "compétences : ", "certifié ", "- ")
SUFFIXES = ("", "", "", "", " (avancé)", " - niveau intermédiaire", ", 3 ans", " (notions)",
            " : expert", " confirmé", " (2 years)", " / junior", ".", " (certifié)")
#: How the strings are typed (see `common.Noise`).
NOISE = Noise(PREFIXES, SUFFIXES, typo=0.35, typo_kinds=(0.3, 0.55, 0.75), no_accents=0.25,
              odd_accents=0.3, case=(0.15, 0.35, 0.6, 0.7))


def sources(referential: object) -> tuple[list[str], list[str]]:
    """ESCO preferred labels (French and English) and the referential's labels and aliases."""
    from skillmatch.model import Referential

    assert isinstance(referential, Referential)
    with ESCO.open(encoding="utf-8", newline="") as handle:
        esco = [label for row in csv.DictReader(handle)
                for label in (row["preferredLabel_fr"], row["preferredLabel_en"]) if label]
    ours = [text for s in referential.skills
            for text in (s.label.fr, s.label.en, *(a.text for a in s.aliases))]
    return sorted(set(esco)), sorted(set(ours))


def generate(count: int, seed: int, esco: list[str], ours: list[str]) -> list[str]:
    """`count` distinct strings: 70 % from ESCO (mostly outside the referential's field), 30 %
    from the referential's own names (what the matcher should find)."""
    rng = random.Random(f"{seed}-{count}")
    out: dict[str, None] = {}
    while len(out) < count:
        phrase = rng.choice(ours) if rng.random() < 0.3 else rng.choice(esco)
        out.setdefault(NOISE.variant(rng, phrase))
    return list(out)


def read_dev() -> list[str]:
    with DEV.open(encoding="utf-8") as handle:
        lines = [line.rstrip("\n").split("\t")[0] for line in handle]
    return [line for line in lines[1:] if line]


# -- measurement --------------------------------------------------------------------------------


def timed(matcher: object, texts: list[str], bulk_windows: int,
          runs: int) -> tuple[float, list[object]]:
    from skillmatch.matcher import Matcher

    assert isinstance(matcher, Matcher)
    matcher.BULK_WINDOWS = bulk_windows  # this instance only
    times, results = [], []
    for _ in range(runs):
        start = time.perf_counter()
        results = matcher.match_many(texts)
        times.append(time.perf_counter() - start)
    del matcher.BULK_WINDOWS  # back to the class value
    return statistics.median(times), list(results)


def fuzzy_windows(matcher: object, texts: list[str]) -> Counter[int]:
    """Distinct windows the fuzzy step scores for `texts` (the cost driver), by word count."""
    from skillmatch.normalize import bracket_contents, key_tokens

    windows: set[str] = set()
    for text in texts:
        if matcher._exact_or_alias(text, key_tokens(text)) is not None:  # type: ignore[attr-defined]
            continue
        for variant_text in (text, *bracket_contents(text)):
            tokens = key_tokens(variant_text)
            windows.update(matcher._windows(tokens))  # type: ignore[attr-defined]
    return Counter(w.count(" ") + 1 for w in windows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--per-window-max", type=int, default=100_000,
                        help="skip the per-window path on larger inputs (it is the slow one)")
    args = parser.parse_args()
    require_shared()

    start = time.perf_counter()
    from skillmatch.matcher import Matcher
    from skillmatch.normalize import key_tokens
    from skillmatch.referential import load_referential
    imported = time.perf_counter() - start
    start = time.perf_counter()
    referential = load_referential()
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    matcher = Matcher(referential)
    built = time.perf_counter() - start
    start = time.perf_counter()
    matcher.match("pyhton")  # first fuzzy call imports rapidfuzz
    first = time.perf_counter() - start

    print("# Matcher speed\n")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()} ({platform.platform()}), "
          f"rapidfuzz {package_version('rapidfuzz')}, numpy {package_version('numpy')}")
    print(f"Class BULK_WINDOWS = {Matcher.BULK_WINDOWS} distinct windows per word count.\n")
    print(f"- import skillmatch.matcher + referential: {imported * 1000:.0f} ms")
    print(f"- load the bundled referential ({len(referential.skills)} skills): "
          f"{loaded * 1000:.0f} ms")
    print(f"- build the Matcher ({matcher.alias_count} aliases): {built * 1000:.1f} ms")
    print(f"- first fuzzy match (imports rapidfuzz): {first * 1000:.0f} ms\n")

    start = time.perf_counter()
    esco, ours = sources(referential)
    inputs: list[tuple[str, list[str]]] = [("dev.tsv", read_dev())]
    for size in [int(s) for s in args.sizes.split(",")]:
        inputs.append((f"{size:,} generated", generate(size, args.seed, esco, ours)))
    print(f"Generated inputs from {len(esco):,} ESCO labels and {len(ours):,} referential names "
          f"in {time.perf_counter() - start:.1f} s; examples: "
          + "; ".join(repr(t) for t in inputs[1][1][:6]) + "\n")

    header = ("| input | strings | fuzzy windows | path | median s | strings/s | identical "
              "| match / to confirm / none | peak RSS MB |")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    problems = []
    for name, texts in inputs:
        runs = 1 if len(texts) >= 50_000 else args.runs
        if len(texts) < 1000:
            runs = max(args.runs, 20)
        by_words = fuzzy_windows(matcher, texts)
        windows = sum(by_words.values())
        paths = [("bulk cdist", BULK), ("per window", PER_WINDOW)]
        reference = None
        for path_name, value in paths:
            if value == PER_WINDOW and len(texts) > args.per_window_max:
                print(f"| {name} | {len(texts):,} | {windows:,} | {path_name} | skipped "
                      f"(--per-window-max {args.per_window_max:,}) | | | | |")
                continue
            seconds, results = timed(matcher, texts, value, runs)
            same = "" if reference is None else ("yes" if results == reference else "**NO**")
            if reference is not None and results != reference:
                diffs = [(a, b) for a, b in zip(reference, results, strict=True) if a != b]
                problems.append((name, diffs))
            reference = reference or results
            outcomes = Counter(r.status.value for r in results)  # type: ignore[attr-defined]
            print(f"| {name} | {len(texts):,} | {windows:,} | {path_name} | {seconds:.3f} "
                  f"| {len(texts) / seconds:,.0f} | {same or '(reference)'} "
                  f"| {outcomes['match']:,} / {outcomes['to_confirm']:,} / {outcomes['none']:,} "
                  f"| {peak_rss_mb():.0f} |", flush=True)
        keys = {n: len(k) for n, k in matcher._fuzzy_keys.items()}  # windows of other sizes
        scored = {n: c for n, c in by_words.items() if keys.get(n)}  # are never scored
        bulk = sorted(n for n, c in scored.items() if c >= Matcher.BULK_WINDOWS)
        single = sorted(n for n, c in scored.items() if c < Matcher.BULK_WINDOWS)
        matrix = max((c * keys.get(n, 0) * 4 for n, c in by_words.items()), default=0)
        start = time.perf_counter()
        for text in texts:
            key_tokens(text)
        normalising = time.perf_counter() - start
        print(f"| | | | *by default: bulk for windows of {_words(bulk)}, per window for "
              f"{_words(single)}; largest cdist matrix {matrix / 2**20:,.0f} MiB (float32); "
              f"key_tokens() alone on the inputs {normalising:.3f} s* | | | | | |")
    print(f"\n(median of {args.runs} runs, 20 for dev.tsv, 1 for 50,000 strings or more; "
          "the bulk path runs first, so the peak RSS of its row is its own.)")
    if problems:
        print("\n**The two paths DIFFER:**")
        for name, diffs in problems:
            print(f"\n- {name}: {len(diffs)} result(s) differ, e.g.:")
            for a, b in diffs[:5]:
                print(f"  - bulk: {a}\n    per window: {b}")
    else:
        print("\nThe per-window and bulk paths gave identical results on every input compared.")


def _words(counts: list[int]) -> str:
    return ", ".join(map(str, counts)) + " word(s)" if counts else "none"


if __name__ == "__main__":
    main()
