"""Where the primary's WAL stood after each caller's last write: a caller reads the standby only
once it has replayed that far (read_replica.py).

`WriteMarks` lives in one process. `SharedWriteMarks` is a small file every serving process of one
`wallet serve --workers N` maps, so a read that lands on another process than the write still
waits for it: a fixed table of slots, each caller hashed to one, each slot keeping the highest
position noted in it. Two callers sharing a slot only make each other read the primary a little
longer; nobody ever reads behind their own write.
"""

from __future__ import annotations

import fcntl
import hashlib
import mmap
import os
import struct
import threading
from typing import Protocol


class Marks(Protocol):
    def note(self, caller: str, position: int) -> None: ...

    def replayed_past(self, caller: str, replayed: int) -> bool: ...

    def close(self) -> None: ...


class WriteMarks:
    """One process's marks."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._marks: dict[str, int] = {}

    def note(self, caller: str, position: int) -> None:
        with self._lock:
            if position > self._marks.get(caller, -1):
                self._marks[caller] = position

    def replayed_past(self, caller: str, replayed: int) -> bool:
        """Whether a standby at `replayed` holds the caller's last write; a mark it has passed is
        forgotten, so the map holds only callers whose writes may still be in flight."""
        with self._lock:
            mark = self._marks.get(caller)
            if mark is None:
                return True
            if replayed >= mark:
                del self._marks[caller]
                return True
            return False

    def close(self) -> None:
        pass


SLOT = struct.Struct("<Q")


class SharedWriteMarks:
    """Marks shared by the processes that map one file (`WALLET_WRITE_MARKS_FILE`)."""

    SLOTS = 4096  # 32 KiB

    def __init__(self, path: str) -> None:
        size = self.SLOTS * SLOT.size
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        if os.fstat(self._fd).st_size < size:
            os.ftruncate(self._fd, size)
        self._map = mmap.mmap(self._fd, size)
        # flock orders processes; threads of one process share its lock, so they queue here first.
        self._threads = threading.Lock()

    def _offset(self, caller: str) -> int:
        digest = hashlib.blake2b(caller.encode("utf-8"), digest_size=8).digest()
        return (int.from_bytes(digest, "little") % self.SLOTS) * SLOT.size

    def note(self, caller: str, position: int) -> None:
        offset = self._offset(caller)
        with self._threads:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                if position > SLOT.unpack_from(self._map, offset)[0]:
                    SLOT.pack_into(self._map, offset, position)
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def replayed_past(self, caller: str, replayed: int) -> bool:
        offset = self._offset(caller)
        with self._threads:
            fcntl.flock(self._fd, fcntl.LOCK_SH)
            try:
                mark = SLOT.unpack_from(self._map, offset)[0]
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        return replayed >= mark

    def close(self) -> None:
        self._map.close()
        os.close(self._fd)
