"""Driver registry: an explicit tuple (PyInstaller finds every module)."""

from __future__ import annotations

from typing import Any

from openlist.drivers.base import Driver, Item, addition_items
from openlist.drivers.local import Local
from openlist.drivers.memory import Memory
from openlist.errors import NotFound

DRIVERS: tuple[type[Driver], ...] = (Local, Memory)
_BY_NAME = {d.name: d for d in DRIVERS}


def find(name: str) -> type[Driver] | None:
    return _BY_NAME.get(name)


def common_items(cls: type[Driver]) -> list[Item]:
    """§6.3 `common` items, in OpenList's order."""
    cfg = cls.config
    items = [Item("mount_path", "string", "", "", True), Item("order", "number", "0"), Item("remark", "text")]
    if not cfg.no_cache:
        items += [Item("cache_expiration", "number", "30", "", True), Item("custom_cache_policies", "text")]
    if cfg.only_proxy:
        items.append(Item("webdav_policy", "select", "native_proxy", "use_proxy_url,native_proxy", True))
    else:
        items += [Item("web_proxy", "bool", "false"),
                  Item("webdav_policy", "select", "302_redirect", "302_redirect,use_proxy_url,native_proxy", True)]
    items += [Item("down_proxy_url", "text"), Item("disable_proxy_sign", "bool", "false")]
    if cfg.local_sort:
        items += [Item("order_by", "select", "", "name,size,modified"),
                  Item("order_direction", "select", "", "asc,desc")]
    items += [Item("extract_folder", "select", "", "front,back"),
              Item("disable_index", "bool", "false", "", True),
              Item("enable_sign", "bool", "false", "", True)]
    return items


def info(name: str) -> dict[str, Any]:
    cls = find(name)
    if cls is None:
        raise NotFound(f"driver [{name}] not found")
    return {"common": [i.to_json() for i in common_items(cls)],
            "additional": [i.to_json() for i in addition_items(cls.Addition)],
            "config": cls.config.to_json()}
