"""Which tests the inner loop (`python -m pytest -m "not slow"`) leaves out.

Besides the tests marked `@pytest.mark.slow` in their files (LibreOffice, Chromium, tmux, kill -9),
the tests listed in `tests/slow_tests.txt` are marked slow: those whose call (or setup) took 0.05 s or more in
a full run on the reference machine (2 cores). They still run in CI (`python -m pytest` runs
everything). To measure again after the suite changes:

    python -m pytest -p no:cacheprovider --durations=0 -q > durations.txt
    python tests/slow_tests.py durations.txt        # writes tests/slow_tests.txt
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

LIST = Path(__file__).with_name("slow_tests.txt")
THRESHOLD = 0.05  # seconds of the test's call, or of its setup (a fixture it alone needs)
# The checks of the code's shape stay in the inner loop whatever they take: a merge breaks them first.
ALWAYS_FAST = (
    "tests/core/test_no_cycles.py::",
    "tests/test_i18n.py::",
    "tests/test_language_literals.py::",
    "tests/cli/test_layout.py::",
    "tests/core/test_layout.py::",
)
LINE = re.compile(r"^(\d+(?:\.\d+)?)s (?:call|setup|teardown)\s+(\S+)$")


def listed() -> set[str]:
    if not LIST.exists():
        return set()
    return {line.strip() for line in LIST.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")}


def slow_from_durations(text: str) -> list[str]:
    return sorted({m.group(2) for line in text.splitlines() if (m := LINE.match(line.strip())) and float(m.group(1)) >= THRESHOLD
                   and not m.group(2).startswith(ALWAYS_FAST)})


if __name__ == "__main__":
    ids = slow_from_durations(Path(sys.argv[1]).read_text("utf-8"))
    LIST.write_text("# written by tests/slow_tests.py from a --durations=0 run: a call or a setup of 0.05 s or more\n"
                    + "".join(f"{i}\n" for i in ids), "utf-8")
    print(f"{len(ids)} tests listed in {LIST.name}")
