"""Typed reading of a `YamlDocument`: every wrong value becomes a `Problem` with its place.

The readers return `None` after recording a problem, so one pass reports every mistake of a
file instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from skillmatch.errors import Problem
from skillmatch.model import Text
from skillmatch.yamldoc import DocPath, YamlDocument

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9+-]*", re.IGNORECASE)


class DocReader:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self._missing: set[DocPath] = set()  # required keys already reported missing

    def problem(self, path: DocPath, key: str, /, at_key: bool = False,
                **params: object) -> None:
        self.problems.append(self.doc.problem(path, key, at_key=at_key, **params))

    def _wrong_type(self, path: DocPath, expected: str) -> None:
        if path in self._missing:
            return
        found = self.doc.kinds.get(path, "null")
        raw = self.doc.raw.get(path)
        if raw is not None and expected == "text" and found != "text":
            self.problem(path, "schema.not_text", found=found, value=raw)
        else:
            self.problem(path, "schema.wrong_type", expected=expected, found=found)

    def mapping(self, path: DocPath, value: Any, required: Iterable[str],
                optional: Iterable[str] = (), free: bool = False) -> dict[str, Any] | None:
        """A mapping with these keys (`free`: any other key too, e.g. skill id -> level)."""
        if not isinstance(value, dict):
            self._wrong_type(path, "mapping")
            return None
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed and not free:
                self.problem((*path, key), "schema.unknown_key", at_key=True, key=key,
                             allowed=", ".join(sorted(allowed)))
        for key in required:
            if key not in value:
                self.problem(path, "schema.missing_key", key=key)
                self._missing.add((*path, key))
        return value

    def list_(self, path: DocPath, value: Any, allow_empty: bool = True) -> list[Any] | None:
        if not isinstance(value, list):
            self._wrong_type(path, "list")
            return None
        if not value and not allow_empty:
            self.problem(path, "schema.empty_list")
        return value

    def text(self, path: DocPath, value: Any, required: bool = True) -> str | None:
        if value is None and not required:
            return None
        if not isinstance(value, str):
            self._wrong_type(path, "text")
            return None
        if not value.strip():
            self.problem(path, "schema.empty_text")
            return None
        return value.strip()

    def identifier(self, path: DocPath, value: Any) -> str | None:
        text = self.text(path, value)
        if text is not None and not ID_PATTERN.fullmatch(text):
            self.problem(path, "schema.bad_id", value=text)
            return None
        return text

    def choice(self, path: DocPath, value: Any, choices: Iterable[str]) -> str | None:
        text = self.text(path, value)
        choices = tuple(choices)
        if text is not None and not choices:
            self.problem(path, "schema.no_choices", value=text)
            return None
        if text is not None and text not in choices:
            self.problem(path, "schema.bad_choice", value=text, choices=", ".join(choices))
            return None
        return text

    def boolean(self, path: DocPath, value: Any) -> bool | None:
        if not isinstance(value, bool):
            self._wrong_type(path, "boolean")
            return None
        return value

    def number(self, path: DocPath, value: Any, minimum: float = 0.0,
               strict: bool = False, integer: bool = False) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            integer and not isinstance(value, int)
        ):
            self._wrong_type(path, "integer" if integer else "number")
            return None
        if value != value or value < minimum:
            self.problem(path, "schema.out_of_range", value=value, minimum=f"{minimum:g}")
            return None
        if strict and value == minimum:
            self.problem(path, "schema.not_above", value=value, minimum=f"{minimum:g}")
            return None
        return float(value)

    def bilingual(self, path: DocPath, value: Any, required: bool = True) -> Text | None:
        """A `{fr: ..., en: ...}` text; a plain string is accepted for both languages."""
        if value is None and not required:
            return None
        if isinstance(value, str):
            text = self.text(path, value)
            return Text(text, text) if text else None
        if not isinstance(value, dict):
            self._wrong_type(path, "text")
            return None
        mapping = self.mapping(path, value, ("fr", "en"))
        if mapping is None:
            return None
        fr = self.text((*path, "fr"), mapping.get("fr"))
        en = self.text((*path, "en"), mapping.get("en"))
        return Text(fr, en) if fr and en else None

    def text_list(self, path: DocPath, value: Any) -> list[str]:
        items = self.list_(path, value)
        if items is None:
            return []
        out = []
        for i, item in enumerate(items):
            text = self.text((*path, i), item)
            if text is not None:
                out.append(text)
        return out
