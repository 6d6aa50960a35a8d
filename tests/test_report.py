"""`skillmatch report`: the self-contained, printable HTML report, end to end.

Every run goes through the CLI with the bundled referential and catalogue (or the small
catalogue of `fixtures/report/`). The file must hold every section in the chosen language,
reference nothing outside itself, parse cleanly, escape whatever a person, an input or a user
catalogue holds, and read right once a browser has laid it out (headless Chromium, when
installed: the text of the printed PDF, and a screenshot).
"""

from __future__ import annotations

import datetime
import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from skillmatch.messages import MESSAGES, translate
from skillmatch.messages_report import REPORT_MESSAGES
from skillmatch.render.html import TEMPLATE, environment

FIXTURES = Path(__file__).parent / "fixtures" / "report"
EVIL_CATALOGUE = FIXTURES / "evil_catalogue.yaml"
PERSON = FIXTURES / "person.yaml"
TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "skillmatch" / "templates"

#: A fuzzy match (pyton), a reading to confirm (agil), an input with no match.
SKILLS = "python, sql, statistiques, machine learning, pyton, agil, gestion de projet"
ARGS = ("--skills", SKILLS, "--target", "ia-B")
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
EVIL_TITLE = "<b onmouseover=alert(1)>Formation</b>"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Page(HTMLParser):
    """The report as a parser sees it: elements, attributes, visible text, nesting errors."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.styles: list[str] = []
        self.svg_children: list[list[str]] = []  # direct children of each <svg>
        self.ids: list[str] = []
        self.feed(text)
        self.close()
        if self.stack:
            self.errors.append(f"not closed: {self.stack}")

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if self.stack and self.stack[-1] == "svg":
            self.svg_children[-1].append(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        if tag == "svg":
            self.svg_children.append([])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        (self.styles if self.stack and self.stack[-1] == "style" else self.texts).append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]

    def attributes(self) -> list[tuple[str, str, str | None]]:
        return [(tag, name, value) for tag, attrs in self.elements for name, value in attrs.items()]


def report(run, tmp_path: Path, *args: str, name: str = "r.html") -> tuple[str, Page]:
    out = tmp_path / name
    result = run("report", *args, "-o", str(out))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert out.is_file()
    text = out.read_text(encoding="utf-8")
    return text, Page(text)


def recommend_doc(run, *args: str) -> dict[str, Any]:
    result = run("recommend", *args, "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


# -- content ----------------------------------------------------------------------------------


def test_report_in_french_by_default_has_every_section(run, tmp_path) -> None:
    out = tmp_path / "r.html"
    result = run("report", *ARGS, "-o", str(out))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "rapport écrit" in result.stderr
    text = out.read_text(encoding="utf-8")
    page = Page(text)
    words = page.text
    assert page.tags("html")[0]["lang"] == "fr"
    for heading in ("Positionnement et parcours de formation suggéré",
                    "Niveau atteint par domaine", "Couverture des compétences",
                    "Couverture des compétences propres à chaque profil",
                    "Couverture du profil visé ia-B (avec ia-A), par bloc",
                    "Compétences reconnues dans la saisie", "À confirmer (1)",
                    "Saisies sans correspondance (1)", "Écart au profil visé",
                    "Compétences manquantes", "Parcours de formation suggéré",
                    "Parcours suggéré (coût minimal)", "Écart restant après le parcours"):
        assert heading in words, heading
    assert "Niveau atteint en Intelligence artificielle : pas encore au niveau A" in words
    assert "Niveau atteint en Cybersécurité : pas encore au niveau A" in words
    # the data used, and when
    assert "cs-ia-92, version 1.0.0" in words and "skillmatch-92, version 2026.11" in words
    assert f'datetime="{datetime.date.today().isoformat()}"' in text
    # evidence: input, label, method, score, alias
    assert "pyton Langage Python (python) approché 83,3 python" in words
    assert "agil Méthodes agiles (agile) approché 80 agile" in words
    assert "gestion de projet" in words
    # the gap, the path and its totals, the residual, the disclaimer
    assert "Écart au profil ia-B (avec ia-A)" in words
    doc = recommend_doc(run, *ARGS)
    for formation in doc["path"]["formations"]:
        assert " ".join(formation["title"].split()) in words
        assert formation["url"] in [a["href"] for a in page.tags("a")]
    totals = translate("path.totals", "fr", count=len(doc["path"]["formations"]),
                       cost=f"{doc['path']['totals']['cost_eur']:,.0f}\u00a0€".replace(
                           ",", "\u202f"),
                       hours=f"{doc['path']['totals']['hours']:,.0f}".replace(",", "\u202f"),
                       covered=len(doc["path"]["covered"]))
    assert " ".join(totals.split()) in words
    assert "Le parcours couvre toutes les compétences manquantes." in words \
        or doc["path"]["residual"]
    assert "Ce sont des suggestions, à discuter entre le conseiller et la personne qui " \
        "décident ensemble." in words
    assert "coûts et durées indicatifs" in words


def test_report_in_english_with_lang_en(run, tmp_path) -> None:
    _, page = report(run, tmp_path, *ARGS, "--lang", "en")
    words = page.text
    assert page.tags("html")[0]["lang"] == "en"
    for heading in ("Skills positioning and suggested training path", "Level reached per domain",
                    "Skills coverage", "Skills recognised in the input", "To confirm (1)",
                    "Gap to the target profile", "Suggested training path",
                    "Suggested path (least cost)", "Gap left after the path"):
        assert heading in words, heading
    assert "Level reached in Artificial intelligence: not yet at level A" in words
    assert "These are suggestions for the adviser and the person to discuss and decide on " \
        "together." in words
    assert "pyton Python programming (python) fuzzy 83.3 python" in words
    assert "Niveau atteint" not in words and "Parcours" not in words


def test_declared_levels_show_beside_the_required_ones(run, tmp_path) -> None:
    _, page = report(run, tmp_path, "--person", str(PERSON))
    words = page.text
    assert "DE-2026-0042" in words  # the person file's id, no --name given
    assert "Niv. déclaré/requis" in words
    assert "Langage Python (python) ia-A Technique oui 1 / 2" in words
    assert "Deep learning (deep-learning) ia-B Technique oui 1 / 2" in words


def test_a_level_reached_and_nothing_missing(run, tmp_path) -> None:
    every_ia_b_skill = ("matrices, fonctions-plusieurs-variables, probabilites, statistiques, "
                        "modelisation, python, r, bases-de-donnees, rgpd, anglais, "
                        "culture-generale, aisance-orale, ethique-ia, enjeux-environnementaux, "
                        "agile, scrum, gantt, pert, machine-learning, deep-learning, git")
    text, page = report(run, tmp_path, "--skills", every_ia_b_skill, "--target", "ia-B")
    words = page.text
    assert "Niveau atteint en Intelligence artificielle : IA – B « En développement » (ia-B)" \
        in words
    assert "Aucune compétence manquante." in words
    assert "Rien ne manque pour ce profil : aucune formation n'est nécessaire." in words
    assert "Écart restant après le parcours" not in words  # nothing was missing
    assert '<text class="note"' in text and ">atteint</text>" in text  # in the chart
    assert page.errors == []


def test_constraints_and_notices_are_shown(run, tmp_path) -> None:
    _, page = report(run, tmp_path, *ARGS, "--budget", "200", "--department", "99")
    words = page.text
    assert "budget au plus 200 €" in words
    assert "aucune formation dans le(s) département(s) 99" in words
    assert "Réponse la plus proche, sans limite de budget ni de durée" in words


# -- one file, nothing outside ----------------------------------------------------------------


def test_report_is_self_contained(run, tmp_path) -> None:
    text, page = report(run, tmp_path, *ARGS)
    formation_urls = {f["url"] for f in recommend_doc(run, *ARGS)["path"]["formations"]}
    assert not page.tags("link") and not page.tags("script") and not page.tags("img")
    for tag in ("iframe", "object", "embed", "base", "frame", "audio", "video", "source"):
        assert not page.tags(tag), tag
    for tag, name, value in page.attributes():
        assert name not in ("src", "srcset", "action", "background", "poster"), (tag, name)
        assert not name.startswith("on"), (tag, name)
        if name in ("href", "xlink:href"):
            assert tag == "a" and value in formation_urls, (tag, value)
    styles = "".join(page.styles).lower()
    assert "@import" not in styles and "url(" not in styles and "@font-face" not in styles
    assert [m for m in re.findall(r"url\(([^)]*)\)", text) if not m.startswith("#")] == []
    assert "<meta http-equiv" not in text.lower()


def test_report_parses_cleanly_and_every_chart_has_a_title(run, tmp_path) -> None:
    text, page = report(run, tmp_path, *ARGS)
    assert text.startswith("<!DOCTYPE html>")
    assert page.errors == []
    assert len(page.tags("svg")) == 2
    assert all(children[:2] == ["title", "desc"] for children in page.svg_children)
    for svg in page.tags("svg"):
        assert svg["role"] == "img"
        assert set(str(svg["aria-labelledby"]).split()) <= set(page.ids)
    assert len(page.ids) == len(set(page.ids))  # ids (patterns too) are unique in the page
    # a table of the same values follows each chart
    assert len([c for c in page.tags("table") if c.get("class") == "chart-data"]) == 2
    assert page.tags("title") and "ia-B" in text


def test_chart_bars_are_hatched_outlined_and_labelled(run, tmp_path) -> None:
    text, _ = report(run, tmp_path, *ARGS)
    doc = recommend_doc(run, *ARGS)
    bars = re.findall(r'<rect [^>]*fill="url\(#chart-[a-z]+-p\d\)"[^>]*>', text)
    assert bars and all('stroke="#000000"' in bar for bar in bars)
    assert text.count("<pattern ") >= 4
    svg = text[text.index("<svg"):text.index("</svg>")]
    for position in doc["positions"]:
        for coverage in position["profiles"]:
            assert f">{coverage['coverage'] * 100:.0f} %</text>" in svg


# -- escaping ---------------------------------------------------------------------------------


def test_environment_autoescapes_and_template_marks_nothing_safe() -> None:
    env = environment()
    assert env.autoescape is True
    for path in TEMPLATES.rglob("*"):
        if path.is_file():
            source = path.read_text(encoding="utf-8")
            assert "|safe" not in source.replace(" ", "") and "Markup" not in source
            assert "autoescape false" not in source.replace(" ", "")
    rendered = env.from_string("<p title='{{ x }}'>{{ x }}</p>").render(x=IMG)
    assert "<img" not in rendered


def test_name_and_inputs_with_markup_come_out_as_text(run, tmp_path) -> None:
    text, page = report(run, tmp_path, "--skills", f"{SKILLS}; {IMG}", "--target", "ia-B",
                        "--name", SCRIPT)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script" not in text.lower() and "<img" not in text.lower()
    assert not page.tags("script") and not page.tags("img")
    assert all(not name.startswith("on") for _, name, _ in page.attributes())
    assert SCRIPT in page.text  # shown literally, as the person typed it
    assert IMG in page.text


def test_user_catalogue_with_markup_comes_out_as_text(run, tmp_path) -> None:
    check = run("validate", str(EVIL_CATALOGUE))
    assert check.exit_code == 0, check.stdout + check.stderr
    text, page = report(run, tmp_path, "--skills", "python", "--target", "ia-B",
                        "--catalogue", str(EVIL_CATALOGUE))
    assert html.escape(EVIL_TITLE, quote=False) in text
    assert EVIL_TITLE in page.text
    assert 'Organisme "><svg onload=alert(2)> & Cie' in page.text
    assert not page.tags("b") and not page.tags("script") and not page.tags("i")
    assert len(page.tags("svg")) == 2  # the charts only
    assert all(not name.startswith("on") for _, name, _ in page.attributes())
    # the URL stays one attribute value, quotes and all
    assert [a["href"] for a in page.tags("a")] == \
        ['https://example.org/?a=1&b="><script>alert(3)</script>']
    assert "Catalogue <i>piégé</i> de test" in page.text
    assert page.errors == []


# -- the catalogue of texts ---------------------------------------------------------------------


def test_report_messages_are_in_the_catalogue() -> None:
    # Both languages and the same placeholders: tests/test_messages.py checks every MESSAGES
    # key, these included.
    assert REPORT_MESSAGES and all(MESSAGES[key] == texts for key, texts in
                                   REPORT_MESSAGES.items())


def test_every_key_the_template_uses_exists() -> None:
    source = (TEMPLATES / TEMPLATE).read_text(encoding="utf-8")
    keys = set(re.findall(r"""\bt\(\s*["']([^"']+)["']""", source))
    assert "report.heading" in keys
    assert sorted(keys - set(MESSAGES)) == []


# -- as a person sees it --------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
PDFTOTEXT = shutil.which("pdftotext")


def chromium(tmp_path: Path, *args: str) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-extensions", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'chromium-profile'}", *args],
        check=True, capture_output=True, timeout=60)


def visible(text: str) -> str:
    """PDF text with every kind of space made one space, and "22 %" / "22%" made one form."""
    text = re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text)
    return re.sub(r" %", "%", text).strip()


@pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (Debian package "
                    "chromium) to lay the report out as a person sees it")
@pytest.mark.skipif(PDFTOTEXT is None, reason="needs pdftotext (Debian package poppler-utils) "
                    "to read the printed report")
def test_report_as_chromium_prints_and_shows_it(run, tmp_path) -> None:
    out = tmp_path / "report.html"
    result = run("report", *ARGS, "--name", SCRIPT, "-o", str(out))
    assert result.exit_code == 0, result.stdout + result.stderr
    pdf = tmp_path / "r.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", out.as_uri())
    assert pdf.read_bytes().startswith(b"%PDF")
    assert PDFTOTEXT is not None
    seen = visible(subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], check=True,
                                  capture_output=True, text=True, timeout=30).stdout)
    doc = recommend_doc(run, *ARGS)
    assert "Niveau atteint en Intelligence artificielle : pas encore au niveau A" in seen
    assert "Niveau atteint en Cybersécurité : pas encore au niveau A" in seen
    assert "seuil 60%" in seen
    for position in doc["positions"]:
        for coverage in position["profiles"]:
            assert f"{coverage['profile']} {coverage['coverage'] * 100:.0f}%" in seen
    for formation in doc["path"]["formations"]:
        assert visible(formation["title"]) in seen, formation["title"]
    totals = doc["path"]["totals"]
    assert visible(translate(
        "path.totals", "fr", count=totals["count"],
        cost=f"{totals['cost_eur']:,.0f} €".replace(",", " "),
        hours=f"{totals['hours']:,.0f}".replace(",", " "),
        covered=len(doc["path"]["covered"]))) in seen
    assert visible(translate("path.disclaimer", "fr", catalogue="skillmatch-92",
                             version="2026.11")) in seen
    assert SCRIPT in seen  # the name, shown as typed

    png = tmp_path / "r.png"
    chromium(tmp_path, "--window-size=1280,2000", f"--screenshot={png}", out.as_uri())
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000
