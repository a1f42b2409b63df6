"""The application factory and the server loop.

`create_app(config)` does no I/O: resources open in cleanup contexts, in dependency order
(database → settings/users → file system → background jobs). The CLI and the tests call it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

from aiohttp import web

from openlist import api, keys, middleware, spa
from openlist.auth import tokens
from openlist.auth.throttle import Throttle
from openlist.bootstrap import ensure_users
from openlist.config import Config
from openlist.db import Database
from openlist.fs import fs_ctx
from openlist.secretbox import SecretBox
from openlist.settings import Settings

log = logging.getLogger("openlist")
AUDIT_RETENTION_DAYS = 365


async def database_ctx(app: web.Application) -> AsyncIterator[None]:
    config = app[keys.CONFIG]
    db = Database(config.db_file)
    await db.open()
    app[keys.DB] = db
    try:
        app[keys.SECRETBOX] = SecretBox.load(config.secret_key_file)
        settings = Settings(db)
        await settings.seed()
        app[keys.SETTINGS] = settings
        app[keys.THROTTLE] = Throttle(db)
        await ensure_users(db)
        await db.external_change()  # baseline: our own start-up writes are not "external"
        if not settings.get_bool("sign_all"):
            log.warning("sign_all is off: files on storages without enable_sign download without a sign (W19)")
        yield
    finally:
        await db.close()


async def housekeeping_ctx(app: web.Application) -> AsyncIterator[None]:
    async def loop() -> None:
        while True:
            try:
                await tokens.purge_expired(app[keys.DB])
                await app[keys.THROTTLE].purge()
                await app[keys.DB].execute(
                    "DELETE FROM security_events WHERE ts < unixepoch() - ?", (AUDIT_RETENTION_DAYS * 86400,))
            except Exception:  # a failed purge must never kill the server
                log.exception("housekeeping failed")
            await asyncio.sleep(3600)

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def create_app(config: Config) -> web.Application:
    """The application; with a site sub-path (site_url https://host/files) every route lives
    under /files and `/` redirects there (§2.5)."""
    app = _create_site(config)
    if not config.site_path:
        return app
    outer = web.Application()
    outer.add_subapp(config.site_path, app)

    async def to_site(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(config.site_path + "/")

    outer.router.add_get("/", to_site)
    return outer


def _create_site(config: Config) -> web.Application:
    middlewares: list[middleware.Middleware] = [middleware.errors, middleware.context, middleware.authn]
    if config.max_connections > 0:
        middlewares.insert(0, middleware.limit_connections(config.max_connections))
    app = web.Application(middlewares=middlewares, client_max_size=64 * 1024 * 1024)
    app[keys.CONFIG] = config
    app[keys.ON_EXTERNAL_CHANGE] = []
    app.cleanup_ctx.extend([database_ctx, fs_ctx, housekeeping_ctx])
    api.setup_routes(app)
    spa.setup_spa(app)
    return app


async def serve(config: Config, *, host: str, port: int, ready: asyncio.Event | None = None,
                ignore_late_signals: bool = False) -> None:
    """Run until SIGINT/SIGTERM. Our own loop instead of web.run_app: a second signal (onefile's
    bootloader forwards what the child also receives) must not cancel the cleanup (packaging #7)."""
    app = create_app(config)
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=5, access_log=None)
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    sigs = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGBREAK] if hasattr(signal, "SIGBREAK") else [])
    for sig in sigs:
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # Windows
            signal.signal(sig, lambda *_: loop.call_soon_threadsafe(stop.set))
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        print(f"openlist is listening on http://{shown}:{port}", flush=True)
        log.info("listening on %s:%s", host, port)
        if ready is not None:
            ready.set()
        await stop.wait()
        log.info("shutting down")
    finally:
        await runner.cleanup()
        _release_signals(loop, sigs, ignore=ignore_late_signals)


def _release_signals(loop: asyncio.AbstractEventLoop, sigs: list[signal.Signals], *, ignore: bool) -> None:
    """Unregister our handlers; with `ignore`, late SIGINT/SIGTERM are ignored from now on.

    remove_signal_handler (and loop.close) restore SIG_DFL, so a second SIGTERM arriving while the
    process finishes (onefile: the bootloader forwards what the child also got) killed it with
    rc -15. Blocking the signals around the swap to SIG_IGN leaves no window (packaging #7)."""
    mask = set(sigs) if ignore and hasattr(signal, "pthread_sigmask") else set()
    if mask:
        signal.pthread_sigmask(signal.SIG_BLOCK, mask)
    try:
        for sig in sigs:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(sig)
            if ignore:
                with contextlib.suppress(ValueError, OSError):
                    signal.signal(sig, signal.SIG_IGN)
    finally:
        if mask:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, mask)


def run(config: Config, *, host: str, port: int) -> None:
    asyncio.run(serve(config, host=host, port=port, ignore_late_signals=True))
