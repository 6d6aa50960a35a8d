"""YAML safety: data files are loaded safely, hostile documents are refused cleanly.

Only `DataFileError` (exit 3, with a message key) may come out of loading a data file: never a
Python object built from a tag, never an exception of the YAML library, never a crash. The
official YAML test suite and the Big List of Naughty Strings (`../shared/peers/`) are fed
through the same functions.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

import skillmatch.yamldoc as yamldoc
from skillmatch.errors import DataFileError, ExitStatus, Problem
from skillmatch.referential import build_referential
from skillmatch.validation import validate_path
from skillmatch.yamldoc import load_file, parse

FIXTURES = Path(__file__).parent / "fixtures" / "referential"
VALID = FIXTURES / "valid"
#: Same place as conftest's SHARED: the team's shared data, absent from outside clones.
SHARED = Path(__file__).resolve().parents[2] / "shared"
SUITE = SHARED / "peers" / "yaml-test-suite"
BLNS = SHARED / "peers" / "blns" / "blns.txt"


def _places(problems: list[Problem] | tuple[Problem, ...]) -> list[tuple[object, ...]]:
    return [(p.line, p.column, p.path, p.key) for p in problems]


def _refused(text: str, name: str = "doc.yaml") -> list[Problem]:
    with pytest.raises(DataFileError) as info:
        parse(text, name)
    assert all(p.file == name for p in info.value.problems)
    return info.value.problems


def _json_problems(result: object) -> list[tuple[object, ...]]:
    doc = json.loads(result.stdout)  # type: ignore[attr-defined]
    return [(p["line"], p["column"], p["path"], p["code"]) for p in doc["problems"]]


def _no_traceback(result: object) -> None:
    for stream in (result.stdout, result.stderr):  # type: ignore[attr-defined]
        assert "Traceback" not in stream


# -- tags: nothing is ever constructed ---------------------------------------------------------

PYTHON_TAG = FIXTURES / "python_tag.yaml"


@pytest.fixture
def no_execution(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record any attempt to run a command while the test runs."""
    calls: list[object] = []

    def record(*args: object, **kwargs: object) -> int:
        calls.append(args)
        return 0

    monkeypatch.setattr(os, "system", record)
    monkeypatch.setattr(os, "popen", record)
    monkeypatch.setattr(subprocess, "Popen", record)
    return calls


def test_python_tag_runs_nothing_in_parse(no_execution: list[object], capfd) -> None:
    try:
        doc = parse('x: !!python/object/apply:os.system ["echo pwned"]\n', "tag.yaml")
    except DataFileError:
        pass
    else:
        # Whatever was accepted is plain data, not the result of a call.
        assert doc.data == {"x": ["echo pwned"]}
    assert no_execution == []
    assert "pwned" not in capfd.readouterr().out


def test_python_tag_runs_nothing_in_validate(run, no_execution: list[object], capfd) -> None:
    result = run("validate", str(PYTHON_TAG), "--referential", str(VALID), "--format", "json")
    _no_traceback(result)
    assert no_execution == []
    assert "pwned" not in capfd.readouterr().out
    assert "pwned" not in result.stderr


def test_python_tag_on_a_scalar_is_refused() -> None:
    problems = _refused('x: !!python/name:os.system ""\n')
    assert _places(problems) == [(1, 4, "x", "yaml.unsupported_tag")]
    assert problems[0].params == {"tag": "tag:yaml.org,2002:python/name:os.system"}


def test_unknown_local_tag_on_a_scalar_is_refused() -> None:
    assert _places(_refused("x: !pwn hello\n")) == [(1, 4, "x", "yaml.unsupported_tag")]


_TAG_ON_COLLECTION = ("tags on sequences and mappings are not checked: _Builder.build turns any "
                      "SequenceNode/MappingNode into a list/dict whatever its tag, so "
                      "`!!python/object/apply:os.system [...]` loads as a plain list")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('x: !!python/object/apply:os.system ["echo pwned"]\n', (1, 4, "x")),
        ('!!python/object/apply:os.system ["echo pwned"]\n', (1, 1, "(document)")),
        ("x: !!python/object/new:os.system\n  args: [echo pwned]\n", (1, 4, "x")),
        ("x: !pwn [a, b]\n", (1, 4, "x")),
    ],
    ids=["apply-sequence", "apply-document", "new-mapping", "local-tag-sequence"],
)
def test_tag_on_a_collection_is_refused(text: str, where: tuple[object, ...]) -> None:
    problems = _refused(text)
    assert [(p.line, p.column, p.path) for p in problems] == [where]
    assert [p.key for p in problems] == ["yaml.unsupported_tag"]


def test_cli_validate_refuses_python_tag(run) -> None:
    result = run("validate", str(PYTHON_TAG), "--referential", str(VALID), "--format", "json")
    assert result.exit_code == ExitStatus.INVALID_DATA
    assert _json_problems(result) == [(11, 14, "skills[6].aliases", "yaml.unsupported_tag")]


# -- aliases: bounded expansion, no recursion, no merge keys --------------------------------------


def _billion_laughs() -> str:
    return (FIXTURES / "billion_laughs.yaml").read_text(encoding="utf-8")


def test_billion_laughs_fixture_is_nine_levels_of_ten() -> None:
    lines = _billion_laughs().splitlines()
    assert len(lines) == 9
    assert all(line.count("*lol") == 10 for line in lines[1:])
    assert lines[0].count('"lol"') == 10


def test_billion_laughs_is_refused_quickly() -> None:
    start = time.perf_counter()
    problems = _refused(_billion_laughs(), "billion_laughs.yaml")
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0
    assert [p.key for p in problems] == ["yaml.too_many_nodes"]
    assert problems[0].params == {"limit": yamldoc.MAX_NODES}
    assert problems[0].line == 1  # the "lol" strings that are expanded are on line 1


def test_billion_laughs_limit_is_the_configured_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamldoc, "MAX_NODES", 50)
    problems = _refused(_billion_laughs())
    assert [(p.key, p.params) for p in problems] == [("yaml.too_many_nodes", {"limit": 50})]
    # 50 values are fine: a document of 40 is not refused.
    assert parse("[" + ", ".join(["a"] * 40) + "]", "small.yaml").data == ["a"] * 40


def test_cli_validate_refuses_billion_laughs_quickly(run) -> None:
    start = time.perf_counter()
    result = run("validate", str(FIXTURES / "billion_laughs.yaml"), "--format", "json")
    elapsed = time.perf_counter() - start
    assert result.exit_code == ExitStatus.INVALID_DATA
    assert elapsed < 2.0
    _no_traceback(result)
    assert [code for *_, code in _json_problems(result)] == ["yaml.too_many_nodes"]
    message = json.loads(result.stdout)["problems"][0]["message"]
    assert "refusé" in message
    assert f"{yamldoc.MAX_NODES}" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &a [*a]\n", [(1, 4, "a[0]", "yaml.recursive_alias")]),
        ("a: &a {b: *a}\n", [(1, 4, "a.b", "yaml.recursive_alias")]),
        ("&a [*a]\n", [(1, 1, "[0]", "yaml.recursive_alias")]),
    ],
    ids=["sequence", "mapping", "document"],
)
def test_recursive_alias_is_refused(text: str, expected: list[tuple[object, ...]]) -> None:
    assert _places(_refused(text)) == expected


def test_shared_alias_that_is_not_recursive_is_accepted() -> None:
    doc = parse("a: &x [1, 2]\nb: *x\n", "ok.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}
    assert doc.place(("b", 1)) == (1, 11)  # an alias's values are placed at the anchor


def test_cli_validate_refuses_recursive_alias(run) -> None:
    result = run("validate", str(FIXTURES / "recursive_alias.yaml"), "--referential", str(VALID),
                 "--format", "json")
    assert result.exit_code == ExitStatus.INVALID_DATA
    _no_traceback(result)
    assert _json_problems(result) == [(11, 14, "skills[6].aliases[0]", "yaml.recursive_alias")]


def test_merge_key_is_refused() -> None:
    text = "base: &b {id: r}\nother:\n  <<: *b\n  id: julia\n"
    assert _places(_refused(text)) == [(3, 3, "other", "yaml.merge_key")]


def test_cli_validate_refuses_merge_key(run) -> None:
    result = run("validate", str(FIXTURES / "merge_key.yaml"), "--referential", str(VALID),
                 "--format", "json")
    assert result.exit_code == ExitStatus.INVALID_DATA
    _no_traceback(result)
    assert _json_problems(result) == [(12, 5, "skills[7]", "yaml.merge_key")]
    message = json.loads(result.stdout)["problems"][0]["message"]
    assert message.endswith("les clés de fusion « << » ne sont pas acceptées")


# -- size limit ---------------------------------------------------------------------------------


def test_file_over_the_size_limit_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = FIXTURES / "syntax_error.yaml"  # would give yaml.syntax if it were parsed
    size = path.stat().st_size
    monkeypatch.setattr(yamldoc, "MAX_FILE_BYTES", size - 1)

    def must_not_parse(text: str, file: str) -> None:
        raise AssertionError("parsed a file over the size limit")

    monkeypatch.setattr(yamldoc, "parse", must_not_parse)
    with pytest.raises(DataFileError) as info:
        load_file(path)
    assert [(p.file, p.line, p.column, p.path, p.key, p.params)
            for p in info.value.problems] == [
        (str(path), None, None, "(document)", "yaml.too_big", {"size": size, "limit": size - 1})]


def test_file_at_the_size_limit_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    path = VALID / "competences.yaml"
    monkeypatch.setattr(yamldoc, "MAX_FILE_BYTES", path.stat().st_size)
    assert [s["id"] for s in load_file(path).data["skills"]][:2] == ["anglais", "python"]


def test_cli_validate_refuses_file_over_the_size_limit(
    run, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamldoc, "MAX_FILE_BYTES", 50)
    path = FIXTURES / "syntax_error.yaml"  # 86 bytes
    result = run("validate", str(path), "--referential", str(VALID), "--format", "json")
    assert result.exit_code == ExitStatus.INVALID_DATA
    _no_traceback(result)
    doc = json.loads(result.stdout)
    assert [(p["file"], p["code"]) for p in doc["problems"]] == [(str(path), "yaml.too_big")]
    size = path.stat().st_size
    assert doc["problems"][0]["message"] == (
        f"{path} : fichier trop gros ({size} octets, limite 50)")


# -- characters YAML forbids --------------------------------------------------------------------

CONTROL = FIXTURES / "control_character.yaml"


def test_control_character_is_refused(run) -> None:
    with pytest.raises(DataFileError) as info:
        load_file(CONTROL)
    assert [p.key for p in info.value.problems] == ["yaml.bad_character"]
    result = run("validate", str(CONTROL), "--referential", str(VALID), "--format", "json")
    assert result.exit_code == ExitStatus.INVALID_DATA
    _no_traceback(result)


def test_control_character_is_placed(run) -> None:
    result = run("validate", str(CONTROL), "--referential", str(VALID), "--format", "json")
    assert [(line, column) for line, column, *_ in _json_problems(result)] == [(10, 27)]


def test_control_character_is_refused_without_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamldoc, "_Loader", yaml.SafeLoader)
    _refused('label: "Langage R\x7f"\n')


# -- nesting depth ------------------------------------------------------------------------------


def test_deeply_nested_document_is_refused() -> None:
    _refused("skills: " + "[" * 1000 + "]" * 1000 + "\n")


def test_very_deeply_nested_document_does_not_crash_the_process(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("skills: " + "[" * 60_000 + "]" * 60_000 + "\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from skillmatch.errors import DataFileError\n"
        "from skillmatch.yamldoc import load_file\n"
        "try:\n"
        "    load_file(Path(sys.argv[1]))\n"
        "except DataFileError as exc:\n"
        "    print('refused', exc.problems[0].key)\n"
        "else:\n"
        "    print('loaded')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-500:])
    assert proc.stdout.startswith("refused ")


# -- the official YAML test suite ---------------------------------------------------------------


def _suite_rows() -> list[dict[str, str]]:
    index = SUITE / "index.tsv"
    if not index.is_file():
        return []
    with index.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


#: Documents the suite says must fail, that PyYAML accepts anyway (libyaml accepts three more).
_LENIENT = {"9C9N.yaml", "9JBA.yaml", "CVW2.yaml", "DK95-01.yaml", "G5U8.yaml", "QB6E.yaml",
            "S98Z.yaml", "SU5Z.yaml", "YJV2.yaml"}
if getattr(yamldoc, "_Loader", None) is getattr(yaml, "CSafeLoader", object()):
    _LENIENT |= {"MUS6-00.yaml", "X4QW.yaml", "Y79Y-003.yaml"}


def _suite_params() -> list[object]:
    rows = _suite_rows()
    if not rows:
        return [pytest.param(None, None, None, id="yaml-test-suite-absent")]
    params = []
    for row in rows:
        marks = []
        if row["error"] == "1" and row["file"] in _LENIENT:
            marks.append(pytest.mark.xfail(strict=True, reason=(
                "invalid YAML that the YAML library accepts: skillmatch loads it "
                f"({row['name']})")))
        params.append(pytest.param(row["file"], row["error"] == "1", row["name"], marks=marks,
                                   id=row["file"]))
    return params


def test_yaml_test_suite_index_is_complete(shared: Path) -> None:
    rows = _suite_rows()
    assert len(rows) == 402
    assert sum(row["error"] == "1" for row in rows) == 94
    assert sorted(p.name for p in (SUITE / "in").iterdir()) == sorted(r["file"] for r in rows)


@pytest.mark.parametrize(("name", "must_fail", "title"), _suite_params())
def test_yaml_test_suite_document(shared: Path, name: str, must_fail: bool, title: str) -> None:
    path = shared / "peers" / "yaml-test-suite" / "in" / name
    text = path.read_bytes().decode("utf-8")
    try:
        doc = parse(text, name)
    except DataFileError as exc:
        assert exc.problems
        assert all(p.file == name and p.key.startswith("yaml.") for p in exc.problems)
    else:
        assert not must_fail, f"{name} ({title}) must fail to parse, and was loaded"
        assert doc.file == name
    # No suite document is a referential or a catalogue: `validate` refuses each, cleanly.
    report = validate_path(path)
    assert report.problems
    assert all(p.file == str(path) for p in report.problems)


# -- the Big List of Naughty Strings as labels ---------------------------------------------------

_NAUGHTY_TEMPLATE = """domains:
  - {{id: data, label: {{fr: "Données", en: "Data"}}}}
blocks:
  - {{id: technique, label: {{fr: "Technique", en: "Technical"}}}}
skills:
  - id: naughty
    block: technique
    label: {{fr: {label}, en: "Naughty"}}
  - {{id: sql, block: technique, label: {{fr: "SQL", en: "SQL"}}}}
profiles:
  - {{id: data-A, domain: data, level: A, label: {{fr: "A", en: "A"}}, skills: [naughty, sql]}}
"""
#: Characters YAML 1.1 does not allow in a document (its "printable" set, inverted).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_REFUSALS = {"yaml.syntax", "yaml.bad_character", "schema.empty_text", "referential.empty_alias",
             "referential.unknown_skill", "referential.alias_collision"}


def _naughty_strings(shared: Path) -> list[str]:
    text = (shared / "peers" / "blns" / "blns.txt").read_text(encoding="utf-8")
    # split("\n"), not splitlines(): U+2028, U+0085, \x1c... are inside strings, not line ends.
    return [line for line in text.split("\n") if line and not line.startswith("#")]


def test_blns_has_its_strings(shared: Path) -> None:
    strings = _naughty_strings(shared)
    assert len(strings) >= 500
    assert "\u2028" in "".join(strings)


@pytest.mark.parametrize("ensure_ascii", [True, False], ids=["json-escaped", "json-utf8"])
def test_naughty_string_as_a_label_loads_or_is_refused(shared: Path, ensure_ascii: bool) -> None:
    loaded = 0
    for string in _naughty_strings(shared):
        quoted = json.dumps(string, ensure_ascii=ensure_ascii)
        name = f"naughty-{loaded}.yaml"
        try:
            referential = build_referential([parse(_NAUGHTY_TEMPLATE.format(label=quoted),
                                                   name)], name)
        except DataFileError as exc:
            keys = {p.key for p in exc.problems}
            assert keys <= _REFUSALS, (string, keys)
            assert all(p.file == name for p in exc.problems)
            if not ensure_ascii:
                assert ("yaml.bad_character" in keys) == bool(_NOT_PRINTABLE.search(quoted)), \
                    string
            for problem in exc.problems:
                if not problem.key.startswith("yaml."):
                    assert problem.line in (6, 8, 11), (string, problem)  # the naughty skill
            if not string.strip():
                assert "schema.empty_text" in keys
        else:
            loaded += 1
            assert referential.skill("naughty").label.fr == string.strip(), string
            assert referential.skill("naughty").label.en == "Naughty"
    assert loaded >= 350  # most of them are ordinary text once quoted
