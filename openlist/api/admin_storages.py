"""/api/admin/storage/* (openlist-api.md §10.2)."""

from __future__ import annotations

import asyncio
import time

from aiohttp import web

from openlist import keys
from openlist.auth.identity import Level, auth
from openlist.binding import bind, page_args, query_int
from openlist.db import storages
from openlist.db.storages import Storage
from openlist.drivers import find as find_driver
from openlist.envelope import ok
from openlist.errors import BadRequest, ServerError
from openlist.fs.render import rfc3339
from openlist.fs.service import STATUS_DISABLED, STATUS_WORK
from openlist.fs.writes import FileSystem
from openlist.paths import join_user_path

routes = web.RouteTableDef()
_background: set[asyncio.Task[None]] = set()


def _fs(request: web.Request) -> FileSystem:
    fs: FileSystem = request.app[keys.FS]
    return fs


def _storage(req: Storage) -> Storage:
    """Validate and normalise a Storage decoded from the request; `status` and `modified` are ours."""
    if not req.mount_path:
        raise BadRequest("mount_path is required")
    cls = find_driver(req.driver)
    if cls is None:
        raise ServerError(f"failed get driver new: no driver named: {req.driver}")
    return req.replace(
        mount_path=join_user_path("/", req.mount_path),
        webdav_policy=req.webdav_policy or ("native_proxy" if cls.config.only_proxy else "302_redirect"),
        addition=req.addition or "{}", modified=rfc3339(time.time()),
        status=STATUS_DISABLED if req.disabled else "")


@routes.get("/api/admin/storage/list")
@auth(Level.ADMIN)
async def storage_list(request: web.Request) -> web.Response:
    offset, limit = page_args(request)
    rows = await storages.all_storages(request.app[keys.DB])
    page = rows[offset:] if limit < 0 else rows[offset:offset + limit]
    content = [s.to_json() for s in page]
    if not request.app[keys.SETTINGS].get_bool("hide_storage_details_in_manage_page"):
        for item in content:
            details = await _fs(request).mount_details(item["id"])
            if details is not None:
                item["mount_details"] = details
    return ok({"content": content, "total": len(rows)})


@routes.get("/api/admin/storage/get")
@auth(Level.ADMIN)
async def storage_get(request: web.Request) -> web.Response:
    return ok((await storages.get(request.app[keys.DB], query_int(request, "id"))).to_json())


@routes.post("/api/admin/storage/create")
@auth(Level.ADMIN)
async def storage_create(request: web.Request) -> web.Response:
    storage = _storage(await bind(request, Storage))
    # OpenList saves the row before the driver initialises; a failed init keeps it (§10.2)
    sid = await storages.insert(request.app[keys.DB], storage.replace(id=0))
    if not storage.disabled:
        saved = await _fs(request).mount(storage.replace(id=sid))
        if saved.status != STATUS_WORK:
            raise ServerError(f"failed init storage but storage is already created: failed init storage: "
                              f"{saved.status}", data={"id": sid})
    return ok({"id": sid})


@routes.post("/api/admin/storage/update")
@auth(Level.ADMIN)
async def storage_update(request: web.Request) -> web.Response:
    req = await bind(request, Storage)
    db = request.app[keys.DB]
    old = await storages.get(db, req.id)
    if req.driver != old.driver:
        raise ServerError("driver cannot be changed")
    storage = _storage(req)
    await storages.update(db, storage)
    fs = _fs(request)
    if storage.disabled:
        await fs.unmount(storage.id)
        return ok()
    saved = await fs.mount(storage)
    if saved.status != STATUS_WORK:
        raise ServerError(f"failed init storage: {saved.status}")
    return ok()


@routes.post("/api/admin/storage/delete")
@auth(Level.ADMIN)
async def storage_delete(request: web.Request) -> web.Response:
    sid = query_int(request, "id")
    db = request.app[keys.DB]
    await storages.get(db, sid)
    await _fs(request).unmount(sid)
    await storages.delete(db, sid)
    return ok()


@routes.post("/api/admin/storage/enable")
@auth(Level.ADMIN)
async def storage_enable(request: web.Request) -> web.Response:
    db = request.app[keys.DB]
    storage = await storages.get(db, query_int(request, "id"))
    if not storage.disabled:
        raise ServerError("this storage have enabled")
    await _fs(request).mount(storage.replace(disabled=False))
    return ok()


@routes.post("/api/admin/storage/disable")
@auth(Level.ADMIN)
async def storage_disable(request: web.Request) -> web.Response:
    db = request.app[keys.DB]
    storage = await storages.get(db, query_int(request, "id"))
    if storage.disabled:
        raise ServerError("this storage have disabled")
    await _fs(request).unmount(storage.id)
    await storages.update(db, storage.replace(disabled=True, status=STATUS_DISABLED))
    return ok()


@routes.post("/api/admin/storage/load_all")
@auth(Level.ADMIN)
async def storage_load_all(request: web.Request) -> web.Response:
    fs = _fs(request)
    db = request.app[keys.DB]

    async def reload() -> None:
        for storage in await storages.all_storages(db):
            if not storage.disabled:
                await fs.mount(storage)

    task = asyncio.create_task(reload())
    _background.add(task)
    task.add_done_callback(_background.discard)
    return ok()
