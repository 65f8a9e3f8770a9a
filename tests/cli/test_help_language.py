"""--help speaks the user's language: Vietnamese by default, English on request, every text of it
(command help, options, Click's headings and extras) from the catalogue, translated when shown."""

from __future__ import annotations

import gettext
import os
import re
import subprocess

import pytest
import typer.main
from typer.testing import CliRunner

from kehoach import i18n
from kehoach.cli import app
from kehoach.cli.app import CLICK_TEXTS, USAGE_PIECES, _translate_extras, help_msgid
from tests.cli.test_examples import help_text
from tests.conftest import console_script


@pytest.fixture(scope="module")
def catalogue() -> dict:
    mo = i18n.locale_dir() / "vi" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    with mo.open("rb") as f:
        return gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]


def commands():
    """(path, click command) for the group and every command under it."""
    found = []

    def walk(cmd, path):
        found.append((path, cmd))
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def show_help(path, lang: str) -> str:
    return help_text(tuple(path), lang)  # one way to show --help in a language, shared with the examples' test


def help_texts(cmd) -> list[str]:
    """Every text a command's --help shows: its own help and each parameter's, --help's own included."""
    ctx = cmd.make_context("kehoach", [], resilient_parsing=True)
    return [t for t in [cmd.help, *(p.help for p in cmd.get_params(ctx))] if t]


def test_every_help_text_is_in_the_catalogue(catalogue):
    """A help= or docstring added without N_() (or without its Vietnamese) fails here."""
    missing = sorted({f"{' '.join(path) or 'kehoach'}: {text[:70]!r}"
                      for path, cmd in commands() for text in help_texts(cmd) if help_msgid(text) not in catalogue})
    assert not missing, "no Vietnamese for these --help texts:\n" + "\n".join(missing)


def test_the_words_click_and_typer_write_are_in_the_catalogue(catalogue):
    assert [t for t in (*CLICK_TEXTS, *USAGE_PIECES) if t not in catalogue] == []


@pytest.mark.parametrize("path", [p for p, _ in commands()], ids=lambda p: " ".join(p) or "kehoach")
def test_help_is_vietnamese_by_default_and_english_on_request(path, catalogue):
    cmd = dict(commands())[path]
    texts = help_texts(cmd)
    vi, en = show_help(path, "vi"), show_help(path, "en")
    assert vi.startswith("Cách dùng: kehoach") and en.startswith("Usage: kehoach")
    assert "Tùy chọn:" in vi and "Options:" in en and "Options:" not in vi
    assert not re.search(r"required|default:|env var:|Arguments:|Commands:|\[OPTIONS\]", vi)
    flat_vi, flat_en = " ".join(vi.split()), " ".join(en.split())  # Click wraps the prose
    for text in texts:
        first_line = " ".join(text.splitlines()[0].split())[:40]
        translated = " ".join(catalogue[help_msgid(text)].splitlines()[0].split())[:40]
        assert translated in flat_vi, f"{text!r} is not shown in Vietnamese"
        assert first_line in flat_en, f"{text!r} is not shown in English"
        if translated != first_line:
            assert first_line not in flat_vi, f"{text!r} is shown in English in the Vietnamese help"


def test_click_s_extras_and_headings_are_translated():
    vi, en = (" ".join(show_help(("record",), lang).split()) for lang in ("vi", "en"))  # unwrapped
    assert "Đối số:" in vi and "[bắt buộc]" in vi and "[mặc định: table]" in vi
    assert "Arguments:" in en and "[required]" in en and "[default: table]" in en
    assert not re.search(r"(required|default:|env var:)", vi)
    assert "[1901<=x<=2200; bắt buộc]" in " ".join(show_help(("plan", "new"), "vi").split())
    status_vi = " ".join(show_help(("status",), "vi").split())
    assert "[biến môi trường: KEHOACH_LANG; mặc định: vi]" in status_vi
    assert "Lệnh:" in show_help((), "vi") and "Commands:" in show_help((), "en")
    assert vi.startswith("Cách dùng: kehoach record [TÙY CHỌN] {indicator} {value}")
    assert en.startswith("Usage: kehoach record [OPTIONS] {indicator} {value}")
    assert show_help((), "vi").startswith("Cách dùng: kehoach [TÙY CHỌN] LỆNH [ĐỐI SỐ]...")


def test_one_process_shows_several_languages_and_keeps_the_english_msgids():
    """The texts are swapped only while the help is formatted: one process (CliRunner, a test
    session) may show many languages with the same command objects, which keep their English msgids."""
    cmd = dict(commands())[("record",)]
    before = help_texts(cmd)

    def formatted(lang: str) -> str:
        try:
            i18n.set_language(lang)
            return cmd.get_help(cmd.make_context("record", [], resilient_parsing=True))
        finally:
            i18n.set_language(i18n.DEFAULT_LANGUAGE)

    first_en = formatted("en")
    assert formatted("vi") != first_en
    assert formatted("en") == first_en
    assert help_texts(cmd) == before


def test_the_command_list_shows_each_command_in_the_language():
    vi, en = show_help((), "vi"), show_help((), "en")
    assert re.search(r"^\s+record\s+Ghi số thực hiện lũy kế", vi, re.MULTILINE)
    assert re.search(r"^\s+record\s+Record a year-to-date value", en, re.MULTILINE)


def test_usage_of_a_usage_error_speaks_the_language():
    try:
        i18n.set_language("vi")
        r = CliRunner().invoke(app, ["record"], env={"KEHOACH_LANG": "vi"})
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
    assert r.exit_code == 2 and "Cách dùng: kehoach record" in r.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Who.  [default: table]", "Who.  [mặc định: table]"),
        ("[required]", "[bắt buộc]"),
        ("Lang.  [env var: KEHOACH_LANG; default: vi]", "Lang.  [biến môi trường: KEHOACH_LANG; mặc định: vi]"),
        ("Plan file. [env var: KEHOACH_PLAN; default: the bundled plan]", None),  # the help's own bracket
        ("Year.  [1901<=x<=2200; required]", "Year.  [1901<=x<=2200; bắt buộc]"),  # a range: as it is
        ("No bracket at all.", None),
    ],
)
def test_extras_are_translated_only_when_they_are_click_s(text, expected):
    try:
        i18n.set_language("vi")
        assert _translate_extras(text) == (expected if expected is not None else text)
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_the_environment_variables_named_in_help_are_kehoach_s():
    """The help texts name their variables literally (a msgid cannot be an f-string): they must
    stay the ones kehoach reads."""
    from kehoach import paths

    text = " ".join((show_help(("status",), "en") + show_help(("record",), "en") + show_help((), "en")).split())
    for var in (paths.ENV_PLAN, paths.ENV_LEDGER, paths.ENV_LANG, paths.ENV_LOCALE, paths.ENV_DEBUG):
        assert var in text, var
    assert set(re.findall(r"KEHOACH_[A-Z_]+", text)) <= {v for k, v in vars(paths).items() if k.startswith("ENV_")}


def test_the_installed_script_shows_vietnamese_help_by_default(tmp_path):
    """The console script, as a user runs it, with no language asked for: Vietnamese from the
    catalogue installed with the package."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_")}
    r = subprocess.run([str(console_script()), "record", "--help"], check=False, cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Cách dùng: kehoach record [TÙY CHỌN]") and "Ví dụ:" in r.stdout
    assert "Ghi số thực hiện lũy kế" in r.stdout and "Record a year-to-date value" not in r.stdout
