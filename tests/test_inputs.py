"""Splitting skill lists: the fast paths agree with the plain bracket-depth reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from skillmatch.inputs import split_skills

OPEN, CLOSE = "([{", ")]}"


def reference_split(text: str) -> list[str]:
    """The specification, character by character: split on , ; and newlines at depth 0;
    if a bracket is never closed, brackets protect nothing."""
    items, current, depth = [], [], 0
    for char in text:
        if char in OPEN:
            depth += 1
        elif char in CLOSE and depth:
            depth -= 1
        if char in ",;\n" and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    if depth:
        items = text.replace(";", ",").replace("\n", ",").split(",")
    return [item.strip() for item in items if item.strip()]


@settings(max_examples=600)
@given(st.text(alphabet="ab ,;\n()[]{}", max_size=30))
def test_split_skills_agrees_with_the_bracket_depth_reference(text: str) -> None:
    assert split_skills(text) == reference_split(text)


def test_examples_of_the_issue() -> None:
    assert split_skills("Python, SQL; git") == ["Python", "SQL", "git"]
    assert split_skills("R (tidyverse, ggplot2), SQL") == ["R (tidyverse, ggplot2)", "SQL"]
    assert split_skills("a [b, (c, d)], e") == ["a [b, (c, d)]", "e"]
