"""kehoach's benchmark: every command measured side by side with hledger, ledger and the stack's floor.

    python bench/run.py                # the full run (about 5 minutes on 2 cores)
    python bench/run.py --quick        # fewer runs, 10,000 records only: a smoke test

Run it with the Python of a virtual environment where kehoach is installed as the README says
(`pip install .`): it times the `kehoach` script beside that Python. Whole processes are timed with
hyperfine when it is installed (apt-get install hyperfine), else by a loop in Python; peak memory
with /usr/bin/time -v (apt-get install time). hledger and ledger are measured when installed
(apt-get install hledger ledger). Results go to bench/out/results.md and results.json; nothing in
your own kehoach data or cache is touched. This is a benchmark, not a test: it never fails on a
slow machine, it prints what it measured and which goals were met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PY = sys.executable
KEHOACH = str(Path(PY).parent / "kehoach")


@dataclass
class Case:
    key: str
    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    prepare: str | None = None  # a shell command run before every timed run
    runs: int | None = None
    mean: float | None = None  # seconds
    sd: float | None = None
    peak_kb: int | None = None


# Every timed `record` must really write: a retried identical record or revision is a no-op (issue
# 10), so each run records another value. sh bumps a counter and execs kehoach with 10111.<n>. The
# record on an empty ledger runs through the same wrapper, so their ratio is like for like; against
# hledger the wrapper costs kehoach the start of sh (about 1 ms).
_NEXT_VALUE = 'n=$(( $(cat "$0" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$0"; exec "$@" "10111.$n"'


# gen.py stamps its records a second apart from 2025-02-01 08:00+07:00: on this day's end the
# 10k ledger is known whole, and 57,600 of the 100k ledger's records are (the rest came later).
KNOWN_AT = "2025-02-01"


def record_argv(counter: Path, *options: str) -> list[str]:
    return ["sh", "-c", _NEXT_VALUE, str(counter), KEHOACH, "record", "budget_revenue", "--period", "2025-06", *options]


def sh(cmd: list[str], env=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, capture_output=True, text=True, **kw)


def base_env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_")}
    env.update(
        KEHOACH_PLAN=str(data / "plan.toml"),
        KEHOACH_LEDGER=str(data / "ledger.toml"),
        KEHOACH_CACHE=str(OUT / "cache" / data.name),  # one per data set: a cold run drops only its own
        KEHOACH_BY="bench",
        NO_COLOR="1",
        COLUMNS="160",
    )
    return env


def generate(name: str, records: int, areas: int) -> Path:
    data = OUT / name
    if not (data / "ledger.toml").exists():
        r = sh([PY, str(HERE / "gen.py"), str(data), "--records", str(records), "--areas", str(areas)])
        if r.returncode:
            sys.exit(f"gen.py failed: {r.stderr}")
    shutil.copy(data / "ledger.toml", data / "ledger.orig.toml")
    return data


def time_case(case: Case, runs: int, warmup: int) -> None:
    runs = case.runs or runs
    env = {**os.environ, **case.env}
    if shutil.which("hyperfine"):
        export = OUT / "hyperfine.json"
        cmd = ["hyperfine", "-N", "--warmup", str(warmup), "--runs", str(runs), "--export-json", str(export),
               "--ignore-failure"]  # fmt: skip
        if case.prepare:
            cmd += ["--prepare", case.prepare]
        cmd.append(" ".join(_quote(a) for a in case.argv))
        r = sh(cmd, env=env)
        if r.returncode:
            print(f"  {case.key}: hyperfine failed: {r.stderr.strip()[-300:]}")
            return
        result = json.loads(export.read_text())["results"][0]
        case.mean, case.sd = result["mean"], result["stddev"] or 0.0
        return
    times = []
    for n in range(warmup + runs):
        if case.prepare:
            subprocess.run(case.prepare, shell=True, env=env, check=False)
        start = time.perf_counter()
        subprocess.run(case.argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if n >= warmup:
            times.append(time.perf_counter() - start)
    case.mean, case.sd = statistics.mean(times), (statistics.stdev(times) if len(times) > 1 else 0.0)


def peak_memory(case: Case) -> None:
    if not Path("/usr/bin/time").exists():
        return
    env = {**os.environ, **case.env}
    if case.prepare:
        subprocess.run(case.prepare, shell=True, env=env, check=False)
    r = sh(["/usr/bin/time", "-v", *case.argv], env=env)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    case.peak_kb = int(m[1]) if m else None


def _quote(a: str) -> str:
    return f'"{a}"' if (" " in a or not a) else a


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    out["kehoach"] = sh([KEHOACH, "--version"]).stdout.strip()
    for tool, args in (("hledger", ["--version"]), ("ledger", ["--version"]), ("hyperfine", ["--version"])):
        if shutil.which(tool):
            out[tool] = sh([tool, *args]).stdout.splitlines()[0].strip()
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    out["machine"] = f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="kehoach benchmark (see the module docstring)")
    ap.add_argument("--quick", action="store_true", help="fewer runs and no 100,000-record ledger")
    ap.add_argument("--runs", type=int, default=None, help="timed runs per command (default 20, --quick 5)")
    args = ap.parse_args()
    runs = args.runs or (5 if args.quick else 20)
    warmup = 2 if args.quick else 3
    # A user's kehoach runs from compiled bytecode (pip writes it at install, Python on first use);
    # a shell that forbids writing it (PYTHONDONTWRITEBYTECODE) would time the compiler at every run.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if not Path(KEHOACH).exists():
        sys.exit(f"no kehoach beside {PY}: install it first (pip install .) and run this with that Python")
    OUT.mkdir(exist_ok=True)
    shutil.rmtree(OUT / "cache", ignore_errors=True)
    has_hledger, has_ledger = bool(shutil.which("hledger")), bool(shutil.which("ledger"))

    sizes = [("year", 484, 0), ("10k", 10_000, 200)] + ([] if args.quick else [("100k", 100_000, 207)])
    data = {name: generate(name, n, areas) for name, n, areas in sizes}
    empty = OUT / "empty"
    empty.mkdir(exist_ok=True)
    # the same plan (with its areas) as the largest ledger: only the ledger's size differs
    shutil.copy(data[sizes[-1][0]] / "plan.toml", empty / "plan.toml")

    cases: list[Case] = []
    year_env = base_env(data["year"])
    restore = "cp {0}/ledger.orig.toml {0}/ledger.toml"
    if has_hledger:
        cases.append(Case("hledger_year", "hledger balance --budget, realistic year",
                          ["hledger", "-f", str(data["year"] / "journal.ledger"), "balance", "--budget", "-Y"]))  # fmt: skip
    if has_ledger:
        cases.append(Case("ledger_year", "ledger balance --budget, realistic year",
                          ["ledger", "-f", str(data["year"] / "journal.ledger"), "balance", "--budget"]))  # fmt: skip
    cases += [
        Case("floor", "floor: minimal Typer app printing a 45-row Rich table", [PY, str(HERE / "floor.py")]),
        Case("python", "python -c pass (interpreter start)", [PY, "-c", "pass"]),
        Case("version", "kehoach --version", [KEHOACH, "--version"], year_env),
        Case("help", "kehoach --help", [KEHOACH, "--help"], year_env),
        Case(
            "complete",
            "shell completion (kehoach sta<TAB>)",
            [KEHOACH],
            {**year_env, "_KEHOACH_COMPLETE": "complete_bash", "COMP_WORDS": "kehoach sta", "COMP_CWORD": "1"},
        ),  # fmt: skip
        Case("status_year", "kehoach status, realistic year (table)", [KEHOACH, "status"], year_env),
        Case(
            "json_year",
            "kehoach status --format json, realistic year",
            [KEHOACH, "status", "--format", "json"],
            year_env,
        ),
        Case(
            "csv_year", "kehoach status --format csv, realistic year", [KEHOACH, "status", "--format", "csv"], year_env
        ),
        Case(
            "record_year",
            "kehoach record, realistic year",
            record_argv(OUT / "counter-year", "--revise", "bench"),
            year_env,
        ),  # fmt: skip
        Case(
            "record_empty",
            "kehoach record, empty ledger",
            record_argv(OUT / "counter-empty"),
            base_env(empty),
            prepare=f"rm -f {empty}/ledger.toml",
        ),  # fmt: skip
    ]
    for name in [s[0] for s in sizes[1:]]:
        env = base_env(data[name])
        journal = str(data[name] / "journal.ledger")
        if has_hledger:
            cases.append(Case(f"hledger_{name}", f"hledger balance --budget, {name} records",
                              ["hledger", "-f", journal, "balance", "--budget", "-Y"], runs=5 if name == "100k" else None))  # fmt: skip
        if has_ledger:
            cases.append(
                Case(
                    f"ledger_{name}",
                    f"ledger balance --budget, {name} records",
                    ["ledger", "-f", journal, "balance", "--budget"],
                )
            )
        cases += [
            Case(f"status_{name}", f"kehoach status, {name} records (table)", [KEHOACH, "status"], env),
            Case(
                f"json_{name}",
                f"kehoach status --format json, {name} records",
                [KEHOACH, "status", "--format", "json"],
                env,
            ),
            Case(
                f"record_{name}",
                f"kehoach record, {name} records",
                record_argv(OUT / f"counter-{name}", "--revise", "bench"),
                env,
            ),  # fmt: skip
            *(  # the first read answers from the text and builds no index; the second builds it
                Case(f"{key}_{name}", f"kehoach status --format json, {name} records, {what}",
                     [KEHOACH, "status", "--format", "json"], env, prepare=prepare, runs=3 if name == "100k" else 5)
                for key, what, prepare in (
                    ("cold", "no index (first read)", f"rm -rf {OUT}/cache/{name}/index"),
                    ("second", "second read (builds the index)",
                     f"sh -c 'rm -rf {OUT}/cache/{name}/index && {KEHOACH} status --format json > /dev/null'"),
                )
            ),
            Case(
                f"knownat_{name}",
                f"kehoach status --format json --known-at {KNOWN_AT}, {name} records",
                [KEHOACH, "status", "--format", "json", "--known-at", KNOWN_AT],
                env,
            ),
        ]
    biggest = sizes[-1][0]
    imp = OUT / "import"
    imp.mkdir(exist_ok=True)
    shutil.copy(data[biggest] / "plan.toml", imp / "plan.toml")
    imp_env = base_env(imp)
    cases += [
        Case(
            f"import_{biggest}",
            f"kehoach import of {biggest} rows into an empty ledger",
            [KEHOACH, "import", str(data[biggest] / "records.csv")],
            imp_env,
            prepare=f"rm -f {imp}/ledger.toml",
            runs=3,
        ),  # fmt: skip
    ]

    info = versions()
    print(f"kehoach benchmark — {info['kehoach']} — {info['machine']}")
    for d in data.values():  # restore ledgers grown by earlier runs; build each index once
        subprocess.run(restore.format(d), shell=True, check=True)
        for _read in range(2):  # a large ledger's first read builds no index; its second does
            sh([KEHOACH, "status", "--format", "json"], env=base_env(d))
    for case in cases:
        time_case(case, runs, warmup)
        shown = f"{case.mean * 1000:8.1f} ms ± {case.sd * 1000:5.1f}" if case.mean is not None else "   failed"
        print(f"  {shown}  {case.label}")
    # after import, the first status reads every imported record back (no index yet)
    readback = Case(f"readback_{biggest}", f"kehoach status --format json after the import (reads {biggest} back)",
                    [KEHOACH, "status", "--format", "json"], imp_env, prepare=f"rm -rf {OUT}/cache/import/index", runs=3)  # fmt: skip
    time_case(readback, runs, 0)
    print(f"  {readback.mean * 1000:8.1f} ms ± {readback.sd * 1000:5.1f}  {readback.label}")
    cases.append(readback)
    for key in (f"json_{biggest}", f"status_{biggest}", f"ledger_{biggest}", f"hledger_{biggest}", f"cold_{biggest}",
                f"knownat_{biggest}"):
        case = next((c for c in cases if c.key == key), None)
        if case:
            peak_memory(case)
    for d in data.values():
        subprocess.run(restore.format(d), shell=True, check=True)
    report(cases, info, biggest)


def report(cases: list[Case], info: dict, biggest: str) -> None:
    by = {c.key: c for c in cases}

    def ratio(a: str, b: str) -> float | None:
        if a in by and b in by and by[a].mean and by[b].mean:
            return by[a].mean / by[b].mean
        return None

    goals = [
        ("status (table), realistic year ≤ 3× hledger", ratio("status_year", "hledger_year"), 3.0),
        ("status --format json, realistic year ≤ 2× hledger", ratio("json_year", "hledger_year"), 2.0),
        ("status --format csv, realistic year ≤ 2× hledger", ratio("csv_year", "hledger_year"), 2.0),
        ("record, realistic year ≤ 2× hledger", ratio("record_year", "hledger_year"), 2.0),
        (
            f"status json, {biggest} records < ledger (C++) on the same records",
            ratio(f"json_{biggest}", f"ledger_{biggest}"),
            1.0,
        ),
        (f"status table, {biggest} records < ledger (C++)", ratio(f"status_{biggest}", f"ledger_{biggest}"), 1.0),
        (
            f"record, {biggest} records ≤ 1.2× record on an empty ledger",
            ratio(f"record_{biggest}", "record_empty"),
            1.2,
        ),
        (
            f"first read of {biggest} records (no index) ≤ 2× ledger (C++) on the same records",
            ratio(f"cold_{biggest}", f"ledger_{biggest}"),
            2.0,
        ),
        (
            f"for scale: second read of {biggest} records (builds the index) ÷ ledger (C++)",
            ratio(f"second_{biggest}", f"ledger_{biggest}"),
            None,
        ),
        (
            f"status --known-at, {biggest} records < ledger (C++), as status is",
            ratio(f"knownat_{biggest}", f"ledger_{biggest}"),
            1.0,
        ),
        (f"for scale: status --known-at ÷ status, {biggest} records", ratio(f"knownat_{biggest}", f"json_{biggest}"), None),
        (
            f"import of {biggest} rows ≤ 3× status reading them back",
            ratio(f"import_{biggest}", f"readback_{biggest}"),
            3.0,
        ),
        ("for scale: status table, realistic year ÷ the Typer + Rich floor", ratio("status_year", "floor"), None),
        ("for scale: status json, realistic year ÷ kehoach --help", ratio("json_year", "help"), None),
    ]
    mem_k, mem_l = by.get(f"json_{biggest}"), by.get(f"ledger_{biggest}")
    lines = [
        "# kehoach benchmark results",
        "",
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {info['machine']} · Python {info['python']} · {info['kehoach']}"
        + "".join(f" · {info[t]}" for t in ("hledger", "ledger", "hyperfine") if t in info),
        "",
        "| command | mean | ± sd | peak memory |",
        "| --- | ---: | ---: | ---: |",
    ]
    for c in cases:
        if c.mean is None:
            continue
        mem = f"{c.peak_kb / 1024:.0f} MB" if c.peak_kb else ""
        lines.append(f"| {c.label} | {c.mean * 1000:.1f} ms | {c.sd * 1000:.1f} ms | {mem} |")
    lines += ["", "| goal | ratio | met |", "| --- | ---: | --- |"]
    for name, value, limit in goals:
        if value is None:
            lines.append(f"| {name} | — | not measured |")
            continue
        met = "" if limit is None else ("yes" if value <= limit and not (limit == 1.0 and value >= 1.0) else "no")
        lines.append(f"| {name} | {value:.2f}× | {met} |")
    if mem_k and mem_l and mem_k.peak_kb and mem_l.peak_kb:
        met = "yes" if mem_k.peak_kb < mem_l.peak_kb else "no"
        lines.append(
            f"| peak memory, status at {biggest} ({mem_k.peak_kb / 1024:.0f} MB) below ledger's ({mem_l.peak_kb / 1024:.0f} MB) "
            f"| {mem_k.peak_kb / mem_l.peak_kb:.2f}× | {met} |"
        )
    text = "\n".join(lines) + "\n"
    (OUT / "results.md").write_text(text, encoding="utf-8")
    (OUT / "results.json").write_text(
        json.dumps({"info": info, "cases": [c.__dict__ for c in cases]}, indent=2, default=str), encoding="utf-8"
    )
    print()
    print(text)


if __name__ == "__main__":
    main()
