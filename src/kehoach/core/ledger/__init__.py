"""The ledger: an append-only list of year-to-date values, in one TOML file or a folder of them.

Nothing is ever changed in place: a correction is a new record that revises an earlier one.
The effective value for an indicator, period and area is the latest record for that key.

The package, by what each module holds (imports only go down this list):

- fastread.py    the records exactly as kehoach writes them, read with one pattern each (text only)
- model.py       Record, the rule of the value in force, and `LedgerView`, what every reader answers
- tomlformat.py  the file format: bytes to records (each problem with its line) and records to bytes
- store.py       where the records live: `LedgerStore` (read, append under its lock, describe), one
                 file (`FileStore`) or a folder (`FolderStore`)
- index.py       the SQLite cache of a ledger's records, proven fresh against the files on every use
- scanned.py     a large ledger's first read, answered from its text without building the index
- cached.py      `CachedStore`: the index (and the first read) as a caching layer around any store
- reading.py     read_ledger (one retry under the lock, the plan's identity) and latest_actuals
- author.py      default_by: who a record is by when the user does not say
"""

from kehoach.core.ledger.author import default_by
from kehoach.core.ledger.cached import CachedStore, open_cached
from kehoach.core.ledger.model import (
    FileInfo,
    Key,
    Ledger,
    LedgerView,
    Record,
    effective_of,
    known_at,
    known_day,
    new_record_id,
    now_local,
    same_province,
)
from kehoach.core.ledger.reading import ForeignLedger, check_identity, latest_actuals, read_ledger
from kehoach.core.ledger.store import (
    LOCK_NAME,
    FileStore,
    FolderStore,
    LedgerStore,
    StoreInfo,
    Written,
    ledger_files,
    lock_path_for,
    open_store,
    write_records,
)
from kehoach.core.ledger.tomlformat import (
    END_LINE,
    FIX_HINT,
    HEADER,
    LEDGER_FORMAT,
    SEAL_LINE,
    cut_short_hint,
    ending,
    fast_parse,
    parse_ledger_bytes,
    problems_error,
    record_lines,
    render_records,
    require_end,
    sealed_header,
)

__all__ = [
    "END_LINE",
    "FIX_HINT",
    "HEADER",
    "LEDGER_FORMAT",
    "LOCK_NAME",
    "SEAL_LINE",
    "CachedStore",
    "FileInfo",
    "FileStore",
    "FolderStore",
    "ForeignLedger",
    "Key",
    "Ledger",
    "LedgerStore",
    "LedgerView",
    "Record",
    "StoreInfo",
    "Written",
    "check_identity",
    "cut_short_hint",
    "default_by",
    "effective_of",
    "ending",
    "fast_parse",
    "known_at",
    "known_day",
    "latest_actuals",
    "ledger_files",
    "lock_path_for",
    "new_record_id",
    "now_local",
    "open_cached",
    "open_store",
    "parse_ledger_bytes",
    "problems_error",
    "read_ledger",
    "record_lines",
    "render_records",
    "require_end",
    "same_province",
    "sealed_header",
    "write_records",
]
