"""CSV output: one header row, plain exact numbers (decimal point, no grouping), empty for absent.

`excel=True` writes the CSV that Excel set to Vietnamese (or any decimal-comma locale) opens as a
table of numbers: `;` between columns, decimal commas, a UTF-8 BOM (without it Excel reads the
bytes as the local code page: "Sở" becomes mojibake) and CRLF line ends. `import` reads it back."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from kehoach.core.numbers import plain

BOM = "\ufeff"


def dumps(rows: Iterable[Mapping[str, Any]], fields: Iterable[str], excel: bool = False) -> str:
    buf = io.StringIO()
    fields = list(fields)
    w = csv.writer(buf, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
    w.writerow(fields)
    point = "," if excel else "."
    for row in rows:
        w.writerow([_cell(row.get(f), point) for f in fields])
    return (BOM if excel else "") + buf.getvalue()


def _cell(v: Any, point: str = ".") -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return plain(v).replace(".", point)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):  # a list in one cell: its items by "; ", a dict's as key=value
        return "; ".join(_cell(x, point) for x in v)
    if isinstance(v, dict):
        return " ".join(f"{k}={_cell(x, point)}" for k, x in v.items())
    return str(v)
