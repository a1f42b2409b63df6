"""WebDAV at `/dav` (openlist-api.md §12): one route table for the surface.

    OPTIONS                      DAV: 1, 2 (no credentials needed)
    GET HEAD POST                read a file (Range via web.FileResponse); HEAD on a folder
    PROPFIND                     Depth 0 / 1 multistatus (infinity → 403)
    PUT MKCOL DELETE             write through the fs service (bits 3/7 + webdav_manage)
    COPY MOVE                    Destination on this host under /dav, Overwrite T/F, Depth
    LOCK UNLOCK                  in-memory locks; PROPPATCH answers 403 per property

    auth.py      Basic (app password / password without 2FA) or admin Bearer; bits 8 and 9
    handlers.py  the method table, dispatch, If evaluation, error → status, PROPFIND and GET
    ctx.py       the per-request context (user path, absolute path, href building)
    writes.py    the write methods
    view.py      stat / children / copy-as built from the fs service's public pieces
    xml.py       safe XML parsing (no DTDs or entities), multistatus and lock replies
    locks.py     the lock table
"""

from __future__ import annotations

from aiohttp import web

from openlist.dav.handlers import DavHandler


def setup_dav(app: web.Application) -> None:
    """Register `/dav` and everything below it, for every method (before the web-app fallback)."""
    handler = DavHandler()
    app.router.add_route("*", "/dav", handler.handle)
    app.router.add_route("*", "/dav/{path:.*}", handler.handle)
    # Windows' WebDAV client (mapping http://host:5244/dav/ as a drive) asks OPTIONS on the
    # server root first and gives up unless it sees a DAV server there.
    app.router.add_route("OPTIONS", "/", handler.root_options)
