"""Start-up is designed, not tuned: heavy modules stay out of the commands that need none."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
sys.argv = ["skillmatch", *{args!r}]
from skillmatch.cli import main
try:
    main()
except SystemExit:
    pass
print("LOADED", *sorted(m for m in ("rich", "numpy", "highspy", "scipy", "jinja2", "pandas",
                                    "dask", "yaml") if m in sys.modules))
"""


def loaded(*args: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=list(args))],
                         capture_output=True, text=True, timeout=60, check=False).stdout
    line = next(line for line in out.splitlines() if line.startswith("LOADED"))
    return set(line.split()[1:])


def test_help_loads_neither_rich_nor_any_data_or_solver_library() -> None:
    assert loaded("--help") == set()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_gap_in_json_or_csv_loads_no_table_or_solver_library(fmt: str) -> None:
    assert loaded("gap", "--skills", "Python, SQL", "--target", "ia-B", "--format", fmt) \
        == {"yaml"}


def test_recommend_on_the_bundled_catalogue_needs_no_solver_library() -> None:
    """The exact pure-Python search answers; HiGHS (and numpy) is for large catalogues."""
    modules = loaded("recommend", "--skills", "Python, SQL", "--target", "ia-B", "-f", "json")
    assert not modules & {"numpy", "highspy", "scipy", "jinja2", "pandas", "dask"}
