"""Command line: `openlist server|admin|cancel2fa|storage|version`.

Global options (--data, --force-bin-dir, --no-prefix, --debug) are accepted before *and* after
the subcommand, like OpenList's cobra flags: `./openlist server --no-prefix` must work
(packaging note #6). Commands that change the database take effect in a running server on its
next request: the server notices commits from other processes (Database.external_change).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import logging.handlers
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from openlist import WIRE_VERSION, __version__
from openlist.config import Config, ConfigError, load

T = TypeVar("T")


def _global_options(f: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--data", "data", default=None, metavar="DIR",
                     help="data folder (default: ./data, relative to the working directory)"),
        click.option("--force-bin-dir", "force_bin_dir", is_flag=True, default=None,
                     help="use the data folder next to the executable instead of the working directory"),
        click.option("--no-prefix", "no_prefix", is_flag=True, default=None,
                     help="read environment overrides without the OPENLIST_ prefix (Docker)"),
        click.option("--debug", "debug", is_flag=True, default=None, help="verbose logging"),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _store_globals(ctx: click.Context, **kwargs: Any) -> None:
    obj = ctx.ensure_object(dict)
    for key in ("data", "force_bin_dir", "no_prefix", "debug"):
        if kwargs.get(key) is not None:
            obj[key] = kwargs[key]


def data_dir(ctx: click.Context) -> Path:
    obj = ctx.find_root().ensure_object(dict)
    data = obj.get("data") or "data"
    if obj.get("force_bin_dir") and not Path(data).is_absolute():
        return Path(sys.executable if getattr(sys, "frozen", False) else sys.argv[0]).resolve().parent / data
    return Path(data)


def load_config(ctx: click.Context, *, write: bool = True, **overrides: Any) -> Config:
    obj = ctx.find_root().ensure_object(dict)
    from openlist import frozen

    # root in a PUID container (`docker exec … ./openlist cancel2fa`): act as the owner of ./data
    frozen.adopt_data_owner(data_dir(ctx))
    try:
        return load(data_dir(ctx), no_prefix=bool(obj.get("no_prefix")), debug=bool(obj.get("debug")),
                    overrides=overrides, write=write)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def with_globals(f: Callable[..., T]) -> Callable[..., T]:
    """Accept the global options on a subcommand too (stored on the root context)."""

    @functools.wraps(f)
    def wrapper(*args: Any, data: Any = None, force_bin_dir: Any = None, no_prefix: Any = None,
                debug: Any = None, **kwargs: Any) -> T:
        ctx = click.get_current_context()
        _store_globals(ctx.find_root(), data=data, force_bin_dir=force_bin_dir, no_prefix=no_prefix, debug=debug)
        return ctx.invoke(f, *args, **kwargs)

    return _global_options(wrapper)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@_global_options
@click.pass_context
def main(ctx: click.Context, /, **kwargs: Any) -> None:
    """openlist — a file-list server compatible with OpenList v4."""
    _store_globals(ctx, **kwargs)
    from openlist import frozen

    frozen.prepare()


def _setup_logging(config: Config) -> None:
    level = logging.DEBUG if config.debug else logging.INFO
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if config.log_enable:
        config.log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(
            config.log_file, maxBytes=10 * 1024 * 1024, backupCount=5, encoding="utf-8"))
    logging.basicConfig(level=level, handlers=handlers, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        force=True)
    if not config.debug:
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    # aiosqlite logs every statement with its parameters at DEBUG: password hashes, sealed
    # secrets, token hashes. Secrets never reach logs, not even with --debug.
    logging.getLogger("aiosqlite").setLevel(logging.INFO)


@main.command()
@click.option("--host", default=None, help="listen address (config scheme.address, default 0.0.0.0)")
@click.option("--port", type=int, default=None, help="listen port (config scheme.http_port, default 5244)")
@with_globals
def server(host: str | None, port: int | None) -> None:
    """Start the server."""
    from openlist.app import run
    from openlist.db import DatabaseError

    ctx = click.get_current_context()
    overrides: dict[str, Any] = {"scheme.address": host, "scheme.http_port": port}
    config = load_config(ctx, **overrides)
    _setup_logging(config)
    try:
        run(config, host=config.address, port=config.http_port)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {config.address}:{config.http_port}: {exc}") from None


@main.command()
@with_globals
def version() -> None:
    """Print the version."""
    click.echo(f"openlist {__version__} ({WIRE_VERSION})")


# ---------------------------------------------------------------------------------------------- db helpers
def _run_db(ctx: click.Context, job: Callable[[Any], Awaitable[T]], *, must_exist: bool = True) -> T:
    from openlist.db import Database, DatabaseError

    config = load_config(ctx, write=not must_exist)
    if must_exist and not config.db_file.exists():
        raise click.ClickException(
            f"no database at {config.db_file} (data folder {config.data_dir}); "
            "start the server once, or pass --data DIR where your data folder is")

    async def go() -> T:
        from openlist.settings import Settings

        db = Database(config.db_file)
        await db.open()
        try:
            settings = Settings(db)
            await settings.seed()
            from openlist.bootstrap import ensure_users

            await ensure_users(db, announce=False)
            return await job(db)
        finally:
            await db.close()

    try:
        return asyncio.run(go())
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from None


@main.group(invoke_without_command=True)
@with_globals
def admin() -> None:
    """Show the admin user; `admin set PASSWORD` / `admin random` reset its password."""
    ctx = click.get_current_context()
    if ctx.invoked_subcommand is not None:
        return
    from openlist.db import users

    async def job(db: Any) -> None:
        user = await users.first_with_role(db, users.ROLE_ADMIN)
        click.echo(f"admin user's username: {user.username}")
        click.echo("the password is stored hashed and cannot be shown; use `openlist admin set NEWPASSWORD` "
                   "or `openlist admin random`")

    _run_db(ctx, job, must_exist=False)


def _set_admin_password(ctx: click.Context, password: str) -> None:
    from openlist import audit
    from openlist.auth import passwords
    from openlist.db import users

    async def job(db: Any) -> str:
        user = await users.first_with_role(db, users.ROLE_ADMIN)
        await users.set_password_hash(db, user.id, await passwords.ahash(passwords.static_hash(password)))
        await audit.record(db, "password_changed", user_id=user.id, username=user.username, source="cli",
                           actor="cli")
        return user.username

    name = _run_db(ctx, job, must_exist=False)
    click.echo(f"admin user's username: {name}")
    click.echo(f"new password: {password}")
    click.echo("every session of this user was signed out; a running server applies this on its next request")


@admin.command("set")
@click.argument("password")
@with_globals
def admin_set(password: str) -> None:
    """Set the admin user's password."""
    if not password:
        raise click.ClickException("the password must not be empty")
    _set_admin_password(click.get_current_context(), password)


@admin.command("random")
@with_globals
def admin_random() -> None:
    """Set a random password for the admin user and print it."""
    from openlist.auth.passwords import random_password

    _set_admin_password(click.get_current_context(), random_password(12))


@main.command()
@click.option("--user", "username", default=None, metavar="NAME",
              help="cancel this user's 2FA (default: the admin user)")
@with_globals
def cancel2fa(username: str | None) -> None:
    """Cancel two-factor authentication (the admin's by default); applies without restart."""
    from openlist.auth import twofactor
    from openlist.db import users

    async def job(db: Any) -> tuple[str, bool]:
        if username is None:
            user = await users.first_with_role(db, users.ROLE_ADMIN)
        else:
            found = await users.find(db, username)
            if found is None:
                raise click.ClickException(f"no user named {username!r}")
            user = found
        return user.username, await twofactor.cancel(db, user, actor="cli", source="cli")

    name, was_on = _run_db(click.get_current_context(), job)
    if was_on:
        click.echo(f"2FA canceled for user {name!r}; their sessions were signed out. "
                   "A running server applies this on its next request (no restart needed).")
    else:
        click.echo(f"user {name!r} has no 2FA enabled; nothing to do")


@main.group()
@with_globals
def storage() -> None:
    """Manage storages (list, enable, disable)."""


@storage.command("list")
@with_globals
def storage_list() -> None:
    """List storages."""

    async def job(db: Any) -> list[Any]:
        rows: list[Any] = await db.fetchall('SELECT id, mount_path, driver, disabled, status FROM storages ORDER BY "order", id')
        return rows

    rows = _run_db(click.get_current_context(), job)
    if not rows:
        click.echo("no storages")
    for r in rows:
        state = "disabled" if r["disabled"] else (r["status"] or "work")
        click.echo(f"{r['id']:>4}  {r['mount_path']:<30} {r['driver']:<10} {state}")


def _storage_toggle(ref: str, disabled: bool) -> None:
    async def job(db: Any) -> str:
        row = await db.fetchone("SELECT id, mount_path, disabled FROM storages WHERE id = ? OR mount_path = ?",
                                (int(ref) if ref.isdigit() else -1, ref))
        if row is None:
            raise click.ClickException(f"no storage with id or mount path {ref!r}")
        if bool(row["disabled"]) == disabled:
            raise click.ClickException(f"storage {row['mount_path']} is already {'disabled' if disabled else 'enabled'}")
        await db.execute("UPDATE storages SET disabled = ?, status = ? WHERE id = ?",
                         (int(disabled), "disabled" if disabled else "", row["id"]))
        return str(row["mount_path"])

    path = _run_db(click.get_current_context(), job)
    click.echo(f"storage {path} {'disabled' if disabled else 'enabled'}; a running server applies it on its next request")


@storage.command("enable")
@click.argument("storage_ref", metavar="ID|MOUNT_PATH")
@with_globals
def storage_enable(storage_ref: str) -> None:
    """Enable a storage."""
    _storage_toggle(storage_ref, False)


@storage.command("disable")
@click.argument("storage_ref", metavar="ID|MOUNT_PATH")
@with_globals
def storage_disable(storage_ref: str) -> None:
    """Disable a storage."""
    _storage_toggle(storage_ref, True)


if __name__ == "__main__":  # pragma: no cover
    main()

