"""App passwords (issue 4) — placeholder until the 2FA work lands: every app password is unknown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from openlist.errors import MSG_TOKEN_INVALIDATED, Unauthorized

if TYPE_CHECKING:
    from openlist.auth.identity import Identity


async def resolve(request: web.Request, token: str) -> Identity:
    raise Unauthorized(MSG_TOKEN_INVALIDATED)
