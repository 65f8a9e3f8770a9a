"""The month in the report: the monthly table, the month sentence, and what changed since a
previous publication (the ledger as known on an earlier day against the ledger as known now).

A year-to-date flow (revenue, investment, visitors) has a value of its own for the month: YTD(m)
less YTD(m − 1), only when both are recorded (core/progress.py, `month_figures`). Rates, levels
and shares have none, so they are not in the monthly table. What cannot be computed is "—" in the
table and left out of the sentence: never 0, never a partial number.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from kehoach.core.kinds import Frequency, Kind
from kehoach.core.numbers import NumberFormat
from kehoach.core.periods import Period
from kehoach.i18n import N_
from kehoach.render import sentences
from kehoach.render.sentences import DASH, say

MONTH_PLACES = 2  # provinces write the month's comparisons to two decimals ("tăng 15,37 %")

_STAGE_WORD = {"estimate": N_("estimate"), "preliminary": N_("preliminary"), "official": N_("official")}


class _Record(Protocol):
    value: Decimal
    by: str
    source: str
    reason: str | None
    stage: str | None


class _Ledger(Protocol):
    def effective(self) -> Any: ...


def has_month(p: Any) -> bool:
    """A year-to-date flow: the only kind whose month has a value of its own."""
    return bool(p.kind == Kind.FLOW)


def _own_month(p: Any, period: Period | None) -> bool:
    """The row's month figures are those of the reported month: a monthly flow whose latest value is
    the reported period's (a quarterly flow's "month" is its quarter: not a month's figure)."""
    return period is not None and p.period == period and p.frequency == Frequency.MONTHLY


def _fell(p: Any) -> bool:
    """The year-to-date total fell in the reported month (a figure to be revised, which `record` and
    `check` warn of): its own month, and what is worked out from it, cannot be said."""
    return any(f.period == p.period for f in getattr(p, "falls", []) or [])


def _signed(value: Decimal | None, numbers: NumberFormat, places: int | None = None) -> str:
    if value is None:
        return DASH
    said = numbers.num(value, places)
    return ("+" + said) if value > 0 else said


def month_table(rows: list[Any], lang: str, numbers: NumberFormat, period: Period) -> tuple[list[str], list[list[str]], list[str]]:
    """The monthly table's headers, rows and statuses: one row per year-to-date flow. The month's
    comparisons are of the month's own value; the year-to-date total stands beside them (the first
    annex compares it with the plan and last year)."""
    headers = [
        say(lang, N_("No.")), say(lang, N_("Indicator")), say(lang, N_("Unit")),
        say(lang, N_("Previous month")), say(lang, N_("This month (estimate)")), say(lang, N_("Year to date")),
        say(lang, N_("Same period last year")), say(lang, N_("vs same period last year (%)")),
        say(lang, N_("vs previous month (%)")), say(lang, N_("% of annual plan")),
    ]  # fmt: skip
    out: list[list[str]] = []
    statuses: list[str] = []
    n = 0
    for p in rows:
        if not has_month(p):
            continue
        n += 1
        own = _own_month(p, period)
        month = own and not _fell(p)  # the month's own value and its comparisons
        out.append([
            str(n),
            sentences.name_of(p, lang),
            sentences.unit_of(p, lang),
            numbers.num(p.previous_month_value) if own and p.previous_month_value is not None else DASH,
            numbers.num(p.month_value) if month and p.month_value is not None else DASH,
            numbers.num(p.actual) if p.actual is not None and p.period == period else DASH,
            numbers.num(p.last_year_month_value) if own and p.last_year_month_value is not None else DASH,
            _signed(p.month_yoy_percent, numbers, MONTH_PLACES) if month else DASH,
            _signed(p.mom_percent, numbers, MONTH_PLACES) if month else DASH,
            numbers.num(p.month_percent_of_plan, MONTH_PLACES) if month and p.month_percent_of_plan is not None else DASH,
        ])  # fmt: skip
        statuses.append(str(p.status))
    return headers, out, statuses


def _compare(value: Decimal, up: str, down: str, same: str, lang: str, numbers: NumberFormat) -> str:
    if value == 0:
        return say(lang, same)
    return say(lang, up if value > 0 else down).format(percent=numbers.num(abs(value), MONTH_PLACES))


def month_clause(p: Any, lang: str, numbers: NumberFormat, year: int) -> str | None:
    """'ước đạt 405,6 tỷ đồng, đạt 6,16% kế hoạch năm 2025, tăng 15,37% so với tháng trước và tăng
    38,42% so với cùng kỳ': the month's own value and what can be said of it. "ước đạt" for an
    estimate or a figure whose stage is not said, "đạt" for a preliminary or official one. None
    when the month has no value of its own."""
    if p.month_value is None or _fell(p):
        return None
    value = sentences.with_unit(numbers.num(p.month_value), sentences.unit_of(p, lang))
    estimated = p.stage is None or p.stage == "estimate"
    said = say(lang, N_("is estimated at {value}") if estimated else N_("reached {value}")).format(value=value)
    if p.month_percent_of_plan is not None:
        share = N_("{percent}% of the {year} plan") if estimated else N_("equal to {percent}% of the {year} plan")
        said += ", " + say(lang, share).format(percent=numbers.num(p.month_percent_of_plan, MONTH_PLACES), year=year)
    comparisons = []
    if p.mom_percent is not None:
        comparisons.append(_compare(p.mom_percent, N_("up {percent}% on the previous month"),
                                    N_("down {percent}% on the previous month"), N_("the same as the previous month"),
                                    lang, numbers))
    if p.month_yoy_percent is not None:
        comparisons.append(_compare(p.month_yoy_percent, N_("up {percent}% on the same period last year"),
                                    N_("down {percent}% on the same period last year"),
                                    N_("the same as the same period last year"), lang, numbers))
    if len(comparisons) == 2:
        said += ", " + say(lang, N_("{first} and {second}")).format(first=comparisons[0], second=comparisons[1])
    elif comparisons:
        said += ", " + comparisons[0]
    return said


def month_when(period: Period, lang: str) -> str:
    """'Tháng 5 năm 2025', 'In May 2025'."""
    return say(lang, _IN_MONTH[period.month - 1]).format(year=period.year)


_IN_MONTH = (
    N_("In January {year}"), N_("In February {year}"), N_("In March {year}"), N_("In April {year}"),
    N_("In May {year}"), N_("In June {year}"), N_("In July {year}"), N_("In August {year}"),
    N_("In September {year}"), N_("In October {year}"), N_("In November {year}"), N_("In December {year}"),
)  # fmt: skip


def month_sentence(p: Any, lang: str, numbers: NumberFormat, period: Period) -> str | None:
    """One indicator's month as the provinces write it: 'Tháng 5 năm 2025 ước đạt 405,6 tỷ đồng,
    đạt 6,16% kế hoạch năm 2025, tăng 15,37% so với tháng trước và tăng 38,42% so với cùng kỳ'."""
    clause = month_clause(p, lang, numbers, period.year) if _own_month(p, period) else None
    if clause is None:
        return None
    return f"{month_when(period, lang)} {clause}"


def month_paragraph(rows: list[Any], lang: str, numbers: NumberFormat, period: Period | None) -> str | None:
    """A field's flows in the month, in one sentence: 'Tháng 5 năm 2025, thu ngân sách … ước đạt …;
    tổng mức bán lẻ … ước đạt …'. None when no flow of the field has its own value for the month."""
    if period is None:
        return None
    clauses = []
    for p in rows:
        if not has_month(p) or not _own_month(p, period):
            continue
        clause = month_clause(p, lang, numbers, period.year)
        if clause is not None:
            clauses.append(f"{sentences.lower_first(sentences.name_of(p, lang))} {clause}")
    if not clauses:
        return None
    return f"{month_when(period, lang)}, {'; '.join(clauses)}."


# ─────────────── what changed since the previous publication ───────────────


@dataclass
class Change:
    """One indicator's figure for the reported period, as known then (`before`) and now (`after`)."""

    indicator: str
    period: Period
    area: str | None
    before: Decimal | None
    after: Decimal | None
    before_stage: str | None
    after_stage: str | None
    before_source: str | None
    after_source: str | None
    reason: str | None

    def row(self) -> dict[str, Any]:
        """The JSON form (report --format json, `changes`)."""
        return {"indicator": self.indicator, "period": str(self.period), "before": self.before, "after": self.after,
                "before_stage": self.before_stage, "after_stage": self.after_stage,
                "before_source": self.before_source, "after_source": self.after_source, "reason": self.reason}


def _who(record: _Record | None) -> str | None:
    """Who published the figure: the record's `source`, else who recorded it; None when neither."""
    if record is None:
        return None
    return (record.source or "").strip() or (record.by or "").strip() or None


def changes(rows: list[Any], before: _Ledger, after: _Ledger, period: Period | None, area: str | None,
            rows_before: list[Any] | None = None) -> list[Change]:
    """What changed since the previous publication, indicator by indicator in the report's order:
    the figure of the reported period (new, revised, restaged or withdrawn); a revised figure of an
    earlier month of the year (a May revised changes June's own month); and, for a value the
    province does not record itself (its predecessors' combined value, its areas' roll-up), the
    value shown then and now (`rows_before`: the status rows built from `before`)."""
    then, now = before.effective(), after.effective()
    order = {p.id: n for n, p in enumerate(rows)}
    shown_at = {p.id: (p.period if p.period is not None else period) for p in rows}
    keys = set()
    for key in {*then, *now}:
        indicator, when, where = key
        reported = shown_at.get(indicator)
        if indicator not in order or where != area or reported is None:
            continue
        if when == reported or (when.year == reported.year and when < reported and key in then):
            keys.add(key)
    out = []
    for key in sorted(keys, key=lambda k: (order[k[0]], k[1])):
        a, b = now.get(key), then.get(key)
        if a is not None and b is not None and a.value == b.value and a.stage == b.stage:
            continue
        out.append(Change(
            indicator=key[0], period=key[1], area=area,
            before=b.value if b is not None else None, after=a.value if a is not None else None,
            before_stage=b.stage if b is not None else None, after_stage=a.stage if a is not None else None,
            before_source=_who(b), after_source=_who(a),
            reason=(a.reason or None) if a is not None and b is not None else None,
        ))  # fmt: skip
    if rows_before is not None:
        listed = {(c.indicator, c.period) for c in out}
        earlier = {q.id: q for q in rows_before}
        for p in rows:
            q = earlier.get(p.id)
            when = shown_at[p.id]
            if q is None or when is None or (p.id, when) in listed or (p.id, when, area) in keys:
                continue
            if not (_derived(p) or _derived(q)):
                continue  # the province's own records: compared above
            shown_now = p.actual if p.period == when else None
            shown_then = q.actual if q.period == when else None
            if shown_now is None and shown_then is None:
                continue
            if shown_now == shown_then and (p.stage == q.stage):
                continue
            out.append(Change(
                indicator=p.id, period=when, area=area, before=shown_then, after=shown_now,
                before_stage=q.stage if shown_then is not None else None,
                after_stage=p.stage if shown_now is not None else None,
                before_source=_derived(q) if shown_then is not None else None,
                after_source=_derived(p) if shown_now is not None else None, reason=None,
            ))  # fmt: skip
        out.sort(key=lambda c: (order[c.indicator], c.period))
    return out


def _derived(p: Any) -> str | None:
    """Where a value the province does not record itself comes from, as the changes table says it."""
    if getattr(p, "combined_from", None):
        return COMBINED
    if getattr(p, "rolled_up_from", None):
        return ROLLED_UP
    return None


# The source of a value the province does not record itself: in JSON as these English words (a
# stable value for scripts), in the report in its language.
COMBINED = N_("combined from the provinces before the merger")
ROLLED_UP = N_("summed from its areas")


def _figure(value: Decimal | None, stage: str | None, source: str | None, lang: str, numbers: NumberFormat) -> str:
    """'10.250 (chính thức; Cục Thống kê)', or '—' for no figure."""
    if value is None:
        return DASH
    said = say(lang, source) if source in (COMBINED, ROLLED_UP) else sentences.shown(source or "")
    aside = [say(lang, _STAGE_WORD[stage]) if stage in _STAGE_WORD else "", said]
    aside = [a for a in aside if a]
    return numbers.num(value) + (f" ({'; '.join(aside)})" if aside else "")


def change_table(found: list[Change], names: dict[str, tuple[str, str]], lang: str,
                 numbers: NumberFormat) -> tuple[list[str], list[list[str]]]:
    """'TT | Chỉ tiêu | Kỳ | Theo công bố mới nhất | Theo công bố trước | Chênh lệch | Ghi chú'."""
    headers = [
        say(lang, N_("No.")), say(lang, N_("Indicator")), say(lang, N_("Period")),
        say(lang, N_("Latest publication")), say(lang, N_("Previous publication")),
        say(lang, N_("Difference")), say(lang, N_("Note")),
    ]  # fmt: skip
    out = []
    for n, c in enumerate(found, 1):
        name, unit = names[c.indicator]
        diff = c.after - c.before if c.after is not None and c.before is not None else None
        if c.before is None:
            note = say(lang, N_("new figure"))
        elif c.after is None:
            note = say(lang, N_("no longer recorded"))
        else:
            note = sentences.shown(c.reason) if c.reason else DASH
        out.append([
            str(n), f"{name} ({unit})" if unit else name, f"{c.period.month}/{c.period.year}",
            _figure(c.after, c.after_stage, c.after_source, lang, numbers),
            _figure(c.before, c.before_stage, c.before_source, lang, numbers),
            "0" if diff == 0 else _signed(diff, numbers), note,
        ])  # fmt: skip
    return headers, out
