"""Loading a plan file into a validated Plan, with every problem reported by its place in the file."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kehoach.core.kinds import (
    CHANGE_RULES,
    FORM_RULES,
    KIND_RULES,
    BaselineKind,
    Combine,
    Direction,
    Frequency,
    Kind,
    frequency_step,
)
from kehoach.core.numbers import number
from kehoach.core.tomlfile import decode, parse_toml, read_bytes
from kehoach.errors import Kind as ProblemKind
from kehoach.errors import Place, PlanError, Problem
from kehoach.i18n import _, unit_of

if TYPE_CHECKING:
    from kehoach.core.periods import Period

# The plan's objects (core/planview.py's Plan, Indicator, Area, …; pydantic's models of the same
# fields in the checks) are Any here: planview declares too few of their attributes (PlanMeta none)
# for its classes to type what is read of them. Once it does, these become its classes.
PlanObject = Any

def load_plan(path: Path, *, cache_dir: Path | None = None) -> PlanObject:
    """Read, parse and validate a plan file. Raises PlanError / InputMissing with the place.

    A plan validated before is taken from the cache in `cache_dir` (None: no cache) when its bytes
    are the same (plancache.py).
    """
    # the hint is a function: translated only when shown (no catalogue is loaded on the fast path)
    data = read_bytes(path, "plan file", hint=lambda: _("give another plan with {flag_plan} PATH or the {env_plan} environment variable"))
    if cache_dir is None:
        plan = parse_plan(data, path.name)
    else:
        from kehoach.core import plancache

        cached = plancache.get(data, cache_dir)
        if cached is None:
            plan = parse_plan(data, path.name)
            plancache.put(data, plan, cache_dir)
        else:
            plan = cached
    # a merged plan's predecessors are relative to its file, and share its cache (neither cached nor compared)
    plan.__dict__["_source"], plan.__dict__["_cache_dir"] = path, cache_dir
    return plan


def parse_plan(data: bytes, name: str) -> PlanObject:
    raw = parse_toml(decode(data, name, PlanError), name, PlanError)
    return validate_plan(raw, name)


def validate_plan(raw: dict[str, Any], name: str) -> PlanObject:
    from pydantic import ValidationError

    from kehoach.core import planview
    from kehoach.core.models import Plan as PlanModel

    # planview.from_model turns any model into its view (a Plan for the Plan model), called
    # through a plain callable: it is not annotated yet
    convert: Callable[..., Any] = planview.from_model
    try:
        plan = convert(PlanModel.model_validate(raw))
    except ValidationError as e:
        problems = [Problem(_message(err), ProblemKind.DATA, place=_place(raw, err["loc"], name)) for err in e.errors()]
        raise plan_error(name, problems) from None
    problems = [Problem(msg, ProblemKind.DATA, place=replace(place, file=name)) for place, msg in _cross_checks(plan)]
    if problems:
        raise plan_error(name, problems)
    return plan


def close_matches(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The "did you mean" candidates; difflib is imported only when there is a mistake to explain."""
    import difflib

    return difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)


def plan_error(name: str, problems: list[Problem]) -> PlanError:
    """The error of a plan that cannot be used: every problem as a line (its place first), and as
    the values themselves (`.problems`)."""
    hint = _("fix the plan file and run the command again")
    lines = [p.line() for p in problems]
    if len(problems) == 1:
        return PlanError(lines[0], hint=hint, problems=tuple(problems))
    return PlanError(f"{name}: " + _("{n} problems").format(n=len(problems)), details=lines, hint=hint,
                     problems=tuple(problems))


# A check's problems as (place, message): the place is a key path (text) until the loop that
# knows which target, indicator or area it is in gives it those (`_tagged`).
Found = list[tuple[str | Place, str]]


def _tagged(problems: Found, start: int, **ids: Any) -> None:
    """Give the problems found since `start` the items they are in (target=4, indicator=…); a place
    that has them already keeps its own."""
    for n in range(start, len(problems)):
        where, message = problems[n]
        place = where if isinstance(where, Place) else Place(key=where)
        problems[n] = (replace(place, **{k: v for k, v in ids.items() if getattr(place, k) is None}), message)


def _label(key: str, ident: object) -> str:
    """An item of the plan as a person finds it: "target 4", "indicator budget_revenue"."""
    said = {
        "targets": _("target {id}"),
        "indicators": _("indicator {id}"),
        "groups": _("group {id}"),
        "areas": _("area {id}"),
        "predecessors": _("predecessor {id}"),
    }[key]
    return said.format(id=ident)


def _place(raw: Any, loc: tuple[int | str, ...], name: str) -> Place:
    """Where a schema problem is: the key path people can follow (target 4 › indicator
    budget_revenue › target), with the target, indicator and area it is in."""
    ids: dict[str, Any] = {}
    key = _where(raw, loc, ids)
    return Place(file=name, key=key, **ids)


def _where(raw: Any, loc: tuple[int | str, ...], ids: dict[str, Any] | None = None) -> str:
    """A key path people can follow: target 4 › indicator budget_revenue › target. `ids` is given
    the items on the way (target: its number, indicator and area: their names)."""
    ids = {} if ids is None else ids
    parts: list[str] = []
    node = raw
    i = 0
    while i < len(loc):
        key = loc[i]
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        child = node.get(key) if isinstance(node, dict) else None
        if (key in ("targets", "indicators", "groups", "areas", "predecessors") and isinstance(nxt, int)
                and isinstance(child, list)):
            item = child[nxt] if nxt < len(child) else None
            ident = None
            if isinstance(item, dict):
                ident = item.get({"targets": "number", "areas": "name", "predecessors": "name"}.get(key, "id"))
            if isinstance(ident, (int, str)) and not isinstance(ident, bool):
                parts.append(_label(key, ident))
                field = {"targets": "target", "indicators": "indicator", "areas": "area"}.get(key)
                if field is not None and (field != "target" or isinstance(ident, int)):
                    ids[field] = ident
            else:
                parts.append(_label(key, f"#{nxt + 1}"))
            node = item
            i += 2
            continue
        if key in ("other_targets", "amendments") and isinstance(nxt, int) and isinstance(child, list):
            item = child[nxt] if nxt < len(child) else None  # named as the checks name it: by label, by from
            ident = item.get("label" if key == "other_targets" else "from") if isinstance(item, dict) else None
            parts += [key, ident if isinstance(ident, str) else f"#{nxt + 1}"]
            node = item
            i += 2
            continue
        parts.append(str(key))
        node = child
        i += 1
    return " › ".join(parts) if parts else _("top level")


def _message(err: Mapping[str, Any]) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return _("required key is missing")
    if kind == "extra_forbidden":
        key = err["loc"][-1]
        close = _suggest(str(key), err["loc"])
        if close:
            return _("unknown key {key} (did you mean {name}?)").format(key=repr(key), name=repr(close))
        return _("unknown key {key}").format(key=repr(key))
    if kind in ("literal_error", "enum"):  # a closed set: Literal or enum (core/kinds.py)
        allowed = str(err.get("ctx", {}).get("expected", "")).replace(" or ", _(" or "))
        return _("must be one of {allowed}, got {value}").format(allowed=allowed, value=_shown(value))
    if kind in ("string_type",):
        return _("expected text, got {value}").format(value=_shown(value))
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("expected a whole number, got {value}").format(value=_shown(value))
    if kind in ("list_type",):
        return _("expected a list ([[…]] tables)")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("expected a table")
    if kind == "string_pattern_mismatch":
        return _("{value} must be lowercase ASCII letters, digits and _ (snake_case), starting with a letter").format(
            value=repr(value))
    if kind in ("too_short", "string_too_short"):
        return _("must not be empty")
    if kind == "string_too_long":
        return _("must be at most {n} characters long").format(n=err.get("ctx", {}).get("max_length", "?"))
    if kind == "number":
        return _("expected a number, got {shown}").format(shown=_shown(value, quote='"'))
    if kind == "finite":
        return _("expected a finite number, got {shown}").format(shown=err.get("ctx", {}).get("shown", _shown(value)))
    if kind == "magnitude":
        return str(err.get("ctx", {}).get("problem", err["msg"]))
    ctx = err.get("ctx", {})
    bounds = {
        "less_than_equal": (_("must be at most {bound}, got {value}"), "le"),
        "greater_than_equal": (_("must be at least {bound}, got {value}"), "ge"),
        "less_than": (_("must be below {bound}, got {value}"), "lt"),
        "greater_than": (_("must be above {bound}, got {value}"), "gt"),
    }
    if kind in bounds:
        said, key = bounds[kind]
        return said.format(bound=ctx.get(key, "?"), value=_shown(value))
    if kind == "control_character":
        return _("holds the control character U+{code} at character {at}: remove it").format(
            code=ctx.get("code", "?"), at=ctx.get("at", "?"))
    return _("this value is not allowed here: {value}").format(value=_shown(value))  # never pydantic's English


def _shown(value: Any, quote: str | None = None) -> str:
    """A value as the plan file writes it (TOML), never as Python does: 2025.5, not Decimal('2025.5');
    true, not True; 2025-01-01, not datetime.date(2025, 1, 1); a table, not {'a': 1}."""
    from datetime import date, datetime, time

    if isinstance(value, str):
        return f"{quote}{value}{quote}" if quote else repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v, quote='"') for v in value) + "]"
    return str(value)


def _suggest(key: str, loc: tuple[int | str, ...]) -> str | None:
    from kehoach.core import models

    parent = [p for p in loc[:-1] if isinstance(p, str)]
    model = {
        "plan": models.PlanMeta,
        "thresholds": models.Thresholds,
        "groups": models.Group,
        "targets": models.Target,
        "indicators": models.Indicator,
        "areas": models.Area,
        "predecessors": models.Predecessor,
        "other_targets": models.OtherTarget,
        "amendments": models.Amendment,
    }.get(parent[-1] if parent else "", models.Plan)
    if parent[-2:] == ["areas", "targets"]:
        model = models.AreaTarget
    fields = model.model_fields  # type: ignore[attr-defined]
    close = close_matches(key, [f.alias or n for n, f in fields.items()])  # `from`, not the attribute `from_`
    return close[0] if close else None


def _cross_checks(plan: PlanObject) -> list[tuple[Place, str]]:
    problems: Found = []
    meta = plan.plan
    if meta.baseline_year >= meta.year:
        problems.append(("plan › baseline_year", _("must be before the plan year {year}, got {baseline_year}").format(
            year=meta.year, baseline_year=meta.baseline_year)))
    th = meta.thresholds
    if th.at_risk > th.on_track:
        problems.append(("plan › thresholds", _("at_risk must not be above on_track")))
    if th.about_tolerance < 0 or th.about_tolerance >= 100:
        problems.append(("plan › thresholds › about_tolerance",
                         _("must be a percentage from 0 up to (not including) 100")))
    if not 0 <= th.share_on_track_points <= th.share_at_risk_points:
        problems.append(("plan › thresholds", _("share_on_track_points must be between 0 and share_at_risk_points")))
    for key in ("on_track", "at_risk"):
        if getattr(th, key) < 0:
            problems.append((f"plan › thresholds › {key}", _("must not be negative, got {value}").format(
                value=getattr(th, key))))

    group_ids = [g.id for g in plan.groups]
    for gid, n in Counter(group_ids).items():
        if n > 1:
            problems.append((_label("groups", gid), _("the group id {id} is used {n} times").format(id=repr(gid), n=n)))

    numbers = [t.number for t in plan.targets]
    for num, n in Counter(numbers).items():
        if n > 1:
            problems.append((Place(key=_label("targets", num), target=num),
                             _("target number {number} is used {n} times").format(number=num, n=n)))
    missing = sorted(set(range(1, len(plan.targets) + 1)) - set(numbers))
    if missing and len(set(numbers)) == len(numbers):
        problems.append(
            ("targets", _("target numbers must run 1–{last} without gaps; missing {missing}").format(
                last=len(plan.targets), missing=missing))
        )

    seen: dict[str, int] = {}
    shares: dict[str, list[tuple[Decimal, Decimal | None]]] = defaultdict(list)
    for t in plan.targets:
        in_target = len(problems)
        if t.group not in group_ids:
            close = close_matches(t.group, group_ids, n=1)
            said = (_("unknown group {group} (did you mean {name}?)").format(group=repr(t.group), name=repr(close[0]))
                    if close else _("unknown group {group} (groups: {names})").format(
                        group=repr(t.group), names=", ".join(group_ids)))
            problems.append((f"{_label('targets', t.number)} › group", said))
        for ind in t.indicators:
            in_indicator = len(problems)
            where = f"{_label('targets', t.number)} › {_label('indicators', ind.id)}"
            if ind.id in seen:
                problems.append((where, _("indicator id {id} is also used in target {number}").format(
                    id=repr(ind.id), number=seen[ind.id])))
            else:
                seen[ind.id] = t.number
            problems += [(f"{where} › {f}", m) for f, m in target_form_problems(ind)]
            problems += [(f"{where} › {f}", m) for f, m in change_problems(ind)]
            problems += [(f"{where} › {f}", m) for f, m in more_targets_problems(ind, meta.year)]
            if ind.direction == Direction.TOWARD and ind.kind == Kind.FLOW:
                problems.append(
                    (f"{where} › direction",
                     _('"toward" is for a structure share; a year-to-date flow is "higher" or "lower"'))
                )
            for field in ("target", "target_high", "baseline") if ind.change is None else ("baseline",):
                value = getattr(ind, field)
                if value is None:
                    continue
                msg = value_problem(ind, value)
                if msg:
                    problems.append((f"{where} › {field}", msg))
            if ind.baseline is None and ind.baseline_kind != BaselineKind.ESTIMATE:
                problems.append((f"{where} › baseline_kind", _("is {kind} but there is no baseline").format(
                    kind=repr(str(ind.baseline_kind)))))
            if ind.baseline is not None and ind.baseline_kind != BaselineKind.ESTIMATE and not ind.baseline_note:
                problems.append(
                    (f"{where} › baseline_note", _("a {kind} baseline must say how (baseline_note)").format(
                        kind=ind.baseline_kind))
                )
            if ind.kind == Kind.SHARE and ind.share_of and ind.change is None:
                shares[ind.share_of].append((ind.target, ind.baseline))
            _tagged(problems, in_indicator, indicator=ind.id)
        _tagged(problems, in_target, target=t.number)
    for whole, parts in shares.items():
        for label, values in (("targets", [p[0] for p in parts]), ("baselines", [p[1] for p in parts])):
            known = [v for v in values if v is not None]
            if len(known) < len(values):
                continue
            total = sum(known, Decimal(0))
            if total > Decimal("100.5"):
                said = (_("the targets of its shares add up to {total}, above 100") if label == "targets"
                        else _("the baselines of its shares add up to {total}, above 100"))
                problems.append((f"share_of {whole}", said.format(total=total)))

    areas = [a.name for a in plan.areas]
    for name, n in Counter(areas).items():
        if n > 1:
            problems.append((Place(key=_label("areas", name), area=name),
                             _("the area {name} is listed {n} times").format(name=repr(name), n=n)))
    parents = {a.name: a.parent for a in plan.areas}
    for a in plan.areas:
        in_area = len(problems)
        here = _label("areas", a.name)
        if a.parent is not None and a.parent not in areas:
            problems.append((f"{here} › parent", _("unknown area {area}").format(area=repr(a.parent))))
        cycle = _parent_cycle(a.name, parents)
        if cycle:
            problems.append((f"{here} › parent", _("areas are their own parents: {chain}").format(chain=" › ".join(cycle))))
        for at in a.targets:
            in_target = len(problems)
            if at.indicator not in seen:
                close = close_matches(at.indicator, list(seen), n=1)
                said = (_("unknown indicator (did you mean {name}?)").format(name=repr(close[0])) if close
                        else _("unknown indicator"))
                problems.append((Place(key=f"{here} › targets › {at.indicator}", indicator=at.indicator), said))
                continue
            found = plan.find(at.indicator)
            for field in ("target", "baseline"):
                value = getattr(at, field)
                msg = value_problem(found[1], value) if value is not None and found else None
                if msg:
                    problems.append((f"{here} › targets › {at.indicator} › {field}", msg))
            _tagged(problems, in_target, indicator=at.indicator)
        _tagged(problems, in_area, area=a.name)
    problems += area_month_problems(plan)
    problems += succession_problems(plan)
    _tagged(problems, 0)
    return [(place, message) for place, message in problems if isinstance(place, Place)]


def area_month_problems(plan: PlanObject) -> Found:
    """Areas that end and begin: `from` and `until` are months, in order, and what an area
    `becomes` when it ends are other areas of the plan."""
    from kehoach.core.periods import PeriodError, parse_period

    problems: Found = []
    names = {a.name for a in plan.areas}
    months: dict[str, tuple[Period | None, ...]] = {}
    for a in plan.areas:
        in_area = len(problems)
        here = _label("areas", a.name)
        got: list[Period | None] = []
        for key, text in (("from", getattr(a, "from_", None)), ("until", getattr(a, "until", None))):
            period = None
            if text is not None:
                try:
                    period = parse_period(text)
                except PeriodError as e:
                    problems.append((f"{here} › {key}", str(e)))
            got.append(period)
        months[a.name] = tuple(got)
        start, end = got
        if start is not None and end is not None and end < start:
            problems.append((f"{here} › until", _("{until} is before the area's first month {start}").format(
                until=end, start=start)))
        _tagged(problems, in_area, area=a.name)
    for a in plan.areas:
        in_area = len(problems)
        here = _label("areas", a.name)
        becomes = getattr(a, "becomes", [])
        end = months[a.name][1]
        if becomes and a.until is None:
            problems.append((f"{here} › becomes", _("an area that becomes others needs until, its last month")))
        for other in becomes:
            if other not in names or other == a.name:
                problems.append((f"{here} › becomes", _("unknown area {area}").format(area=repr(other))))
                continue
            start = months[other][0]
            if end is not None and start is not None and start <= end:
                problems.append((f"{here} › becomes", _("{area} begins in {start}, before {name} ends in {until}").format(
                    area=other, start=start, name=a.name, until=end)))
        _tagged(problems, in_area, area=a.name)
    return problems


def succession_problems(plan: PlanObject) -> Found:
    """A merged province's plan (docs/merged-provinces.md): its predecessors, and each indicator's
    `combine` with what that needs, checked before any predecessor's file is read."""
    from kehoach.core.periods import PeriodError, parse_period

    problems: Found = []
    preds = getattr(plan, "predecessors", [])
    names = [p.name for p in preds]
    for name, n in Counter(names).items():
        if n > 1:
            problems.append((_label("predecessors", name), _("the predecessor {name} is listed {n} times").format(
                name=repr(name), n=n)))
    untils = set()
    for p in preds:
        here = f"{_label('predecessors', p.name)} › until"
        try:
            until = parse_period(p.until)
        except PeriodError as e:
            problems.append((here, str(e)))
            continue
        untils.add(until)
        if until.year not in (plan.plan.year, plan.plan.baseline_year):
            problems.append((here, _("{until} is neither in the plan year {year} nor in its baseline year {baseline_year}")
                             .format(until=until, year=plan.plan.year, baseline_year=plan.plan.baseline_year)))
    if len(untils) > 1:
        problems.append(("predecessors", _("the predecessors must all end in the same month (the merger's); got {months}")
                         .format(months=", ".join(str(u) for u in sorted(untils)))))
    for t, ind in plan.indicators():
        in_indicator = len(problems)
        here = _label("indicators", ind.id)
        method = getattr(ind, "combine", None)
        if method is None:
            for key in ("weights", "weight", "denominator", "numerator", "from_ids"):
                if getattr(ind, key, None) is not None:
                    problems.append((f"{here} › {key}", _("{key} says how predecessors' values combine, but the "
                                                            "indicator has no combine").format(key=key)))
            _tagged(problems, in_indicator, target=t.number, indicator=ind.id)
            continue
        if not preds and not plan.areas:  # a plan's areas roll up by `combine` too (core/rollup.py)
            problems.append((f"{here} › combine", _("combine needs the plan's [[predecessors]] or [[areas]]: "
                                                    "there are none")))
        if method == Combine.WEIGHTED:
            if ind.weights is None and ind.weight is None:
                problems.append((f"{here} › combine", _('combine = "weighted" needs weights (the published shares, by '
                                                        'predecessor) or weight (an indicator weighing each)')))
            elif ind.weights is not None and ind.weight is not None:
                problems.append((f"{here} › weights", _("give weights or weight, not both")))
        else:
            for key in ("weights", "weight"):
                if getattr(ind, key) is not None:
                    problems.append((f"{here} › {key}", _('{key} is only for combine = "weighted", not "{method}"')
                                     .format(key=key, method=method)))
        if method == Combine.PER_CAPITA:
            if ind.denominator is None:
                problems.append((f"{here} › combine", _('combine = "per_capita" needs denominator, the predecessors\' '
                                                        'population indicator')))
        else:
            for key in ("denominator", "numerator"):
                if getattr(ind, key) is not None:
                    problems.append((f"{here} › {key}", _('{key} is only for combine = "per_capita", not "{method}"')
                                     .format(key=key, method=method)))
        for key in ("weights", "from_ids"):
            for pred in (getattr(ind, key) or {}):
                if pred not in names:
                    close = close_matches(pred, names, n=1)
                    said = (_("unknown predecessor {name} (did you mean {close}?)").format(
                        name=repr(pred), close=repr(close[0])) if close
                        else _("unknown predecessor {name} (predecessors: {names})").format(
                        name=repr(pred), names=", ".join(names) or "—"))
                    problems.append((f"{here} › {key}", said))
        if ind.weights is not None:
            lacking = [n for n in names if n not in ind.weights]
            if lacking:
                problems.append((f"{here} › weights", _("no share for {names}: every predecessor needs one").format(
                    names=", ".join(lacking))))
            for pred, share in ind.weights.items():
                if share < 0:
                    problems.append((f"{here} › weights › {pred}", _("must not be negative, got {value}").format(
                        value=share)))
        _tagged(problems, in_indicator, target=t.number, indicator=ind.id)
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


class _Restated:
    """An indicator with its target as another basis or an amendment restates it: the same checks
    (form and direction, change and baseline, sign and bound) apply to each."""

    def __init__(self, ind: PlanObject, other: PlanObject) -> None:
        self._ind, self._other = ind, other

    def __getattr__(self, name: str) -> Any:
        if name in ("target", "target_form", "target_high", "change"):
            return getattr(self._other, name)
        return getattr(self._ind, name)


def _month_key(text: str, year: int, quarterly: bool) -> str | None:
    """Why `text` cannot be a month of the plan year (a `from`, a scenario's key), or None."""
    from kehoach.core.periods import PeriodError, parse_period

    try:
        period = parse_period(text)
    except PeriodError as e:
        return str(e)
    if period.year != year:
        return _("{period} is not in the plan year {year}").format(period=period, year=year)
    if quarterly and period.month % frequency_step(Frequency.QUARTERLY):
        return quarter_problem(period)
    return None


def quarter_problem(period: Period) -> str:
    """Why a quarterly indicator has no value for `period` (docs/method.md, "Quarterly indicators")."""
    return _("{period} is not the last month of a quarter: this indicator is published quarterly "
             "(quý I, 6 tháng, 9 tháng, cả năm), for months 03, 06, 09 and 12").format(period=period)


def more_targets_problems(ind: PlanObject, year: int) -> list[tuple[str, str]]:
    """The other bases, amendments and scenario of an indicator: each restated target
    passes the checks of the main one; an amendment starts in the plan year, once per month; a
    scenario is a growth rate's, keyed by months of the plan year (quarter ends when quarterly)."""
    problems: list[tuple[str, str]] = []
    quarterly = ind.frequency == Frequency.QUARTERLY
    restated = [(f"other_targets › {o.label}", o) for o in ind.other_targets]
    restated += [(f"amendments › {a.start}", a) for a in ind.amendments]
    for place, other in restated:
        shape = _Restated(ind, other)
        problems += [(f"{place} › {f}", m) for f, m in target_form_problems(shape)]
        problems += [(f"{place} › {f}", m) for f, m in change_problems(shape)]
        for field in ("target", "target_high") if other.change is None else ():
            value = getattr(other, field)
            msg = value_problem(ind, value) if value is not None else None
            if msg:
                problems.append((f"{place} › {field}", msg))
    labels = Counter(o.label for o in ind.other_targets)
    problems += [(f"other_targets › {label}", _("the label {label} is used {n} times").format(label=repr(label), n=n))
                 for label, n in labels.items() if n > 1]
    starts = Counter(a.start for a in ind.amendments)
    for a in ind.amendments:
        msg = _month_key(a.start, year, False)
        if msg:
            problems.append((f"amendments › {a.start} › from", msg))
        elif starts[a.start] > 1:
            problems.append((f"amendments › {a.start} › from", _("two amendments start in {period}: give one").format(
                period=a.start)))
            starts[a.start] = 1  # said once
    scenarios = [("scenario", ind.scenario)] + [(f"amendments › {a.start} › scenario", a.scenario) for a in ind.amendments]
    for place, scenario in scenarios:
        if not scenario:
            continue
        if not KIND_RULES[ind.kind].is_change or ind.direction == Direction.TOWARD:
            problems.append((place, _('a scenario is the planned path of a growth rate (kind = "rate", direction '
                                      '"higher" or "lower"); this indicator is a {kind}').format(kind=_kind(ind.kind))))
            continue
        for key, value in scenario.items():
            msg = _month_key(key, year, quarterly) or value_problem(ind, value)
            if msg:
                problems.append((f"{place} › {key}", msg))
    return problems


def change_problems(ind: PlanObject) -> list[tuple[str, str]]:
    """A target stated as a change ("tăng 12%", "giảm 3 điểm %") needs the base it changes from."""
    if ind.change is None:
        return []
    rule = CHANGE_RULES[ind.change]
    problems = []
    if ind.baseline is None:
        problems.append(
            ("change", _('change = "{change}" needs a baseline: the {change} change is measured from it').format(
                change=ind.change))
        )
    elif rule.positive_base and ind.baseline <= 0:
        problems.append(("baseline", _('a "percent" change needs a positive baseline, got {value}').format(
            value=ind.baseline)))
    if KIND_RULES[ind.kind].is_change:
        problems.append(("change", _("a growth rate is already a change; write its target as the rate itself")))
    if rule.percent_unit and not ind.is_percent:
        problems.append(("change", _('"points" are percentage points; the unit is {unit}, not a percentage').format(
            unit=repr(ind.unit))))
    if rule.positive_base and ind.target <= -100:  # a fall of 100 % or more leaves nothing of the base
        problems.append(("target", _("a fall of {fall}% or more leaves nothing; got {value}").format(
            fall=-ind.target, value=ind.target)))
    return problems


def target_form_problems(ind: PlanObject) -> list[tuple[str, str]]:
    """A target's wording and its direction must agree: "dưới 1%" cannot be higher-is-better."""
    rule = FORM_RULES[ind.target_form]
    problems = []
    if rule.two_ends:
        if ind.target_high is None:
            problems.append(("target_high", _('a "range" target needs target_high, the upper end of the range')))
        elif ind.target_high <= ind.target:
            problems.append(("target_high", _("must be above target ({target}), got {value}").format(
                target=ind.target, value=ind.target_high)))
    elif ind.target_high is not None:
        problems.append(("target_high", _('only a "range" target has target_high; this one is "{form}"').format(
            form=ind.target_form)))
    needed = rule.direction
    if needed is not None and ind.direction != needed:
        problems.append(
            ("target_form", _('"{form}" needs direction = "{needed}", but direction is "{direction}"').format(
                form=ind.target_form, needed=needed, direction=ind.direction))
        )
    return problems


def _kind(kind: str) -> str:
    """An indicator's kind (flow, rate, level…) as the session's language names it."""
    from kehoach.i18n import KIND_LABELS, language

    return KIND_LABELS.get(language(), {}).get(kind, kind)


def value_problem(ind: PlanObject, value: Decimal) -> str | None:
    """Why a value cannot be right for this indicator, or None. Shared by plan and ledger checks."""
    if value < 0 and not ind.allows_negative:
        return _("{value} is negative, but {unit} cannot be negative for a {kind}").format(
            value=number(value), unit=unit_of(ind), kind=_kind(ind.kind))
    bound = ind.upper_bound
    if bound is not None and value > bound:
        return _("{value} is above {bound}%, which a {kind} cannot pass").format(
            value=number(value), bound=number(bound), kind=_kind(ind.kind))
    if KIND_RULES[ind.kind].whole and value != value.to_integral_value():
        return _("{value} is not a whole number, but this indicator counts {unit}").format(
            value=number(value), unit=unit_of(ind))
    return None
