"""Typed keys for application and request state, declared in one place."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from openlist.auth.identity import Identity
    from openlist.auth.throttle import Throttle
    from openlist.config import Config
    from openlist.db import Database
    from openlist.secretbox import SecretBox
    from openlist.settings import Settings

# Application state (set in app.create_app / its cleanup contexts).
CONFIG: web.AppKey[Config] = web.AppKey("config")
DB: web.AppKey[Database] = web.AppKey("db")
SETTINGS: web.AppKey[Settings] = web.AppKey("settings")
THROTTLE: web.AppKey[Throttle] = web.AppKey("throttle")
SECRETBOX: web.AppKey[SecretBox] = web.AppKey("secretbox")
# The file-system service (issue 3): openlist.fs.service.FileSystem.
FS: web.AppKey[Any] = web.AppKey("fs")

# Per-request state.
IDENTITY: web.RequestKey[Identity] = web.RequestKey("identity")
CLIENT_IP: web.RequestKey[str] = web.RequestKey("client_ip")
# Coroutines run when another process changed the database (CLI edits): reload caches.
ON_EXTERNAL_CHANGE: web.AppKey[list[Callable[[], Awaitable[None]]]] = web.AppKey("on_external_change")
