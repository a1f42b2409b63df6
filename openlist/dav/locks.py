"""In-memory WebDAV locks (OpenList keeps them in memory too; a restart forgets them).

A lock covers its path and, with depth infinity, everything below. An exclusive lock conflicts
with any other lock on an overlapping path; shared locks only with exclusive ones. Writes to a
locked path must quote one of its tokens in the `If` header, or they get 423 Locked; a token
counts only for the user who took the lock (PROPFIND's lockdiscovery shows tokens to readers).
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
MAX_LOCKS_PER_USER = 1000  # one user cannot fill the table for everybody


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
        """A new lock, or None when it conflicts (423) or too many locks exist (in all, or the user's)."""
        if self.conflicts(path, infinite=infinite, exclusive=exclusive) or len(self._locks) >= MAX_LOCKS:
            return None
        if sum(1 for lk in self._locks.values() if lk.user_id == user_id) >= MAX_LOCKS_PER_USER:
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

    def unlock(self, token: str, path: str, user_id: int) -> int:
        """204 removed, 409 no such lock on `path`, 403 someone else's lock."""
        self._expire()
        lk = self._locks.get(token)
        if lk is None or not lk.covers(path):
            return 409
        if lk.user_id != user_id:
            return 403
        del self._locks[token]
        return 204

    def owned(self, tokens: list[str], user_id: int) -> list[str]:
        """The submitted tokens that belong to `user_id`: a token seen in lockdiscovery is no key."""
        return [t for t in tokens if t in self._locks and self._locks[t].user_id == user_id]

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


Condition = tuple[bool, str, str]  # (negated, "token" | "etag", value)


def parse_if(header: str) -> list[tuple[str | None, list[Condition]]] | None:
    """The `If` header (RFC 4918 §10.4) as lists of conditions, each with its resource tag (None =
    the request URI); None when the header is malformed."""
    out: list[tuple[str | None, list[Condition]]] = []
    tag: str | None = None
    i, n = 0, len(header)
    while i < n:
        ch = header[i]
        if ch.isspace():
            i += 1
        elif ch == "<":
            end = header.find(">", i)
            if end < 0:
                return None
            tag, i = header[i + 1:end], end + 1
        elif ch == "(":
            conds: list[Condition] = []
            i += 1
            negated = False
            while i < n and header[i] != ")":
                if header[i].isspace():
                    i += 1
                elif header.startswith("Not", i):
                    negated, i = True, i + 3
                elif header[i] in "<[":
                    close = ">" if header[i] == "<" else "]"
                    end = header.find(close, i)
                    if end < 0:
                        return None
                    conds.append((negated, "token" if close == ">" else "etag", header[i + 1:end]))
                    negated, i = False, end + 1
                else:
                    return None
            if i >= n or not conds:
                return None
            out.append((tag, conds))
            i += 1
        else:
            return None
    return out or None


def if_tokens(header: str) -> list[str]:
    """Every lock token named in an `If` header: the tokens the client submits (§10.4)."""
    parsed = parse_if(header) or []
    return [value for _, conds in parsed for _, kind, value in conds if kind == "token"]
