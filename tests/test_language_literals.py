"""Every word a person reads comes from the catalogue: no module outside it holds a language literal.

The catalogue is `kehoach.i18n` and the .po files it reads. Anywhere else, parsed with `ast`, these
fail the test:
- a comparison with a language code ("vi", "en"): `lang == "vi"`, `lang in ("vi", "en")`;
- a table keyed by language code: `{"vi": …, "en": …}`, `dict(vi=…, en=…)`;
- (a heuristic) a string literal with Vietnamese letters (ă â đ ê ô ơ ư, or a tone mark), outside
  docstrings, and outside the argument of a catalogue marker (`_()`, `N_()`, `NP_()`, …): a msgid is
  English text in the catalogue, and may quote a Vietnamese term ("quý I", "Sở Tài chính").

A few files are allowlisted below, each by name, for the kinds of literal it may hold, and with
its reason: those another piece of work is changing now, and those whose Vietnamese is not a word
kehoach says but text it reads (what a person may type in a spreadsheet) or writes into a plan
(whose own language is Vietnamese). Everything else must be clean.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from kehoach import i18n

SRC = Path(i18n.__file__).parent
# The catalogue: the only module that may name a language.
CATALOGUE = {"i18n.py"}
# The kinds of language literal.
COMPARISON, TABLE, TEXT = "comparison", "table", "text"
EVERY_KIND = frozenset({COMPARISON, TABLE, TEXT})
# Files allowed some kinds of literal, each with its reason.
ALLOWED: dict[str, tuple[frozenset[str], str]] = {
    "core/plantools.py": (frozenset({TEXT}), "Vietnamese read in a plan or written into one (the names of provinces "
                          "and cities, the decree's heading, the template of `plan new`): the plan's own language"),
    "core/ledger/model.py": (frozenset({TEXT}), "the Vietnamese a person may write for a stage (ước tính, sơ bộ, "
                             "chính thức): input read in either language, not a word shown"),
    "core/transfer.py": (frozenset({TEXT, COMPARISON}), "the yes/no words a spreadsheet may hold (có, không), read "
                         "in either language; its 'vi'/'en' name a CSV's number convention, not a language of words"),
}
CODES = {"vi", "en"}
# The catalogue's markers: a literal given to one of them is a msgid (or a context), not a word here.
MARKERS = {"_", "N_", "NP_", "ngettext", "pgettext", "npgettext", "gettext", "say"}
# The letters of Vietnamese that English never uses: the breves, circumflexes, horns and đ, and
# every vowel with a tone mark (grave, acute, hook, tilde, dot below).
VIETNAMESE = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]"
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    kind: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _code(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and node.value in CODES else None


def _codes_in(node: ast.AST) -> list[str]:
    """The language codes a comparison's operand names: a constant, or a tuple, list or set of them."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [c for c in map(_code, node.elts) if c]
    code = _code(node)
    return [code] if code else []


def _marker(call: ast.Call) -> bool:
    f = call.func
    name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
    return name in MARKERS


def _exempt_strings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings or catalogue text (a marker's argument)."""
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            exempt.add(id(node.value))  # a docstring, or a string standing alone as a comment
        elif isinstance(node, ast.Call) and _marker(node):
            for arg in node.args:
                exempt.update(id(n) for n in ast.walk(arg) if isinstance(n, ast.Constant))
    return exempt


def findings(source: str, path: str = "<source>") -> list[Finding]:
    """Every language literal in `source`, the text of one module."""
    tree = ast.parse(source, path)
    exempt = _exempt_strings(tree)
    found: list[Finding] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            codes = [c for operand in (node.left, *node.comparators) for c in _codes_in(operand)]
            if codes:
                found.append(Finding(path, node.lineno, COMPARISON, f"a comparison with the language code {codes[0]!r}"))
        elif isinstance(node, ast.Dict):
            codes = [c for c in map(_code, [k for k in node.keys if k is not None]) if c]
            if codes:
                found.append(Finding(path, node.lineno, TABLE, f"a table keyed by the language code {codes[0]!r}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
            codes = [k.arg for k in node.keywords if k.arg in CODES]
            if codes:
                found.append(Finding(path, node.lineno, TABLE, f"a table keyed by the language code {codes[0]!r}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in exempt:
            letter = VIETNAMESE.search(node.value)
            if letter:
                found.append(Finding(path, node.lineno, TEXT, f"Vietnamese text outside the catalogue: {node.value[:60]!r}"))
    return sorted(found, key=lambda f: f.line)


def modules() -> list[tuple[str, Path]]:
    return [(p.relative_to(SRC).as_posix(), p) for p in sorted(SRC.rglob("*.py"))]


def not_allowed(name: str, source: str) -> list[Finding]:
    """The literals of module `name` that neither the catalogue nor the allowlist lets through."""
    if name in CATALOGUE:
        return []
    allowed = ALLOWED.get(name, (frozenset(), ""))[0]
    return [f for f in findings(source, name) if f.kind not in allowed]


def test_no_language_literal_outside_the_catalogue():
    found = [str(f) for name, path in modules() for f in not_allowed(name, path.read_text("utf-8"))]
    assert not found, (
        "language literals outside the catalogue (put the words in kehoach.po, with an English msgid in "
        "the code; choose between the plan's own two texts with planview.plan_text):\n" + "\n".join(found)
    )


def test_the_allowlist_names_files_that_exist_and_still_need_it():
    """An allowlisted file that is gone, or clean, leaves the list: it must not hide a new literal."""
    names = dict(modules())
    for name, (kinds, reason) in ALLOWED.items():
        assert reason.strip() and kinds <= EVERY_KIND
        assert name in names, f"{name} is allowlisted but does not exist"
        found = {f.kind for f in findings(names[name].read_text("utf-8"), name)}
        assert found, f"{name} is clean now: take it off ALLOWED"
        if kinds != EVERY_KIND:
            assert kinds <= found, f"{name} no longer holds {sorted(kinds - found)}: narrow its entry"


@pytest.mark.parametrize(
    "source",
    [
        'if lang == "vi":\n    x = 1\n',
        'x = "a" if lang != "en" else "b"\n',
        'ok = lang in ("vi", "en")\n',
        'ok = "vi" == settings.lang\n',
        'WORDS = {"vi": "Đạt", "en": "Achieved"}\n',
        'WORDS = {"en": "Achieved"}\n',
        'WORDS = dict(vi="a", en="b")\n',
        'label = "Chỉ tiêu"\n',
        'text = f"{n} tháng"\n',
        'def f():\n    """A docstring."""\n    return "còn thiếu"\n',
        'x = other("Chậm tiến độ")\n',
    ],
)
def test_a_language_literal_is_found(source):
    assert findings(source), source


@pytest.mark.parametrize(
    "source",
    [
        'x = _("Indicator")\n',
        'x = _("{n} in the first quarter (quý I)").format(n=1)\n',
        'x = N_("give an office, e.g. --by \'Sở Tài chính\'")\n',
        'x = NP_("verdict", "Achieved")\n',
        'x = tr.pgettext("verdict", "Đạt")\n',
        'def f():\n    """Vietnamese in a docstring: "đạt 61,3% kế hoạch"."""\n',
        'x = {"vn": 1, "eng": 2}\n',
        'lang = "vi"\n',  # a code as a value (a default), not a choice between languages
        'x = "en dash"\n',
    ],
)
def test_what_is_not_a_language_literal(source):
    assert not findings(source), findings(source)


ADDED = '\n\ndef _words(lang):\n    return "x" if lang == "vi" else "y"\n'


def test_lang_equals_vi_added_to_a_clean_module_fails_the_test():
    """The check as it runs on the tree: a clean module with `lang == "vi"` added is found."""
    source = dict(modules())["render/chart.py"].read_text("utf-8")
    assert not not_allowed("render/chart.py", source)
    assert [f.what for f in not_allowed("render/chart.py", source + ADDED)] == [
        "a comparison with the language code 'vi'"]


def test_a_file_allowed_its_vietnamese_input_words_is_not_allowed_a_language_branch():
    source = dict(modules())["core/plantools.py"].read_text("utf-8")
    assert not not_allowed("core/plantools.py", source)
    assert [f.kind for f in not_allowed("core/plantools.py", source + ADDED)] == [COMPARISON]
    assert not not_allowed("i18n.py", ADDED)  # the catalogue may name a language
