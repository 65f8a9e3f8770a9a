"""The validated plan, cached by the plan file's content: pydantic runs once per version of a plan.

The key is a BLAKE2b hash of the plan's bytes, the kehoach and Python versions and the source of the
modules that validate and hold a plan, so a changed plan, an upgraded or edited kehoach or another
Python never sees a stale entry. A cache that cannot be read
or written is ignored: the plan is validated as if there were none.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

from kehoach import __version__
from kehoach.core.hashing import blake2b


def _file(data: bytes) -> Path | None:
    from kehoach.paths import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    h = blake2b(f"kehoach {__version__} python {sys.version_info[:2]}\n".encode())
    here = Path(__file__).parent
    for module in ("models.py", "planview.py", "plan.py", "plancache.py"):
        try:
            h.update((here / module).read_bytes())
        except OSError:  # pragma: no cover - a zipped install: the version alone
            pass
    h.update(data)
    return folder / "plans" / f"{h.hexdigest()}.pickle"


def get(data: bytes):
    path = _file(data)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # missing, truncated, from an incompatible kehoach: validate again
        return None


def put(data: bytes, plan) -> None:
    import tempfile  # only on a miss

    path = _file(data)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".plan.", suffix=".tmp")
    except OSError:
        return  # a read-only cache folder only costs speed
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(plan, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return
    _prune(path.parent)


KEEP = 32  # checked plans kept: every edit of a plan file makes a new one


def _prune(folder: Path) -> None:
    try:
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
