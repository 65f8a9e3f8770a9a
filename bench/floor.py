"""The floor of the stack: a minimal Typer app that builds and prints a Rich table as large as
`kehoach status` (45 rows, 12 columns). No plan, no ledger, no maths: what any Typer + Rich
command pays before doing its own work. bench/run.py times it beside kehoach."""

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def status(rows: int = 45) -> None:
    table = Table(title="floor")
    for name in (
        "#",
        "Indicator",
        "Unit",
        "Baseline",
        "Target",
        "Actual",
        "Period",
        "%",
        "Bar",
        "Gap",
        "Trend",
        "Status",
    ):
        table.add_column(name)
    for n in range(rows):
        table.add_row(str(n), f"Indicator number {n}", "tỷ đồng", "17,173", "16,500", "10,111.7", "2025-06",
                      "61.3", "██████····", "-6,388.3", "▁▂▃▄▅▆", "On track")  # fmt: skip
    Console(width=160).print(table)


if __name__ == "__main__":
    app()
