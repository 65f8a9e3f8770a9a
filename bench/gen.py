"""Generate benchmark data: a plan with districts and communes as areas, a kehoach ledger of N
records across them, the same records as an hledger/ledger journal with budget goals, and the
same records as an import CSV.

    python bench/gen.py OUT_DIR --records 100000 [--areas 200] [--seed 1]

Records run area by area (the province first), indicator by indicator, month by month of 2025,
until N are written: (38 monthly indicators × 12 + 7 quarterly ones × 4) × (1 + areas) ≈ 100k
for 207 areas. Values are plausible for each kind (year-to-date flows grow, shares stay under 100)
and are checked by kehoach exactly like typed ones when the CSV is imported.
"""

from __future__ import annotations

import argparse
import random
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "data" / "plan2025.toml"
DISTRICTS = 10
TZ = timezone(timedelta(hours=7))


def areas(count: int) -> list[tuple[str, str, str | None]]:
    """(name, kind, parent): DISTRICTS districts, then communes shared out among them."""
    out = [(f"Huyện {d + 1:02d}", "huyện", None) for d in range(min(DISTRICTS, count))]
    for c in range(count - len(out)):
        out.append((f"Xã {c + 1:03d}", "xã", f"Huyện {c % DISTRICTS + 1:02d}"))
    return out


def plan_text(area_list) -> str:
    text = PLAN.read_text(encoding="utf-8")
    blocks = []
    for name, kind, parent in area_list:
        block = f'\n[[areas]]\nname = "{name}"\nkind = "{kind}"\n'
        if parent:
            block += f'parent = "{parent}"\n'
        blocks.append(block)
    return text + "".join(blocks)


def value_for(ind: dict, month: int, rng: random.Random) -> Decimal:
    target = Decimal(str(ind["target"]))
    noise = Decimal(rng.randint(90, 110)) / 100
    kind = ind["kind"]
    if kind == "flow":
        v = target * month / 12 * noise
    elif kind == "count":
        return Decimal(max(0, int(target) - rng.randint(0, 2)))
    else:
        v = target * noise
    if ind["unit"].strip() == "%" and kind != "rate":
        v = min(v, Decimal(100))
    if kind != "rate":
        v = max(v, Decimal(0))
    return v.quantize(Decimal("0.01"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--areas", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    area_list = areas(args.areas)
    (out / "plan.toml").write_text(plan_text(area_list), encoding="utf-8")
    plan = tomllib.loads(PLAN.read_text(encoding="utf-8"))
    indicators = [i for t in plan["targets"] for i in t["indicators"]]

    from kehoach.core.ledger import END_LINE, sealed_header  # the format kehoach writes now: sealed, its plan named

    ledger = [sealed_header((plan["plan"]["province"], plan["plan"]["year"]))]
    csv = ["id,period,value,area,by\n"]
    journal = ["; the kehoach benchmark records as an hledger/ledger journal\n", "~ yearly from 2025-01-01\n"]
    for ind in indicators:
        journal.append(f"    (kehoach:{ind['id']})    {ind['target']}\n")
    journal.append("\n")
    start = datetime(2025, 2, 1, 8, 0, tzinfo=TZ)
    n = 0
    for area in [None, *(a[0] for a in area_list)]:
        for ind in indicators:
            # a quarterly indicator is recorded for quý I, 6 tháng, 9 tháng and cả năm only (import refuses others)
            for month in range(3, 13, 3) if ind.get("frequency") == "quarterly" else range(1, 13):
                if n == args.records:
                    break
                value = value_for(ind, month, rng)
                stamp = start + timedelta(seconds=n)
                rid = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") + f"-{n:012x}"
                block = f'\n[[records]]\nid = "{rid}"\nindicator = "{ind["id"]}"\nperiod = "2025-{month:02d}"\nvalue = {value}\n'
                if area:
                    block += f'area = "{area}"\n'
                block += f'recorded_at = {stamp.isoformat()}\nby = "bench"\n'
                ledger.append(block)
                csv.append(f"{ind['id']},2025-{month:02d},{value},{area or ''},bench\n")
                account = f"kehoach:{ind['id']}" + (f":{area}" if area else "")
                journal.append(f"2025-{month:02d}-01 {ind['id']}\n    ({account})    {value}\n\n")
                n += 1
    ledger.append(f"\n{END_LINE}\n")
    (out / "ledger.toml").write_text("".join(ledger), encoding="utf-8")
    (out / "records.csv").write_text("".join(csv), encoding="utf-8")
    (out / "journal.ledger").write_text("".join(journal), encoding="utf-8")
    print(f"{out}: {n} records, {len(area_list)} areas")


if __name__ == "__main__":
    main()
