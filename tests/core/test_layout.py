"""The ledger package's import direction, and a core that reads no environment (issue 12)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "kehoach" / "core"
# Each module of core/ledger may import only the modules before it (see its __init__.py).
LEDGER_ORDER = ["model", "tomlformat", "store", "index", "reading", "author"]
# The one place left: plan.load_plan (not the ledger's) does not pass the cache folder yet, so
# plancache falls back to kehoach.paths for it. Remove this when load_plan takes cache_dir.
ALLOWED_ENVIRONMENT = {("plancache.py", "kehoach.paths")}


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


def _environment_reads(path: Path) -> list[str]:
    found = [m for m in _imports(path) if m == "kehoach.paths" or m.startswith("kehoach.paths.")]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb"):
            found.append(f"os.{node.attr}")
    return sorted(set(found) - {"kehoach.paths.cache_dir"})


def test_the_ledger_package_imports_only_downwards():
    for n, name in enumerate(LEDGER_ORDER):
        below = {f"kehoach.core.ledger.{m}" for m in LEDGER_ORDER[:n]}
        for module in _imports(CORE / "ledger" / f"{name}.py"):
            if module.startswith("kehoach.core.ledger."):
                owner = ".".join(module.split(".")[:4])
                assert owner in below, f"core/ledger/{name}.py imports {module}, which is not below it"


def test_every_ledger_module_is_in_the_order():
    assert sorted(p.stem for p in (CORE / "ledger").glob("*.py") if p.stem != "__init__") == sorted(LEDGER_ORDER)


def test_the_core_reads_no_environment():
    found = {(str(p.relative_to(CORE)), what) for p in CORE.rglob("*.py") for what in _environment_reads(p)}
    assert found <= ALLOWED_ENVIRONMENT, sorted(found - ALLOWED_ENVIRONMENT)
