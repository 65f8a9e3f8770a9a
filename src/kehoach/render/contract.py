"""Plain, ordered dictionaries of results: the shape that JSON and CSV share (the contract)."""

from __future__ import annotations

from typing import Any

from kehoach.i18n import PLAN_LANGUAGE

# The JSON/CSV contract of `kehoach status`: these keys, in this order. Adding a key is a
# compatible change; removing or renaming one needs FORMAT_VERSION to change.
FORMAT_VERSION = 1
STATUS_FIELDS = (
    "id",
    "target_number",
    "target_label",
    "group",
    "name",
    "name_en",
    "unit",
    "unit_en",
    "direction",
    "kind",
    "target",
    "baseline",
    "baseline_kind",
    "actual",
    "period",
    "percent_of_plan",
    "gap",
    "expected",
    "score",
    "status",
    "change_needed",
    "change_needed_percent",
    "area",
    # added with the progress method of docs/method.md (compatible: appended)
    "target_form",
    "target_high",
    "remaining",
    "expected_method",
    "projection",
    "projection_percent",
    "last_year",
    "yoy_percent",
    "yoy_points",
    # appended (compatible)
    "target_text",
    "change",
    "reference",
    "base_source",
    "final",
    "falls_back",
    # appended (compatible): offices that disagree on the value shown,
    # [{value, by, office, record_id}] with the one in force last, or null
    "conflict",
    # appended (compatible): "projection" when a year over without December
    # judged a flow on its full-year projection, "actual" otherwise (null with no value); and the
    # months where a year-to-date total fell (["2025-11"]), empty when it never did
    "verdict_basis",
    "falls_back_periods",
    # appended (compatible): a merged province's value for a month before the
    # merger, {method, period, value, normalised, predecessors: [{name, value, weight}], missing,
    # message}, or null (docs/merged-provinces.md)
    "combined_from",
    # appended (compatible; docs/method.md). A year-to-date flow's own value
    # for the month (YTD(m) − YTD(m−1), only when both are recorded; January's is its YTD), the
    # month before's, the change on it, the month as % of the annual target, last year's same
    # month and the change on it; how often the indicator is published; what the expected
    # position follows ("scenario" | "plan"); the other bases of the target, each judged
    # ([{label, label_en, target, target_form, target_high, change, target_text, source, reference,
    # percent_of_plan, gap, remaining, status, exceeded}]); the amendment in force (its first period
    # and its source) and the plan's first target
    "month_value",
    "mom_percent",
    "month_percent_of_plan",
    "month_yoy_percent",
    "previous_month_value",
    "last_year_month_value",
    "frequency",
    "expected_basis",
    "other_targets",
    "amended_from",
    "amendment_source",
    "original_target",
    # appended (compatible): the stage of the value shown, "estimate",
    # "preliminary" or "official", or null when its record does not say (docs/stages.md)
    "stage",
    # appended: the areas' roll-up behind a whole-province value the province has no record of,
    # {method, period, value, areas: [{area, value, weight}], missing, message}, or null
    # (docs/merged-provinces.md, "Areas that roll up")
    "rolled_up_from",
)
# Kept exact on the progress object (a display rounds them once, to 1 decimal, from the exact
# value); JSON and CSV give them to 2 decimals, as before.
ROUNDED = ("percent_of_plan", "yoy_percent", "change_needed_percent",
           "mom_percent", "month_percent_of_plan", "month_yoy_percent")


def progress_row(p: Any) -> dict[str, Any]:
    from kehoach.core.numbers import round_to

    row = {k: getattr(p, k, None) for k in STATUS_FIELDS}
    row["period"] = str(p.period) if p.period is not None else None
    for k in ROUNDED:
        value = row[k]
        if value is not None:
            row[k] = round_to(value, 2)
    row["falls_back_periods"] = [str(f.period) for f in getattr(p, "falls", [])]
    from kehoach.render.sentences import target_text

    row["target_text"] = target_text(p, PLAN_LANGUAGE, PLAN_LANGUAGE)
    row["other_targets"] = [other_target_row(o, p.unit) for o in getattr(p, "other_targets", [])]
    row["amended_from"] = str(p.amended_from) if getattr(p, "amended_from", None) is not None else None
    return row


def other_target_row(o: Any, unit: str) -> dict[str, Any]:
    """Another basis of a target (core.progress.OtherStanding) and the value's standing against it:
    "105,5 % dự toán HĐND tỉnh giao". `target_text` is its wording, as for the main target."""
    from kehoach.core.numbers import round_to

    s, j = o.spec, o.judgement
    return {
        "label": s.label,
        "label_en": s.label_en,
        "target": s.target,
        "target_form": s.form,
        "target_high": s.high,
        "change": s.change,
        "target_text": spec_text(s, unit),
        "source": s.source,
        "reference": j.reference,
        "percent_of_plan": None if j.percent_of_plan is None else round_to(j.percent_of_plan, 2),
        "gap": j.gap,
        "remaining": j.remaining,
        "status": j.status,
        "exceeded": j.exceeded,
    }


def spec_text(s: Any, unit: str, lang: str = PLAN_LANGUAGE) -> str:
    """A target of core.progress.Spec as written: its own wording, else "105,5 tỷ đồng", "trên 8%"."""
    from types import SimpleNamespace

    from kehoach.render.sentences import target_text

    shape = SimpleNamespace(target=s.target, target_form=s.form, target_high=s.high, change=s.change,
                            target_text=s.text, unit=unit, unit_en=None)
    return target_text(shape, lang, lang)


def amendment_row(s: Any, unit: str) -> dict[str, Any]:
    """An amendment of a target (core.progress.Spec with a start): from when, to what, by what."""
    return {
        "from": str(s.start),
        "target": s.target,
        "target_form": s.form,
        "target_high": s.high,
        "change": s.change,
        "target_text": spec_text(s, unit),
        "source": s.source,
        "scenario": {str(k): v for k, v in s.scenario.items()} if s.scenario else None,
    }


def plan_meta(plan: Any, plan_path: str | None) -> dict[str, Any]:
    m = plan.plan
    return {
        "title": m.title,
        "title_en": m.title_en,
        "province": m.province,
        "year": m.year,
        "baseline_year": m.baseline_year,
        "source": m.source,
        "path": plan_path,
        "targets": len(plan.targets),
        "indicators": sum(len(t.indicators) for t in plan.targets),
    }


def indicator_row(t: Any, ind: Any) -> dict[str, Any]:
    return {
        "id": ind.id,
        "target_number": t.number,
        "target_label": t.source_label,
        "group": t.group,
        "name": ind.name,
        "name_en": ind.name_en,
        "unit": ind.unit,
        "unit_en": ind.unit_label_en,
        "kind": ind.kind,
        "direction": ind.direction,
        "target": ind.target,
        "target_form": ind.target_form,
        "target_high": ind.target_high,
        "baseline": ind.baseline,
        # appended
        "target_text": _indicator_text(ind),
        "change": ind.change,
    }


def _indicator_text(ind: Any) -> str:
    from kehoach.render.sentences import target_text

    return target_text(ind, PLAN_LANGUAGE, PLAN_LANGUAGE)


def indicator_detail(t: Any, ind: Any) -> dict[str, Any]:
    row = indicator_row(t, ind)
    row.update(
        {
            "target_wording": t.wording,
            "target_source": ind.target_source,
            "target_ref": ind.target_ref,
            "target_note": ind.target_note,
            "baseline_kind": ind.baseline_kind if ind.baseline is not None else None,
            "baseline_source": ind.baseline_source,
            "baseline_ref": ind.baseline_ref,
            "baseline_note": ind.baseline_note,
            "share_of": ind.share_of,
        }
    )
    return row


def record_row(r: Any) -> dict[str, Any]:
    return {
        "record_id": r.id,
        "id": r.indicator,
        "period": str(r.period),
        "value": r.value,
        "area": r.area,
        "recorded_at": r.recorded_at.isoformat(),
        "by": r.by,
        "note": r.note,
        "source": r.source,
        "revises": r.revises,
        "reason": r.reason,
        # appended: the other records a revision that settles a conflict replaces
        "also_revises": list(r.also_revises),
    }



def conflict_row(c: Any) -> dict[str, Any]:
    """One conflict (core.status.Conflict): the key, and each standing record, the one in force last."""
    return {"id": c.indicator, "period": str(c.period), "area": c.area, "values": c.entries}


def missing_row(m: Any) -> dict[str, Any]:
    """One indicator whose data is due and not recorded (core.status.Missing), for `check`."""
    return {
        "id": m.indicator,
        "due": str(m.due),
        "latest": str(m.latest) if m.latest is not None else None,
        "reason": m.reason,
        "last_year": str(m.last_year) if m.last_year is not None else None,
    }


# ── The documents: each command's JSON, its keys in their order (keys appended later, as the
# contract allows, are marked so). Built here from the commands' results, never in cli/. ──


def status_document(plan: Any, result: Any, plan_path: str, ledger_path: str) -> dict[str, Any]:
    """`kehoach status --format json`."""
    return {
        "format_version": FORMAT_VERSION,
        "plan": plan_meta(plan, plan_path),
        "ledger": ledger_path,
        "as_of": str(result.as_of) if result.as_of else None,
        "area": result.area,
        "summary": result.summary,
        "targets_summary": result.targets,
        "indicators": [progress_row(p) for p in result.rows],
        # appended: every conflict in what is shown (offices that disagree)
        "conflicts": [conflict_row(c) for c in result.conflicts],
    }


def area_row(a: Any) -> dict[str, Any]:
    return {"name": a.name, "kind": a.kind, "parent": a.parent, "targets": len(a.targets)}


AREA_FIELDS = ("name", "kind", "parent", "targets")


def list_document(plan: Any, plan_path: str, rows: list[dict[str, Any]], areas: bool) -> dict[str, Any]:
    """`kehoach list --format json` (`rows`: indicator_row or area_row of each)."""
    return {"format_version": FORMAT_VERSION, "plan": plan_meta(plan, plan_path), "areas" if areas else "indicators": rows}


def show_detail(target: Any, ind: Any, progress: Any) -> dict[str, Any]:
    """The one row of `kehoach show --format csv`: the indicator, then its standing as `status` gives it."""
    detail = indicator_detail(target, ind)
    row = progress_row(progress)
    detail.update({k: v for k, v in row.items() if k not in detail})
    return detail


def show_document(target: Any, ind: Any, progress: Any, records: list[Any]) -> dict[str, Any]:
    """`kehoach show --format json`."""
    doc = {**show_detail(target, ind, progress), "records": [record_row(r) for r in records]}
    # appended: the baseline the year is judged from (the plan's estimate, or the
    # ledger's December of the baseline year when recorded: `base_source` says which)
    doc["reference_baseline"] = progress.baseline
    for key in ("target_note_vi", "target_note_en", "baseline_note_vi", "baseline_note_en"):  # appended keys
        doc[key] = getattr(ind, key, None)
    # appended: every amendment of the target (from, target, source, scenario) and
    # the indicator's own growth scenario by period
    doc["amendments"] = [amendment_row(a, ind.unit) for a in progress.amendments]
    doc["scenario"] = dict(ind.scenario) if getattr(ind, "scenario", None) else None
    return doc


HISTORY_FIELDS_EMPTY = ("record_id", "id", "period", "value", "in_force")


def history_rows(records: list[Any], superseded: set[str], conflicting: set[str], in_force: set[str],
                 own: dict[Any, tuple[Any, Any]]) -> list[dict[str, Any]]:
    """The rows of `kehoach history`: each record, whether it is in force or in conflict, and for the
    record in force of a year-to-date flow its own value for the period and the change on the one
    before (`own`: core.status.own_values)."""
    from kehoach.core.numbers import round_to

    rows = []
    for r in records:
        row = record_row(r)
        row["in_force"] = r.id not in superseded
        row["conflict"] = r.id in conflicting  # appended: stands, but another office says otherwise
        # appended: a year-to-date flow's own value for the period and the change on
        # the period before's, for the record in force (null for others, and for other kinds)
        value, mom = own.get((r.area, r.period), (None, None)) if r.id in in_force else (None, None)
        row["month_value"], row["mom_percent"] = value, None if mom is None else round_to(mom, 2)  # as `status`
        rows.append(row)
    return rows


def history_document(ind: Any, rows: list[dict[str, Any]], conflicts: list[Any]) -> dict[str, Any]:
    """`kehoach history --format json`."""
    return {"id": ind.id, "unit": ind.unit, "records": rows, "conflicts": [conflict_row(c) for c in conflicts]}


def saved_document(ledger: str, added: list[Any], unchanged: list[Any]) -> dict[str, Any]:
    """What `record` and `import` saved (`--format json`): the records added, and those already there."""
    return {"ledger": ledger, "added": [record_row(r) for r in added], "unchanged": [record_row(r) for r in unchanged]}


def export_document(ledger: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """`kehoach export --format json`."""
    return {"ledger": ledger, "records": rows}


def check_document(check: Any, plan: Any, as_of: Any, area: str | None, lang: str, numbers: Any) -> dict[str, Any]:
    """`kehoach check --format json` of a core.checking.CheckResult: the progress rows that need
    attention, then what else fails the check (offices that disagree, values missing, areas that
    differ from the province's own figure)."""
    return {
        "format_version": FORMAT_VERSION,
        "ok": not check.needs_attention,
        "failing_on": sorted(str(v) for v in check.failing),
        "as_of": str(as_of) if as_of else None,
        "area": area,
        "summary": check.status.summary,
        "indicators": [progress_row(p) for p in check.attention_rows()],
        "conflicts": [conflict_row(c) for c in check.conflicts],  # appended
        "missing": [missing_row(m) for m in check.missing],  # appended: due, not recorded
        # appended: the province's own figure and its areas' roll-up differ (kind "area_difference")
        "area_differences": [difference_row(d, plan, lang, numbers) for d in check.differences],
    }


def difference_row(d: Any, plan: Any, lang: str, numbers: Any) -> dict[str, Any]:
    """An area difference in the JSON of `check`: both figures, the difference and each area's part."""
    from kehoach.core.planview import plan_text
    from kehoach.render.checking import difference_line

    ind = plan.find(d.indicator)[1]
    return {
        "kind": "area_difference",
        "indicator": d.indicator,
        "period": str(d.period),
        "method": d.method,
        "province_value": d.province_value,
        "areas_value": d.areas_value,
        "difference": d.difference,
        "areas": [{"area": p.name, "value": p.value, "weight": p.weight} for p in d.parts],
        "message": difference_line(d, plan_text(ind, "name", lang), plan_text(ind, "unit", lang), numbers),
    }


def plan_check_document(file: str, problems: list[str] | None, summary: dict[str, Any] | None) -> dict[str, Any]:
    """`kehoach plan check --format json`: ok when there is no problem, the problems, then the plan's
    summary (core.plantools.summary) when it could be read."""
    doc: dict[str, Any] = {"file": file, "ok": not problems}
    if problems:
        doc["problems"] = problems
    return {**doc, **(summary or {})}
