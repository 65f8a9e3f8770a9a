"""JSON output with exact numbers: Decimals are written as the digits they hold, never as floats.

The stdlib's C encoder does the work; each Decimal goes through it as a marked string (a marker
with a fresh random nonce, which no user text can contain) and is then unquoted back to its digits.
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from typing import Any

from kehoach.core.numbers import plain


def dumps(obj: Any, indent: int = 2) -> str:
    mark = f"\x00{os.urandom(8).hex()}:"
    text = json.dumps(_prepare(obj, mark), ensure_ascii=False, indent=indent)
    pattern = re.compile(r'"\\u0000' + mark[1:] + r'(-?[0-9]+(?:\.[0-9]+)?)"')
    return pattern.sub(r"\1", text) + "\n"


def _prepare(obj: Any, mark: str) -> Any:
    if obj is None or isinstance(obj, (bool, str, int)):
        return obj
    if isinstance(obj, Decimal):
        if not obj.is_finite():
            raise ValueError(f"cannot write {obj} as JSON")
        return mark + plain(obj)
    if isinstance(obj, dict):
        return {str(k): _prepare(v, mark) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_prepare(v, mark) for v in obj]
    return str(obj)
