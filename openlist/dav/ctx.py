"""One authenticated WebDAV request, as every method handler sees it."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote

from aiohttp import web

from openlist.auth.identity import Identity
from openlist.dav.locks import LockManager, if_tokens
from openlist.fs.writes import FileSystem


@dataclass(slots=True)
class Ctx:
    """One authenticated WebDAV request."""

    request: web.Request
    ident: Identity
    fs: FileSystem
    locks: LockManager
    prefix: str  # site path + "/dav": hrefs and Destination paths start with it
    raw: str  # the user-relative path (cleaned)
    path: str  # the absolute virtual path (base path joined, scope checked)

    def href(self, raw: str, is_dir: bool) -> str:
        href = self.prefix + quote(raw, safe="/")
        return href.rstrip("/") + "/" if is_dir else href

    def tokens(self) -> list[str]:
        """The caller's own lock tokens submitted in the `If` header."""
        return self.locks.owned(if_tokens(self.request.headers.get("If", "")), self.ident.user.id)


def empty(status: int, **headers: str) -> web.Response:
    """WebDAV answers errors (and most successes) with a real status and no body (§12)."""
    return web.Response(status=status, headers=headers)


def split(raw: str) -> tuple[str, str]:
    return posixpath.dirname(raw) or "/", posixpath.basename(raw)
