"""`skillmatch batch` on a million people, against the least any reader of the file must do.

    python benchmarks/batch_1m.py [--rows 1000000] [--distinct 40000] [--seed 2026]
                                  [--workdir DIR] [--keep] [--lower-bound-only] [--profile]
                                  [--jobs N]

1. generates a realistic input (French Excel style: `;` separated, UTF-8 with BOM, CRLF,
   header `identifiant;nom;competences;profil_cible`): an id, a fake name (which must not
   travel to the output), 5 to 15 skills per person joined with ", ", drawn with a Zipf-like
   skew from `--distinct` distinct strings built from real vocabularies: the bundled
   referential's labels and aliases, ESCO French/English preferred and alternative labels
   (../shared/data/esco_fr_v1_0/skills_fr_en_joined.csv) and ROME 4.0 savoirs and competence
   labels (../shared/data/rome4_v460/), with typos, case and accent changes and CV wording
   ("(avancé)", "(notions)", "maîtrise de ..."); the target is one of the six profiles or empty
   (then `--target ia-B` applies). Generation is timed apart and is not part of the measures;
2. measures the LOWER BOUND on that file, in this process: read it with `csv.reader` (same
   delimiter), split the skills with `skillmatch.inputs.split_skills`, collect the distinct
   strings, and score their match keys (`skillmatch.normalize.match_key`) against every fuzzy
   alias key of the matcher (`Matcher._fuzzy_keys`, all word counts) with the matcher's scorer:
   `process.cdist(..., scorer=OSA.normalized_similarity, score_cutoff=0.78, workers=-1)`, in
   blocks of 5,000 strings; nothing else (loading the referential and building the Matcher
   are included, a few tens of milliseconds);
3. runs `skillmatch batch FILE -o OUT --target ia-B --summary-file S.json` end to end as a
   subprocess (with its default `--jobs`: one worker process per core, or `--jobs N`), under
   `/usr/bin/time -v` when it exists (else `getrusage(RUSAGE_CHILDREN)`): wall and CPU time
   of the whole process tree; its peak memory is the sum over the tree (the main process and
   its workers) sampled from /proc, resident (RSS, pages shared by forked workers counted in
   each) and proportional (PSS, shared pages split); checks that the summary balances
   (read == ok + errors + skipped == rows generated), that the output has rows + 1 lines and
   that the name column did not travel to it.

`--lower-bound-only` skips step 3. `--profile` adds, after the measures, one in-process run of
the batch under cProfile (`skillmatch.cli.main`, with `--jobs 1`) and prints the 15 functions
of largest total (own) time; that run is not timed. Reads the shared data at run time from
../shared/data relative to the repository (or `--data`); nothing is copied into the project.
The generated files go to a temporary directory (or `--workdir`), removed at the end unless
`--keep`.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import io
import json
import os
import platform
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import Noise, TreeMemory, package_version

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
ESCO = Path("esco_fr_v1_0") / "skills_fr_en_joined.csv"
ROME_SAVOIRS = Path("rome4_v460") / "unix_referentiel_savoir_v460_utf8.csv"
ROME_COMPETENCES = Path("rome4_v460") / "unix_referentiel_competence_v460_utf8.csv"
HEADER = ("identifiant", "nom", "competences", "profil_cible")
PROFILES = ("ia-A", "ia-B", "ia-C", "cyber-A", "cyber-B", "cyber-C")
DEFAULT_TARGET = "ia-B"
#: Strings per `cdist` call in the lower bound (the matcher's own `BULK_BLOCK`).
BLOCK = 5000
#: Rows generated per numpy draw (bounds the generator's memory).
DRAW_ROWS = 100_000
#: Zipf-Mandelbrot popularity of the string of rank r (0-based): 1 / (r + Q) ** S.
ZIPF_S, ZIPF_Q = 1.0, 2.7


def require_data(data: Path) -> None:
    missing = [data / p for p in (ESCO, ROME_SAVOIRS, ROME_COMPETENCES)
               if not (data / p).is_file()]
    if missing:
        sys.exit("batch_1m needs the shared data, missing:\n  "
                 + "\n  ".join(str(p) for p in missing)
                 + f"\n(expected under {data}: the project's ../shared/data directory, "
                 "or pass --data DIR)")


# -- vocabulary ---------------------------------------------------------------------------------

PREFIXES = ("", "", "", "", "", "", "maîtrise de ", "connaissances en ", "notions de ",
            "expert ", "experience in ", "bonne maîtrise : ", "certifié ", "- ")
SUFFIXES = ("", "", "", "", "", " (avancé)", " (notions)", " (confirmé)", " - niveau intermédiaire",
            " : expert", " confirmé", " (2 years)", " / junior", ".", " (certifié)", " (débutant)")
#: How the strings are typed (see `common.Noise`).
NOISE = Noise(PREFIXES, SUFFIXES, typo=0.4, typo_kinds=(0.35, 0.7, 0.85), no_accents=0.3,
              odd_accents=0.36, case=(0.12, 0.37, 0.62, 0.7))
_SPACES = re.compile(r"\s+")


def _usable(label: str) -> str | None:
    """A label as one list item: one line, no `,` or `;` (they would split it), not empty."""
    label = _SPACES.sub(" ", label).strip()
    if not label or "," in label or ";" in label or len(label) > 120:
        return None
    return label


def vocabularies(data: Path) -> dict[str, list[str]]:
    """The real phrases the strings are built from, by source (sorted, distinct)."""
    from skillmatch.referential import load_referential

    referential = load_referential()
    ours = {s.label.fr for s in referential.skills} | {s.label.en for s in referential.skills}
    ours |= {a.text for s in referential.skills for a in s.aliases}
    esco: set[str] = set()
    with (data / ESCO).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            esco.update((row["preferredLabel_fr"], row["preferredLabel_en"]))
            for column in ("altLabels_fr", "altLabels_en"):
                esco.update(row[column].split("|"))
    rome: set[str] = set()
    for path, column in ((ROME_SAVOIRS, "libelle_savoir"),
                         (ROME_COMPETENCES, "libelle_competence")):
        with (data / path).open(encoding="utf-8", newline="") as handle:
            rome.update(row[column].replace("''", "'") for row in csv.DictReader(handle))
    out = {}
    for name, labels in (("referential", ours), ("esco", esco), ("rome", rome)):
        out[name] = sorted({u for u in map(_usable, labels) if u})
    return out


def string_pool(vocab: dict[str, list[str]], distinct: int, seed: int) -> list[str]:
    """`distinct` distinct skill strings, most popular first.

    Each is a real phrase (referential 25 %, ESCO 40 %, ROME 35 %), as written (45 %) or with
    CV-style changes (55 %). Popularity order, with a random spread: labels as written come
    first, the referential's own names (Python, SQL, anglais...) more than the others; each
    variant (a typo, a wording) is rarer than any label as written but the least common ones.
    """
    rng = random.Random(f"pool-{seed}-{distinct}")
    sources = (("referential", 0.25), ("esco", 0.40), ("rome", 0.35))
    names = [n for n, _ in sources]
    weights = [w for _, w in sources]
    ranked: dict[str, float] = {}
    while len(ranked) < distinct:
        source = rng.choices(names, weights)[0]
        phrase = rng.choice(vocab[source])
        clean = rng.random() < 0.45
        text = phrase if clean else NOISE.variant(rng, phrase)
        text = _SPACES.sub(" ", text).strip()
        if not text or "," in text or ";" in text or text in ranked:
            continue
        # Each typo or wording is rare (the long tail); real labels are what people repeat.
        if not clean:
            ranked[text] = 0.3 + rng.random()
        else:
            ranked[text] = rng.random() * (0.1 if source == "referential" else 1.0)
    return sorted(ranked, key=ranked.__getitem__)


FIRST_NAMES = ("Marie", "Jean", "Camille", "Lucas", "Léa", "Hugo", "Chloé", "Nathan", "Manon",
               "Louis", "Inès", "Gabriel", "Sarah", "Arthur", "Emma", "Mohamed", "Fatima",
               "Thomas", "Julie", "Nicolas", "Aïcha", "Karim", "Sophie", "Pierre", "Zoé",
               "Yanis", "Clément", "Élodie", "Mathis", "Anaïs", "Théo", "Océane", "Amine")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
              "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
              "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
              "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Benali", "Nguyen",
              "Diallo", "Haddad", "Le Gall", "Rousseau", "Blanc", "Guérin", "Muller", "Faure")
#: Share of rows with an empty target (then `--target` applies), and the others' weights.
EMPTY_TARGET = 0.35
TARGET_WEIGHTS = (0.18, 0.22, 0.12, 0.18, 0.18, 0.12)


def generate(path: Path, rows: int, pool: list[str], seed: int) -> list[str]:
    """Write the input CSV; returns the first 1,000 names (to check they are not in the
    output)."""
    import numpy as np

    gen = np.random.default_rng(seed)
    rng = random.Random(f"rows-{seed}")
    ranks = np.arange(len(pool), dtype=np.float64)
    popularity = 1.0 / (ranks + ZIPF_Q) ** ZIPF_S
    cumulative = np.cumsum(popularity / popularity.sum())
    cumulative[-1] = 1.0
    targets = ["", *PROFILES]
    target_weights = [EMPTY_TARGET, *(w * (1 - EMPTY_TARGET) for w in TARGET_WEIGHTS)]
    names: list[str] = []
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        done = 0
        while done < rows:
            block = min(DRAW_ROWS, rows - done)
            draws = np.searchsorted(cumulative, gen.random((block, 15))).tolist()
            counts = gen.integers(5, 16, size=block).tolist()
            chosen = rng.choices(targets, target_weights, k=block)
            out = []
            for i in range(block):
                skills = dict.fromkeys(pool[j] for j in draws[i][:counts[i]])
                name = f"{rng.choice(LAST_NAMES).upper()} {rng.choice(FIRST_NAMES)}"
                if len(names) < 1000:
                    names.append(name)
                out.append((f"DE{done + i + 1:08d}", name, ", ".join(skills), chosen[i]))
            writer.writerows(out)
            done += block
    return names


# -- measures -----------------------------------------------------------------------------------


def lower_bound(path: Path) -> dict[str, float]:
    """Read, split, collect distinct strings, score their keys with the matcher's scorer."""
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    from skillmatch.inputs import split_skills
    from skillmatch.matcher import Matcher
    from skillmatch.normalize import match_key
    from skillmatch.referential import load_referential

    start, cpu_start = time.perf_counter(), time.process_time()
    matcher = Matcher(load_referential())
    keys = [key for group in matcher._fuzzy_keys.values() for key in group]
    cutoff = matcher.settings.review_threshold / 100
    built = time.perf_counter()
    distinct: set[str] = set()
    items = 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        column = next(reader).index("competences")
        for row in reader:
            found = split_skills(row[column])
            items += len(found)
            distinct.update(found)
    read = time.perf_counter()
    match_keys = list(dict.fromkeys(k for k in map(match_key, distinct) if k))
    keyed = time.perf_counter()
    near = 0
    for first in range(0, len(match_keys), BLOCK):
        scores = process.cdist(match_keys[first:first + BLOCK], keys,
                               scorer=OSA.normalized_similarity, score_cutoff=cutoff,
                               workers=-1)
        near += int(np.count_nonzero(scores.any(axis=1)))
    end = time.perf_counter()
    return {"seconds": end - start, "cpu": time.process_time() - cpu_start,
            "build": built - start, "read": read - built, "keys": keyed - read,
            "cdist": end - keyed, "items": items,
            "distinct": len(distinct), "match_keys": len(match_keys), "aliases": len(keys),
            "near": near}


def skillmatch_command() -> list[str]:
    """The installed `skillmatch` script of this Python (not a shim), else the one on PATH."""
    beside = Path(sys.executable).parent / "skillmatch"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("skillmatch")
    if found:
        return [found]
    return [sys.executable, "-c", "from skillmatch.cli import main; main()"]


def run_batch(path: Path, work: Path, jobs: int | None = None) -> dict[str, object]:
    output, summary = work / "out.csv", work / "summary.json"
    command = [*skillmatch_command(), "batch", str(path), "-o", str(output),
               "--target", DEFAULT_TARGET, "--summary-file", str(summary)]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    timer = "/usr/bin/time"
    use_time = Path(timer).is_file() and sys.platform.startswith("linux")
    if use_time:
        command = [timer, "-v", *command]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    tree = TreeMemory(process.pid) if TreeMemory.available() else None
    with tree or contextlib.nullcontext():
        _, err = process.communicate()
    seconds = time.perf_counter() - start
    peak_kb, cpu = None, None
    if use_time:
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
        peak_kb = int(found.group(1)) if found else None
        times = [re.search(rf"{kind} time \(seconds\): ([\d.]+)", err)
                 for kind in ("User", "System")]
        cpu = sum(float(t.group(1)) for t in times if t)
    if peak_kb is None or cpu is None:
        import resource

        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_kb = peak_kb if peak_kb is not None else usage.ru_maxrss
        cpu = cpu if cpu is not None else usage.ru_utime + usage.ru_stime
    stderr = "\n".join(line for line in err.splitlines()
                       if not line.startswith("\t") and "Command being timed" not in line)
    result: dict[str, object] = {
        "seconds": seconds, "cpu": cpu, "largest_process_mb": peak_kb / 1024,
        "peak_mb": peak_kb / 1024, "returncode": process.returncode,
        "stderr": stderr.strip(), "output": output, "summary": summary,
        "measured_by": ("/usr/bin/time -v" if use_time else "getrusage(RUSAGE_CHILDREN)")}
    if tree is not None and tree.peak_rss_kb:
        # Worker processes: the memory of the whole tree is the figure that counts.
        result.update(peak_mb=tree.peak_rss_kb / 1024, peak_pss_mb=tree.peak_pss_kb / 1024,
                      processes=tree.most_processes,
                      measured_by="the sum over the process tree, from /proc: RSS every "
                                  "0.1 s, PSS (shared pages split) every 0.5 s")
    return result


def count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            lines += chunk.count(b"\n")
    return lines


def check_batch(result: dict[str, object], rows: int, names: list[str]) -> list[str]:
    """What does not hold: summary balance, output line count, the name column left out."""
    problems = []
    if result["returncode"] != 0:
        problems.append(f"exit status {result['returncode']}: {result['stderr'][-2000:]}")
    summary_path, output = result["summary"], result["output"]
    assert isinstance(summary_path, Path) and isinstance(output, Path)
    if not summary_path.is_file() or not output.is_file():
        problems.append("no summary or no output file")
        return problems
    counts = json.loads(summary_path.read_text(encoding="utf-8"))["rows"]
    result["counts"] = counts
    if not counts["read"] == counts["ok"] + counts["errors"] + counts["skipped"] == rows:
        problems.append(f"summary does not balance: {counts}, {rows:,} rows generated")
    lines = count_lines(output)
    result["output_lines"] = lines
    if lines != rows + 1:
        problems.append(f"output has {lines:,} lines, expected {rows + 1:,}")
    with output.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
        head = "".join(handle.readline() for _ in range(len(names)))
    result["output_columns"] = header
    if "nom" in header or any(name in head for name in names):
        problems.append("the name column travelled to the output")
    return problems


def profile(path: Path, work: Path, top: int = 15) -> str:
    """One in-process batch under cProfile; the `top` functions by total (own) time."""
    from skillmatch.cli import main

    argv = sys.argv
    sys.argv = ["skillmatch", "batch", str(path), "-o", str(work / "profiled.csv"),
                "--target", DEFAULT_TARGET, "--summary-file", str(work / "profiled.json"),
                "--jobs", "1"]  # in this process, where the profiler sees it
    profiler = cProfile.Profile()
    start = time.perf_counter()
    try:
        profiler.runcall(main)
    except SystemExit as exc:
        if exc.code not in (0, None):
            print(f"profiled run exited with status {exc.code}", file=sys.stderr)
    finally:
        sys.argv = argv
    seconds = time.perf_counter() - start
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(top)
    return f"profiled run: {seconds:.1f} s under cProfile\n" + stream.getvalue()


# -- report -------------------------------------------------------------------------------------


def machine() -> str:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text(errors="replace"))
        cpu = f", {found.group(1).strip()}" if found else ""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{platform.platform()}, {platform.machine()}{cpu}, {usable} cores usable "
            f"({os.cpu_count()} online), Python {platform.python_version()}, "
            f"rapidfuzz {package_version('rapidfuzz')}, numpy {package_version('numpy')}, "
            f"skillmatch {package_version('skillmatch')}")


def source_fingerprint() -> str:
    """A hash of the skillmatch package measured, and when its newest file changed."""
    import hashlib

    import skillmatch

    root = Path(skillmatch.__file__).resolve().parent
    files = sorted(root.rglob("*.py"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    newest = max((p.stat().st_mtime for p in files), default=0.0)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(newest))
    return (f"skillmatch source sha256 {digest.hexdigest()[:12]} ({len(files)} files in {root}, "
            f"newest changed {stamp})")


def _load() -> str:
    """The load average: other work on the machine slows every wall time here."""
    if not hasattr(os, "getloadavg"):
        return "?"
    return ", ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--distinct", type=int, default=40_000,
                        help="distinct skill strings to draw from (default 40,000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where to write the input and outputs (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--data", type=Path, default=DATA,
                        help=f"the shared data directory (default {DATA})")
    parser.add_argument("--lower-bound-only", action="store_true",
                        help="measure the lower bound only, not the batch")
    parser.add_argument("--jobs", type=int, default=None,
                        help="pass --jobs N to skillmatch batch (default: its own default, "
                             "one worker per core)")
    parser.add_argument("--profile", action="store_true",
                        help="also run the batch once in-process under cProfile")
    args = parser.parse_args()
    if args.rows < 1 or args.distinct < 1:
        parser.error("--rows and --distinct must be positive")
    require_data(args.data)

    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="batch_1m.", dir=args.workdir))
    else:
        work = Path(tempfile.mkdtemp(prefix="batch_1m."))
    path = work / "personnes.csv"
    print("# skillmatch batch at scale\n")
    print(f"machine: {machine()}")
    fingerprint = source_fingerprint()
    print(fingerprint)
    print(f"settings: --rows {args.rows:,} --distinct {args.distinct:,} --seed {args.seed}, "
          f"work directory {work}")
    print(f"load average (1, 5, 15 min) at the start: {_load()}\n")
    try:
        start = time.perf_counter()
        vocab = vocabularies(args.data)
        pool = string_pool(vocab, args.distinct, args.seed)
        names = generate(path, args.rows, pool, args.seed)
        generated = time.perf_counter() - start
        size_mb = path.stat().st_size / 1e6
        print(f"generated in {generated:.1f} s (not measured below): {args.rows:,} rows, "
              f"{size_mb:,.1f} MB; {len(pool):,} distinct strings drawn from "
              + ", ".join(f"{len(v):,} {k}" for k, v in vocab.items()) + " phrases")

        low = lower_bound(path)
        print(f"\nlower bound: {low['seconds']:.2f} s wall ({low['cpu']:.2f} s CPU) = "
              f"referential + Matcher {low['build']:.2f} s"
              f" + csv.reader and split_skills {low['read']:.2f} s"
              f" + match_key {low['keys']:.2f} s + cdist {low['cdist']:.2f} s")
        print(f"  {low['items']:,} items, {low['distinct']:,} distinct strings, "
              f"{low['match_keys']:,} distinct keys x {low['aliases']:,} fuzzy alias keys; "
              f"{low['near']:,} keys within {0.78:.2f} of an alias")

        batch = None
        if not args.lower_bound_only:
            if source_fingerprint() != fingerprint:
                print(f"\nWARNING: the source changed since the start: {source_fingerprint()}")
            batch = run_batch(path, work, args.jobs)
            problems = check_batch(batch, args.rows, names)
            print(f"\nbatch: {batch['seconds']:.2f} s wall ({batch['cpu']:.2f} s CPU), "
                  f"peak RSS {batch['peak_mb']:,.0f} MiB "
                  f"({batch['measured_by']}), exit status {batch['returncode']}")
            if "peak_pss_mb" in batch:
                print(f"  peak PSS of the tree {batch['peak_pss_mb']:,.0f} MiB, at most "
                      f"{batch['processes']} processes; largest single process "
                      f"{batch['largest_process_mb']:,.0f} MiB")
            print(f"  summary rows: {batch.get('counts')}; output lines: "
                  f"{batch.get('output_lines', '?'):,}; stderr: {batch['stderr'][-300:]}")
            if problems:
                print("  CHECKS FAILED:\n  - " + "\n  - ".join(problems))
            else:
                print("  checks: summary balances (read = ok + errors + skipped = rows), "
                      "output has rows + 1 lines, no name column in the output")

        print(f"\nload average (1, 5, 15 min) at the end: {_load()}")
        print("\n| rows | distinct strings | file MB | lower bound s | batch s | batch / lower "
              "bound | rows/s | peak RSS MiB | CPU s: lower bound / batch / ratio |")
        print("|---|---|---|---|---|---|---|---|---|")
        if batch is not None:
            seconds, cpu = float(batch["seconds"]), float(batch["cpu"])
            print(f"| {args.rows:,} | {low['distinct']:,} | {size_mb:,.1f} | {low['seconds']:.2f}"
                  f" | {seconds:.2f} | {seconds / low['seconds']:.2f}x | "
                  f"{args.rows / seconds:,.0f} | {batch['peak_mb']:,.0f} | "
                  f"{low['cpu']:.2f} / {cpu:.2f} / {cpu / low['cpu']:.2f}x |")
            ratio = seconds / low["seconds"]
            print(f"\ntarget batch within 1.5x of the lower bound: "
                  f"{'MET' if ratio <= 1.5 else 'MISSED'} ({ratio:.2f}x wall, "
                  f"{cpu / low['cpu']:.2f}x CPU)")
            if args.rows == 1_000_000:
                # 1 GB = 10^9 bytes; the tree's real footprint is its PSS when it was read.
                held = batch.get("peak_pss_mb", batch["peak_mb"])
                print(f"target under 1 GB peak for 1M rows: "
                      f"{'MET' if held * 2**20 < 1e9 else 'MISSED'} "
                      f"({held * 2**20 / 1e9:.2f} GB; summed RSS "
                      f"{batch['peak_mb'] * 2**20 / 1e9:.2f} GB)")
        else:
            print(f"| {args.rows:,} | {low['distinct']:,} | {size_mb:,.1f} | {low['seconds']:.2f}"
                  f" | - | - | - | - | {low['cpu']:.2f} / - / - |")

        if args.profile:
            print("\n" + profile(path, work))
    finally:
        if args.keep:
            print(f"\nfiles kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
