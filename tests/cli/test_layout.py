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


# Where a module of cli/ may touch sys.stdout other than through cli/output.py's emit: asking
# whether it is a terminal, its file descriptor (to silence it after a broken pipe), and main()
# setting the streams' error handler.
STDOUT_ASKS = {"isatty", "fileno"}
STDOUT_ALLOWED = {("app.py", "main")}


def _writes_stdout(tree: ast.AST) -> list[tuple[str, int]]:
    """(function, line) of each use of sys.stdout other than asking it, and of each print() or
    echo() that does not go to stderr."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, function: str, parent: ast.AST | None) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if isinstance(node, ast.Attribute) and node.attr == "stdout" and isinstance(node.value, ast.Name) \
                and node.value.id == "sys" and not (isinstance(parent, ast.Attribute) and parent.attr in STDOUT_ASKS):
            found.append((function, node.lineno))
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            to_stderr = any(k.arg == "err" or (k.arg == "file" and "stderr" in ast.unparse(k.value)) for k in node.keywords)
            if name in ("print", "echo", "secho") and not to_stderr:
                found.append((function, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child, function, node)

    visit(tree, "", None)
    return found


def test_only_emit_writes_stdout():
    """The result of a command goes to stdout (or -o) in one place, cli/output.py; anything else
    in cli/ writes messages to stderr or draws on the stream emit gives it."""
    wrong = []
    for path in _modules("cli"):
        name = str(path.relative_to(SRC / "cli"))
        if name == "output.py":
            continue
        wrong += [f"cli/{name}:{line} ({function})" for function, line in _writes_stdout(ast.parse(path.read_text("utf-8")))
                  if (name, function) not in STDOUT_ALLOWED]
    assert not wrong, "\n".join(wrong)


def test_the_stdout_check_sees_what_it_looks_for():
    for code in ("import sys\ndef f():\n    sys.stdout.write('x')\n", "def f():\n    print('x')\n",
                 "import typer\ndef f():\n    typer.echo('x')\n", "import sys\ndef f(out=sys.stdout):\n    pass\n",
                 "import sys\ndef f():\n    sys.stdout.buffer.write(b'x')\n"):
        assert _writes_stdout(ast.parse(code)), code
    for code in ("import sys\ndef f():\n    return sys.stdout.isatty()\n", "import sys\ndef f():\n    print('x', file=sys.stderr)\n",
                 "import typer\ndef f():\n    typer.echo('x', err=True)\n", "import sys\ndef f():\n    sys.stderr.write('x')\n"):
        assert not _writes_stdout(ast.parse(code)), code


def _documents_built_here(tree: ast.AST) -> list[int]:
    """The lines of a JSON document built as a dict literal: `Document(json={…})`, or a name
    bound to a dict literal and then handed to Document(json=…)."""
    literal: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            literal.update(t.id for t in node.targets if isinstance(t, ast.Name))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Document":
            for k in node.keywords:
                if k.arg == "json" and (isinstance(k.value, ast.Dict) or (isinstance(k.value, ast.Name)
                                                                           and k.value.id in literal)):
                    found.append(node.lineno)
    return found


def test_the_json_documents_are_built_in_the_contract_not_in_the_cli():
    """Each command's JSON document has its keys in one place, render/contract.py (or the core's
    result: ranking.document, Settings.describe); cli/ only hands it to emit."""
    wrong = [f"cli/{path.relative_to(SRC / 'cli')}:{line}" for path in _modules("cli")
             for line in _documents_built_here(ast.parse(path.read_text("utf-8")))]
    assert not wrong, "\n".join(wrong)
    assert _documents_built_here(ast.parse("Document(json={'a': 1})"))
    assert _documents_built_here(ast.parse("doc = {'a': 1}\nDocument(json=doc)"))
    assert not _documents_built_here(ast.parse("doc = contract.status_document(p)\nDocument(json=doc)"))
