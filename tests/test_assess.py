"""`skillmatch assess`, driven as a person would: keys typed in a real pseudo-terminal.

Each session runs the installed `skillmatch` script under pexpect on an 80x24 terminal, with
`SKILLMATCH_LANG` cleared (French by default) and files given relative to a temporary working
directory, as a person at home would type them. A session that ends in Ctrl-C or Ctrl-D exits
130 and writes nothing; a non-terminal stdin is refused with exit 2 and never waits.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from skillmatch.positioning import requirements

try:
    import pexpect
except ImportError:  # pragma: no cover
    pexpect = None

EXE = shutil.which("skillmatch")
NO_EXE = "the `skillmatch` script is not on PATH (pip install -e . first)"

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
COLUMNS = 80
NOT_A_TERMINAL = ("skillmatch: erreur: assess pose des questions : lancez-le dans un terminal "
                  "(l'entrée standard n'en est pas un) ; pour un traitement sans questions, "
                  "utilisez gap --person FICHIER\n")


def user_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("SKILLMATCH_LANG", "SKILLMATCH_REFERENTIAL", "SKILLMATCH_DEBUG")}
    env["SKILLMATCH_LANG"] = ""
    return env


def spawn(cwd: Path, *args: str):
    if EXE is None:
        pytest.skip(NO_EXE)
    if pexpect is None:
        pytest.skip("needs pexpect to drive a pseudo-terminal")
    # Ctrl-C as at a terminal: a test suite started in the background by a non-interactive
    # shell runs with SIGINT ignored, which the child (and its Python) would inherit.
    child = pexpect.spawn(EXE, ["assess", *args], encoding="utf-8", dimensions=(24, COLUMNS),
                          timeout=15, env=user_env(), cwd=str(cwd),
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    child.logfile_read = io.StringIO()
    return child


def transcript(child) -> str:
    """What the person saw (their keys echoed), without colours, with plain newlines."""
    return ANSI.sub("", child.logfile_read.getvalue()).replace("\r\n", "\n")


def answer(child, prompt: str, keys: str) -> None:
    child.expect_exact(prompt)
    child.sendline(keys)


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def level_prompts(referential, profile_id: str, lang: str, held: set[str],
                  answers: dict[str, list[str]], child) -> None:
    """Answer every level question of the profile, in order, checking each prompt."""
    items = requirements(referential, referential.find_profile(profile_id))
    for number, item in enumerate(items, start=1):
        label = referential.skill(item.skill_id).label.get(lang)
        mark = " ✓" if item.skill_id in held else ""
        if lang == "fr":
            prompt = f"[{number}/{len(items)}] {label} (requis {item.level}){mark} : "
        else:
            prompt = f"[{number}/{len(items)}] {label} (required {item.level}){mark}: "
        if len(prompt) > 76:  # the session shortens long labels to keep 80 columns
            prompt = f"[{number}/{len(items)}] "
        for keys in answers.get(item.skill_id, [""]):
            answer(child, prompt, keys)


def following(lines: list[str], start: str) -> str:
    """The line right after the first line that starts with `start`."""
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    return lines[index + 1]


# -- a full French session ------------------------------------------------------------------------


@dataclass
class Session:
    status: int
    text: str
    directory: Path

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


#: The levels typed in the full session; every other question is skipped with Enter.
FR_LEVELS = {"matrices": ["7", "2"], "statistiques": ["3"], "python": ["1"],
             "deep-learning": ["0"], "git": ["2"]}


@pytest.fixture(scope="module")
def french_session(referential, tmp_path_factory) -> Session:
    directory = tmp_path_factory.mktemp("assess-fr")
    child = spawn(directory, "--save", "moi.yaml", "--learn", "corrections.yaml")
    child.expect_exact("Auto-évaluation skillmatch.")
    for keys in ("3", "robotique", "", "1"):  # three wrong answers, then the first domain
        answer(child, "Domaine [1-2] : ", keys)
    answer(child, "Profil [A/B/C] : ", "x")
    answer(child, "Profil [A/B/C] : ", "b")  # by its letter, in lower case
    child.expect_exact("Profil visé : ia-B — IA – B « En développement »")
    answer(child, "> ", "")  # nothing yet: asked again
    answer(child, "> ", "Python, staqistqque")
    answer(child, "> ", "cuisine; Git")
    answer(child, "> ", "")
    child.expect_exact("Reconnues : Langage Python, Gestion de versions (Git, GitHub)")
    confirm = "« staqistqque » : voulez-vous dire « Statistiques » ? [o/n] "
    answer(child, confirm, "peut-être")
    answer(child, confirm, "o")
    child.expect_exact("Non reconnues (sans lien avec le référentiel) : cuisine")
    level_prompts(referential, "ia-B", "fr", {"python", "git", "statistiques"}, FR_LEVELS,
                  child)
    status = finish(child)
    return Session(status, transcript(child), directory)


def test_full_session_exits_0_and_says_where_it_saved(french_session):
    assert french_session.status == 0, french_session.text
    assert "Traceback" not in french_session.text
    lines = french_session.lines
    assert "Réponses enregistrées : moi.yaml (à reprendre avec --person moi.yaml)" in lines
    assert "Décisions ajoutées aux corrections : corrections.yaml" in lines
    assert sorted(p.name for p in french_session.directory.iterdir()) == [
        "corrections.yaml", "moi.yaml"]  # no temporary file left


def test_full_session_saves_the_answers_exactly(french_session):
    saved = yaml.safe_load((french_session.directory / "moi.yaml").read_text(encoding="utf-8"))
    assert saved == {"person": {
        "target": "ia-B",
        "skills": ["Python", "staqistqque", "cuisine", "Git"],
        "confirmed": {"staqistqque": "statistiques"},
        "rejected": [],
        "levels": {"matrices": 2, "statistiques": 3, "python": 1, "deep-learning": 0, "git": 2},
    }}


def test_full_session_teaches_the_confirmed_alias(french_session):
    learned = yaml.safe_load(
        (french_session.directory / "corrections.yaml").read_text(encoding="utf-8"))
    assert learned == {"learned": {
        "aliases": [{"text": "staqistqque", "skill": "statistiques"}], "rejections": []}}


def test_full_session_asks_again_after_wrong_answers(french_session):
    lines = french_session.lines
    domain_again = [i for i, line in enumerate(lines) if line == "Répondez par un numéro de 1 à 2."]
    assert len(domain_again) == 3
    assert lines[domain_again[0] - 1] == "Domaine [1-2] : 3"
    assert lines[domain_again[1] - 1] == "Domaine [1-2] : robotique"
    assert lines[domain_again[2] - 1] == "Domaine [1-2] : "
    assert following(lines, "> ") == "Écrivez au moins une compétence."
    assert following(lines, "« staqistqque » : voulez-vous dire « Statistiques » ? [o/n] peut") \
        == "Répondez o (oui) ou n (non)."
    assert following(lines, "[1/21] Matrices / algèbre linéaire (requis 1) : 7") \
        == "Répondez 0, 1, 2 ou 3, ou Entrée pour passer."
    assert lines.count("[1/21] Matrices / algèbre linéaire (requis 1) : 2") == 1


def test_full_session_shows_the_result_at_the_end(french_session):
    text = " ".join(french_session.text.split())
    assert "Écart au profil ia-B (avec ia-A)" in text
    assert "Langage Python (python) ia-A Tech. oui 1/2" in text  # declared 1, required 2


def test_saved_answers_reload_with_person_and_learn(french_session, run):
    directory = french_session.directory
    result = run("gap", "--person", str(directory / "moi.yaml"), "-f", "json")
    assert result.exit_code == 0, result.stderr
    gap = json.loads(result.stdout)["gap"]
    assert gap["target"] == "ia-B"
    missing = {i["skill_id"]: i for i in gap["missing"]}
    held = {i["skill_id"]: i for i in gap["held"]}
    assert (missing["python"]["declared_level"], missing["python"]["required_level"]) == (1, 2)
    assert missing["deep-learning"]["declared_level"] == 0
    assert {"matrices", "statistiques", "git"} <= set(held)
    assert gap["to_confirm"] == []
    learned = run("match", "-s", "staqistqque", "--learn", str(directory / "corrections.yaml"),
                  "-f", "json")
    assert json.loads(learned.stdout)["results"][0]["status"] == "match"


def test_every_line_of_the_session_fits_in_80_columns(french_session):
    wide = [line for line in french_session.lines if len(line) > COLUMNS]
    assert wide == [], "\n".join(f"{len(line)}: {line}" for line in wide)


def test_a_wrong_profile_answer_is_corrected_in_the_prompts_terms(french_session):
    again = following(french_session.lines, "Profil [A/B/C] : x")
    assert re.search(r"\bA\b.*\bB\b.*\bC\b", again), again


# -- English, --target, rejection -----------------------------------------------------------------


def test_english_session(referential, tmp_path):
    child = spawn(tmp_path, "--lang", "en", "--save", "me.yaml")
    child.expect_exact("skillmatch self-assessment.")
    answer(child, "Field [1-2]: ", "9")
    child.expect_exact("Answer with a number from 1 to 2.")
    answer(child, "Field [1-2]: ", "2")
    answer(child, "Profile [A/B/C]: ", "A")
    child.expect_exact("Target profile: cyber-A — Cybersecurity – A \"In training\"")
    answer(child, "> ", "Python, staqistqque, English")
    answer(child, "> ", "")
    child.expect_exact("Recognised: Python programming, English (comprehension and expression)")
    answer(child, "\"staqistqque\": do you mean \"Statistics\"? [y/n] ", "y")
    level_prompts(referential, "cyber-A", "en", {"anglais", "python", "statistiques"},
                  {"cryptographie": ["x", "2"], "anglais": ["3"]}, child)
    assert finish(child) == 0
    text = transcript(child)
    assert "Answer 0, 1, 2 or 3, or Enter to skip." in text
    assert "Answers saved: me.yaml (reload them with --person me.yaml)" in text
    for french in ("Répondez", "Domaine", "requis", "Profil visé", "compétences"):
        assert french not in text
    saved = yaml.safe_load((tmp_path / "me.yaml").read_text(encoding="utf-8"))["person"]
    assert saved["target"] == "cyber-A"
    assert saved["confirmed"] == {"staqistqque": "statistiques"}
    assert saved["levels"] == {"cryptographie": 2, "anglais": 3}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["me.yaml"]  # no --learn: no file


def test_target_skips_the_questions_and_a_rejection_is_learned(referential, tmp_path):
    corrections = tmp_path / "corrections.yaml"
    corrections.write_text('learned:\n  aliases:\n    - {text: "dév. IA générative", '
                           'skill: deep-learning}\n', encoding="utf-8")
    child = spawn(tmp_path, "--target", "ia-b", "--save", "moi.yaml", "--learn",
                  "corrections.yaml")
    child.expect_exact("Profil visé : ia-B — IA – B « En développement »")
    answer(child, "> ", "dév. IA générative, staqistqque")
    answer(child, "> ", "")
    child.expect_exact("Reconnues : Deep learning")  # the learn file is read by assess too
    answer(child, "« staqistqque » : voulez-vous dire « Statistiques » ? [o/n] ", "n")
    level_prompts(referential, "ia-B", "fr", {"deep-learning"}, {}, child)
    assert finish(child) == 0
    text = transcript(child)
    assert "Domaine" not in text
    assert "Profil [A/B/C]" not in text
    saved = yaml.safe_load((tmp_path / "moi.yaml").read_text(encoding="utf-8"))["person"]
    assert saved == {"target": "ia-B", "skills": ["dév. IA générative", "staqistqque"],
                     "confirmed": {}, "rejected": ["staqistqque"], "levels": {}}
    learned = yaml.safe_load(corrections.read_text(encoding="utf-8"))["learned"]
    assert learned == {  # the earlier alias kept, the new rejection added
        "aliases": [{"text": "dév. IA générative", "skill": "deep-learning"}],
        "rejections": [{"text": "staqistqque", "skill": "statistiques"}]}


LEFT = "\x1b[D"  # the left-arrow key


def test_arrow_keys_edit_the_answer(referential, tmp_path):
    child = spawn(tmp_path, "--target", "ia-a", "--save", "moi.yaml")
    child.expect_exact("> ")
    child.send(f"Pyton{LEFT}{LEFT}h\r")  # "Pyton", back two characters, insert the "h"
    answer(child, "> ", "")
    while child.expect([r"\[o/n\] $", r"\[\d+/18\] [^\n]*(\)|✓) : $", pexpect.EOF]) != 2:
        child.sendline("n" if child.after.endswith("[o/n] ") else "")
    child.close()
    assert child.exitstatus == 0
    saved = yaml.safe_load((tmp_path / "moi.yaml").read_text(encoding="utf-8"))["person"]
    assert saved["skills"] == ["Python"]


# -- Ctrl-C, Ctrl-D -------------------------------------------------------------------------------

PREVIOUS_PERSON = "person:\n  skills: [\"SQL\"]\n"
PREVIOUS_LEARNED = "learned:\n  aliases:\n    - {text: \"bdd\", skill: bases-de-donnees}\n"


@dataclass
class Interrupted:
    status: int | None
    signal: int | None
    tail: str  # what the terminal showed after the key
    directory: Path
    before: dict[str, str]  # the files there before the session


@pytest.fixture(scope="module", params=["ctrl-c", "ctrl-d"])
def interrupted(request, tmp_path_factory) -> Interrupted:
    directory = tmp_path_factory.mktemp(request.param)
    if request.param == "ctrl-c":  # in the middle of the levels, files already there
        (directory / "moi.yaml").write_text(PREVIOUS_PERSON, encoding="utf-8")
        (directory / "corrections.yaml").write_text(PREVIOUS_LEARNED, encoding="utf-8")
        child = spawn(directory, "--target", "ia-a", "--save", "moi.yaml", "--learn",
                      "corrections.yaml")
        answer(child, "> ", "Python, staqistqque")
        answer(child, "> ", "")
        answer(child, "« staqistqque » : voulez-vous dire « Statistiques » ? [o/n] ", "o")
        answer(child, "[1/18] Matrices / algèbre linéaire (requis 1) : ", "2")
        child.expect_exact("[2/18] ")
        child.expect_exact("(requis 1) : ")
        mark = len(child.logfile_read.getvalue())
        child.sendintr()
    else:  # at the skills prompt, --domain given: no domain question
        child = spawn(directory, "--domain", "cyber", "--save", "moi.yaml", "--learn",
                      "corrections.yaml")
        answer(child, "Profil [A/B/C] : ", "c")
        child.expect_exact("Profil visé : cyber-C — Cybersécurité – C « En renforcement »")
        answer(child, "> ", "Python")
        child.expect_exact("> ")
        mark = len(child.logfile_read.getvalue())
        child.sendeof()
    before = {p.name: p.read_text(encoding="utf-8") for p in directory.iterdir()}
    child.expect(pexpect.EOF)
    child.close()
    tail = ANSI.sub("", child.logfile_read.getvalue()[mark:]).replace("\r\n", "\n")
    assert "Domaine" not in transcript(child)
    return Interrupted(child.exitstatus, child.signalstatus, tail, directory, before)


def test_an_interrupted_session_exits_130_and_writes_nothing(interrupted):
    assert (interrupted.status, interrupted.signal) == (130, None), interrupted.tail
    assert "Traceback" not in interrupted.tail
    after = {p.name: p.read_text(encoding="utf-8") for p in interrupted.directory.iterdir()}
    assert after == interrupted.before  # neither --save nor --learn written, no .part left


def test_an_interrupted_session_says_so_in_one_line(interrupted):
    lines = [line for line in interrupted.tail.replace("^C", "").split("\n") if line.strip()]
    assert lines == ["skillmatch: erreur: interrompu"]


# -- not a terminal -------------------------------------------------------------------------------


def test_assess_without_a_terminal_exits_2_with_a_clear_message(run, tmp_path):
    result = run("assess", "--save", str(tmp_path / "moi.yaml"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == NOT_A_TERMINAL
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(EXE is None, reason=NO_EXE)
@pytest.mark.parametrize("stdin", ["devnull", "pipe"])
def test_assess_with_stdin_not_a_terminal_never_waits(tmp_path, stdin):
    kwargs = {"stdin": subprocess.DEVNULL} if stdin == "devnull" else {"input": "1\nA\nPython\n\n"}
    completed = subprocess.run([EXE, "assess", "--save", "moi.yaml"], capture_output=True,
                               text=True, timeout=30, cwd=tmp_path, env=user_env(), **kwargs)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr == NOT_A_TERMINAL
    assert list(tmp_path.iterdir()) == []
