"""Every message marked for translation has a Vietnamese translation with the same placeholders,
and the installed kehoach carries the compiled catalogue."""

from __future__ import annotations

import ast
import gettext
import string
from pathlib import Path

import pytest

from kehoach import i18n

SRC = Path(i18n.__file__).parent
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}
# Marked with a context (gettext's msgctxt): the catalogue keys them "context\x04msgid".
CONTEXT_MARKERS = {"NP_", "pgettext"}
# A renderer's words in the language it is given: `translator(lang)._("…")`, `.pgettext("…", "…")`.
METHOD_MARKERS = {"_": 1, "ngettext": 2}


def in_catalogue(text: str) -> str:
    """A text as its msgid: Click's no-rewrap mark (a backspace) is written as backslash-b there."""
    return text.replace("\b", "\\b")


def _is_command(node: ast.AST) -> bool:
    """A function registered as a command (`@app.command(…)`, `@plan_app.command`, `@app.callback()`):
    its docstring is its --help text, a msgid as Typer stores it (cleaned, as inspect.getdoc does)."""
    if not isinstance(node, ast.FunctionDef):
        return False
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(target, ast.Attribute) and target.attr in ("command", "callback"):
            return True
    return False


def marked_messages() -> dict[str, str]:
    """msgid → the first place it is marked, read from the source with ast (as xgettext would):
    the literals of _(), N_() and ngettext(), and the docstrings of commands."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if _is_command(node):
                doc = ast.get_docstring(node, clean=True)  # type: ignore[arg-type]
                if doc:
                    found.setdefault(in_catalogue(doc), f"{path.relative_to(SRC)}:{node.lineno}")  # type: ignore[attr-defined]
                continue
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            for msgid in _marked_in(node, where):
                found.setdefault(in_catalogue(msgid), where)
    return found


def _literal(arg: ast.expr, marker: str, where: str) -> str:
    assert isinstance(arg, ast.Constant) and isinstance(arg.value, str), (
        f"{where}: {marker}() needs a string literal, or the catalogue cannot be checked"
    )
    return arg.value


def _marked_in(node: ast.Call, where: str) -> list[str]:
    """The msgids a call marks: `_("…")`, `N_("…")`, `ngettext("…", "…", n)`, a context's
    `NP_("context", "…")` / `pgettext(…)` as "context\x04…", and the same called on a translator
    (`words._("…")`, `words.pgettext("…", "…")`) when its text is written there."""
    f = node.func
    if isinstance(f, ast.Name):
        if f.id in MARKERS:
            return [_literal(arg, f.id, where) for arg in node.args[: MARKERS[f.id]]]
        if f.id in CONTEXT_MARKERS:
            context, message = (_literal(arg, f.id, where) for arg in node.args[:2])
            return [f"{context}\x04{message}"]
        return []
    if not isinstance(f, ast.Attribute):
        return []
    if f.attr in CONTEXT_MARKERS and len(node.args) >= 2 and all(
            isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2]):
        return [f"{node.args[0].value}\x04{node.args[1].value}"]  # type: ignore[attr-defined]
    if f.attr in METHOD_MARKERS:  # a message given as a name was marked where it was written (N_)
        args = node.args[: METHOD_MARKERS[f.attr]]
        if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            return [a.value for a in args]  # type: ignore[attr-defined]
    return []


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.fixture(scope="module")
def catalogue() -> gettext.GNUTranslations:
    mo = i18n.locale_dir() / "vi" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    assert mo.is_file(), f"{mo} is missing: the build (hatch_build.py) compiles it from the .po"
    with mo.open("rb") as f:
        return gettext.GNUTranslations(f)


def test_the_installed_package_carries_the_compiled_catalogue(catalogue):
    assert catalogue.gettext("Error: {message}") == "Lỗi: {message}"


def test_every_marked_message_has_a_vietnamese_translation(catalogue):
    catalog = catalogue._catalog  # type: ignore[attr-defined]
    missing = [f"{where}: {msgid!r}" for msgid, where in marked_messages().items() if msgid not in catalog]
    assert not missing, "no Vietnamese in kehoach.po for:\n" + "\n".join(missing)


def test_translations_keep_every_placeholder(catalogue):
    catalog = catalogue._catalog  # type: ignore[attr-defined]
    wrong = []
    for msgid, msgstr in catalog.items():
        if not msgid or isinstance(msgid, tuple):
            continue
        if placeholders(msgid) != placeholders(msgstr):
            wrong.append(f"{msgid!r} → {msgstr!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_translations_keep_click_s_no_rewrap_marks(catalogue):
    """A help paragraph marked \\b (examples, lists) stays unwrapped in Vietnamese too."""
    catalog = catalogue._catalog  # type: ignore[attr-defined]
    assert any("\\b" in m for m in catalog if isinstance(m, str)), "no help text with its mark in the catalogue"
    wrong = [msgid[:60] for msgid, msgstr in catalog.items()
             if isinstance(msgid, str) and msgid.count("\\b\n") != msgstr.count("\\b\n")]
    assert not wrong, f"the \\b marks differ: {wrong}"


def test_language_switch_and_english_is_the_code_text():
    try:
        i18n.set_language("en")
        assert i18n._("Error: {message}") == "Error: {message}"
        i18n.set_language("vi")
        assert i18n._("Error: {message}") == "Lỗi: {message}"
        assert i18n.set_language("fr") == "vi"  # unknown: the default
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["status", "--lang", "en"], {}, "en"),
        (["status", "--lang=en"], {}, "en"),
        (["status"], {"KEHOACH_LANG": "en"}, "en"),
        (["status", "--lang", "vi"], {"KEHOACH_LANG": "en"}, "vi"),
        (["record", "x", "1", "--", "--lang", "en"], {}, None),
        (["status"], {}, None),
    ],
)
def test_language_is_read_before_the_command_line_is_parsed(args, env, expected):
    assert i18n.language_from_args(args, env) == expected
