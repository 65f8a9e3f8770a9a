"""Reading a ledger: through its store, with the index in front of it (cached.py), once more
under the writers' lock when what was read does not parse; and the values in force that `status`
shows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kehoach.core.ledger.cached import open_cached
from kehoach.core.ledger.model import LedgerView, PlanRules, Record, same_province
from kehoach.core.ledger.store import LedgerStore
from kehoach.core.periods import Period
from kehoach.core.storage import DEFAULT_LOCK_TIMEOUT
from kehoach.errors import CannotWrite, DataError, DiskError, LedgerError, TryAgain
from kehoach.i18n import _


class ForeignLedger(DataError):
    """The ledger belongs to another province's plan."""

if TYPE_CHECKING:
    from kehoach.core.progress import Actual


def read_ledger(
    path: Path,
    known_ids: set[str] | None = None,
    areas: set[str] | None = None,
    *,
    locked: bool = False,
    cache_dir: Path | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    plan: Any = None,
    any_plan: bool = False,
    writing: bool = False,
    store: LedgerStore | None = None,
) -> LedgerView:
    """Read and check every record. A broken ledger raises LedgerError naming file and line; a
    file cut short (its end line missing) is refused the same way, saying what is left of it.

    Records for indicators the plan does not have are kept out and reported as warnings.
    Readers take no lock; should what they read not parse, it may be a hand edit being saved at
    that moment, so they read once more holding the writers' lock (waiting up to `lock_timeout`
    seconds) before calling it an error. `locked`: the caller holds that lock already.
    `cache_dir`: the folder of the ledger index (None: no index; the files are read whole).
    `plan`: check the records against it too (`rules_for`): its years and its indicators' value
    rules; and check that the ledger belongs to it (`check_identity`) unless `any_plan`.
    `writing`: the caller is about to write (no --any-plan can be offered then).
    `store`: where the records live, when not the TOML file or folder at `path` (store.py).
    """
    rules = rules_for(plan) if plan is not None else None
    cached = open_cached(path, cache_dir, store)
    try:
        view = cached.read(known_ids, areas, rules)
    except LedgerError as first:
        if locked:
            raise
        try:
            with cached.lock(lock_timeout):  # waits for a writer still appending
                view = cached.read(known_ids, areas, rules)
        except (TryAgain, CannotWrite, DiskError):  # no lock to be had (read-only folder, busy)
            raise first from None
    if plan is not None and not any_plan:
        check_identity(view, plan.plan.province, plan.plan.year, writing=writing)
    return view


def check_identity(view: LedgerView, province: str, year: int, *, writing: bool = False) -> None:
    """Refuse a ledger whose files name another province's plan ([ledger] province = …): its
    figures would be shown, reported and checked as this province's. Another year of the same
    province is this ledger's own series — next year's plan reads this year's figures (that is
    what `plan next` is for), this year's plan last year's ("so với cùng kỳ") — and is accepted;
    a file that names no plan (written by hand or by an older kehoach) is accepted too."""
    for name, info in sorted(view.file_infos().items()):
        if info.province is None or same_province(info.province, province):
            continue
        message = _(
            "{file} belongs to the plan of {ledger_province} ({ledger_year}), not to this plan of {plan_province} "
            "({plan_year}): its figures are {ledger_province}'s"
        ).format(file=name, ledger_province=info.province, ledger_year=info.year, plan_province=province, plan_year=year)
        hint = (
            _("record {province}'s figures in its own ledger ({flag_ledger} or {env_ledger})").format(province=province)
            if writing
            else _("use {province}'s own ledger ({flag_ledger} or {env_ledger}), or add {flag_any_plan} to read this one "
                   "anyway").format(province=province)
        )
        raise ForeignLedger(message, hint=hint)


def rules_for(plan: Any) -> PlanRules:
    """The checks a ledger gets from a plan: its years, and each indicator's value rule as `record`
    applies it (core.plan.value_problem)."""
    from kehoach.core.plan import value_problem

    def indicator(ind_id: str) -> Any:
        found = plan.find(ind_id)
        return found[1] if found is not None else None

    def may_break(ind: Any, high: float | None, negative: bool, fractional: bool, long: bool) -> bool:
        # Above a bound: a value of at most 12 characters that passes 100 does so by 1e-9 at least,
        # far beyond a float's error, so its float passes 100 + 1e-10 too; a longer one is read
        # exactly when its float comes near the bound. Values at the bound itself (100 %) are fine.
        bound = ind.upper_bound
        above = False
        if bound is not None and high is not None:
            tol = abs(float(bound)) * 1e-12 + 1e-12
            above = high > float(bound) + tol or (long and high >= float(bound) - tol)
        return (negative and not ind.allows_negative) or above or (fractional and ind.kind == "count")

    return PlanRules((plan.plan.baseline_year, plan.plan.year), indicator, value_problem, may_break)


def latest_actuals(
    plan: Any, ledger: LedgerView, as_of: Period | None = None, area: str | None = None
) -> tuple[dict[str, Actual], dict[str, list[Actual]]]:
    """Per indicator, the effective value of the latest period of the plan year (≤ as_of), and
    every value in force up to as_of, by period."""
    from kehoach.core.progress import Actual  # only `status` needs it: `record` does not pay its import

    year = plan.plan.year
    latest: dict[str, Actual] = {}
    history: dict[str, list[Actual]] = {}
    for ind, period, value in sorted(ledger.effective_values(area)):
        if as_of is not None and period > as_of:
            continue
        history.setdefault(ind, []).append(Actual(period, value))
        if period.year == year:
            latest[ind] = Actual(period, value)
    return latest, history


__all__ = ["ForeignLedger", "Record", "check_identity", "latest_actuals", "read_ledger"]
