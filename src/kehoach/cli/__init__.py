"""The command line: each command parses its options, calls the core and hands the result to a renderer.

Only typer is imported at start; pydantic, Rich and the plan are loaded inside the commands that
need them, so that --version, --help and shell completion stay fast.
"""

from kehoach.cli import progress, rank, view, write  # noqa: F401  (registers the commands)
from kehoach.cli.app import app, main

__all__ = ["app", "main"]
from kehoach.cli import plan  # noqa: F401  (registers the `plan` sub-app: new, check, next)
