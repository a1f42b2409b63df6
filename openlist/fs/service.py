"""The file-system service: storages mounted into one tree, read operations, permission checks.

Handlers hand it an `Identity` and a request path; it joins the base path (§4.4), applies the
meta rules (§5) and permission bits (§4.2), and talks to drivers through the mount table.
Write operations live in `openlist.fs.writes.FileSystem`, which extends this class.

    fs = app[keys.FS]
    await fs.list(identity, "/local", password="", page=1, per_page=0)
    mount, link = await fs.link("/local/a.txt")        # downloads: absolute path, no user
"""

from __future__ import annotations

import asyncio
import builtins
import fnmatch
import logging
from typing import Any

import orjson

from openlist import sign as signs
from openlist.auth.identity import Identity
from openlist.db import Database
from openlist.db import metas as metas_db
from openlist.db import storages as storages_db
from openlist.db.storages import Storage
from openlist.drivers import find as find_driver
from openlist.drivers.base import Link, Obj, parse_addition
from openlist.errors import MSG_PERMISSION_DENIED, Forbidden, OpenListError, ServerError
from openlist.fs.access import BIT_SEE_HIDES, BIT_WRITE, MetaIndex, parent_of
from openlist.fs.cache import Entry, ListingCache
from openlist.fs.mounts import Mount, MountTable
from openlist.fs.render import TYPE_FOLDER, Types, escape_path, obj_json, rfc3339
from openlist.paths import is_sub, join_user_path
from openlist.secretbox import SecretBox
from openlist.settings import Settings

log = logging.getLogger("openlist.fs")
MSG_NO_ACCESS = "password is incorrect or you have no permission"
MSG_REFRESH = "Refresh without permission"
STATUS_WORK, STATUS_DISABLED = "work", "disabled"
DEFAULT_TTL = 60.0  # seconds, for drivers that can revalidate (Local) when cache_expiration is 0


def storage_not_found(path: str) -> ServerError:
    if path == "/":
        return ServerError("failed get storage: storage not found; please add a storage first")
    return ServerError(f"failed get storage: storage not found; rawPath: {path}")


class FileSystemBase:
    """Storages, metas and the read side; `openlist.fs.writes.FileSystem` adds the writes."""

    def __init__(self, db: Database, settings: Settings, box: SecretBox) -> None:
        self.db, self.settings, self.box = db, settings, box
        self.mounts = MountTable()
        self.cache = ListingCache()
        self.metas = MetaIndex()
        self.types = Types()
        self._lock = asyncio.Lock()  # serialises mount-table changes
        self._inflight: dict[tuple[int, str], asyncio.Future[Entry]] = {}

    # ------------------------------------------------------------------ storages
    async def start(self) -> None:
        await self.reload_metas()
        for storage in await storages_db.all_storages(self.db):
            if not storage.disabled:
                await self.mount(storage)

    async def stop(self) -> None:
        for mount in self.mounts:
            await self._drop(mount)

    async def _drop(self, mount: Mount) -> None:
        if mount.driver is not None:
            try:
                await mount.driver.drop()
            except Exception:
                log.exception("dropping storage %s failed", mount.path)

    async def mount(self, storage: Storage) -> Storage:
        """(Re)initialise a storage's driver and put it into the tree; the status is saved.

        A failing driver still mounts (its status holds the error, operations report it); it
        never crashes the server."""
        async with self._lock:
            old = self.mounts.remove(storage.id)
            if old is not None:
                await self._drop(old)
            self.cache.drop_storage(storage.id)
            cls = find_driver(storage.driver)
            driver = None
            try:
                if cls is None:
                    raise ServerError(f"no driver named: {storage.driver}")
                driver = cls(parse_addition(cls.Addition, storage.addition))
                await driver.init()
                from openlist.drivers.base import dump_addition

                storage = storage.replace(status=STATUS_WORK, addition=dump_addition(driver.normalized()))
            except Exception as exc:  # any driver failure becomes the status text
                message = exc.message if isinstance(exc, OpenListError) else str(exc) or type(exc).__name__
                storage = storage.replace(status=message)
                driver = None
            self.mounts.put(Mount(storage, driver))
        await storages_db.update(self.db, storage)
        return storage

    async def unmount(self, storage_id: int) -> None:
        async with self._lock:
            old = self.mounts.remove(storage_id)
            self.cache.drop_storage(storage_id)
        if old is not None:
            await self._drop(old)

    async def sync_external(self) -> None:
        """Another process (the CLI) changed the database: re-read storages and metas."""
        await self.reload_metas()
        rows = {s.id: s for s in await storages_db.all_storages(self.db)}
        for mount in self.mounts:
            if mount.storage.id not in rows or rows[mount.storage.id].disabled:
                await self.unmount(mount.storage.id)
        for storage in rows.values():
            current = self.mounts.by_id(storage.id)
            if storage.disabled:
                if storage.status != STATUS_DISABLED:
                    await storages_db.set_status(self.db, storage.id, STATUS_DISABLED)
                continue
            if current is None or current.storage.replace(status="") != storage.replace(status=""):
                await self.mount(storage)

    async def reload_metas(self) -> None:
        self.metas.load(await metas_db.all_metas(self.db, self.box))

    async def mount_details(self, storage_id: int) -> dict[str, int] | None:
        """§6.1 `mount_details` of a working storage whose driver knows its disk usage."""
        mount = self.mounts.by_id(storage_id)
        if mount is None or mount.driver is None:
            return None
        usage = await mount.driver.usage()
        if usage is None:
            return None
        total, free = usage
        return {"total_space": total, "used_space": total - free, "free_space": free}

    # ------------------------------------------------------------------ helpers
    def user_path(self, ident: Identity, path: str) -> str:
        """Join with the base path (§4.4) and keep app-password identities inside their scope."""
        full = join_user_path(ident.user.base_path, path)
        if ident.scope_path not in ("", "/"):
            scope = join_user_path(ident.user.base_path, ident.scope_path)
            if not is_sub(scope, full):
                raise Forbidden(MSG_PERMISSION_DENIED)
        return full

    def resolve(self, path: str) -> tuple[Mount, str]:
        found = self.mounts.resolve(path)
        if found is None:
            raise storage_not_found(path)
        mount, rel = found
        if mount.driver is None:
            raise ServerError(mount.storage.status or "storage is not initialised")
        return mount, rel

    def _ttl(self, mount: Mount, path: str) -> float:
        storage = mount.storage
        minutes = storage.cache_expiration
        for line in storage.custom_cache_policies.splitlines():
            pattern, _, value = line.rpartition(":")
            if pattern and fnmatch.fnmatch(path, pattern.strip()):
                try:
                    minutes = int(value)
                except ValueError:
                    pass
                break
        if minutes > 0:
            return minutes * 60.0
        return DEFAULT_TTL

    async def listing(self, path: str, *, refresh: bool = False) -> tuple[Mount, Entry]:
        """The cached, sorted objects of folder `path` (absolute)."""
        mount, rel = self.resolve(path)
        driver = mount.driver
        assert driver is not None
        sid = mount.storage.id
        entry = None if refresh else self.cache.get(sid, rel)
        if entry is not None:
            if entry.version is None:
                return mount, entry
            version = await driver.dir_version(rel)
            if version == entry.version:
                return mount, entry
        # one listing per folder at a time: concurrent cold requests share it (no stampede)
        key = (sid, rel)
        pending = self._inflight.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._fill(mount, rel, path))
            self._inflight[key] = pending
            pending.add_done_callback(lambda _f: self._inflight.pop(key, None))
        return mount, await asyncio.shield(pending)

    async def _fill(self, mount: Mount, rel: str, path: str) -> Entry:
        driver = mount.driver
        assert driver is not None
        sid = mount.storage.id
        generation = self.cache.write_generation(sid)
        version = await driver.dir_version(rel)
        objs = self._sorted(mount.storage, await driver.list(rel))
        return self.cache.put(sid, rel, objs, self._ttl(mount, path), version, generation)

    @staticmethod
    def _sorted(storage: Storage, objs: list[Obj]) -> list[Obj]:
        objs.sort(key=lambda o: o.name.encode("utf-8", "surrogateescape"))
        if storage.order_by in ("name", "size", "modified"):
            attr = storage.order_by
            objs.sort(key=lambda o: getattr(o, attr), reverse=storage.order_direction == "desc")
        if storage.extract_folder in ("front", "back"):
            objs.sort(key=lambda o: o.is_dir, reverse=storage.extract_folder == "front")
        return objs

    def _sign_for(self, mount: Mount | None, folder: str, meta: Any) -> bool:
        return self.settings.get_bool("sign_all") or bool(mount and mount.storage.enable_sign) or \
            self.metas.encrypted(folder, meta)

    def make_sign(self, path: str) -> str:
        return signs.make(self.settings.token, path, signs.expiry(self.settings.get_int("link_expiration")))

    def _obj_json(self, obj: Obj, path: str, signed: bool, in_list: bool) -> dict[str, Any]:
        kind = TYPE_FOLDER if (obj.is_dir and in_list) else self.types.of(self.settings, obj.name)
        return obj_json(obj, kind, self.make_sign(path) if signed and not obj.is_dir else "")

    def _virtual_json(self, name: str, storage: Storage) -> dict[str, Any]:
        modified = storage.modified or rfc3339(0)
        return {"name": name, "size": 0, "is_dir": True, "modified": modified, "created": modified, "sign": "",
                "thumb": "", "type": TYPE_FOLDER, "hashinfo": "null", "hash_info": None}

    def _check_read(self, ident: Identity, path: str, password: str, meta: Any) -> None:
        if not self.metas.can_read(ident.user, path, password, meta):
            raise Forbidden(MSG_NO_ACCESS)

    def can_write_content(self, ident: Identity, folder: str) -> bool:
        return ident.user.can(BIT_WRITE) or self.metas.write_bypass(folder)

    # ------------------------------------------------------------------ list / get / dirs
    async def list(self, ident: Identity, raw_path: str, *, password: str = "", page: int = 1,
                   per_page: int = 0, refresh: bool = False) -> orjson.Fragment:
        path = self.user_path(ident, raw_path)
        user = ident.user
        meta = self.metas.nearest(path)
        self._check_read(ident, path, password, meta)
        write = self.metas.write_users_ok(user, path)
        bypass = self.metas.write_bypass(path)
        if refresh and not (write and (user.can(BIT_WRITE) or bypass) and not ident.read_only):
            raise Forbidden(MSG_REFRESH)
        page = max(page, 1)
        see_hides = user.can(BIT_SEE_HIDES)
        virtual = self.mounts.virtual_children(path)
        mount: Mount | None = None
        entry: Entry | None = None
        try:
            mount, entry = await self.listing(path, refresh=refresh)
        except OpenListError:
            if not virtual:
                raise
        key = (self.settings.generation, self.metas.generation, self.mounts.generation,
               user.id if self.metas.any_read_users else 0, see_hides, page, per_page, write, bypass)
        details = bool(virtual) and not user.is_guest and not self.settings.get_bool("hide_storage_details")
        if self.settings.get_int("link_expiration") > 0 or details:
            entry_views = None  # expiring signs and live disk usage are never replayed from a render
        else:
            entry_views = entry
        if entry_views is not None:
            cached = entry_views.view(key)
            if cached is not None:
                return cached  # type: ignore[no-any-return]
        filtered = self._filtered(user, path, meta, see_hides, entry, virtual)
        total = len(filtered)
        chunk = filtered if per_page < 1 else filtered[(page - 1) * per_page:page * per_page]
        signed = self._sign_for(mount, path, meta)
        content = []
        prefix = path.rstrip("/") + "/"
        for item in chunk:
            if isinstance(item, Obj):
                content.append(self._obj_json(item, prefix + item.name, signed, True))
            else:
                obj = self._virtual_json(*item)
                if details and item[1].mount_path == prefix + item[0]:
                    usage = await self.mount_details(item[1].id)
                    if usage is not None:
                        obj["mount_details"] = usage
                content.append(obj)
        readme, header = self.metas.readme_header(path, meta)
        data = orjson.Fragment(orjson.dumps({
            "content": content or None, "total": total, "readme": readme, "header": header, "write": write,
            "write_content_bypass": bypass, "provider": "unknown"}))
        if entry_views is not None:
            entry_views.remember(key, data)
        return data

    def _filtered(self, user: Any, path: str, meta: Any, see_hides: bool, entry: Entry | None,
                  virtual: builtins.list[tuple[str, Storage]]) -> builtins.list[Any]:
        items: builtins.list[Any] = builtins.list(entry.objs) if entry is not None else []
        if virtual:
            present = {o.name for o in items}
            items += [v for v in virtual if v[0] not in present]
        if not see_hides and meta is not None and meta.hide:
            items = [i for i in items if not self.metas.hidden(meta, path, i.name if isinstance(i, Obj) else i[0])]
        if self.metas.any_read_users:
            prefix = path.rstrip("/") + "/"
            items = [i for i in items if not (i.is_dir if isinstance(i, Obj) else True)
                     or self.metas.read_users_ok(user, prefix + (i.name if isinstance(i, Obj) else i[0]))]
        return items

    async def get(self, ident: Identity, raw_path: str, *, password: str = "", api_url: str = "") -> dict[str, Any]:
        path = self.user_path(ident, raw_path)
        meta = self.metas.nearest(path)
        self._check_read(ident, path, password, meta)
        readme, header = self.metas.readme_header(path, meta)
        parent, name = parent_of(path), path.rsplit("/", 1)[-1]
        extra = {"raw_url": "", "readme": readme, "header": header, "provider": "unknown", "related": None}
        if path != "/":  # OpenList: the parent's virtual entries first, then the storage
            for vname, storage in self.mounts.virtual_children(parent):
                if vname == name:
                    return {**self._virtual_json(vname, storage), "type": 0, **extra}
        elif self.mounts.resolve("/") is None:
            return {**self._virtual_json("root", Storage()), "type": 0, **extra}
        mount, rel = self.resolve(path)
        assert mount.driver is not None
        obj = await mount.driver.get(rel)
        if rel == "/":
            obj.name = name or "root"
        pmeta = self.metas.nearest(parent)
        signed = self._sign_for(mount, parent, pmeta)
        out = self._obj_json(obj, path, signed, False)
        out.update(extra, provider=mount.driver.name)
        if not obj.is_dir:
            out["raw_url"] = self._raw_url(mount, path, out["sign"], api_url)
            out["related"] = await self._related(ident, mount, parent, obj.name, pmeta, signed)
        return out

    def _raw_url(self, mount: Mount, path: str, sign: str, api_url: str) -> str:
        storage = mount.storage
        query = f"?sign={sign}" if sign else ""
        if storage.down_proxy_url.strip():
            base = storage.down_proxy_url.strip().splitlines()[0].rstrip("/")
            return base + escape_path(path) + ("" if storage.disable_proxy_sign else query)
        return f"{api_url}/p{escape_path(path)}{query}"

    async def _related(self, ident: Identity, mount: Mount, parent: str, name: str, meta: Any,
                       signed: bool) -> builtins.list[dict[str, Any]] | None:
        if parent == "/" and mount.path != "/":
            return None
        try:
            _, entry = await self.listing(parent)
        except OpenListError:
            return None
        stem = name.rsplit(".", 1)[0] if "." in name else name
        see = ident.user.can(BIT_SEE_HIDES)
        prefix = parent.rstrip("/") + "/"
        related = [self._obj_json(o, prefix + o.name, signed, True) for o in entry.objs
                   if o.name != name and o.name.startswith(stem)
                   and (see or not self.metas.hidden(meta, parent, o.name))]
        return related or None

    async def dirs(self, ident: Identity, raw_path: str, *, password: str = "",
                   force_root: bool = False) -> builtins.list[dict[str, Any]] | None:
        if force_root:
            if not ident.user.is_admin or ident.scope_path not in ("", "/"):
                raise Forbidden("Permission denied")
            path = join_user_path("/", raw_path)
        else:
            path = self.user_path(ident, raw_path)
        meta = self.metas.nearest(path)
        self._check_read(ident, path, password, meta)
        virtual = self.mounts.virtual_children(path)
        entry = None
        try:
            _, entry = await self.listing(path)
        except OpenListError:
            if not virtual:
                raise
        items = self._filtered(ident.user, path, meta, ident.user.can(BIT_SEE_HIDES), entry, virtual)
        out = []
        for i in items:
            if isinstance(i, Obj):
                if i.is_dir:
                    out.append({"name": i.name, "modified": rfc3339(i.modified)})
            else:
                out.append({"name": i[0], "modified": i[1].modified or rfc3339(0)})
        return out or None

    # ------------------------------------------------------------------ for other surfaces (WebDAV…)
    async def children(self, ident: Identity, raw_path: str, *, password: str = "") -> builtins.list[Obj]:
        """Entries of a folder as objects after the read, hide and read_users rules; virtual
        mount folders come back as folder objects (mtime = the storage's `modified`)."""
        path = self.user_path(ident, raw_path)
        meta = self.metas.nearest(path)
        self._check_read(ident, path, password, meta)
        virtual = self.mounts.virtual_children(path)
        entry = None
        try:
            _, entry = await self.listing(path)
        except OpenListError:
            if not virtual:
                raise
        out: builtins.list[Obj] = []
        for item in self._filtered(ident.user, path, meta, ident.user.can(BIT_SEE_HIDES), entry, virtual):
            if isinstance(item, Obj):
                out.append(item)
            else:
                ts = _parse_time(item[1].modified)
                out.append(Obj(item[0], 0, True, ts, ts))
        return out

    async def stat(self, ident: Identity, raw_path: str, *, password: str = "") -> Obj:
        """One object after the read rules (virtual folders included)."""
        path = self.user_path(ident, raw_path)
        self._check_read(ident, path, password, self.metas.nearest(path))
        parent, name = parent_of(path), path.rsplit("/", 1)[-1]
        if path != "/":
            for vname, storage in self.mounts.virtual_children(parent):
                if vname == name:
                    ts = _parse_time(storage.modified)
                    return Obj(name, 0, True, ts, ts)
        elif self.mounts.resolve("/") is None:
            return Obj("root", 0, True, 0.0, 0.0)
        mount, rel = self.resolve(path)
        assert mount.driver is not None
        return await mount.driver.get(rel)

    # ------------------------------------------------------------------ downloads
    def needs_sign(self, path: str) -> bool:
        """§8.2: sign_all, the storage's enable_sign, or a folder password over the file."""
        if self.settings.get_bool("sign_all"):
            return True
        found = self.mounts.resolve(path)
        if found is not None and found[0].storage.enable_sign:
            return True
        meta = self.metas.nearest(path)
        return bool(meta and meta.password and (meta.p_sub or meta.path == path))

    async def link(self, path: str) -> tuple[Mount, Link]:
        mount, rel = self.resolve(path)
        assert mount.driver is not None
        return mount, await mount.driver.link(rel)


def _parse_time(text: str) -> float:
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(text).timestamp() if text else 0.0
    except ValueError:
        return 0.0
