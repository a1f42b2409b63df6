"""Object JSON (openlist-api.md §7.1): times, types, and the shape the clients read."""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import Any
from urllib.parse import quote

from openlist.drivers.base import Obj
from openlist.settings import Settings

ZERO_TIME = "0001-01-01T00:00:00Z"
TYPE_FOLDER, TYPE_VIDEO, TYPE_AUDIO, TYPE_TEXT, TYPE_IMAGE = 1, 2, 3, 4, 5
_LOCAL_TZ = dt.datetime.now().astimezone().tzinfo


def rfc3339(ts: float) -> str:
    if ts <= 0:
        return ZERO_TIME
    return dt.datetime.fromtimestamp(ts, _LOCAL_TZ).isoformat()


class Types:
    """Extension → type lookup built from the settings (rebuilt when they change)."""

    def __init__(self) -> None:
        self._generation = -1
        self._map: dict[str, int] = {}

    def of(self, settings: Settings, name: str) -> int:
        if self._generation != settings.generation:
            table: dict[str, int] = {}
            for key, kind in (("text_types", TYPE_TEXT), ("image_types", TYPE_IMAGE),
                              ("video_types", TYPE_VIDEO), ("audio_types", TYPE_AUDIO)):
                for ext in settings.get_list(key):  # later entries win: audio, video, image, text (§7.1)
                    table[ext] = kind
            self._map, self._generation = table, settings.generation
        ext = posixpath.splitext(name)[1][1:].lower()
        return self._map.get(ext, 0) if ext else 0


def obj_json(obj: Obj, type_: int, sign: str = "") -> dict[str, Any]:
    modified = rfc3339(obj.modified)
    hashinfo = "null"
    if obj.hashes:
        import orjson

        hashinfo = orjson.dumps(obj.hashes).decode()
    return {"name": obj.name, "size": obj.size, "is_dir": obj.is_dir, "modified": modified,
            "created": rfc3339(obj.created) if obj.created and obj.created != obj.modified else modified,
            "sign": sign, "thumb": "", "type": type_, "hashinfo": hashinfo, "hash_info": obj.hashes or None}


def escape_path(path: str) -> str:
    """Each segment escaped like a URL path segment; unreserved and `$&+:=@` stay literal (§7.3)."""
    return "/".join(quote(seg, safe="$&+:=@") for seg in path.split("/"))
