"""The mount table: storage for a path by longest prefix, and virtual folders (§6.2)."""

from __future__ import annotations

from dataclasses import dataclass

from openlist.db.storages import Storage
from openlist.drivers.base import Driver


@dataclass(slots=True)
class Mount:
    storage: Storage
    driver: Driver | None  # None when the driver failed to initialise (status holds the error)

    @property
    def path(self) -> str:
        return self.storage.mount_path


class MountTable:
    def __init__(self) -> None:
        self._by_path: dict[str, Mount] = {}
        self.generation = 0  # bumps on every change: part of rendered-listing cache keys

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(list(self._by_path.values()))

    def by_id(self, storage_id: int) -> Mount | None:
        return next((m for m in self._by_path.values() if m.storage.id == storage_id), None)

    def put(self, mount: Mount) -> None:
        old = self.by_id(mount.storage.id)
        if old is not None:
            self._by_path.pop(old.path, None)
        self._by_path[mount.path] = mount
        self.generation += 1

    def remove(self, storage_id: int) -> Mount | None:
        old = self.by_id(storage_id)
        if old is not None:
            del self._by_path[old.path]
            self.generation += 1
        return old

    def resolve(self, path: str) -> tuple[Mount, str] | None:
        """(mount, path inside it) for the longest mount path that is a whole-segment prefix."""
        probe = path
        while True:
            mount = self._by_path.get(probe)
            if mount is not None:
                rest = path[len(probe):] if probe != "/" else path
                return mount, rest if rest.startswith("/") else "/" + rest
            if probe == "/":
                return None
            probe = probe.rsplit("/", 1)[0] or "/"

    def is_mount_root(self, path: str) -> bool:
        return path in self._by_path

    def virtual_children(self, path: str) -> list[tuple[str, Storage]]:
        """One folder per distinct first segment of every mount path strictly below `path`."""
        prefix = path.rstrip("/") + "/"
        found: dict[str, Storage] = {}
        for mount in sorted(self._by_path.values(), key=lambda m: (m.storage.order, m.path)):
            mp = mount.path
            if mp != path and mp.startswith(prefix):
                name = mp[len(prefix):].split("/", 1)[0]
                found.setdefault(name, mount.storage)
        return list(found.items())
