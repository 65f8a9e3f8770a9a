"""The core never spells a command-line flag: a problem about a setting's value carries the
setting's name (`option`), and the command line puts the flag before the message. The messages
below still name a flag (a hint on what to type, or a second option); the list may only shrink."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kehoach.core.outfile import write_output
from kehoach.errors import CannotWrite

CORE = Path(__file__).resolve().parents[2] / "src" / "kehoach" / "core"
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*|(?<![\w-])-o\b")

# Where the core still names a flag: (file, flag) pairs as found today.
STILL = {
    ("ledger/reading.py", "--any-plan"), ("ledger/reading.py", "--ledger"), ("ledger/tomlformat.py", "--all"),
    ("numbers.py", "--locale"), ("outfile.py", "--format"), ("outfile.py", "-o"), ("plan.py", "--plan"),
    ("plantools.py", "--period"), ("plantools.py", "--revise"), ("ranking.py", "--period"), ("ranking.py", "--year"),
    ("ranking.py", "-o"), ("recording.py", "--area"), ("recording.py", "--areas"), ("recording.py", "--force"),
    ("recording.py", "--revise"), ("sqlite_export.py", "--format"), ("sqlite_export.py", "--output"),
    ("storage.py", "--ledger"), ("transfer.py", "--all"),
}


def flags_in_core_messages() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                for flag in FLAG.findall(node.args[0].value):
                    found.add((path.relative_to(CORE).as_posix(), flag))
    return found


def test_no_new_message_in_the_core_names_a_flag():
    assert flags_in_core_messages() == STILL


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
