"""The validated plan, cached by the plan file's content: pydantic runs once per version of a plan.

The key is a BLAKE2b hash of the plan's bytes, the kehoach and Python versions and the source of the
modules that validate and hold a plan, so a changed plan, an upgraded or edited kehoach or another
Python never sees a stale entry. A cache that cannot be read or written is ignored: the plan is
validated as if there were none.

An entry is plain data, never a pickle (loading a pickle from a writable folder runs whatever code
it names): JSON of the validated plan's fields, each object tagged with the name of its plain class
in core/planview.py and each decimal written as its exact text. The entry also holds its own key:
an entry whose key is not this plan's (another plan's file copied or renamed into place) is never
shown as this plan; the plan is validated again and the entry replaced.
"""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from kehoach import __version__
from kehoach.core import kinds, planview
from kehoach.core.hashing import blake2b

ENTRY_FORMAT = 1
SUFFIX = ".json"
KEEP = 32  # checked plans kept: every edit of a plan file makes a new one


def key(data: bytes) -> str:
    """The cache key of a plan file's bytes (hex)."""
    h = blake2b(f"kehoach {__version__} python {sys.version_info[:2]} entry {ENTRY_FORMAT}\n".encode())
    here = Path(__file__).parent
    for module in ("models.py", "kinds.py", "planview.py", "plan.py", "plancache.py"):
        try:
            h.update((here / module).read_bytes())
        except OSError:  # pragma: no cover - a zipped install: the version alone
            pass
    h.update(data)
    return h.hexdigest()


def entry_path(data: bytes, cache_dir: Path | None) -> Path | None:
    """Where the entry for a plan file's bytes lives (None: no cache folder)."""
    folder = cache_dir
    return None if folder is None else _entry(folder, key(data))


def _entry(folder: Path, digest: str) -> Path:
    return folder / "plans" / f"{digest}{SUFFIX}"


def get(data: bytes, cache_dir: Path | None) -> planview.Plan | None:
    """The plan validated before from these bytes, or None (no entry, or one not to be trusted)."""
    folder = cache_dir
    if folder is None:
        return None
    digest = key(data)
    try:
        raw = _entry(folder, digest).read_bytes()
    except OSError:
        return None
    try:
        entry = json.loads(raw, object_hook=_decode_object, parse_float=Decimal)
        if not isinstance(entry, dict) or entry.get("format") != ENTRY_FORMAT or entry.get("key") != digest:
            return None  # another plan's entry, or another layout: validate again
        plan = entry.get("plan")
    except Exception:  # noqa: BLE001 - damaged, foreign or from another kehoach: whatever it is, validate again
        return None
    return plan if isinstance(plan, planview.Plan) else None


def put(data: bytes, plan: planview.Plan, cache_dir: Path | None) -> None:
    import tempfile  # only on a miss

    folder = cache_dir
    if folder is None:
        return
    digest = key(data)
    path = _entry(folder, digest)
    try:
        text = _dumps({"format": ENTRY_FORMAT, "key": digest, "plan": plan})
    except (TypeError, ValueError):  # pragma: no cover - a field type this cache cannot write: no entry
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".plan.", suffix=".tmp")
    except OSError:
        return  # a read-only cache folder only costs speed
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return
    _prune(path.parent)


# ── plain data both ways. A View is an object {"@": "Indicator", …its fields}. A Decimal is a JSON
# number written with its exact digits and exponent (Decimal('1.25') as 125e-2, Decimal('16500') as
# 16500e0): JSON reads any number with an exponent as a float, so json.loads(parse_float=Decimal)
# gives back the same Decimal, digits and exponent, in C; whole numbers without one stay int. ──


def _dumps(value: object) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("a plan number that is not finite")
        sign, digits, exponent = value.as_tuple()
        return f"{'-' if sign else ''}{''.join(map(str, digits))}e{exponent}"
    if isinstance(value, list):
        return "[" + ",".join(_dumps(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{_dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, planview.View):
        fields = planview._public(value)
        if "@" in fields:  # pragma: no cover - no plan field has that name
            raise ValueError("a field name the cache uses for itself")
        return _dumps({"@": type(value).__name__, **fields})
    raise TypeError(f"cannot cache a {type(value).__name__}")


# The fields that hold a member of a closed set (core/kinds.py), by the view that has them: JSON
# gives back their text, and a plan from the cache holds the same enum members as one validated now.
# (An area's `kind` is free text: only these views' fields are members.)
_CLOSED: dict[str, type[StrEnum]] = {
    "kind": kinds.Kind, "direction": kinds.Direction, "target_form": kinds.TargetForm, "change": kinds.Change,
    "baseline_kind": kinds.BaselineKind, "combine": kinds.Combine, "frequency": kinds.Frequency,
}
_WITH_CLOSED = ("Indicator", "OtherTarget", "Amendment")


def _decode_object(obj: dict[str, Any]) -> Any:
    name = obj.pop("@", None)
    if name is None:
        return obj
    if name in _WITH_CLOSED:  # ValueError for a member this kehoach does not have: validate again
        for field, enum in _CLOSED.items():
            if isinstance(obj.get(field), str):
                obj[field] = enum(obj[field])
    return planview.VIEWS[name](**obj)  # KeyError for a class that is not a plan view


def _prune(folder: Path) -> None:
    try:
        entries = sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
        for stale in folder.glob("*.pickle"):  # entries of earlier kehoach versions: never read now
            stale.unlink(missing_ok=True)
    except OSError:
        pass
