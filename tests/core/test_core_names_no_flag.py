"""The core never spells a command-line flag: a problem about a setting's value carries the
setting's name (`option`), and the command line puts the flag before the message. A hint on what
to type says `{flag_revise}` or `{cmd_import}`, which the catalogue spells (i18n._SPELLINGS)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kehoach.core.outfile import write_output
from kehoach.errors import CannotWrite

CORE = Path(__file__).resolve().parents[2] / "src" / "kehoach" / "core"
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*|(?<![\w-])-o\b")

def flags_in_core_messages() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                for flag in FLAG.findall(node.args[0].value):
                    found.add((path.relative_to(CORE).as_posix(), flag))
    return found


def test_no_message_in_the_core_names_a_flag():
    assert flags_in_core_messages() == set()


def test_the_catalogue_spells_what_a_message_tells_a_person_to_type():
    """A core message says `{flag_force}`; the catalogue gives the command line's flag, in both
    languages, and another front end may give its own words."""
    from kehoach import i18n

    said = "{value} {unit} is about {n} times the target ({target} {unit}): is it in the wrong unit or scale? " \
           "Add {flag_force} if the value is right"
    assert i18n.translator("en")._(said).endswith("Add --force if the value is right")
    assert i18n.translator("vi")._(said).endswith("Thêm --force nếu giá trị này đúng")
    try:
        i18n.spell_as({"flag_force": "the box “the value is right”"})
        assert i18n.translator("en")._(said).endswith("Add the box “the value is right” if the value is right")
    finally:
        i18n.spell_as({"flag_force": "--force"})
    assert not [m for m in i18n._SPELLINGS if m[1:-1].split("_", 1)[0] not in ("flag", "cmd", "env")]


@pytest.mark.parametrize("lang, said", [
    ("en", "Error: --output {out} is read-only; nothing was changed"),
    ("vi", "Lỗi: --output {out} chỉ cho phép đọc; không có gì thay đổi"),
])
def test_a_problem_about_the_output_names_the_file_and_the_command_line_adds_the_flag(run, tmp_path, lang, said):
    out = tmp_path / "records.csv"
    out.write_text("{}", encoding="utf-8")
    out.chmod(0o444)
    with pytest.raises(CannotWrite) as raised:
        write_output(out, b"[]")
    assert raised.value.option == "output" and "--output" not in raised.value.message
    r = run("--lang", lang, "export", "-o", out)
    assert r.exit_code == 73 and said.format(out=out) in r.stderr
    assert out.read_text(encoding="utf-8") == "{}"
