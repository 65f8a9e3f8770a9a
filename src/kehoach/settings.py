"""Settings resolved once, at the command line's edge: options, then environment, then workspace,
then defaults. Each value remembers where it came from (what `kehoach paths` prints); the core is
handed the values and reads no environment itself."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kehoach.errors import UsageError
from kehoach.i18n import _
from kehoach.paths import (
    ENV_BY,
    ENV_CACHE,
    ENV_DEBUG,
    ENV_LANG,
    ENV_LEDGER,
    ENV_LOCALE,
    ENV_LOCK_TIMEOUT,
    ENV_NOW,
    ENV_PLAN,
    ENV_RECIPIENTS,
    ENV_REPORT_NUMBER,
    ENV_SIGNER,
    ENV_TODAY,
    USER_LEDGER,
    WORKSPACE_LEDGER,
    WORKSPACE_PLAN,
    bundled_plan_path,
    find_workspace,
    user_data_dir,
)

if TYPE_CHECKING:
    from kehoach.core.numbers import NumberFormat

DEFAULT_LOCK_TIMEOUT = 10.0
CACHE_OFF = ("off", "0", "no", "false")
# Where a value came from. The ledger is "named explicitly" for the first three.
FROM_OPTION, FROM_ENV, FROM_WORKSPACE, FROM_DEFAULT = "option", "environment", "workspace", "default"


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about its surroundings, decided once."""

    plan: Path
    ledger: Path
    ledger_is_folder: bool  # a folder of office files (or to be one: `KEHOACH_LEDGER=/dir/`)
    cache_dir: Path | None  # None: caching is off
    lang: str  # the language of the invocation (i18n's, from the last --lang or KEHOACH_LANG): messages, tables, numbers
    locale: str | None  # None: numbers follow the language, in every command (see `numbers`)
    lock_timeout: float
    by: str | None  # the default `--by` (None: the login name, asked for only when recording)
    debug: bool
    workspace: Path | None
    today: date = field(default_factory=date.today)  # the clock, or KEHOACH_TODAY, or --known-at
    # --known-at: read the ledger as it stood at the end of that day (records recorded on or
    # before it); `today` is then that day too, so a report rebuilt later is the report of then.
    known_at: date | None = None
    # The time a record is stamped with: None is the clock; KEHOACH_NOW (an ISO date-time with its
    # offset) sets it, for tests and demonstrations only (a ledger's times must be the real ones).
    now: datetime | None = None
    sources: Mapping[str, str] = field(default_factory=dict)  # setting → "--plan", "env KEHOACH_PLAN", …
    origins: Mapping[str, str] = field(default_factory=dict)  # setting → option/environment/workspace/default
    # The report's frame (see `report_settings`): None / () leaves a dotted blank to fill by hand.
    report_number: str | None = None  # "125" or "125/BC-UBND"
    signer: str | None = None
    recipients: tuple[str, ...] = ()

    @property
    def user_data_dir(self) -> Path:
        """The per-user data folder (asked for only when shown: platformdirs costs start-up time)."""
        return user_data_dir()

    @property
    def numbers(self) -> NumberFormat:
        """The one number formatter of this session (core.numbers.NumberFormat), handed to every
        renderer: --locale / KEHOACH_LOCALE when given, else the language's own style."""
        from kehoach.core.numbers import NumberFormat

        return NumberFormat(self.locale or self.lang)

    def describe(self) -> dict[str, Any]:
        """Every setting and where it came from, as `kehoach paths --format json` gives them."""
        from decimal import Decimal

        return {
            "plan": str(self.plan),
            "plan_reason": self.source("plan"),
            "ledger": str(self.ledger),
            "ledger_reason": self.source("ledger"),
            "ledger_exists": self.ledger.exists(),
            "workspace": str(self.workspace) if self.workspace else None,
            "user_data_dir": str(self.user_data_dir),
            "cache_dir": str(self.cache_dir) if self.cache_dir else None,
            # appended keys: the other settings and where each came from
            "ledger_is_folder": self.ledger_is_folder,
            "cache_dir_reason": self.source("cache_dir"),
            "lock_timeout": Decimal(repr(self.lock_timeout)),  # seconds; a JSON number
            "lock_timeout_reason": self.source("lock_timeout"),
            "by": self.by,
            "by_reason": self.source("by"),
            "debug": self.debug,
            "debug_reason": self.source("debug"),
        }

    def source(self, name: str) -> str:
        return self.sources.get(name, "default")

    def source_text(self, name: str) -> str:
        """Where a setting came from, in the language of the session (`source` stays English: it
        is the value of the JSON keys *_reason)."""
        return describe_source(self.source(name))

    @property
    def ledger_named(self) -> bool:
        """The user named this ledger (option, environment or workspace): it should exist."""
        return self.origins.get("ledger") in (FROM_OPTION, FROM_ENV, FROM_WORKSPACE)

    @property
    def ledger_missing(self) -> bool:
        return not self.ledger.exists()


def describe_source(raw: str) -> str:
    """A source as `Settings.source` gives it ("env KEHOACH_PLAN", "workspace /x", "default"…),
    for people; option names (--plan) are the same in every language."""
    if raw.startswith("env "):
        return _("env {name}").format(name=raw[len("env "):])
    if raw.startswith("workspace "):
        return _("workspace {path}").format(path=raw[len("workspace "):])
    fixed = {
        "bundled with kehoach": _("bundled with kehoach"),
        "per-user data folder": _("per-user data folder"),
        "per-user cache folder": _("per-user cache folder"),
        "default": _("default"),
        "the clock": _("the clock"),
    }
    return fixed.get(raw, raw)


def _ends_with_separator(text: str) -> bool:
    return text.endswith("/") or (os.sep != "/" and text.endswith(os.sep))


def parse_lock_timeout(raw: str, name: str = ENV_LOCK_TIMEOUT) -> float:
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise UsageError(
            _("{name}={value} is not a number of seconds").format(name=name, value=repr(raw)),
            hint=_("set it to a number such as 10 (seconds to wait for a busy ledger), or unset {name}").format(name=name),
        )
    return seconds


def check_by(value: str, name: str) -> str:
    """Who gives a figure: refused when blank, since it is stored with the record for good."""
    if not value.strip():
        raise UsageError(_("{name} is blank").format(name=name),
                         hint=_("give a name or an office, e.g. --by 'Sở Tài chính'"))
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise UsageError(_("{name} holds a control character").format(name=name),
                         hint=_("give a name or an office on one line"))
    return value.strip()


def build_settings(
    *,
    plan: str | Path | None = None,
    ledger: str | Path | None = None,
    lang: str | None = None,
    lang_from: str = FROM_DEFAULT,
    locale: str | None = None,
    locale_from: str = FROM_DEFAULT,
    by: str | None = None,
    debug: bool = False,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    known_at: str | None = None,
) -> Settings:
    """Resolve every setting from options (given here), the environment `env` and the workspace."""
    env = os.environ if env is None else env
    sources: dict[str, str] = {}
    origins: dict[str, str] = {}

    def note(name: str, origin: str, source: str) -> None:
        origins[name], sources[name] = origin, source

    ws = find_workspace(cwd)

    if plan is not None and str(plan):
        plan_path = Path(plan)
        note("plan", FROM_OPTION, "--plan")
    elif env.get(ENV_PLAN):
        plan_path = Path(env[ENV_PLAN])
        note("plan", FROM_ENV, f"env {ENV_PLAN}")
    elif ws is not None and (ws / WORKSPACE_PLAN).exists():
        plan_path = ws / WORKSPACE_PLAN
        note("plan", FROM_WORKSPACE, f"workspace {ws}")
    else:
        plan_path = bundled_plan_path()
        note("plan", FROM_DEFAULT, "bundled with kehoach")

    ledger_text = str(ledger) if ledger is not None else ""
    if ledger_text:
        ledger_path = Path(ledger_text)
        folder = _ends_with_separator(ledger_text)
        note("ledger", FROM_OPTION, "--ledger")
    elif env.get(ENV_LEDGER):
        ledger_path = Path(env[ENV_LEDGER])
        folder = _ends_with_separator(env[ENV_LEDGER])
        note("ledger", FROM_ENV, f"env {ENV_LEDGER}")
    elif ws is not None:
        ledger_path, folder = ws / WORKSPACE_LEDGER, True
        note("ledger", FROM_WORKSPACE, f"workspace {ws}")
    else:
        ledger_path, folder = user_data_dir() / USER_LEDGER, False
        note("ledger", FROM_DEFAULT, "per-user data folder")
    folder = folder or ledger_path.is_dir()

    raw_cache = env.get(ENV_CACHE, "")
    cache: Path | None
    if raw_cache.lower() in CACHE_OFF:
        cache = None
        note("cache_dir", FROM_ENV, f"env {ENV_CACHE}")
    elif raw_cache:
        cache = Path(raw_cache)
        note("cache_dir", FROM_ENV, f"env {ENV_CACHE}")
    else:
        from platformdirs import user_cache_path

        cache = user_cache_path("kehoach", appauthor=False)
        note("cache_dir", FROM_DEFAULT, "per-user cache folder")

    raw_timeout = env.get(ENV_LOCK_TIMEOUT, "")
    if raw_timeout.strip():
        timeout = parse_lock_timeout(raw_timeout)
        note("lock_timeout", FROM_ENV, f"env {ENV_LOCK_TIMEOUT}")
    else:
        timeout = DEFAULT_LOCK_TIMEOUT
        note("lock_timeout", FROM_DEFAULT, "default")

    who: str | None
    if by is not None:
        who = check_by(by, "--by")
        note("by", FROM_OPTION, "--by")
    elif env.get(ENV_BY) is not None and env.get(ENV_BY) != "":
        who = check_by(env[ENV_BY], ENV_BY)
        note("by", FROM_ENV, f"env {ENV_BY}")
    else:
        who = None
        note("by", FROM_DEFAULT, "default")

    def named(name: str, origin: str, env_name: str) -> None:
        source = {FROM_OPTION: f"--{name}", FROM_ENV: f"env {env_name}"}.get(origin, "default")
        note(name, origin, source)

    named("lang", lang_from, ENV_LANG)  # its value is the session's (i18n), set before parsing
    named("locale", locale_from, ENV_LOCALE)

    raw_today = env.get(ENV_TODAY, "").strip()
    if raw_today:
        try:
            today = date.fromisoformat(raw_today)
        except ValueError:
            raise UsageError(
                _("{name}={value} is not a date (YYYY-MM-DD)").format(name=ENV_TODAY, value=repr(raw_today))
            ) from None
        note("today", FROM_ENV, f"env {ENV_TODAY}")
    else:
        today = date.today()
        note("today", FROM_DEFAULT, "the clock")

    at: date | None = None
    if known_at is not None:
        try:
            at = date.fromisoformat(known_at.strip())
        except ValueError:
            raise UsageError(
                _("--known-at: {value} is not a date (YYYY-MM-DD)").format(value=repr(known_at))
            ) from None
        today = at
        note("today", FROM_OPTION, "--known-at")
    now: datetime | None = None
    raw_now = env.get(ENV_NOW, "").strip()
    if raw_now:
        try:
            now = datetime.fromisoformat(raw_now)
        except ValueError:
            now = None
        if now is None or now.tzinfo is None:
            raise UsageError(_("{name}={value} is not a date-time with its offset (2025-07-05T09:00:00+07:00)").format(
                name=ENV_NOW, value=repr(raw_now)))

    debug_env = env.get(ENV_DEBUG, "") not in ("", "0")
    note("debug", FROM_OPTION if debug else (FROM_ENV if debug_env else FROM_DEFAULT),
         "--traceback" if debug else (f"env {ENV_DEBUG}" if debug_env else "default"))

    return Settings(
        plan=plan_path,
        ledger=ledger_path,
        ledger_is_folder=folder,
        cache_dir=cache,
        lang=lang or "vi",
        locale=locale,
        lock_timeout=timeout,
        by=who,
        debug=debug or debug_env,
        workspace=ws,
        today=today,
        known_at=at,
        now=now,
        sources=sources,
        origins=origins,
    )


def _one_line(value: str, name: str) -> str:
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise UsageError(_("{name} holds a control character").format(name=name),
                         hint=_("give it on one line"))
    return value.strip()


def report_settings(
    st: Settings,
    *,
    number: str | None = None,
    signer: str | None = None,
    recipients: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """The Word report's number, signer and recipients: options, then KEHOACH_REPORT_NUMBER,
    KEHOACH_SIGNER and KEHOACH_RECIPIENTS ("|" between recipients), else unset (a blank to fill)."""
    env = os.environ if env is None else env
    sources, origins = dict(st.sources), dict(st.origins)

    def pick(name: str, option: str | None, option_name: str, env_name: str) -> str | None:
        if option is not None and option.strip():
            origins[name], sources[name] = FROM_OPTION, option_name
            return _one_line(option, option_name)
        if env.get(env_name, "").strip():
            origins[name], sources[name] = FROM_ENV, f"env {env_name}"
            return _one_line(env[env_name], env_name)
        origins[name], sources[name] = FROM_DEFAULT, "default"
        return None

    given = [r for r in recipients or () if r.strip()]
    joined = "|".join(given) if given else None
    raw = pick("recipients", joined, "--recipient", ENV_RECIPIENTS)
    return replace(
        st,
        report_number=pick("report_number", number, "--number", ENV_REPORT_NUMBER),
        signer=pick("signer", signer, "--signer", ENV_SIGNER),
        recipients=tuple(r.strip() for r in raw.split("|") if r.strip()) if raw else (),
        sources=sources,
        origins=origins,
    )
