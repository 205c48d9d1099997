"""Writing an output so that nothing is ever lost: one writer at a time, a private temporary
file beside the output, and one atomic ``os.replace`` when (and only when) the new file is whole.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import signal
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO

from kg.errors import ExportError


def os_reason(exc: BaseException) -> str:
    """The OS's words for a failed file operation, e.g. 'No space left on device'."""
    while exc.__cause__ is not None and not isinstance(exc, OSError):
        exc = exc.__cause__
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return getattr(exc, "message", None) or str(exc)


def lock_exclusive(path: Path, busy: str, *, hint: str) -> IO[str]:
    """Open ``path`` and take an exclusive lock on it without waiting.

    Raises :class:`ExportError` with ``busy`` as the message when another process holds it, or
    with the OS's reason when the lock file cannot be made. The lock lasts until the returned
    file is closed (or the process dies: the kernel releases it, so a killed run never leaves a
    stale lock).
    """
    try:
        handle = open(path, "a")  # noqa: SIM115  (kept open: the lock lives as long as it)
    except OSError as exc:
        raise ExportError(f"cannot write to {path.parent}: {os_reason(exc)}",
                          hint="choose a writable location") from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        raise ExportError(busy, hint=hint) from exc
    return handle


class AtomicFile:
    """Replace ``target`` with a new file, whole or not at all.

    ``with AtomicFile(target, "kg extract") as f:`` takes the lock of ``target`` (a second
    writer is refused with one line), and ``f.path`` is a temporary file of its own beside the
    target (same file system, so the final move is atomic). ``f.commit()`` moves it into place;
    leaving the block without committing removes it and the target stays as it was.
    """

    def __init__(self, target: str | Path, what: str = "kg", *,
                 hint: str = "wait for it to finish, or write to another file") -> None:
        self.target = Path(target)
        self.what = what
        self.hint = hint
        self.path = self.target  # the temporary file once entered
        self._lock_path = self.target.with_name(f".{self.target.name}.lock")
        self._lock: IO[str] | None = None
        self._committed = False

    def __enter__(self) -> AtomicFile:
        # A `kill` while the lock and the temporary file are being made would leave them behind
        # (a with-block's exit does not run when its enter is interrupted): hold SIGTERM back
        # until both exist, and clean up if it then arrives before this returns.
        held = hasattr(signal, "pthread_sigmask")
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM}) if held else None
        try:
            entered = self._enter()
            if previous is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
                previous = None
            return entered
        except BaseException:
            if previous is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
            self.__exit__(None, None, None)
            raise

    def _enter(self) -> AtomicFile:
        if self.target.is_dir():
            raise ExportError(f"cannot write {self.target}: it is a folder",
                              hint="give a file name with -o, e.g. claims.jsonl")
        busy = f"another {self.what} is writing to {self.target}"
        lock = lock_exclusive(self._lock_path, busy, hint=self.hint)
        # The previous holder unlinks the lock file when it is done: a lock taken on a file
        # that is no longer at that path guards nothing, so it counts as busy too.
        try:
            same = os.stat(self._lock_path).st_ino == os.fstat(lock.fileno()).st_ino
        except OSError:
            same = False
        if not same:
            lock.close()
            raise ExportError(busy, hint=self.hint)
        self._lock = lock
        # Holding the lock, any temporary file of this target is a killed run's: remove it.
        for stale in self.target.parent.glob(f".{glob.escape(self.target.name)}.*.part"):
            with contextlib.suppress(OSError):
                stale.unlink()
        try:
            fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".part",
                                        dir=self.target.parent)
        except OSError as exc:
            self._release()
            raise ExportError(f"cannot write {self.target}: {os_reason(exc)}",
                              hint="choose a writable path") from exc
        os.close(fd)
        self.path = Path(name)
        return self

    def open(self) -> IO[str]:
        """The temporary file, opened for writing UTF-8 text."""
        return self.path.open("w", encoding="utf-8")

    def commit(self) -> None:
        """Move the finished temporary file into place (atomic on POSIX)."""
        try:
            try:
                mode = os.stat(self.target).st_mode & 0o777
            except FileNotFoundError:
                mode = 0o644  # mkstemp makes private files; outputs are for sharing
            os.chmod(self.path, mode)
            os.replace(self.path, self.target)
        except OSError as exc:
            raise ExportError(f"cannot write {self.target}: {os_reason(exc)}",
                              hint="choose a writable path; the previous file is kept") from exc
        self._committed = True

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self._committed and self.path != self.target:
            with contextlib.suppress(OSError):
                self.path.unlink()
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self._lock_path.unlink()  # while still held: see the inode check above
            self._lock.close()
            self._lock = None
