"""Shared fixtures: the bundled referential, a CLI runner, and the team's shared data."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from skillmatch.cli import app
from skillmatch.matcher import Matcher
from skillmatch.model import Referential
from skillmatch.referential import bundled_dir, load_referential

FIXTURES = Path(__file__).parent / "fixtures"
#: The team's shared data (seeds, eval cases, public data sets, peers' test corpora). A clone
#: outside the team has none: tests that need it skip with this reason.
SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_MISSING = f"needs the team's shared data at {SHARED} (absent in this clone)"


@pytest.fixture(scope="session")
def referential() -> Referential:
    return load_referential(bundled_dir())


@pytest.fixture(scope="session")
def matcher(referential: Referential) -> Matcher:
    return Matcher(referential)


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(SHARED_MISSING)
    return SHARED


class Run:
    """Run the CLI as a user would, through the same entry point as the `skillmatch` script.

    `SKILLMATCH_LANG` is cleared unless given, so output is French by default.
    """

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None,
                 env: dict[str, str] | None = None) -> Result:
        env = {"SKILLMATCH_LANG": "", "SKILLMATCH_REFERENTIAL": "", **(env or {})}
        return self.runner.invoke(app, list(args), input=input, env=env,
                                  catch_exceptions=False)


@pytest.fixture
def run() -> Run:
    return Run()
