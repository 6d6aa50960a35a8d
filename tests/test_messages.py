"""The message catalogue: complete in both languages, and every key the code uses exists."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
import typer.main

from skillmatch.cli import app
from skillmatch.messages import MESSAGES, translate
from skillmatch.model import MatchMethod, MatchStatus
from skillmatch.validation import referential_counts

SRC = Path(__file__).resolve().parents[1] / "src" / "skillmatch"

#: Position of the message key among the positional arguments of the calls that take one.
KEY_ARGUMENT = {
    "translate": 0, "t": 0, "UsageError": 0, "InputNotFoundError": 0, "SkillmatchError": 0,
    "problem": 1, "Problem": 4,
}
KEY_LIKE = re.compile(r"[a-z_]+(\.[a-z0-9_]+)+")
#: Families of keys, from the catalogue and from the kinds of messages the code says.
KEY_PREFIXES = {key.split(".")[0] for key in MESSAGES} | {
    "error", "usage", "schema", "help", "yaml", "referential", "catalogue", "cases", "kind",
    "what", "col", "title", "status", "method", "block", "level", "gap", "eval", "validate",
    "count", "matches", "profiles"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def source_files() -> list[Path]:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 10
    return files


def callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def keys_used_in_source() -> dict[str, str]:
    """Every message key written as a literal in src/skillmatch: the key argument of
    translate/t/problem/Problem/UsageError..., and every literal shaped like a key of a known
    family ("schema.xxx", "usage.xxx", "help.xxx"...). Key -> where it is used."""
    used: dict[str, str] = {}
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(SRC)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call) and callee(node) in KEY_ARGUMENT:
                index = KEY_ARGUMENT[callee(node)]  # type: ignore[index]
                args = [*node.args[index:index + 1],
                        *(k.value for k in node.keywords if k.arg == "key")]
                for arg in args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        used.setdefault(arg.value, where)
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and KEY_LIKE.fullmatch(node.value)
                  and node.value.split(".")[0] in KEY_PREFIXES):
                used.setdefault(node.value, where)
    return used


# -- the catalogue itself ------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_french_and_english_with_the_same_placeholders(key):
    texts = MESSAGES[key]
    assert len(texts) == 2
    french, english = texts
    assert isinstance(french, str) and french.strip()
    assert isinstance(english, str) and english.strip()
    assert placeholders(french) == placeholders(english)


def test_french_and_english_texts_differ_where_words_are_translated():
    same = {key for key, (fr, en) in MESSAGES.items() if fr == en}
    # Only words that are the same in both languages may be identical.
    assert {key for key in same if key.startswith(("usage.", "error.", "help.", "title."))} \
        <= {"error.place_no_line"}


def test_translate_fills_placeholders_in_the_chosen_language():
    assert translate("usage.unknown_profile", "fr", id="ia-Z", known="ia-A") == \
        "profil inconnu « ia-Z » (profils : ia-A)"
    assert translate("usage.unknown_profile", "en", id="ia-Z", known="ia-A") == \
        'unknown profile "ia-Z" (profiles: ia-A)'


def test_french_messages_use_french_punctuation_before_colons():
    # "profil inconnu : x", never "profil inconnu: x" (a space before ":" in French);
    # "clé: valeur" is YAML syntax, quoted as is.
    bad = [key for key, (fr, _) in MESSAGES.items()
           if re.search(r"[^\s:/{]:(\s|$)", fr.replace("clé: valeur", ""))]
    assert bad == []


# -- keys used by the code ---------------------------------------------------------------------


def test_every_message_key_used_in_the_source_exists():
    used = keys_used_in_source()
    assert {"usage.no_skills", "usage.unknown_profile", "error.not_found",
            "schema.missing_key"} <= set(used)  # the scan does find keys
    missing = {key: where for key, where in used.items() if key not in MESSAGES}
    assert missing == {}


def test_keys_built_from_values_exist_for_every_value(referential):
    keys = [f"status.{s.value}" for s in MatchStatus]
    keys += [f"method.{m.value}" for m in MatchMethod]
    keys += [f"block.{b.id}" for b in referential.blocks]
    keys += [f"block.short.{b.id}" for b in referential.blocks]
    keys += [f"count.{name}" for name in referential_counts(referential)]
    keys += ["count.formations"]
    from skillmatch.yamldoc import SCALAR_KINDS

    keys += [f"kind.{kind}" for kind in (*SCALAR_KINDS.values(), "list", "mapping")]
    keys += [f"what.{what}" for what in ("domain", "block", "skill", "profile", "formation")]
    assert [key for key in keys if key not in MESSAGES] == []


def test_wrong_type_kinds_in_the_schema_reader_have_messages():
    tree = ast.parse((SRC / "schema.py").read_text(encoding="utf-8"))
    kinds = {node.args[1].value for node in ast.walk(tree)
             if isinstance(node, ast.Call) and callee(node) == "_wrong_type"
             and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)}
    assert kinds
    assert sorted(f"kind.{kind}" for kind in kinds if f"kind.{kind}" not in MESSAGES) == []


# -- help texts of the CLI --------------------------------------------------------------------


def cli_command():
    return typer.main.get_command(app)


def test_every_command_has_a_help_text_and_a_short_help():
    group = cli_command()
    names = sorted(group.commands)
    assert {"profiles", "match", "gap", "validate", "eval"} <= set(names)
    missing = [key for name in names for key in (f"help.{name}", f"help.short.{name}")
               if key not in MESSAGES]
    assert missing == []
    assert "help.app" in MESSAGES


def test_every_option_of_every_command_has_a_help_text():
    group = cli_command()
    commands = [("", group), *sorted(group.commands.items())]
    missing = [f"{name or 'skillmatch'}: help.opt.{param.name}"
               for name, command in commands for param in command.params
               if param.param_type_name == "option" and f"help.opt.{param.name}" not in MESSAGES]
    assert missing == []
    assert "help.opt.help" in MESSAGES  # the -h/--help option every command has
