"""How well, and how fast, the extractor finds referential skills in real sentences.

    python benchmarks/text_eval.py [--cases tests/fixtures/eval/text_dev.tsv] [--runs 5]
                                   [--errors 40]

1. loads the bundled referential and builds the Matcher and the Extractor (timed apart);
2. reads the labelled sentences (`text<TAB>expected`, `#` comments; by default the 266 real
   sentences of tests/fixtures/eval/text_dev.tsv: ROME v460 competences and savoirs, RNCP bloc
   labels, sentences of public job ads, each labelled by hand);
3. scores `evaluate_text` at the matcher's match threshold: precision and recall per
   (sentence, skill id) pair, F1, false alarms (sentences naming no skill that got a mention),
   sentences exactly right, and the sweep over the match threshold;
4. times `Extractor.extract` over all sentences (median of `--runs`), per sentence;
5. lists the skill ids most often missed or found wrongly, and the first `--errors` wrong
   sentences with their expected and found ids.

Needs only the package and the fixture; nothing is read from ../shared.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CASES = REPO / "tests" / "fixtures" / "eval" / "text_dev.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--errors", type=int, default=40,
                        help="wrong sentences to list (0: none)")
    args = parser.parse_args()

    from skillmatch.evaluation import evaluate_text, parse_text_cases, per_skill
    from skillmatch.extract import Extractor
    from skillmatch.matcher import Matcher
    from skillmatch.referential import bundled_dir, load_referential

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    start = time.perf_counter()
    referential = load_referential(bundled_dir())
    loaded = time.perf_counter()
    matcher = Matcher(referential)
    extractor = Extractor(matcher)
    built = time.perf_counter()
    print(f"referential loaded in {1000 * (loaded - start):.0f} ms; matcher and extractor built "
          f"in {1000 * (built - loaded):.0f} ms ({matcher.alias_count} aliases)")

    if not args.cases.is_file():
        sys.exit(f"no cases file at {args.cases}")
    cases = parse_text_cases(args.cases.read_text(encoding="utf-8"), str(args.cases),
                             {s.id for s in referential.skills})
    negatives = sum(1 for c in cases if not c.expected)
    pairs = sum(len(c.expected) for c in cases)
    print(f"cases: {args.cases.name}: {len(cases)} sentences, {pairs} expected (sentence, id) "
          f"pairs, {negatives} sentences naming no skill, "
          f"{len({i for c in cases for i in c.expected})} distinct ids")

    timings = []
    for _ in range(max(1, args.runs)):
        begin = time.perf_counter()
        for case in cases:
            extractor.extract(case.text)
        timings.append(time.perf_counter() - begin)
    median = statistics.median(timings)
    characters = sum(len(c.text) for c in cases)
    print(f"extract: {1000 * median / len(cases):.2f} ms per sentence "
          f"(median of {len(timings)} runs over {len(cases)} sentences, "
          f"{characters / len(cases):.0f} characters on average; "
          f"{len(cases) / median:.0f} sentences/s)")

    begin = time.perf_counter()
    report = evaluate_text(extractor, cases)
    print(f"evaluate_text with its sweep: {time.perf_counter() - begin:.2f} s")

    s = report.scores
    print()
    print(f"at match threshold {s.threshold:g} (review {matcher.settings.review_threshold:g}):")
    print(f"  precision  {s.precision:.3f}  ({s.right}/{s.returned} (sentence, id) pairs "
          f"returned are right)")
    print(f"  recall     {s.recall:.3f}  ({s.right}/{s.expected} expected pairs found)")
    print(f"  F1         {s.f1:.3f}")
    print(f"  false alarms {s.false_alarms}/{s.negatives} sentences naming no skill "
          f"({s.false_alarm_rate:.1%})")
    print(f"  sentences exactly right {s.correct}/{s.sentences}")

    print()
    print("sweep over the match threshold (below the review threshold the sentences are "
          "extracted again):")
    print("  threshold  precision  recall     F1  returned  right  false alarms")
    for t in report.sweep:
        mark = "  <- current" if t.threshold == s.threshold else ""
        print(f"  {t.threshold:9g}  {t.precision:9.3f}  {t.recall:6.3f}  {t.f1:5.3f}  "
              f"{t.returned:8d}  {t.right:5d}  {t.false_alarms:12d}{mark}")

    counts = per_skill(report.outcomes)
    print()
    print("per skill id (right / missed / extra pairs), worst first:")
    for skill_id, (right, missed, extra) in sorted(
            counts.items(), key=lambda item: (-(item[1][1] + item[1][2]), item[0])):
        if missed or extra:
            print(f"  {skill_id:28s} {right:3d} / {missed:3d} / {extra:3d}")

    if args.errors:
        print()
        print(f"wrong sentences ({len(report.wrong)}; first {args.errors}):")
        for outcome in report.wrong[:args.errors]:
            expected = "|".join(sorted(outcome.case.expected)) or "-"
            found = ", ".join(f"{m.skill_id} «{m.span}» {m.method.value} {m.score:g}"
                              + ("" if m.status.value == "match" else f" ({m.status.value})")
                              for m in outcome.mentions) or "-"
            print(f"  line {outcome.case.line}: {outcome.case.text}")
            print(f"      expected {expected}; found {found}")


if __name__ == "__main__":
    main()
