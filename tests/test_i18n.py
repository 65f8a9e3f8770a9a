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


def test_a_word_in_context_has_its_own_translation():
    """One English word, two Vietnamese: the scoreboard's verdict and a row's."""
    assert i18n.status_label("vi", "achieved") == "Đạt/vượt KH"
    assert i18n.translator("vi").pgettext("verdict of a row", "Achieved") == "Đạt KH"
    assert i18n.translator("en").pgettext("verdict of a row", "Achieved") == "Achieved"
    assert i18n.label("vi", "baseline", year=2024) == "Ước 2024"  # not the report's "Ước TH năm 2024"
    assert i18n.translator("vi")._("Est. {year}") == "Ước TH năm {year}"


def test_a_translator_speaks_its_language_whatever_the_session_speaks():
    try:
        i18n.set_language("en")
        assert i18n.translator("vi")._("Error: {message}") == "Lỗi: {message}"
        assert i18n._("Error: {message}") == "Error: {message}"  # the session is untouched
        i18n.set_language("vi")
        assert i18n.translator("en")._("Error: {message}") == "Error: {message}"
        assert i18n.translator()._("Error: {message}") == "Lỗi: {message}"  # None: the session's
        assert i18n.translator("fr").lang == i18n.DEFAULT_LANGUAGE  # as set_language decides
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_tables_of_words_are_read_by_language_or_by_key():
    assert dict(i18n.KIND_LABELS["vi"])["flow"] == "lũy kế"
    assert i18n.KIND_LABELS.get("en", {})["flow"] == "flow"
    assert list(i18n.KIND_LABELS) == list(i18n.LANGUAGES)
    assert i18n.KIND_LABELS.get("fr") is None
    assert i18n.direction_label("vi", "lower") == "càng thấp càng tốt"
    assert i18n.label("vi", "no such label") == "no such label"


def test_numbers_take_their_separators_from_the_catalogue():
    from decimal import Decimal

    from kehoach.core.numbers import NumberFormat, NumberFormatError, format_number, parse_number

    assert i18n.number_separators("vi") == (".", ",") and i18n.number_separators("en") == (",", ".")
    assert format_number(Decimal("-1234567.5"), "vi") == "-1.234.567,5"
    assert NumberFormat("en").num(Decimal("10111.7")) == "10,111.7" and NumberFormat("vi").point == ","
    assert parse_number("10.111,7", "vi") == Decimal("10111.7") == parse_number("10,111.7", "en")
    with pytest.raises(NumberFormatError, match=r"'10,111\.7' không phải là số viết theo kiểu Việt Nam \(ví dụ 10\.111,7\)"):
        parse_number("10,111.7", "vi")
    try:
        i18n.set_language("en")
        with pytest.raises(NumberFormatError, match=r"is not a number in English format \(e\.g\. 10,111\.7\)"):
            parse_number("10.111,7", "en")
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_the_plan_s_own_text_is_chosen_in_one_place():
    from types import SimpleNamespace

    from kehoach.core.planview import note_in, own_text, plan_text

    ind = SimpleNamespace(name="Khách du lịch", name_en="Tourist visits", unit="huyện", unit_en=None,
                          target_text="tăng 12%", target_note_en="in English only")
    assert plan_text(ind, "name", "vi") == "Khách du lịch" and plan_text(ind, "name", "en") == "Tourist visits"
    assert plan_text(ind, "unit", "en") == "huyện"  # no English unit: the plan's own
    assert own_text(ind, "target_text", "vi") == "tăng 12%" and own_text(ind, "target_text", "en") is None
    assert note_in(ind, "target_note", "vi") == ("in English only", "en")  # marked as the other language's
