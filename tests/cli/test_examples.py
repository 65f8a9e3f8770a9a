"""Examples that run: every example command line of every --help, in Vietnamese and in English, and
every `kehoach …` line of README.md's shell examples, run against the bundled plan.

The README's examples run first, in order, in a fresh workspace (they are one session: the records
its `status` and `check` show are made by the lines before them). Each command's --help examples
then run, in order, in a copy of that workspace. An input file an example names but no line before
it makes (`kehoach import thang6.csv`) is made first, with kehoach itself. Each kehoach command must
exit 0, except `kehoach check`, whose help documents 1 when an indicator needs attention. Other
programs in a line (jq, cut, mail, git) are not run; `cd DIR` is followed.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach import i18n

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
# README.md and the docs whose examples continue its session, in the order they run (one session:
# the records a later example shows are made by the lines before it). The command reference is
# --help itself, whose examples are run below.
DOCUMENTS = [README, *(REPO / "docs" / name for name in (
    "contract.md", "commands.md", "data.md", "ledger.md", "import-export.md", "sqlite.md", "plan-file.md",
    "method.md", "merged-provinces.md", "report.md", "screens.md", "performance.md", "huong-dan.md",
))]


def documents_text() -> str:
    """Every example document, one after the other (those not written yet are left out)."""
    return "\n".join(d.read_text("utf-8") for d in DOCUMENTS if d.exists())
OPERATORS = {"|", "||", "&&", ";"}
OUTPUT_OPTIONS = {"-o", "--output", "--ledger", ">"}
# How to make an input file that an example reads, by its suffix: with kehoach, from the workspace.
MAKE_INPUT = {
    ".csv": ["export", "--output", "{file}"],
    ".xlsx": ["export", "--format", "xlsx", "--output", "{file}"],
    ".toml": ["plan", "new", "--province", "Bắc Giang", "--year", "2026", "--output", "{file}"],
    ".sqlite": ["export", "--output", "{file}"],  # `kehoach rank FILE.sqlite`: the workspace's own export
}
# `kehoach check` exits 1 when an indicator needs attention (its --help says so); `plan check` 65 on
# the untouched `plan new` template its examples write (its --help says so); all else 0.
EXPECTED = {"check": {0, 1}, "plan check": {0, 65}}
ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")


# ─────────────────────────── collecting the examples ───────────────────────────


def command_paths() -> list[tuple[str, ...]]:
    """Every command and group of the CLI, as the words that name it: (), ("status",), ("plan", "new"), …"""
    import typer.main

    from kehoach.cli import app

    found: list[tuple[str, ...]] = []

    def walk(cmd, path: tuple[str, ...]) -> None:
        found.append(path)
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            if not sub.hidden:
                walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def help_text(path: tuple[str, ...], lang: str) -> str:
    from kehoach.cli import app

    try:
        i18n.set_language(lang)
        r = CliRunner().invoke(app, [*path, "--help"], env={"KEHOACH_LANG": lang, "COLUMNS": "200"})
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
    assert r.exit_code == 0, r.output
    return r.stdout


EXAMPLE_LINE = re.compile(r"^\s+(kehoach\s.*)$")


def help_examples(text: str) -> list[str]:
    """The example command lines of a --help: indented lines that start with `kehoach `."""
    return [m.group(1) for line in text.splitlines() if (m := EXAMPLE_LINE.match(line))]


def readme_examples(text: str) -> list[str]:
    """The command lines of README.md's shell blocks (console: the `$ ` lines; sh: every line)
    that run kehoach."""
    return [command for command, _ in readme_session(text)]


def readme_session(text: str) -> list[tuple[str, str]]:
    """(command line, the output the README shows under it) for each kehoach line of its shell blocks."""
    found: list[tuple[str, list[str]]] = []
    fence: str | None = None
    for line in text.splitlines():
        if line.startswith("```"):
            fence = None if fence is not None else (line[3:].strip() or "text")
            continue
        if fence in ("console", "shell-session"):
            command = line[2:] if line.startswith("$ ") else None
            if command is None and found and found[-1][0] is not None:
                found[-1][1].append(line)  # output of the line above
                continue
        elif fence in ("sh", "bash", "shell"):
            command = line if line.strip() and not line.lstrip().startswith("#") else None
        else:
            continue
        runs_kehoach = command is not None and any("kehoach" in words for words in command_words(command))
        found.append((command if runs_kehoach else None, []))  # type: ignore[arg-type]
    return [(command, "\n".join(shown)) for command, shown in found if command is not None]


def segments(line: str) -> list[tuple[list[str], str | None]]:
    """A shell line as its simple commands, each with the file its stdout is redirected to (`>`)."""
    lex = shlex.shlex(line, posix=True, punctuation_chars=True)
    lex.whitespace_split = True
    out: list[tuple[list[str], str | None]] = []
    words: list[str] = []
    redirect: str | None = None
    tokens = list(lex)
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t in OPERATORS:
            if words:
                out.append((words, redirect))
            words, redirect = [], None
        elif t == ">":
            redirect = tokens[i + 1]
            i += 1
        else:
            words.append(t)
        i += 1
    if words:
        out.append((words, redirect))
    return out


def command_words(line: str) -> list[list[str]]:
    """What a line runs, comments left out: the same in both languages."""
    return [words for words, _ in segments(line)]


# ─────────────────────────── running them ───────────────────────────


def session_date() -> str:
    """The day README.md says its session was taken ("`KEHOACH_TODAY=2025-07-15` replays it"):
    the session runs on that day, so what it shows is what it printed then."""
    section = README.read_text("utf-8").split("## A session", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"`KEHOACH_TODAY=(\d{4}-\d{2}-\d{2})`", section)
    assert found, "README.md's session must say the day it was taken (`KEHOACH_TODAY=YYYY-MM-DD`)"
    return found.group(1)


def script_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_") and not k.startswith("XDG_")}
    env.update(
        HOME=str(home),
        NO_COLOR="1",
        COLUMNS="200",
        KEHOACH_BY="kiem-thu",
        KEHOACH_TODAY=session_date(),  # the day the README's session was taken, whatever the clock says
        KEHOACH_CACHE=str(home / "cache"),
    )
    return env


def kehoach(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kehoach", *args], check=False, cwd=cwd, env=env, capture_output=True, timeout=120)


def run_line(line: str, cwd: Path, env: dict[str, str], stdout: dict[str, bytes] | None = None) -> Path:
    """Run the kehoach commands of one example line in `cwd`; returns the folder a `cd` left it in
    (and puts in `stdout` what the line's last kehoach command printed)."""
    for words, redirect in segments(line):
        assignments = {}
        while words and ASSIGNMENT.match(words[0]):  # `KEHOACH_LANG=en kehoach …`
            name, _, value = words.pop(0).partition("=")
            assignments[name] = value
        if not words:
            continue
        program, args = words[0], words[1:]
        if program == "cd":
            cwd = cwd / args[0]
            continue
        if program != "kehoach":
            continue  # jq, cut, mail, git, pip…: not kehoach's to test
        make_inputs(args, cwd, env)
        r = kehoach(args, cwd, {**env, **assignments})
        expected = EXPECTED.get(" ".join(args[:2]), EXPECTED.get(args[0] if args else "", {0}))
        assert r.returncode in expected, (
            f"`{line}` exited {r.returncode} (expected {sorted(expected)}) in {cwd}:\n"
            + r.stderr.decode("utf-8", "replace")[-1500:]
        )
        if redirect is not None:
            (cwd / redirect).write_bytes(r.stdout)
        if stdout is not None:
            stdout[line] = r.stdout
    return cwd


def make_inputs(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    for i, word in enumerate(args):
        recipe = MAKE_INPUT.get(Path(word).suffix)
        if recipe is None or (i and args[i - 1] in OUTPUT_OPTIONS) or (cwd / word).exists():
            continue
        r = kehoach([w.format(file=word) for w in recipe], cwd, env)
        assert r.returncode == 0, r.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> tuple[Path, dict[str, str], dict[str, bytes]]:
    """A workspace (plan and ledger) as the README's examples, run in order in a fresh one, leave it."""
    root = tmp_path_factory.mktemp("examples")
    env = script_env(root / "home")
    r = kehoach(["init", "ws"], root, env)
    assert r.returncode == 0, r.stderr
    ws = root / "ws"
    made_by_init = sorted(p.name for p in ws.iterdir())
    printed: dict[str, bytes] = {}
    for doc in DOCUMENTS:  # a `cd` holds to the end of its page, as in a shell session
        cwd = ws
        for line in readme_examples(doc.read_text("utf-8") if doc.exists() else ""):
            cwd = run_line(line, cwd, env, printed)
    # The state the README's session leaves (plan and ledger), without the files its examples wrote.
    state = root / "state"
    state.mkdir()
    for name in made_by_init:
        (shutil.copytree if (ws / name).is_dir() else shutil.copy2)(ws / name, state / name)
    return state, env, printed


# ─────────────────────────── the tests ───────────────────────────


def test_the_readme_examples_run_in_order(workspace):
    ws, _, _ = workspace
    lines = readme_examples(documents_text())
    assert len(lines) >= 10 and any(line.startswith("kehoach record") for line in lines)
    assert list((ws / "ledger").glob("*.toml")), "the README's session recorded nothing"


def test_the_readme_shows_what_its_examples_print(workspace):
    """What the README shows under a command is what it prints, wrapping aside: the Vietnamese
    defaults of `status`, `check`, the English chart, the CSV. Not compared: `record` (its message,
    on stderr, names a ledger and an id of the day) and output marked as abridged."""
    _, _, printed = workspace
    compared = 0
    for command, shown in readme_session(documents_text()):
        if not shown.strip() or "..." in shown or command_words(command)[0][1:2] == ["record"]:
            continue
        assert " ".join(printed[command].decode("utf-8").split()) == " ".join(shown.split()), (
            f"README.md shows something else under `$ {command}`:\n{printed[command].decode('utf-8')}"
        )
        compared += 1
    assert compared >= 4


PATHS = command_paths()


def test_every_document_with_examples_is_run():
    """A docs/ page with kehoach examples that DOCUMENTS does not list would never be run."""
    listed = {d.name for d in DOCUMENTS}
    unrun = [d.name for d in sorted((REPO / "docs").glob("*.md"))
             if d.name not in listed and not d.name.startswith("cli-reference") and readme_examples(d.read_text("utf-8"))]
    assert unrun == []


def test_every_command_has_examples_in_its_help():
    missing = [" ".join(p) for p in PATHS if p and p != ("plan",) and not help_examples(help_text(p, "en"))]
    assert not missing, f"no examples in the --help of: {missing}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "kehoach")
def test_the_examples_of_every_help_run_in_both_languages(path, workspace, tmp_path):
    english = help_examples(help_text(path, "en"))
    vietnamese = help_examples(help_text(path, "vi"))
    assert [command_words(x) for x in vietnamese] == [command_words(x) for x in english], (
        "the Vietnamese --help must show the same example commands (only the comments translated)"
    )
    ws, env, _ = workspace
    copy = tmp_path / "ws"
    shutil.copytree(ws, copy)
    for line in english:
        run_line(line, copy, env)


def test_an_example_that_fails_is_caught(workspace, tmp_path):
    """The runner itself: an example the bundled plan refuses fails the test."""
    ws, env, _ = workspace
    with pytest.raises(AssertionError, match="exited 2"):
        run_line('kehoach record tourists 0.12 --period 2025-06 --area "Lục Ngạn"', ws, env)


def test_segments_follow_the_shell():
    assert segments("kehoach export --all --format csv > backup.csv && kehoach import backup.csv") == [
        (["kehoach", "export", "--all", "--format", "csv"], "backup.csv"),
        (["kehoach", "import", "backup.csv"], None),
    ]
    assert command_words("KEHOACH_LANG=en kehoach record --help") == [["KEHOACH_LANG=en", "kehoach", "record", "--help"]]
    assert command_words('kehoach check || mail -s "Kế hoạch: chậm" a@b.vn   # for cron') == [
        ["kehoach", "check"], ["mail", "-s", "Kế hoạch: chậm", "a@b.vn"]
    ]
