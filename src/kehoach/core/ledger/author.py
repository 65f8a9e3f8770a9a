"""Who a record is by, when the user does not say: the name given by the caller, else the login name."""

from __future__ import annotations


def default_by(configured: str | None = None) -> str:
    """`configured` (the CLI passes KEHOACH_BY) when it is set, else the login name."""
    if configured:
        return configured
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers and services (KeyError, OSError, …)
        return "unknown"
