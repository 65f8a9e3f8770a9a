"""Writing plans: a commented starting plan (`plan new`), a summary of a plan file (`plan check`)
and next year's draft from this plan and the ledger (`plan next`). The core never prints: each
function returns text or a dictionary for the command to show."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kehoach.core.kinds import BaselineKind
from kehoach.core.periods import Period
from kehoach.errors import Kind, Place, Problem
from kehoach.i18n import _

if TYPE_CHECKING:
    from kehoach.core.ledger.model import LedgerView, Record
    from kehoach.core.plan import PlanObject

DRAFT_MARK = "DRAFT"

# One example of every kind, direction, target form and change, with the wording each transcribes.
# The figures are EXAMPLES (most from Bắc Giang's 2025 plan and the national 2026 plan): replace
# every one with your plan's own, and quote your source in target_source / baseline_source.
TEMPLATE = '''# Kế hoạch phát triển kinh tế - xã hội năm {year} — {province}
# A starting plan written by `kehoach plan new`. Every figure below is an EXAMPLE (ví dụ): replace
# each one with your plan's own and quote the sentence it comes from in target_source.
# Check it with `kehoach plan check FILE`; docs/method.md says how each field is judged.
#
#   kind       flow  year-to-date total (thu ngân sách, kim ngạch xuất khẩu, lượt khách, "lũy kế")
#              rate  growth rate of the year so far (tốc độ tăng GRDP, CPI)
#              level a ratio or stock that moves slowly (GRDP/người, tỷ lệ che phủ rừng, hộ nghèo)
#              share part of a whole (cơ cấu kinh tế); count whole units (số xã đạt chuẩn)
#   direction  higher · lower · toward (a structure share moving to its planned value)
#   target_form value "đạt" · at_least "ít nhất/tối thiểu/từ … trở lên" · above "trên"
#              at_most "tối đa/không quá" · below "dưới" · about "khoảng" · range "7,5–8,0"
#   change     "percent": the target is a change in % of the baseline ("tăng 12%")
#              "points":  a change in percentage points ("giảm 1–1,5 điểm %"); both need baseline

[plan]
title = "Kế hoạch phát triển kinh tế - xã hội năm {year}"
province = {province_value}
{frame}year = {year}
baseline_year = {baseline_year}

[plan.thresholds]
on_track = 100
at_risk = 90

[[groups]]
id = "economy"
name = "Về kinh tế"
name_en = "Economy"

[[groups]]
id = "society"
name = "Về văn hóa - xã hội"
name_en = "Society"

[[groups]]
id = "environment"
name = "Về môi trường"
name_en = "Environment"

[[targets]]
number = 1
group = "economy"
wording = "Tốc độ tăng trưởng GRDP đạt 8,0% trở lên (ví dụ)"

[[targets.indicators]]
# "tăng trưởng … từ 8,0% trở lên": a rate, at least
id = "grdp_growth"
name = "Tốc độ tăng GRDP"
name_en = "GRDP growth"
unit = "%"
kind = "rate"
direction = "higher"
target = 8.0
target_form = "at_least"

[[targets]]
number = 2
group = "economy"
wording = "GRDP bình quân đầu người đạt 5.400–5.500 USD (ví dụ)"

[[targets.indicators]]
# "đạt 5.400–5.500 USD": a level, a range
id = "grdp_per_capita"
name = "GRDP bình quân đầu người"
name_en = "GRDP per capita"
unit = "USD"
kind = "level"
direction = "higher"
target = 5400
target_form = "range"
target_high = 5500

[[targets]]
number = 3
group = "economy"
wording = "Thu ngân sách nhà nước trên địa bàn tăng từ 10% trở lên so với năm trước (ví dụ)"

[[targets.indicators]]
# "tăng từ 10%": a flow, a change in percent of the baseline year, at least
id = "budget_revenue"
name = "Thu ngân sách nhà nước trên địa bàn"
name_en = "State budget revenue"
unit = "tỷ đồng"
unit_en = "billion VND"
kind = "flow"
direction = "higher"
change = "percent"
target = 10
target_form = "at_least"
baseline = 16500
baseline_source = "VÍ DỤ: the baseline year's revenue, quoted from your source"

[[targets]]
number = 4
group = "economy"
wording = "Tốc độ tăng chỉ số giá tiêu dùng (CPI) dưới 4,5% (ví dụ)"

[[targets.indicators]]
# "dưới 4,5%": a rate, lower is better, strictly below (4,5 itself is not met)
id = "cpi"
name = "Tốc độ tăng CPI"
name_en = "CPI growth"
unit = "%"
kind = "rate"
direction = "lower"
target = 4.5
target_form = "below"

[[targets]]
number = 5
group = "economy"
wording = "Cơ cấu kinh tế: nông, lâm nghiệp, thủy sản khoảng 10,3% (ví dụ)"

[[targets.indicators]]
# a structure share moving toward its planned value ("khoảng")
id = "agriculture_share"
name = "Tỷ trọng nông, lâm nghiệp, thủy sản"
name_en = "Agriculture share"
unit = "%"
kind = "share"
direction = "toward"
target = 10.3
target_form = "about"
baseline = 11.7

[[targets]]
number = 6
group = "society"
wording = "Tỷ lệ hộ nghèo giảm 1–1,5 điểm % (ví dụ)"

[[targets.indicators]]
# "giảm 1–1,5 điểm %": a level, a change in percentage points, a range from −1,5 to −1
id = "poverty_rate"
name = "Tỷ lệ hộ nghèo"
name_en = "Poverty rate"
unit = "%"
kind = "level"
direction = "lower"
change = "points"
target = -1.5
target_form = "range"
target_high = -1
baseline = 17.78

[[targets]]
number = 7
group = "society"
wording = "Tỷ lệ người dân được khám sức khỏe định kỳ ít nhất 1 lần trong năm đạt 100% (ví dụ)"

[[targets.indicators]]
# "ít nhất 1 lần trong năm": a percentage that accumulates within the year, so a FLOW in %,
# expected pro rata (50% by June), not a level judged against 100% from January
id = "health_checkups"
name = "Tỷ lệ người dân được khám sức khỏe ít nhất 1 lần trong năm"
name_en = "People with a health check-up this year"
unit = "%"
kind = "flow"
direction = "higher"
target = 100

[[targets]]
number = 8
group = "society"
wording = "Lũy kế có thêm 20 xã đạt chuẩn nông thôn mới (ví dụ)"

[[targets.indicators]]
# "lũy kế": a count of whole units, on a straight line from the baseline
id = "new_rural_communes"
name = "Số xã đạt chuẩn nông thôn mới (lũy kế)"
name_en = "Communes meeting the new-rural standard (cumulative)"
unit = "xã"
unit_en = "communes"
kind = "count"
direction = "higher"
target = 120
baseline = 100

[[targets]]
number = 9
group = "environment"
wording = "Tỷ lệ che phủ rừng duy trì trên 37,5% (ví dụ)"

[[targets.indicators]]
# "trên 37,5%": a level, strictly above
id = "forest_cover"
name = "Tỷ lệ che phủ rừng"
name_en = "Forest cover"
unit = "%"
kind = "level"
direction = "higher"
target = 37.5
target_form = "above"
baseline = 37.7

[[targets]]
number = 10
group = "environment"
wording = "Số ngày ô nhiễm không khí trong năm tối đa 10 ngày (ví dụ)"

[[targets.indicators]]
# "tối đa 10 ngày": a count, lower is better, at most
id = "polluted_days"
name = "Số ngày ô nhiễm không khí"
name_en = "Days of air pollution"
unit = "ngày"
unit_en = "days"
kind = "count"
direction = "lower"
target = 10
target_form = "at_most"

# An area (district) may have its own targets, with its own baseline:
# [[areas]]
# name = "Huyện A"
# kind = "huyện"
# [[areas.targets]]
# indicator = "budget_revenue"
# target = 500
# baseline = 450
# baseline_source = "…"
'''


# The six centrally-run cities (their plans head a report "THÀNH PHỐ …", not "TỈNH …"), and the names
# a national plan gives in `province` (no province issues it: no default issuing body).
CITIES = ("hà nội", "hải phòng", "đà nẵng", "huế", "cần thơ", "hồ chí minh")
NATIONAL = ("cả nước", "toàn quốc", "việt nam")


def _bare(province: str) -> str:
    import unicodedata

    name = unicodedata.normalize("NFC", province).strip().lower()
    for prefix in ("thành phố ", "tp. ", "tp.", "tp ", "tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :].strip()
    return name


def default_issuer(province: str) -> list[str]:
    """The issuing body when the plan names none, in the decree's two-line form: "ỦY BAN NHÂN DÂN" /
    "TỈNH BẮC GIANG" (a city: "THÀNH PHỐ HÀ NỘI"); none ([]) for a plan that is not a province's."""
    bare = _bare(province)
    if not bare or bare in NATIONAL:
        return []
    kind = "THÀNH PHỐ" if bare in CITIES else "TỈNH"
    import unicodedata

    name = unicodedata.normalize("NFC", province).strip()
    for prefix in ("Thành phố ", "thành phố ", "TP. ", "TP ", "Tỉnh ", "tỉnh "):
        name = name.removeprefix(prefix)
    return ["ỦY BAN NHÂN DÂN", f"{kind} {name.strip().upper()}"]


def new_plan_text(province: str, year: int, issuer: list[str] | None = None, place: str | None = None) -> str:
    """The commented starting plan for a province and year; the report's issuing body (its lines as
    written) and place when given, else the two keys commented out with an example."""
    import json

    # a TOML basic string is JSON's string syntax for what a name holds: quotes and backslashes escaped
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    frame = "# the report's issuing body, line by line, and the place of its date line (Decree 30/2020)\n"
    if issuer:
        frame += f"issuer = [{', '.join(q(line) for line in issuer)}]\n"
    else:
        example = default_issuer(province) or ["…"]
        frame += f"# issuer = [{', '.join(q(line) for line in example)}]\n"
    frame += f"place = {q(place)}\n" if place else f"# place = {q(province)}\n"
    return TEMPLATE.format(province=province, province_value=q(province), frame=frame, year=year, baseline_year=year - 1)


def summary(plan: PlanObject) -> dict[str, Any]:
    """What `plan check` reports of a valid plan: counts and what still needs a planner's eye."""
    from collections import Counter

    inds = [i for _t, i in plan.indicators()]
    return {
        "province": plan.plan.province,
        "year": plan.plan.year,
        "baseline_year": plan.plan.baseline_year,
        "targets": len(plan.targets),
        "indicators": len(inds),
        "kinds": dict(sorted(Counter(i.kind for i in inds).items())),
        "forms": dict(sorted(Counter(i.target_form for i in inds).items())),
        "changes": dict(sorted(Counter(i.change for i in inds if i.change).items())),
        "baselines_absent": [i.id for i in inds if i.baseline is None],
        "derived": [i.id for i in inds if i.baseline is not None and i.baseline_kind == BaselineKind.DERIVED],
        "draft_targets": [i.id for i in inds if (i.target_note or "").startswith(DRAFT_MARK)],
        "areas": len(plan.areas),
        # appended to the summary: what a plan may mean but rarely does ("place: warning")
        "warnings": [w.line() for w in plan_warnings(plan)],
    }


# ─────────────────────────────── plan check ───────────────────────────────

# How `plan new` marks its examples in the values it writes: "… 8,0% trở lên (ví dụ)", "VÍ DỤ: …".
# A plan that still holds one is the untouched template (comments are not values: never matched).
TEMPLATE_MARKER = re.compile(r"\(\s*ví\s+dụ\s*\)|\bví\s+dụ\s*:", re.IGNORECASE)


def _texts(obj: object, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(field, text) of every string field of a plan object, in its own order."""
    return [(k, v) for k, v in vars(obj).items() if isinstance(v, str) and not k.startswith("_") and k not in skip]


def template_leftovers(plan: PlanObject) -> list[tuple[str, str]]:
    """(place, problem) for every value still marked as an example of `kehoach plan new`: the
    template left as it was written is not a plan."""
    import unicodedata

    from kehoach.core.plan import _label

    places: list[tuple[str, str]] = [(f"plan › {k}", v) for k, v in _texts(plan.plan)]
    places += [(f"{_label('groups', g.id)} › {k}", v) for g in plan.groups for k, v in _texts(g, ("id",))]
    for t in plan.targets:
        places += [(f"{_label('targets', t.number)} › {k}", v) for k, v in _texts(t, ("group",))]
        for ind in t.indicators:
            where = f"{_label('targets', t.number)} › {_label('indicators', ind.id)}"
            places += [(f"{where} › {k}", v) for k, v in _texts(ind, ("id",))]
    for a in plan.areas:
        places += [(f"{_label('areas', a.name)} › {k}", v) for k, v in _texts(a)]
        for at in a.targets:
            places += [(f"{_label('areas', a.name)} › {at.indicator} › {k}", v) for k, v in _texts(at, ("indicator",))]
    out = []
    for place, text in places:
        found = TEMPLATE_MARKER.search(unicodedata.normalize("NFC", text))
        if found:
            out.append((place, _("still an example of `kehoach plan new` ({marker}): replace it with your plan's own "
                                 "wording and figures").format(marker=repr(found.group()))))
    return out


def plan_warnings(plan: PlanObject) -> list[Problem]:
    """Warnings (Problem.warning, each with its place) for what a plan may mean but rarely does: a baseline year other than the
    year before the plan year (a plan measured from an older year is legitimate — a five-year plan's
    "so với năm 2020", or the latest official year when the last one has no figures yet — but it
    is more often a year left unchanged from an older plan)."""
    meta = plan.plan
    if meta.baseline_year < meta.year - 1:
        return [Problem.warning(_(
            "{baseline_year} is not the year before the plan year {year}: the baselines are read as {baseline_year} "
            "values and the ledger's December {baseline_year} as the year's reference, while \"so với cùng kỳ\" "
            "compares with {previous}; make sure this is meant").format(
                baseline_year=meta.baseline_year, year=meta.year, previous=meta.year - 1),
            Place(key="plan › baseline_year"))]
    return []


# ─────────────────────────────── plan next ───────────────────────────────


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    raise TypeError(f"cannot write {v!r} in a plan")  # pragma: no cover - plans hold only these


# Keys whose value is a small table or list of plain values, written inline (a merged province's
# plan, docs/merged-provinces.md); every other table or list is written as its own [[…]] section.
_INLINE = ("weights", "from_ids", "becomes")


def _table(header: str, fields: dict[str, Any], comments: dict[str, str] | None = None) -> list[str]:
    out = [header]
    for k, v in fields.items():
        if k in _INLINE and isinstance(v, dict) and v:
            out.append(f"{k} = {{ " + ", ".join(f"{json.dumps(str(n), ensure_ascii=False)} = {_toml_value(x)}"
                                                 for n, x in v.items()) + " }")
            continue
        if k in _INLINE and isinstance(v, list) and v:
            out.append(f"{k} = [" + ", ".join(_toml_value(x) for x in v) + "]")
            continue
        if isinstance(v, (dict, list)) or v is None:
            continue
        line = f"{k} = {_toml_value(v)}"
        if comments and k in comments:
            line += f"  # {comments[k]}"
        out.append(line)
    return [*out, ""]


def in_force_baseline(ledger: LedgerView, indicator: str, year: int) -> tuple[Decimal, Period, Record] | None:
    """The value in force for December of `year`, or else the latest month of that year: (value,
    period, record). Whole province only."""
    best = None
    for (ind, period, area), rec in ledger.effective().items():
        if ind != indicator or area is not None or period.year != year:
            continue
        if best is None or period > best[1]:
            best = (rec.value, period, rec)
    return best


def baseline_conflicts(plan: PlanObject, raw: dict[str, Any], ledger: LedgerView) -> list[Problem]:
    """Where offices disagree on the value that would become a baseline (two standing records of
    the key, neither revising the other): one message each, saying how to settle it. Taking the
    value recorded last would settle the conflict silently, in the new plan."""
    from kehoach.core.numbers import number

    conflicts = ledger.conflicts()
    if not conflicts:
        return []
    out = []
    for t in raw["targets"]:
        for ind in t["indicators"]:
            found = in_force_baseline(ledger, ind["id"], plan.plan.year)
            if found is None:
                continue
            standing = conflicts.get((ind["id"], found[1], None))
            if not standing:
                continue
            values = "; ".join(
                _("{value} ({file}, record {id} by {by})").format(value=number(r.value), file=r.file, id=r.id, by=r.by)
                for r in standing
            )
            out.append(Problem(_(
                "{indicator} {period}: offices disagree on the value that would be the {year} baseline: {values}. "
                "Settle it first: record the value that stands with `{cmd_record} {indicator} VALUE {flag_period} "
                "{period} {flag_revise} \"REASON\"` (the revision replaces them all), then run plan next again"
            ).format(indicator=ind["id"], period=found[1], year=plan.plan.year + 1, values=values), Kind.CONFLICT,
                place=Place(target=t["number"], indicator=ind["id"])))
    return out


def next_plan_text(plan: PlanObject, raw: dict[str, Any], ledger: LedgerView | None) -> tuple[str, list[str]]:
    """Next year's draft: the same targets and ids; each baseline the value in force for December
    (or the latest month, marked mid_year), with baseline_source naming the record; each target
    still last year's figure, marked DRAFT for the planner. Returns the text and notes.

    Refused (a conflict, LedgerError) when offices disagree on a value that would be a baseline."""
    if ledger is not None:
        problems = baseline_conflicts(plan, raw, ledger)
        if problems:
            from kehoach.errors import LedgerError

            if len(problems) == 1:
                raise LedgerError(problems[0].line(), kind=Kind.CONFLICT, problems=tuple(problems))
            raise LedgerError(_("offices disagree on {n} values that would be baselines; nothing was written").format(
                n=len(problems)), details=[p.line() for p in problems], kind=Kind.CONFLICT, problems=tuple(problems))
    meta = dict(raw["plan"])
    year = plan.plan.year + 1
    meta["year"], meta["baseline_year"] = year, plan.plan.year
    meta["title"] = f"Kế hoạch phát triển kinh tế - xã hội năm {year}"
    meta.pop("title_en", None)
    meta["source"] = f"DRAFT by `kehoach plan next` from the {plan.plan.year} plan and its ledger"
    notes: list[str] = []
    out = [
        f"# DRAFT: the {year} plan of {plan.plan.province}, from the {plan.plan.year} plan and its ledger.",
        f"# Baselines are the {plan.plan.year} values in force in the ledger; every TARGET is still the",
        f"# {plan.plan.year} figure, marked target_note = \"{DRAFT_MARK} …\": replace each one with the {year} plan's",
        "# target, quote its sentence in target_source and delete the DRAFT note. `kehoach plan check`",
        "# lists the targets still marked.",
        "",
    ]
    out += _table("[plan]", meta)
    if "thresholds" in raw["plan"]:
        out += _table("[plan.thresholds]", raw["plan"]["thresholds"])
    for p in raw.get("predecessors", []):  # kept, for "so với cùng kỳ" on their combined months
        out += _table("[[predecessors]]", p)
    if raw.get("predecessors"):
        notes.append(_("the predecessors' plan and ledger paths are kept as written: relative to the new plan's folder"))
    for g in raw["groups"]:
        out += _table("[[groups]]", g)
    for t in raw["targets"]:
        out += _table("[[targets]]", t)
        for ind in t["indicators"]:
            fields = dict(ind)
            for key in ("target_source", "target_ref", "baseline", "baseline_kind", "baseline_source", "baseline_ref",
                        "baseline_note", "target_text"):
                fields.pop(key, None)
            fields["target_note"] = (
                f"{DRAFT_MARK}: the {plan.plan.year} target, kept for the planner to replace with the {year} one"
            )
            found = in_force_baseline(ledger, ind["id"], plan.plan.year) if ledger is not None else None
            if found is not None:
                value, period, rec = found
                fields["baseline"] = value
                fields["baseline_source"] = (
                    f"ledger record {rec.id} ({rec.indicator} {period}"
                    + (f", {rec.source}" if rec.source else "")
                    + (f", by {rec.by}" if rec.by else "")
                    + ")"
                )
                if period.month != 12:
                    fields["baseline_kind"] = BaselineKind.MID_YEAR
                    fields["baseline_note"] = f"the latest value in force, {period}: there is no December {plan.plan.year} value"
                    notes.append(f"{ind['id']}: " + _("baseline from {period}, not December (marked mid_year)").format(
                        period=period))
            elif fields.get("change") and ind.get("baseline") is not None:
                # a change needs a baseline: keep the old plan's, marked for the planner
                notes.append(f"{ind['id']}: " + _("no {year} value in the ledger; the old baseline is kept, marked DRAFT").format(
                    year=plan.plan.year))
                fields["baseline"] = ind["baseline"]
                fields["baseline_source"] = f"the {plan.plan.year} plan's baseline ({plan.plan.baseline_year})"
                fields["baseline_note"] = (
                    f"{DRAFT_MARK}: the {plan.plan.baseline_year} baseline of the old plan; "
                    f"no {plan.plan.year} value in the ledger"
                )
            else:
                notes.append(f"{ind['id']}: " + _("no {year} value in the ledger, so no baseline").format(year=plan.plan.year))
            out += _table("[[targets.indicators]]", fields, {"target": f"{DRAFT_MARK}: {plan.plan.year} target, replace"})
    for a in raw.get("areas", []):
        out += _table("[[areas]]", a)
        for at in a.get("targets", []):
            fields = {k: v for k, v in at.items() if k not in ("baseline", "baseline_source")}
            fields["note"] = f"{DRAFT_MARK}: the {plan.plan.year} area target, replace"
            out += _table("[[areas.targets]]", fields)
    return "\n".join(out).rstrip() + "\n", notes
