"""Text normalisation for matching: pure functions, the same for aliases and for inputs.

`normalize` folds what people vary without meaning to (case, accents, Unicode forms, quotes,
spaces, punctuation); `match_key` goes further for comparison (stop words, plurals, versions,
bracketed details) and is applied identically to the referential's aliases and to the input,
so equivalent spellings always meet on the same key.
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: Words that carry no skill: French and English articles, prepositions and conjunctions.
STOP_WORDS = frozenset((
    "de", "des", "du", "d", "la", "le", "les", "l", "un", "une", "et", "en", "a", "au", "aux",
    "of", "the", "and", "for", "in", "to", "with", "avec", "pour", "par", "sur", "an", "on",
    # elided French pronouns and conjunctions ("s'exprimer", "qu'il"); never "c": C is a skill
    "s", "j", "m", "t", "n", "qu", "jusqu", "lorsqu", "puisqu",
))

_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}")
_BRACKET_CONTENT = re.compile(r"[(\[{]([^()\[\]{}]*)[)\]}]")
# Anything that is not a letter, digit, or one of the characters that change a skill's name
# (C++, C#, R&D) separates words.
_SEPARATORS = re.compile(r"[^0-9a-z+#&]+")
# A version standing alone: "3", "3.11", "v2" (dots are already spaces here), at most two digits
# so that "27001" or "2013" stay.
_VERSION_TOKEN = re.compile(r"v?\d{1,2}")
# A version glued to a name of at least three characters, or to C++/C#: "python3", "c++17",
# "html5". "ec2" or "s3" keep their digits.
_GLUED_VERSION = re.compile(r"((?:[a-z][a-z]{2,})|(?:[a-z][+#]+))v?\d{1,2}")
# "Objective-C", "e-learning", "Q-learning": a single letter joined by a hyphen is part of the
# word, never the skill "C" or "R" on its own.
_HYPHENATED_LETTER = re.compile(
    r"(?<![^\W_])([0-9a-z])-(?=[0-9a-z])|(?<=[0-9a-z])-([0-9a-z])(?![^\W_])"
)
# "R & D", "Q & A": single letters around "&" form one word, never the skill "R".
_INITIALS = re.compile(r"\b([0-9a-z]) ?& ?([0-9a-z])\b")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "“": '"', "”": '"'})


#: The combining diacritical marks (all of category Mn) that Latin accented letters
#: decompose into: removed at once, before looking at what is left character by character.
_DIACRITICS = re.compile("[\u0300-\u036f]+")


#: Texts up to this length are normalised once and remembered (skill strings and words come
#: back again and again); longer ones (whole CVs) are not kept.
REMEMBERED_CHARS = 200


def normalize(text: str) -> str:
    """Case-, accent- and space-insensitive form of `text`, punctuation turned into spaces."""
    return _remembered(text) if len(text) <= REMEMBERED_CHARS else _normalize(text)


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    if not text.isascii():
        text = _DIACRITICS.sub("", text)
    if not text.isascii():
        # Every mark (accents, enclosing marks like U+0489) belongs to its letter, never
        # splits it.
        text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    text = text.casefold().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    text = _HYPHENATED_LETTER.sub(lambda m: m.group(1) or m.group(2), text)
    text = " ".join(_SEPARATORS.sub(" ", text).split())
    return _INITIALS.sub(r"\1&\2", text)


_remembered = functools.lru_cache(maxsize=8192)(_normalize)

#: ASCII characters that are not letters, digits or symbols; those normalisation drops.
_ASCII_NOT_VISIBLE = dict.fromkeys(
    c for c in range(128) if unicodedata.category(chr(c))[0] not in "LNS")
_ASCII_NOT_KEPT = dict.fromkeys(
    c for c in range(128) if not (chr(c).isalnum() or chr(c) in "+#&"))


_NOT_ALNUM = re.compile(r"[\W_]+")
_NOT_KEPT = re.compile(r"[^\w+#&]|_")


def kept_share(text: str) -> float:
    """Share of the letters, digits and symbols of `text` that normalisation keeps.

    Text mostly made of symbols or of scripts the referential does not use ("Ω≈ç√∫˜µ≤≥÷")
    keeps little, and is not read as a skill. Punctuation does not count either way.
    """
    if text.isascii():  # the common case, counted without a look at each character
        shown = len(text.translate(_ASCII_NOT_VISIBLE))
        if not shown:
            return 0.0
        return len(normalize(text).translate(_ASCII_NOT_KEPT)) / shown
    # Letters and digits are exactly what `str.isalnum` (and `re`'s \w but "_") accepts: only
    # the other characters are looked at one by one, for symbols.
    others = "".join(_NOT_ALNUM.findall(text))
    shown = len(text) - len(others) + sum(
        1 for ch in others if unicodedata.category(ch)[0] == "S")
    if not shown:
        return 0.0
    return len(_NOT_KEPT.sub("", normalize(text))) / shown


def strip_brackets(text: str) -> str:
    """Remove bracketed details: "Scrum (certifié PSM I)" -> "Scrum"."""
    previous = None
    while previous != text:
        previous, text = text, _BRACKETS.sub(" ", text)
    return text


def bracket_contents(text: str) -> list[str]:
    """The bracketed details of `text` worth trying alone: "Google Cloud (GCP)" -> ["GCP"].

    A single character in brackets ("(c)", "[a]") is a mark or markup, never a skill.
    """
    text = unicodedata.normalize("NFKC", text)
    return [m.strip() for m in _BRACKET_CONTENT.findall(text) if len(m.strip()) > 1]


def singular(token: str) -> str:
    """Crude French/English singular, identical for aliases and inputs (it only has to agree)."""
    if len(token) <= 3 or not token.isalpha():
        return token
    for plural, single in (("eaux", "eau"), ("eux", "eu"), ("oux", "ou")):
        if token.endswith(plural):
            return token[: -len(plural)] + single
    if token.endswith("aux") and len(token) > 4:
        return token[:-3] + "al"
    if token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def _drop_version(token: str) -> str:
    if _VERSION_TOKEN.fullmatch(token):
        return ""
    glued = _GLUED_VERSION.fullmatch(token)
    return glued.group(1) if glued else token


def key_tokens(text: str) -> tuple[str, ...]:
    """The comparison tokens of `text`: normalised, versions, stop words and plurals folded."""
    # Compatibility forms first, so that "⒞" becomes "(c)" before brackets are set aside.
    words = normalize(strip_brackets(unicodedata.normalize("NFKC", text))).split()
    return tuple(filter(None, map(_comparison_token, words)))


@functools.lru_cache(maxsize=65536)  # words come back again and again
def _comparison_token(word: str) -> str:
    """A normalised word as compared: "" for a version or a stop word, else its singular."""
    token = _drop_version(word)
    return singular(token) if token and token not in STOP_WORDS else ""


def match_key(text: str) -> str:
    """The string two spellings of the same skill share: `key_tokens` joined by spaces."""
    return " ".join(key_tokens(text))
