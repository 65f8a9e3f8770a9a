"""Safe writes: a lock file beside the data, and atomic replacement (temp file, fsync, rename)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kehoach.errors import CannotWrite, DiskError, TryAgain
from kehoach.i18n import _

DEFAULT_LOCK_TIMEOUT = 10.0


@contextmanager
def locked(lock_path: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on a separate .lock file (never opened for anything else).

    filelock uses flock on Unix: the lock dies with the process, so a crashed writer leaves no
    stale lock behind.
    """
    from filelock import FileLock, Timeout

    lock = FileLock(str(lock_path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise TryAgain(
            _("the ledger is busy: could not lock {path} within {seconds} s").format(path=lock_path, seconds=f"{timeout:g}"),
            hint=_("someone else is recording; try again in a moment (or raise KEHOACH_LOCK_TIMEOUT, in seconds)"),
        ) from None
    except PermissionError:
        raise CannotWrite(
            _("cannot create the lock file {path}: permission denied").format(path=lock_path),
            hint=_("you need write permission on the ledger's folder"),
        ) from None
    except OSError as e:
        raise _os_error(e, lock_path) from None
    try:
        yield
    finally:
        lock.release()


def atomic_write(path: Path, data: bytes, *, head: tuple[int, int] | None = None) -> None:
    """Replace `path` with `data` so that readers see the old file or the new one, never half:
    a process killed at any moment, even by SIGKILL, leaves the old file whole (and a temp file).

    `head`: (fd, n) — the new file starts with the first n bytes of the open file `fd` (the file
    being replaced), copied inside the kernel where it can be, then `data` follows. The temp
    file lives in the same folder (os.replace is atomic only within a filesystem), keeps the mode
    (and, where allowed, the owner and group) of the file it replaces, is fsynced before the
    rename, and the folder is fsynced after it.
    """
    import tempfile  # only when writing a whole file: reading commands do not pay its import

    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise _os_error(e, path) from None
    try:
        try:
            try:
                if head is not None:
                    copy_prefix(head[0], fd, head[1])
                write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            _keep_owner_and_mode(path, tmp)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(folder)
    except OSError as e:
        raise _os_error(e, path) from None


class ChangedUnderneath(OSError):
    """The file being copied is shorter than it was a moment ago (edited meanwhile)."""


def copy_prefix(src: int, dst: int, n: int) -> None:
    """Copy the first `n` bytes of the open file `src` to `dst` at its current position: in the
    kernel (copy_file_range: no pass through Python, a reflink on filesystems that have them)
    where it can, else in 1 MiB pieces."""
    done = 0
    fast = hasattr(os, "copy_file_range")
    while done < n:
        if fast:
            try:
                k = os.copy_file_range(src, dst, n - done, done)
            except OSError as e:
                if e.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM, errno.EBADF):
                    raise
                fast = False
                continue
        else:
            piece = os.pread(src, min(n - done, 1 << 20), done)
            k = len(piece)
            if k:
                write_all(dst, piece)
        if not k:
            raise ChangedUnderneath(errno.EIO, "the file became shorter while it was copied")
        done += k


def _keep_owner_and_mode(path: Path, tmp: str) -> None:
    """The new file gets the mode of the one it replaces (mkstemp makes 0600), or the mode any new
    file gets here (0666 less the umask), as a plain write would; and its owner and group, as far
    as this user may give them (a shared ledger must stay writable for the group it belongs to)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        os.chmod(tmp, 0o666 & ~_umask())
        return
    chown = getattr(os, "chown", None)
    mine = os.stat(tmp)
    if chown is not None and (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
        try:
            chown(tmp, st.st_uid, st.st_gid)  # root, or the owner itself
        except OSError:
            if mine.st_gid != st.st_gid:
                try:
                    chown(tmp, -1, st.st_gid)  # a member of the file's group
                except OSError:
                    pass
    os.chmod(tmp, st.st_mode & 0o7777)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of `data` to `fd` (os.write may write fewer than it is given)."""
    view, done = memoryview(data), 0
    while done < len(data):
        done += os.write(fd, view[done:])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(path: Path) -> None:
    """Refuse early, before any work, when `path` (or its folder) cannot be written.

    os.replace over a read-only file in a writable folder succeeds, so this is checked by hand:
    a read-only ledger is the user's statement that it must not change. A symlink is followed:
    the file written, and the lock beside it, are in the folder of its target.
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    folder = path.parent
    if not folder.exists():
        raise CannotWrite(_("the folder {path} does not exist").format(path=folder),
                          hint=_("create it first, or choose another {flag_ledger}"))
    if not folder.is_dir():
        raise CannotWrite(_("{path} is not a folder").format(path=folder))
    if path.exists():
        if path.is_dir():
            raise CannotWrite(_("{path} is a folder, not a ledger file").format(path=path))
        # Checked by the mode bits too: root passes os.access, but a 0444 ledger still means
        # "do not change this".
        if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:
            raise CannotWrite(_("the ledger {path} is read-only").format(path=path),
                              hint=_("make it writable (chmod u+w) to record"))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CannotWrite(_("cannot write in the folder {path}: permission denied").format(path=folder))


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def _os_error(e: OSError, path: Path) -> Exception:
    if isinstance(e, ChangedUnderneath):
        return TryAgain(_("{file} changed while recording; nothing was written").format(file=path),
                        hint=_("run the command again"))
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskError(_("the disk is full: could not write {path}; nothing was changed").format(path=path),
                         hint=_("free some space and try again"))
    if e.errno == errno.EISDIR:
        return CannotWrite(_("cannot write {path}: it is a folder; name a file").format(path=path))
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return CannotWrite(_("cannot write {path}: {reason}; nothing was changed").format(path=path, reason=e.strerror))
    if e.errno == errno.ENOENT:
        return CannotWrite(_("cannot write {path}: the folder does not exist").format(path=path))
    return DiskError(_("could not write {path}: {reason}; nothing was changed").format(path=path, reason=e.strerror or e))
