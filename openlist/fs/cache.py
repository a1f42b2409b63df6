"""Per-folder listing cache: the main performance lever.

An entry holds a folder's objects (already sorted) plus memoised renders of them (`views`, e.g.
the encoded JSON of one page for one kind of viewer). Entries expire after the storage's
`cache_expiration` and are revalidated with the driver's `dir_version` (Local: the folder's
mtime) when it has one; every write through openlist invalidates the folders it touched.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from openlist.drivers.base import Obj

MAX_ENTRIES = 4096
MAX_VIEWS = 16


@dataclass(slots=True)
class Entry:
    objs: list[Obj]
    expires: float  # monotonic deadline; inf = none
    version: object | None
    views: OrderedDict[Any, Any] = field(default_factory=OrderedDict)

    def view(self, key: Any) -> Any:
        return self.views.get(key)

    def remember(self, key: Any, value: Any) -> None:
        self.views[key] = value
        while len(self.views) > MAX_VIEWS:
            self.views.popitem(last=False)


class ListingCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[tuple[int, str], Entry] = OrderedDict()
        self._max = max_entries
        self._writes: dict[int, int] = {}  # per storage: bumps on every invalidation

    def write_generation(self, storage_id: int) -> int:
        """Read before listing; `put` refuses a listing that a write may have overtaken."""
        return self._writes.get(storage_id, 0)

    def get(self, storage_id: int, path: str) -> Entry | None:
        key = (storage_id, path)
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires < time.monotonic():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry

    def put(self, storage_id: int, path: str, objs: list[Obj], ttl: float, version: object | None,
            generation: int | None = None) -> Entry:
        entry = Entry(objs, time.monotonic() + ttl, version)
        if generation is not None and generation != self.write_generation(storage_id):
            return entry  # a write landed while we listed: use it once, do not keep it
        self._entries[(storage_id, path)] = entry
        self._entries.move_to_end((storage_id, path))
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)
        return entry

    def invalidate(self, storage_id: int, path: str, *, recursive: bool = False) -> None:
        self._writes[storage_id] = self._writes.get(storage_id, 0) + 1
        self._entries.pop((storage_id, path), None)
        if recursive:
            prefix = path.rstrip("/") + "/"
            for key in [k for k in self._entries if k[0] == storage_id and k[1].startswith(prefix)]:
                del self._entries[key]

    def drop_storage(self, storage_id: int) -> None:
        self._writes[storage_id] = self._writes.get(storage_id, 0) + 1
        for key in [k for k in self._entries if k[0] == storage_id]:
            del self._entries[key]

    def clear_views(self) -> None:
        for entry in self._entries.values():
            entry.views.clear()
