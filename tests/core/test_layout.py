"""The ledger package's import direction (the core's environment rule is in tests/cli/test_layout.py)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "kehoach" / "core"
# Each module of core/ledger may import only the modules before it (see its __init__.py).
LEDGER_ORDER = ["fastread", "model", "tomlformat", "store", "index", "scanned", "cached", "reading", "author"]
def _imports(path: Path) -> list[str]:
    """Every module a file imports, at the top or inside a function."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
            out += [f"{node.module}.{a.name}" for a in node.names]
    return out


def test_the_ledger_package_imports_only_downwards():
    for n, name in enumerate(LEDGER_ORDER):
        below = {f"kehoach.core.ledger.{m}" for m in LEDGER_ORDER[:n]}
        for module in _imports(CORE / "ledger" / f"{name}.py"):
            if module.startswith("kehoach.core.ledger."):
                owner = ".".join(module.split(".")[:4])
                assert owner in below, f"core/ledger/{name}.py imports {module}, which is not below it"


def test_every_ledger_module_is_in_the_order():
    assert sorted(p.stem for p in (CORE / "ledger").glob("*.py") if p.stem != "__init__") == sorted(LEDGER_ORDER)
