"""Start-up and full-command wall times, against a bare typer app timed in the same run.

    python benchmarks/startup.py [--runs 15]

Prints the median wall time of: a bare two-command typer app (`--help` and a command), then
`skillmatch --help`, `skillmatch gap ...` and `skillmatch recommend ...` when available, with
the ratios the project's issues ask for (help within 1.3x, a full command within 2x of the
bare app; absolute targets 0.25 s and 0.5 s).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_APP = '''
import typer
app = typer.Typer()

@app.command()
def hello(name: str = "x") -> None:
    print(name)

@app.command()
def bye() -> None:
    print("bye")

app()
'''

SKILLS = "Python 3, statistiques, SQL, anglais courant, Git, apprentissage automatique, pyhton"


def wall(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, capture_output=True, check=False)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = shutil.which("skillmatch")
    if exe is None:
        sys.exit("skillmatch is not installed: pip install . first")
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP)
        rows = [
            ("bare typer --help", [sys.executable, str(bare), "--help"]),
            ("bare typer command", [sys.executable, str(bare), "hello"]),
            ("skillmatch --help", [exe, "--help"]),
            ("skillmatch gap", [exe, "gap", "--skills", SKILLS, "--target", "ia-B"]),
        ]
        help_out = subprocess.run([exe, "--help"], capture_output=True, text=True).stdout
        if " recommend " in help_out:
            rows.append(("skillmatch recommend",
                         [exe, "recommend", "--skills", SKILLS, "--target", "ia-B"]))
        env_note = (f"{platform.machine()}, {os.cpu_count()} cores, "
                    f"Python {platform.python_version()}")
        print(f"# {env_note}, median of {args.runs} runs")
        results = {name: wall(cmd, args.runs) for name, cmd in rows}
    bare_help, bare_cmd = results["bare typer --help"], results["bare typer command"]
    for name, seconds in results.items():
        base = bare_help if name.endswith("--help") else bare_cmd
        print(f"{name:24s} {seconds * 1000:7.1f} ms   {seconds / base:4.2f}x bare")


if __name__ == "__main__":
    main()
