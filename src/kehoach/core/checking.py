"""`kehoach check`: what needs attention, and the rule of when the check fails.

The check fails (exit 1) when an indicator is off track or has missed its target (or is at risk,
with `at_risk`), when offices disagree on a value, when a value that is due is not recorded, or
when the province's own figure and its areas' roll-up differ. `run_check` computes all of it as
values; the command line only prints them and turns `needs_attention` into the exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kehoach.core.kinds import Verdict
from kehoach.core.periods import Period
from kehoach.core.progress import Progress
from kehoach.core.rollup import AreaDifference, find_area_differences
from kehoach.core.status import Conflict, Missing, StatusResult, build_status, find_missing


def failing_verdicts(at_risk: bool) -> frozenset[Verdict]:
    """The verdicts that fail the check: off track and missed, and at risk too when asked."""
    failing = {Verdict.OFF_TRACK, Verdict.MISSED}
    return frozenset(failing | {Verdict.AT_RISK} if at_risk else failing)


@dataclass(frozen=True)
class CheckResult:
    status: StatusResult  # the whole status the check looked at
    failing: frozenset[Verdict]  # the verdicts that fail it
    flagged: list[Progress]  # the indicators with one of those verdicts
    conflicts: list[Conflict]  # offices that disagree: fails the check whatever the verdicts
    missing: list[Missing]  # due and not recorded: fails it too
    differences: list[AreaDifference]  # the province's own figure against its areas' (whole province only)

    @property
    def needs_attention(self) -> bool:
        """The check fails (exit 1): anything above was found."""
        return bool(self.flagged or self.conflicts or self.missing or self.differences)

    def attention_rows(self) -> list[Progress]:
        """The indicators the check names, in the status order: flagged, in conflict, missing a
        value that is due, or differing from their areas."""
        named = ({c.indicator for c in self.conflicts} | {m.indicator for m in self.missing}
                 | {d.indicator for d in self.differences})
        return [p for p in self.status.rows if p.status in self.failing or p.id in named]


def run_check(plan: Any, ledger: Any, *, as_of: Period | None = None, area: str | None = None, at_risk: bool = False,
              today: date) -> CheckResult:
    """Everything `kehoach check` reports for the plan and ledger, as of a period, for the whole
    province or one area."""
    result = build_status(plan, ledger, as_of=as_of, area=area, today=today)
    failing = failing_verdicts(at_risk)
    return CheckResult(
        status=result,
        failing=failing,
        flagged=[p for p in result.rows if p.status in failing],
        conflicts=list(result.conflicts),
        missing=find_missing(plan, result, today=today, as_of=as_of, ledger=ledger),
        differences=find_area_differences(plan, ledger, as_of=as_of) if area is None else [],
    )
