"""In-memory WebDAV locks (OpenList keeps them in memory too; a restart forgets them).

A lock covers its path and, with depth infinity, everything below. An exclusive lock conflicts
with any other lock on an overlapping path; shared locks only with exclusive ones. Writes to a
locked path must quote one of its tokens in the `If` header, or they get 423 Locked.
"""

from __future__ import annotations

import time
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from openlist.paths import is_sub

MAX_TIMEOUT = 3600
DEFAULT_TIMEOUT = 3600
MAX_LOCKS = 10000


@dataclass(slots=True)
class Lock:
    token: str
    path: str  # absolute virtual path
    user_id: int
    exclusive: bool
    infinite: bool
    timeout: int
    expires: float
    owner: ET.Element | None

    def covers(self, path: str) -> bool:
        return path == self.path or (self.infinite and is_sub(self.path, path))


def parse_timeout(header: str) -> int:
    """`Timeout: Second-600, Infinite` → seconds, capped at MAX_TIMEOUT."""
    for part in header.split(","):
        part = part.strip()
        if part.lower().startswith("second-"):
            try:
                return max(1, min(int(part[7:]), MAX_TIMEOUT))
            except ValueError:
                continue
        if part.lower() == "infinite":
            return MAX_TIMEOUT
    return DEFAULT_TIMEOUT


class LockManager:
    def __init__(self) -> None:
        self._locks: dict[str, Lock] = {}

    def _expire(self) -> None:
        now = time.monotonic()
        for token in [t for t, lk in self._locks.items() if lk.expires <= now]:
            del self._locks[token]

    def conflicts(self, path: str, *, infinite: bool, exclusive: bool) -> bool:
        self._expire()
        for lk in self._locks.values():
            overlap = lk.covers(path) or (infinite and is_sub(path, lk.path))
            if overlap and (exclusive or lk.exclusive):
                return True
        return False

    def create(self, path: str, user_id: int, *, exclusive: bool, infinite: bool, timeout: int,
               owner: ET.Element | None) -> Lock | None:
        """A new lock, or None when it conflicts (423) or too many locks exist."""
        if self.conflicts(path, infinite=infinite, exclusive=exclusive) or len(self._locks) >= MAX_LOCKS:
            return None
        token = f"opaquelocktoken:{uuid.uuid4()}"
        lock = Lock(token, path, user_id, exclusive, infinite, timeout, time.monotonic() + timeout, owner)
        self._locks[token] = lock
        return lock

    def refresh(self, tokens: list[str], path: str, timeout: int) -> Lock | None:
        self._expire()
        for token in tokens:
            lk = self._locks.get(token)
            if lk is not None and lk.covers(path):
                lk.timeout, lk.expires = timeout, time.monotonic() + timeout
                return lk
        return None

    def unlock(self, token: str, path: str) -> bool:
        self._expire()
        lk = self._locks.get(token)
        if lk is None or not lk.covers(path):
            return False
        del self._locks[token]
        return True

    def allowed(self, path: str, tokens: list[str], *, tree: bool = False) -> bool:
        """May a write to `path` (and, with `tree`, everything below it) proceed?"""
        self._expire()
        for lk in self._locks.values():
            hit = lk.covers(path) or (tree and is_sub(path, lk.path))
            if hit and lk.token not in tokens:
                return False
        return True

    def locks_on(self, path: str) -> list[Lock]:
        self._expire()
        return [lk for lk in self._locks.values() if lk.covers(path)]

    def moved(self, path: str) -> None:
        """The resource (or tree) at `path` is gone or moved: its locks go with it."""
        for token in [t for t, lk in self._locks.items() if is_sub(path, lk.path)]:
            del self._locks[token]


def if_tokens(header: str) -> list[str]:
    """Every `<token>` in an `If` header (state tokens; entity tags and Not are not evaluated)."""
    out: list[str] = []
    i = 0
    while True:
        start = header.find("<", i)
        if start < 0:
            return out
        end = header.find(">", start)
        if end < 0:
            return out
        value = header[start + 1:end]
        if value.startswith("opaquelocktoken:"):
            out.append(value)
        i = end + 1
