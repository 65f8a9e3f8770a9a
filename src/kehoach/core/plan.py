"""Loading a plan file into a validated Plan, with every problem reported by its place in the file."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from kehoach.core.tomlfile import decode, parse_toml, read_bytes
from kehoach.errors import PlanError

PLAN_HINT = "give another plan with --plan PATH or the KEHOACH_PLAN environment variable"


def load_plan(path: Path, *, cache_dir: Path | None = None):
    """Read, parse and validate a plan file. Raises PlanError / InputMissing with the place.

    A plan validated before is taken from the cache in `cache_dir` (None: no cache) when its bytes
    are the same (plancache.py).
    """
    data = read_bytes(path, "plan file", hint=PLAN_HINT)
    if cache_dir is None:
        return parse_plan(data, path.name)
    from kehoach.core import plancache

    plan = plancache.get(data, cache_dir)
    if plan is None:
        plan = parse_plan(data, path.name)
        plancache.put(data, plan, cache_dir)
    return plan


def parse_plan(data: bytes, name: str):
    raw = parse_toml(decode(data, name, PlanError), name, PlanError)
    return validate_plan(raw, name)


def validate_plan(raw: dict[str, Any], name: str):
    from pydantic import ValidationError

    from kehoach.core.models import Plan
    from kehoach.core.planview import from_model

    try:
        plan = from_model(Plan.model_validate(raw))
    except ValidationError as e:
        problems = [f"{name}: {_where(raw, err['loc'])}: {_message(err)}" for err in e.errors()]
        raise _plan_error(name, problems) from None
    problems = [f"{name}: {where}: {msg}" for where, msg in _cross_checks(plan)]
    if problems:
        raise _plan_error(name, problems)
    return plan


def close_matches(word: str, choices, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The "did you mean" candidates; difflib is imported only when there is a mistake to explain."""
    import difflib

    return difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)


def _plan_error(name: str, problems: list[str]) -> PlanError:
    if len(problems) == 1:
        return PlanError(problems[0], hint="fix the plan file and run the command again")
    return PlanError(
        f"{name}: {len(problems)} problems", details=problems, hint="fix the plan file and run the command again"
    )


def _where(raw: Any, loc: tuple) -> str:
    """A key path people can follow: target 4 › indicator budget_revenue › target."""
    parts: list[str] = []
    node = raw
    i = 0
    while i < len(loc):
        key = loc[i]
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        child = node.get(key) if isinstance(node, dict) else None
        if key in ("targets", "indicators", "groups", "areas") and isinstance(nxt, int) and isinstance(child, list):
            item = child[nxt] if nxt < len(child) else None
            label = {"targets": "target", "indicators": "indicator", "groups": "group", "areas": "area"}[key]
            ident = None
            if isinstance(item, dict):
                ident = item.get({"targets": "number", "areas": "name"}.get(key, "id"))
            if isinstance(ident, (int, str)) and not isinstance(ident, bool):
                parts.append(f"{label} {ident}")
            else:
                parts.append(f"{label} #{nxt + 1}")
            node = item
            i += 2
            continue
        parts.append(str(key))
        node = child
        i += 1
    return " › ".join(parts) if parts else "top level"


_FIELDS_CACHE: dict[str, list[str]] = {}


def _message(err: dict) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        key = err["loc"][-1]
        return f"unknown key {key!r}" + _suggest(str(key), err["loc"])
    if kind == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        return f"must be one of {allowed}, got {value!r}"
    if kind in ("string_type",):
        return f"expected text, got {value!r}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {value!r}"
    if kind in ("list_type",):
        return "expected a list ([[…]] tables)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a table"
    if kind == "string_pattern_mismatch":
        return f"{value!r} must be lowercase ASCII letters, digits and _ (snake_case), starting with a letter"
    if kind == "too_short":
        return "must not be empty"
    return err["msg"]


def _suggest(key: str, loc: tuple) -> str:
    from kehoach.core import models

    parent = [p for p in loc[:-1] if isinstance(p, str)]
    model = {
        "plan": models.PlanMeta,
        "thresholds": models.Thresholds,
        "groups": models.Group,
        "targets": models.Target,
        "indicators": models.Indicator,
        "areas": models.Area,
    }.get(parent[-1] if parent else "", models.Plan)
    if parent[-2:] == ["areas", "targets"]:
        model = models.AreaTarget
    close = close_matches(key, list(model.model_fields))
    return f" (did you mean {close[0]!r}?)" if close else ""


def _cross_checks(plan) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    meta = plan.plan
    if meta.baseline_year >= meta.year:
        problems.append(("plan › baseline_year", f"must be before the plan year {meta.year}, got {meta.baseline_year}"))
    th = meta.thresholds
    if th.at_risk > th.on_track:
        problems.append(("plan › thresholds", "at_risk must not be above on_track"))
    if th.about_tolerance < 0 or th.about_tolerance >= 100:
        problems.append(("plan › thresholds › about_tolerance", "must be a percentage from 0 up to (not including) 100"))
    if not 0 <= th.share_on_track_points <= th.share_at_risk_points:
        problems.append(("plan › thresholds", "share_on_track_points must be between 0 and share_at_risk_points"))
    for key in ("on_track", "at_risk"):
        if getattr(th, key) < 0:
            problems.append((f"plan › thresholds › {key}", f"must not be negative, got {getattr(th, key)}"))

    group_ids = [g.id for g in plan.groups]
    for gid, n in Counter(group_ids).items():
        if n > 1:
            problems.append((f"group {gid}", f"the group id {gid!r} is used {n} times"))

    numbers = [t.number for t in plan.targets]
    for num, n in Counter(numbers).items():
        if n > 1:
            problems.append((f"target {num}", f"target number {num} is used {n} times"))
    missing = sorted(set(range(1, len(plan.targets) + 1)) - set(numbers))
    if missing and len(set(numbers)) == len(numbers):
        problems.append(
            ("targets", f"target numbers must run 1–{len(plan.targets)} without gaps; missing {missing}")
        )

    seen: dict[str, int] = {}
    shares: dict[str, list[tuple[Decimal, Decimal | None]]] = defaultdict(list)
    for t in plan.targets:
        if t.group not in group_ids:
            close = close_matches(t.group, group_ids, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (groups: {', '.join(group_ids)})"
            problems.append((f"target {t.number} › group", f"unknown group {t.group!r}{hint}"))
        for ind in t.indicators:
            where = f"target {t.number} › indicator {ind.id}"
            if ind.id in seen:
                problems.append((where, f"indicator id {ind.id!r} is also used in target {seen[ind.id]}"))
            else:
                seen[ind.id] = t.number
            problems += [(f"{where} › {f}", m) for f, m in target_form_problems(ind)]
            problems += [(f"{where} › {f}", m) for f, m in change_problems(ind)]
            if ind.direction == "toward" and ind.kind == "flow":
                problems.append(
                    (f"{where} › direction", '"toward" is for a structure share; a year-to-date flow is "higher" or "lower"')
                )
            for field in ("target", "target_high", "baseline") if ind.change is None else ("baseline",):
                value = getattr(ind, field)
                if value is None:
                    continue
                msg = value_problem(ind, value)
                if msg:
                    problems.append((f"{where} › {field}", msg))
            if ind.baseline is None and ind.baseline_kind != "estimate":
                problems.append((f"{where} › baseline_kind", f"is {ind.baseline_kind!r} but there is no baseline"))
            if ind.baseline is not None and ind.baseline_kind != "estimate" and not ind.baseline_note:
                problems.append(
                    (f"{where} › baseline_note", f"a {ind.baseline_kind} baseline must say how (baseline_note)")
                )
            if ind.kind == "share" and ind.share_of and ind.change is None:
                shares[ind.share_of].append((ind.target, ind.baseline))
    for whole, parts in shares.items():
        for label, values in (("targets", [p[0] for p in parts]), ("baselines", [p[1] for p in parts])):
            if any(v is None for v in values):
                continue
            total = sum(values, Decimal(0))
            if total > Decimal("100.5"):
                problems.append((f"share_of {whole}", f"the {label} of its shares add up to {total}, above 100"))

    areas = [a.name for a in plan.areas]
    for name, n in Counter(areas).items():
        if n > 1:
            problems.append((f"area {name}", f"the area {name!r} is listed {n} times"))
    parents = {a.name: a.parent for a in plan.areas}
    for a in plan.areas:
        if a.parent is not None and a.parent not in areas:
            problems.append((f"area {a.name} › parent", f"unknown area {a.parent!r}"))
        cycle = _parent_cycle(a.name, parents)
        if cycle:
            problems.append((f"area {a.name} › parent", f"areas are their own parents: {' › '.join(cycle)}"))
        for at in a.targets:
            if at.indicator not in seen:
                close = close_matches(at.indicator, list(seen), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append((f"area {a.name} › targets › {at.indicator}", f"unknown indicator{hint}"))
                continue
            found = plan.find(at.indicator)
            for field in ("target", "baseline"):
                value = getattr(at, field)
                msg = value_problem(found[1], value) if value is not None and found else None
                if msg:
                    problems.append((f"area {a.name} › targets › {at.indicator} › {field}", msg))
    return problems


def _parent_cycle(name: str, parents: dict[str, str | None]) -> list[str] | None:
    """The loop an area's parents make back to it (A › B › A), or None."""
    chain = [name]
    current = parents.get(name)
    while current is not None and current in parents:
        chain.append(current)
        if current == name:
            return chain
        if chain.count(current) > 1:  # a loop that does not pass through `name`: its own area says so
            return None
        current = parents.get(current)
    return None


def change_problems(ind) -> list[tuple[str, str]]:
    """A target stated as a change ("tăng 12%", "giảm 3 điểm %") needs the base it changes from."""
    if ind.change is None:
        return []
    problems = []
    if ind.baseline is None:
        problems.append(
            ("change", f'change = "{ind.change}" needs a baseline: the {ind.change} change is measured from it')
        )
    elif ind.change == "percent" and ind.baseline <= 0:
        problems.append(("baseline", f'a "percent" change needs a positive baseline, got {ind.baseline}'))
    if ind.kind == "rate":
        problems.append(("change", "a growth rate is already a change; write its target as the rate itself"))
    if ind.change == "points" and not ind.is_percent:
        problems.append(("change", f'"points" are percentage points; the unit is {ind.unit!r}, not a percentage'))
    if ind.change == "percent" and ind.target <= -100:
        problems.append(("target", f"a fall of {-ind.target}% or more leaves nothing; got {ind.target}"))
    return problems


_FORM_DIRECTIONS = {"at_least": "higher", "above": "higher", "at_most": "lower", "below": "lower"}


def target_form_problems(ind) -> list[tuple[str, str]]:
    """A target's wording and its direction must agree: "dưới 1%" cannot be higher-is-better."""
    problems = []
    if ind.target_form == "range":
        if ind.target_high is None:
            problems.append(("target_high", 'a "range" target needs target_high, the upper end of the range'))
        elif ind.target_high <= ind.target:
            problems.append(("target_high", f"must be above target ({ind.target}), got {ind.target_high}"))
    elif ind.target_high is not None:
        problems.append(("target_high", f'only a "range" target has target_high; this one is "{ind.target_form}"'))
    needed = _FORM_DIRECTIONS.get(ind.target_form)
    if needed is not None and ind.direction != needed:
        problems.append(
            ("target_form", f'"{ind.target_form}" needs direction = "{needed}", but direction is "{ind.direction}"')
        )
    return problems


def value_problem(ind, value: Decimal) -> str | None:
    """Why a value cannot be right for this indicator, or None. Shared by plan and ledger checks."""
    if value < 0 and not ind.allows_negative:
        return f"{value} is negative, but {ind.unit} cannot be negative for a {ind.kind}"
    bound = ind.upper_bound
    if bound is not None and value > bound:
        return f"{value} is above {bound}%, which a {ind.kind} cannot pass"
    if ind.kind == "count" and value != value.to_integral_value():
        return f"{value} is not a whole number, but this indicator counts {ind.unit}"
    return None
