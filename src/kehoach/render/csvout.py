"""CSV output: one header row, plain exact numbers (decimal point, no grouping), empty for absent."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from kehoach.core.numbers import plain


def dumps(rows: Iterable[dict[str, Any]], fields: Iterable[str]) -> str:
    buf = io.StringIO()
    fields = list(fields)
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(fields)
    for row in rows:
        w.writerow([_cell(row.get(f)) for f in fields])
    return buf.getvalue()


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return plain(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):  # a list in one cell: its items by "; ", a dict's as key=value
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return " ".join(f"{k}={_cell(x)}" for k, x in v.items())
    return str(v)
