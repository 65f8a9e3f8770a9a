"""Build hook: compile the message catalogues (src/kehoach/locale/*/LC_MESSAGES/*.po) to .mo files.

The .po files are the source (kept in git, edited by people); the .mo files that gettext reads are
made here at every build, so an installed kehoach always speaks the catalogue it was built from.
"""

from __future__ import annotations

import os
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(Path(self.root, "src", "kehoach", "locale").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as f:
                catalog = read_po(f, abort_invalid=True)
            mo = po.with_suffix(".mo")
            tmp = mo.with_name(f".{mo.name}.tmp")
            with tmp.open("wb") as f:
                write_mo(f, catalog, use_fuzzy=False)
            os.replace(tmp, mo)
