"""The console script: `kehoach --version` answers before the CLI (and Typer) is imported."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from kehoach import __version__

        sys.stdout.write(f"kehoach {__version__}\n")
        return
    from kehoach.cli import main as cli_main

    cli_main()
