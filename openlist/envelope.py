"""OpenList's JSON envelope: every /api reply is HTTP 200 with {"code","message","data"}.

Nothing else in the code base builds error dicts (openlist-api.md §2.1).
"""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

CONTENT_TYPE = "application/json; charset=utf-8"


def dumps(value: Any) -> bytes:
    # orjson: ~10x faster than json for large listings; non-str keys allowed for maps of ids.
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


def _response(body: dict[str, Any]) -> web.Response:
    return web.Response(body=dumps(body), headers={"Content-Type": CONTENT_TYPE})


def ok(data: Any = None, message: str = "success") -> web.Response:
    return _response({"code": 200, "message": message, "data": data})


def fail(code: int, message: str, data: Any = None) -> web.Response:
    return _response({"code": code, "message": message, "data": data})
