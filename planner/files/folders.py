"""A result folder replaced in one step, under a lock.

The new result is written whole into a hidden sibling folder, then swapped in: on Linux in one
atomic exchange of the two folders (renameat2 with RENAME_EXCHANGE), elsewhere in two renames
that keep the previous result as NAME.previous until the new one is in place. A crash (kill -9)
at any moment leaves the old result or the new one, whole: after an exchange the old one sits in
the hidden folder, between two renames in NAME.previous, and `recover` (run under the lock
before any write) puts things right. Files of an earlier run never stay beside a new one, since
the folder is replaced whole. A lock file beside the folder makes a second writer wait.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import logging
import os
import shutil
from pathlib import Path

logger = logging.getLogger(__name__)

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def staging_for(target: Path) -> Path:
    return target.parent / f".{target.name}.staging-{os.getpid()}"


def previous_of(target: Path) -> Path:
    return target.with_name(target.name + ".previous")


@contextlib.contextmanager
def folder_lock(target: Path):
    """Hold `.NAME.lock` beside the folder for the duration; wait while another process holds it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{target.name}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.warning("another solve is writing into %s; waiting for it to finish", target)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            recover(target)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(target: Path) -> None:
    """Undo what a crash in the middle of a swap left (call it holding the lock): the previous result
    back in place if the new one never arrived, and no stale hidden staging folder."""
    previous = previous_of(target)
    if previous.exists():
        if target.exists():
            shutil.rmtree(previous, ignore_errors=True)
        else:
            os.rename(previous, target)
    for stale in target.parent.glob(f".{target.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


def swap_in(staging: Path, target: Path) -> None:
    """Make `staging` the folder `target` in one step; the old content is removed afterwards."""
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)    # now holds the previous result
        return
    previous = previous_of(target)
    shutil.rmtree(previous, ignore_errors=True)
    os.rename(target, previous)
    os.rename(staging, target)
    shutil.rmtree(previous, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0
