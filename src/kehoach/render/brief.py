"""The report as a message to paste into an e-mail or a chat (Zalo): at most 12 lines, no table, no
markup, each line whole (never wrapped inside a sentence), so that it reads the same wherever it lands.

The lines: the period, the scoreboard (how many indicators have each verdict), the headline
numbers, then what is off track with its figures. docs/screens.md says how the headline
indicators are chosen.
"""

from __future__ import annotations

from typing import Any, Protocol

from kehoach.i18n import status_label, translator
from kehoach.render import sentences
from kehoach.render.look import look, scoreboard


class Report(Protocol):
    """What the brief reads of a report (render/report.py's Report has it): the brief needs nothing
    else of that module, which begins its .md with the brief."""

    lang: str
    numbers: Any
    rows: list[Any]
    subtitle: str
    period: Any
    changes: list[Any]
    compare_day: Any


MAX_LINES = 12
HEADLINES = 3
OFF_TRACK = ("missed", "off_track")


def scoreboard_pieces(rows: list[Any], lang: str) -> tuple[str, list[tuple[str, str]]]:
    """'Chỉ số (45):' and one '● 30 Đúng tiến độ' per verdict that some row has, with its status:
    the same words on the terminal, in the HTML strip and in the brief."""
    head = translator(lang)._("Indicators ({n}):").format(n=len(rows))
    return head, [(status, f"{look(status).symbol} {count} {status_label(lang, status)}")
                  for status, count in scoreboard(rows)]


def scoreboard_line(rows: list[Any], lang: str) -> str:
    head, pieces = scoreboard_pieces(rows, lang)
    return f"{head} " + " · ".join(text for _status, text in pieces)


def headline_rows(rows: list[Any]) -> list[Any]:
    """The headline numbers: the plan's first indicator with a figure (the growth of GRDP in a
    provincial plan: its first target), then the first year-to-date totals with a figure (budget
    revenue, investment), then the first indicators of the next targets with one; three at most."""
    measured = [p for p in rows if p.actual is not None and p.target is not None]
    if not measured:
        return []
    chosen = [measured[0]]
    chosen += [p for p in measured if p.kind == "flow" and p not in chosen][: HEADLINES - 1]
    firsts: dict[int, object] = {}
    for p in measured:
        firsts.setdefault(p.target_number, p)
    for p in firsts.values():
        if len(chosen) >= HEADLINES:
            break
        if p not in chosen:
            chosen.append(p)
    order = {id(p): n for n, p in enumerate(rows)}
    return sorted(chosen[:HEADLINES], key=lambda p: order[id(p)])


def figure_line(p: Any, lang: str, numbers: Any, period: Any) -> str:
    """'▲ Tốc độ tăng GRDP: 13,58% (tháng 3/2025), bằng 97,0% KH (14,0%) — Có nguy cơ'."""
    unit = sentences.unit_of(p, lang)
    actual = sentences.with_unit(numbers.num(p.actual), unit)
    if p.period is not None and p.period != period:
        actual += f" ({sentences.month_year(p.period, lang)})"
    words = {"name": sentences.name_of(p, lang), "actual": actual,
             "target": sentences.target_words(p, lang, numbers), "verdict": sentences.verdict_label(p, lang)}
    if p.kind in ("rate", "share") or p.percent_of_plan is None:  # a growth rate is no "% of plan" (13,8 vs 14,0)
        text = translator(lang)._("{name}: {actual}, plan {target} — {verdict}").format(**words)
    else:
        text = translator(lang)._("{name}: {actual}, {percent}% of the plan ({target}) — {verdict}").format(
            percent=numbers.num(p.percent_of_plan, 1), **words)
    return f"{look(p.status).symbol} {text}"


def lines(r: Report) -> list[str]:
    """The brief, line by line (at most MAX_LINES)."""
    lang, numbers, rows = r.lang, r.numbers, r.rows
    words = translator(lang)
    out = [sentences.shown(r.subtitle), scoreboard_line(rows, lang)]
    if r.compare_day is not None:  # report --compare-known-at: what changed, in one line
        out.append(changes_line(r))
    heads = headline_rows(rows)
    out += [figure_line(p, lang, numbers, r.period) for p in heads]
    behind = [p for p in rows if p.status in OFF_TRACK and p not in heads]
    if not behind:
        if not any(p.status in OFF_TRACK for p in heads) and any(p.actual is not None for p in rows):
            out.append(words._("Nothing is off track."))
        return out
    room = MAX_LINES - len(out)
    shown = behind if len(behind) <= room else behind[: room - 1]
    out += [figure_line(p, lang, numbers, r.period) for p in shown]
    if len(shown) < len(behind):
        rest = behind[len(shown):]
        if all(p.status == "missed" for p in rest):  # the year is over: they missed, they are not "behind"
            out.append(words._("… and {n} more missed the plan: kehoach status --attention").format(n=len(rest)))
        else:
            out.append(words._("… and {n} more off track: kehoach status --attention").format(n=len(rest)))
    return out


def changes_line(r: Report) -> str:
    """'Thay đổi so với công bố ngày 31/7/2025: 2 số liệu (thu ngân sách nhà nước 7/2025, …)'."""
    words = translator(r.lang)
    day = r.compare_day
    assert day is not None
    when = f"{day.day}/{day.month}/{day.year}"
    if not r.changes:
        return words._("Nothing changed since the publication of {day}.").format(day=when)
    names = {p.id: sentences.name_of(p, r.lang) for p in r.rows}
    which = ", ".join(f"{sentences.lower_first(names.get(c.indicator, c.indicator))} {c.period.month}/{c.period.year}"
                      for c in r.changes[:3])
    if len(r.changes) > 3:
        which += ", …"
    return words._("Changed since the publication of {day}: {n} figure(s) ({which})").format(
        day=when, n=len(r.changes), which=which)


def render(r: Report) -> str:
    return "\n".join(lines(r)) + "\n"
