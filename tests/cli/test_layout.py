"""The layout the README describes, enforced: imports go cli → render → core, never back, and the
core reads no environment (settings are resolved once, at the command line's edge)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "kehoach"

# package → the kehoach modules it may not import (at the top or inside a function)
FORBIDDEN = {
    "core": ("kehoach.cli", "kehoach.render", "kehoach.settings", "rich", "typer"),
    "render": ("kehoach.cli", "kehoach.settings", "typer"),
}
def _modules(package: str) -> list[Path]:
    return sorted((SRC / package).rglob("*.py"))


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _reads_environment(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os" \
                and node.attr in ("environ", "getenv", "environb"):
            return True
        if isinstance(node, ast.ImportFrom) and node.module in ("os", "kehoach.paths") and node.level == 0 \
                and (node.module == "kehoach.paths" or {a.name for a in node.names} & {"environ", "getenv"}):
            return True
        if isinstance(node, ast.Import) and any(a.name == "kehoach.paths" for a in node.names):
            return True
    return False


def _is_under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_go_one_way(package):
    wrong = []
    for path in _modules(package):
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            wrong += [f"{path.relative_to(SRC)} imports {name}" for f in FORBIDDEN[package] if _is_under(name, f)]
    assert not wrong, "\n".join(wrong)


def test_the_core_reads_no_environment():
    reading = {str(p.relative_to(SRC)) for p in _modules("core") if _reads_environment(ast.parse(p.read_text("utf-8")))}
    assert reading == set(), "the core must take settings as parameters (settings.py resolves them)"


def test_only_the_table_renderer_and_the_cli_import_rich():
    users = {str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
             if any(_is_under(n, "rich") for n in _imports(ast.parse(p.read_text("utf-8"))))}
    assert users <= {"render/table.py", "cli/write.py"}, users


def test_the_checks_see_what_they_look_for():
    """The checks themselves can fail: each finds the thing it forbids in a made-up module."""
    tree = ast.parse("import os\nfrom kehoach.render import table\ndef f():\n    return os.environ.get('X')\n")
    assert "kehoach.render.table" in _imports(tree) and _reads_environment(tree)
    assert _reads_environment(ast.parse("def f():\n    from kehoach.paths import cache_dir\n"))
    assert not _reads_environment(ast.parse("import os\nos.path.join('a')\n"))


def test_the_output_guard_names_the_workspace_file_as_paths_does():
    from kehoach import paths
    from kehoach.core import outfile

    assert outfile.WORKSPACE_FILE == paths.WORKSPACE_FILE
