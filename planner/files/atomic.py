"""Atomic file writes: a crash never leaves half a file."""
from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

# A new file's permissions before the umask (what open() would create): read-write for all.
NEW_FILE_MODE = 0o666
_umask_lock = threading.Lock()


def _file_mode() -> int:
    """The mode open() would give a new file under the process's umask (read without changing it
    for good: os.umask only sets and returns)."""
    with _umask_lock:
        mask = os.umask(0)
        os.umask(mask)
    return NEW_FILE_MODE & ~mask


def write_text(path: Path, text: str) -> None:
    """Write text atomically (UTF-8)."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush to disk, then rename over it. The file gets the
    mode the umask gives new files (mkstemp's own is 0600: colleagues could not read results)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
