"""Where the plan and the ledger are: resolved at call time, every env var named here once."""

from __future__ import annotations

import os
from pathlib import Path

ENV_PLAN = "KEHOACH_PLAN"
ENV_LEDGER = "KEHOACH_LEDGER"
ENV_LANG = "KEHOACH_LANG"
ENV_LOCALE = "KEHOACH_LOCALE"
ENV_DEBUG = "KEHOACH_DEBUG"
ENV_BY = "KEHOACH_BY"
ENV_LOCK_TIMEOUT = "KEHOACH_LOCK_TIMEOUT"
ENV_TODAY = "KEHOACH_TODAY"  # YYYY-MM-DD: see the plan as on that day (default: the clock)
ENV_NOW = "KEHOACH_NOW"  # 2025-07-05T09:00:00+07:00: the time new records are stamped with (tests only)
ENV_CACHE = "KEHOACH_CACHE"  # a folder for the caches, or "off"
# The Word report's frame (report --number/--signer/--recipient): the number, the signer's name, and
# the recipients separated by "|".
ENV_REPORT_NUMBER = "KEHOACH_REPORT_NUMBER"
ENV_SIGNER = "KEHOACH_SIGNER"
ENV_RECIPIENTS = "KEHOACH_RECIPIENTS"

WORKSPACE_FILE = "kehoach.toml"
WORKSPACE_PLAN = "plan.toml"
WORKSPACE_LEDGER = "ledger"
USER_LEDGER = "ledger.toml"
BUNDLED_PLAN = "plan2025.toml"


def bundled_plan_path() -> Path:
    """The plan that ships inside the package (the wheel copies data/plan2025.toml there).

    An editable install of a source checkout has no copy; it reads the checkout's data/ folder.
    """
    packaged = Path(__file__).parent / "data" / BUNDLED_PLAN
    if packaged.exists():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "data" / BUNDLED_PLAN
    return checkout if checkout.exists() else packaged


def find_workspace(start: Path | None = None) -> Path | None:
    """The nearest folder, from `start` upwards, holding a kehoach.toml (as git finds .git)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / WORKSPACE_FILE).is_file():
            return folder
    return None


def user_data_dir() -> Path:
    """The per-user data folder (platformdirs), e.g. ~/.local/share/kehoach on Linux."""
    from platformdirs import user_data_path

    return user_data_path("kehoach", appauthor=False)


def cache_dir() -> Path | None:
    """Where the validated plan and the ledger index are cached (None: caching is off).

    Everything there can be deleted at any time; it is rebuilt from the plan and the ledger.
    """
    env = os.environ.get(ENV_CACHE, "")
    if env.lower() in ("off", "0", "no", "false"):
        return None
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path("kehoach", appauthor=False)
