"""JSON output with exact numbers: Decimals are written as the digits they hold, never as floats."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from kehoach.core.numbers import plain


def dumps(obj: Any, indent: int = 2) -> str:
    return "".join(_encode(obj, indent, 0)) + "\n"


def _encode(obj: Any, indent: int, level: int):
    pad = "\n" + " " * (indent * (level + 1))
    end = "\n" + " " * (indent * level)
    if obj is None or isinstance(obj, (bool, str, int)) and not isinstance(obj, Decimal):
        yield json.dumps(obj, ensure_ascii=False)
    elif isinstance(obj, Decimal):
        if not obj.is_finite():
            raise ValueError(f"cannot write {obj} as JSON")
        yield plain(obj)
    elif isinstance(obj, dict):
        if not obj:
            yield "{}"
            return
        yield "{"
        for n, (k, v) in enumerate(obj.items()):
            yield ("," if n else "") + pad + json.dumps(str(k), ensure_ascii=False) + ": "
            yield from _encode(v, indent, level + 1)
        yield end + "}"
    elif isinstance(obj, (list, tuple)):
        if not obj:
            yield "[]"
            return
        yield "["
        for n, v in enumerate(obj):
            yield ("," if n else "") + pad
            yield from _encode(v, indent, level + 1)
        yield end + "]"
    else:
        yield json.dumps(str(obj), ensure_ascii=False)
