"""Safe YAML loading that keeps where every value came from.

PyYAML's safe composer builds a node tree with line and column marks; this module turns it
into plain Python values plus a table of positions keyed by document path, and refuses what a
data file must never contain: duplicate keys, merge keys, unknown tags, aliases that expand
without bound, and files over a size limit. Nothing here constructs arbitrary objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from skillmatch.errors import DataFileError, InputNotFoundError, Problem

#: Largest data file read, in bytes. A referential is ~100 KB; a catalogue of 5,000 formations
#: ~3 MB. Anything bigger is refused before parsing.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Largest number of values a document may hold once aliases are followed. A billion-laughs
#: document reaches it quickly instead of exhausting memory.
MAX_NODES = 500_000
#: Largest number of values reached again through aliases (`*name`). Real files use few or no
#: aliases; a billion-laughs document hits this limit within milliseconds.
MAX_ALIAS_EXPANSION = 20_000
#: Deepest nesting of lists and mappings accepted. Real files nest 5 deep; a file nested
#: thousands deep would overflow the parser's stack.
MAX_DEPTH = 64

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DocPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
SCALAR_KINDS = {
    _TAG + "str": "text",
    _TAG + "int": "integer",
    _TAG + "float": "number",
    _TAG + "bool": "boolean",
    _TAG + "null": "null",
    _TAG + "timestamp": "date",
    _TAG + "binary": "binary",
}


def format_path(path: DocPath) -> str:
    """`("profiles", 2, "skills", 4)` -> `profiles[2].skills[4]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(document)"


@dataclass
class YamlDocument:
    """A parsed YAML file: its plain value, and the position and raw text of every value."""

    file: str
    data: Any
    marks: dict[DocPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[DocPath, tuple[int, int]] = field(default_factory=dict)
    kinds: dict[DocPath, str] = field(default_factory=dict)
    raw: dict[DocPath, str] = field(default_factory=dict)

    def place(self, path: DocPath) -> tuple[int | None, int | None]:
        """1-based line and column of `path`, or of its closest ancestor that has one."""
        probe = path
        while True:
            if probe in self.marks:
                return self.marks[probe]
            if not probe:
                return None, None
            probe = probe[:-1]

    def problem(self, path: DocPath, key: str, /, at_key: bool = False,
                **params: object) -> Problem:
        line, column = self.key_marks[path] if at_key and path in self.key_marks \
            else self.place(path)
        return Problem(self.file, line, column, format_path(path), key, dict(params))


def read_text(path: Path) -> str:
    """Read a UTF-8 data file (BOM allowed), refusing oversized and undecodable files."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputNotFoundError("error.not_found", path=name) from None
    if path.is_dir():
        raise InputNotFoundError("error.is_directory", path=name)
    if size > MAX_FILE_BYTES:
        raise DataFileError(
            [Problem(name, None, None, "(document)", "yaml.too_big",
                     {"size": size, "limit": MAX_FILE_BYTES})]
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputNotFoundError("error.unreadable", path=name, reason=exc.strerror) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataFileError(
            [Problem(name, line, column, "(document)", "yaml.not_utf8",
                     {"byte": f"0x{raw[exc.start]:02x}"})]
        ) from None


def load_file(path: Path) -> YamlDocument:
    return parse(read_text(path), str(path))


def parse(text: str, file: str) -> YamlDocument:
    """Parse one YAML document safely into a `YamlDocument`; raise `DataFileError` if unsafe."""
    loader = None
    try:
        _check_depth(text, file)
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise DataFileError([Problem(file, line, column, "(document)", *_syntax(exc))]) from None
    except yaml.reader.ReaderError as exc:
        position = exc.position
        # libyaml reports the position just after the character, PyYAML the character itself.
        if isinstance(exc.character, int) and 0 < position <= len(text) and (
                position == len(text) or ord(text[position]) != exc.character) and \
                ord(text[position - 1]) == exc.character:
            position -= 1
        line, column = _line_column(text, position)
        raise DataFileError([Problem(file, line, column, "(document)", "yaml.bad_character",
                                     {"code": f"U+{exc.character:04X}"
                                      if isinstance(exc.character, int)
                                      else repr(exc.character)})]) from None
    except yaml.YAMLError as exc:
        raise DataFileError(
            [Problem(file, None, None, "(document)", "yaml.syntax", {"detail": str(exc)})]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    doc = YamlDocument(file, None)
    if node is None:
        return doc
    builder = _Builder(doc, loader)
    doc.data = builder.build(node, ())
    if builder.problems:
        raise DataFileError(builder.problems)
    return doc


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _check_depth(text: str, file: str) -> None:
    """Refuse documents nested deeper than `MAX_DEPTH` from the event stream, before the
    composer recurses into them."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
                raise DataFileError([Problem(file, line, column, "(document)",
                                             "yaml.too_deep", {"limit": MAX_DEPTH})])
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


#: PyYAML's most frequent syntax problems, said in the user's language; others keep
#: PyYAML's English text.
_KNOWN_SYNTAX = (
    ("mapping values are not allowed", "yaml.syntax.colon"),
    ("found character '\\t' that cannot start any token", "yaml.syntax.tab"),
    ("found a tab character", "yaml.syntax.tab"),
    ("could not find expected ':'", "yaml.syntax.missing_colon"),
    ("expected <block end>", "yaml.syntax.indentation"),
    ("did not find expected key", "yaml.syntax.indentation"),
    ("did not find expected '-' indicator", "yaml.syntax.indentation"),
    ("found undefined alias", "yaml.syntax.undefined_alias"),
    ("found unexpected end of stream", "yaml.syntax.unclosed"),
    ("did not find expected ',' or ']'", "yaml.syntax.unclosed"),
    ("did not find expected ',' or '}'", "yaml.syntax.unclosed"),
    ("while scanning a quoted scalar", "yaml.syntax.unclosed_quote"),
    ("but found another document", "yaml.syntax.several_documents"),
)


def _syntax(exc: yaml.MarkedYAMLError) -> tuple[str, dict[str, object]]:
    detail = " ".join(filter(None, [exc.context, exc.problem]))
    for fragment, key in _KNOWN_SYNTAX:
        if fragment in detail:
            return key, {"detail": detail}
    return "yaml.syntax", {"detail": detail}


class _Builder:
    def __init__(self, doc: YamlDocument, loader: yaml.SafeLoader) -> None:
        self.doc = doc
        self.loader = loader
        self.visited = 0
        self.seen: set[int] = set()
        self.expanded = 0
        self.active: set[int] = set()
        self.problems: list[Problem] = []

    def _fail(self, node: yaml.Node, path: DocPath, key: str, /, **params: object) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.doc.file, mark.line + 1, mark.column + 1, format_path(path), key,
                    dict(params))
        )

    def build(self, node: yaml.Node, path: DocPath) -> Any:
        self.visited += 1
        if id(node) in self.seen:
            self.expanded += 1
            if self.expanded > MAX_ALIAS_EXPANSION:
                self._fail(node, path, "yaml.too_many_nodes", limit=MAX_NODES)
                raise DataFileError(self.problems)
        else:
            self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            self._fail(node, path, "yaml.too_deep", limit=MAX_DEPTH)
            raise DataFileError(self.problems)
        if self.visited > MAX_NODES:
            self._fail(node, path, "yaml.too_many_nodes", limit=MAX_NODES)
            raise DataFileError(self.problems)
        if id(node) in self.active:
            self._fail(node, path, "yaml.recursive_alias")
            raise DataFileError(self.problems)
        self.doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        expected = _TAG + ("seq" if isinstance(node, yaml.SequenceNode) else "map")
        if node.tag != expected:
            self._fail(node, path, "yaml.unsupported_tag", tag=node.tag)
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                self.doc.kinds[path] = "list"
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                self.doc.kinds[path] = "mapping"
                return dict(self._pairs(node, path))
        finally:
            self.active.discard(id(node))
        self._fail(node, path, "yaml.unsupported_tag", tag=node.tag)
        return None

    def _pairs(self, node: yaml.MappingNode, path: DocPath) -> Iterator[tuple[str, Any]]:
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self._fail(key_node, path, "yaml.merge_key")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(key_node, path, "yaml.complex_key")
                continue
            key = str(key_node.value)
            if key in seen:
                self._fail(key_node, (*path, key), "yaml.duplicate_key", key=key,
                           first_line=seen[key])
                continue
            seen[key] = key_node.start_mark.line + 1
            self.doc.key_marks[(*path, key)] = (key_node.start_mark.line + 1,
                                                key_node.start_mark.column + 1)
            yield key, self.build(value_node, (*path, key))

    def _scalar(self, node: yaml.ScalarNode, path: DocPath) -> Any:
        kind = SCALAR_KINDS.get(node.tag)
        if kind is None:
            self._fail(node, path, "yaml.unsupported_tag", tag=node.tag)
            return None
        self.doc.kinds[path] = kind
        self.doc.raw[path] = node.value
        if kind == "text":
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            self._fail(node, path, "yaml.bad_scalar", value=node.value, kind=kind)
            return None
