"""The file-system service, read side: list, get, dirs, children, stat, links, permission checks.

Handlers hand it an `Identity` and a request path; it joins the base path (§4.4), applies the
meta rules (§5) and permission bits (§4.2), and talks to drivers through the mount table.
Storages and the listing cache live in `openlist.fs.storages.StorageSet` (the base class); write
operations in `openlist.fs.writes.FileSystem`, which extends this class.

    fs = app[keys.FS]
    await fs.list(identity, "/local", password="", page=1, per_page=0)
    mount, link = await fs.link("/local/a.txt")        # downloads: absolute path, no user
"""

from __future__ import annotations

import builtins
from typing import Any

import orjson

from openlist import sign as signs
from openlist.auth.identity import Identity
from openlist.db.storages import Storage
from openlist.drivers.base import Link, Obj
from openlist.errors import MSG_PERMISSION_DENIED, Forbidden, OpenListError
from openlist.fs.access import BIT_SEE_HIDES, BIT_WRITE, parent_of
from openlist.fs.cache import Entry
from openlist.fs.mounts import Mount
from openlist.fs.render import TYPE_FOLDER, escape_path, obj_json, rfc3339
from openlist.fs.storages import STATUS_DISABLED, STATUS_WORK, StorageSet, storage_not_found
from openlist.paths import is_sub, join_user_path

MSG_NO_ACCESS = "password is incorrect or you have no permission"
MSG_REFRESH = "Refresh without permission"
__all__ = ["STATUS_DISABLED", "STATUS_WORK", "FileSystemBase", "storage_not_found"]


class FileSystemBase(StorageSet):
    """The read side over `StorageSet`; `openlist.fs.writes.FileSystem` adds the writes."""

    # ------------------------------------------------------------------ helpers
    def user_path(self, ident: Identity, path: str) -> str:
        """Join with the base path (§4.4) and keep app-password identities inside their scope."""
        full = join_user_path(ident.user.base_path, path)
        if ident.scope_path not in ("", "/"):
            scope = join_user_path(ident.user.base_path, ident.scope_path)
            if not is_sub(scope, full):
                raise Forbidden(MSG_PERMISSION_DENIED)
        return full

    def _sign_for(self, mount: Mount | None, folder: str, meta: Any) -> bool:
        return self.settings.get_bool("sign_all") or bool(mount and mount.storage.enable_sign) or \
            self.metas.encrypted(folder, meta)

    def sign_expiry(self) -> int:
        return signs.expiry(self.settings.get_int("link_expiration"))

    def make_sign(self, path: str, exp: int | None = None) -> str:
        return signs.make(self.settings.token, path, self.sign_expiry() if exp is None else exp)

    def _obj_json(self, obj: Obj, path: str, signed: bool, in_list: bool, exp: int | None = None) -> dict[str, Any]:
        kind = TYPE_FOLDER if (obj.is_dir and in_list) else self.types.of(self.settings, obj.name)
        return obj_json(obj, kind, self.make_sign(path, exp) if signed and not obj.is_dir else "")

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
        exp = self.sign_expiry()  # part of the key: a render is replayed only with identical signs
        key = (self.settings.generation, self.metas.generation, self.mounts.generation,
               user.id if self.metas.any_read_users else 0, see_hides, page, per_page, write, bypass, exp)
        details = bool(virtual) and not user.is_guest and not self.settings.get_bool("hide_storage_details")
        entry_views = None if details else entry  # live disk usage is never replayed
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
                content.append(self._obj_json(item, prefix + item.name, signed, True, exp))
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
