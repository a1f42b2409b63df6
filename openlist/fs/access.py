"""Meta rules (openlist-api.md §5): nearest meta, read access, write access, hide filters."""

from __future__ import annotations

import hmac
import posixpath
import re
from dataclasses import dataclass, field

from openlist.db.metas import Meta
from openlist.db.users import User
from openlist.paths import is_sub

BIT_SEE_HIDES, BIT_NO_PASSWORD, BIT_WRITE, BIT_RENAME, BIT_MOVE, BIT_COPY, BIT_DELETE = 0, 1, 3, 4, 5, 6, 7


def covers(meta: Meta, path: str, sub: bool) -> bool:
    return path == meta.path or (sub and is_sub(meta.path, path))


def parent_of(path: str) -> str:
    return posixpath.dirname(path) or "/"


def compile_hide(hide: str) -> list[re.Pattern[str]]:
    """Each non-empty line is an unanchored regex (D13: empty lines never hide everything)."""
    return [re.compile(line) for line in hide.splitlines() if line]


@dataclass
class MetaIndex:
    """All metas in memory, by path, with compiled hide rules."""

    metas: dict[str, Meta] = field(default_factory=dict)
    hides: dict[int, list[re.Pattern[str]]] = field(default_factory=dict)
    any_read_users: bool = False
    generation: int = 0

    def load(self, metas: list[Meta]) -> None:
        self.metas = {m.path: m for m in metas}
        self.hides = {m.id: compile_hide(m.hide) for m in metas if m.hide}
        self.any_read_users = any(m.read_users for m in metas)
        self.generation += 1

    def nearest(self, path: str) -> Meta | None:
        if not self.metas:
            return None
        probe = path
        while True:
            meta = self.metas.get(probe)
            if meta is not None or probe == "/":
                return meta
            probe = parent_of(probe)

    def hidden(self, meta: Meta | None, folder: str, name: str) -> bool:
        """Does `folder`'s meta hide the entry `name` (for a user without bit 0)?"""
        if meta is None or not meta.hide or not covers(meta, folder, meta.h_sub):
            return False
        return any(r.search(name) for r in self.hides.get(meta.id, ()))

    def can_read(self, user: User, path: str, password: str, meta: Meta | None = None) -> bool:
        """§5.3 steps 1–6 for `path`."""
        if meta is None:
            meta = self.nearest(path)
        if meta is None:
            return True
        if path != "/" and not user.can(BIT_SEE_HIDES) and \
                self.hidden(meta, parent_of(path), posixpath.basename(path)):
            return False
        if meta.read_users and user.id not in meta.read_users and covers(meta, path, meta.read_users_sub):
            return False
        if user.can(BIT_NO_PASSWORD) or not meta.password or not covers(meta, path, meta.p_sub):
            return True
        return hmac.compare_digest(password.encode(), meta.password.encode())

    def read_users_ok(self, user: User, path: str) -> bool:
        meta = self.nearest(path)
        return not (meta and meta.read_users and user.id not in meta.read_users
                    and covers(meta, path, meta.read_users_sub))

    def write_users_ok(self, user: User, path: str) -> bool:
        meta = self.nearest(path)
        return not (meta and meta.write_users and user.id not in meta.write_users
                    and covers(meta, path, meta.write_users_sub))

    def write_bypass(self, path: str) -> bool:
        """The meta `write` flag lets anyone who reaches `path` create content there."""
        meta = self.nearest(path)
        return bool(meta and meta.write and covers(meta, path, meta.w_sub))

    def encrypted(self, path: str, meta: Meta | None = None) -> bool:
        """A folder password covers `path` (so its files are always signed)."""
        if meta is None:
            meta = self.nearest(path)
        return bool(meta and meta.password and covers(meta, path, meta.p_sub))

    def readme_header(self, path: str, meta: Meta | None) -> tuple[str, str]:
        if meta is None:
            return "", ""
        readme = meta.readme if covers(meta, path, meta.r_sub) else ""
        header = meta.header if covers(meta, path, meta.header_sub) else ""
        return readme, header
