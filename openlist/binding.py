"""Request binding like OpenList's (§2.2): GET/HEAD/DELETE read the query; JSON bodies read JSON;
form or empty bodies read form fields merged with the query. Decoded into a dataclass; a wrong
type is a 400 naming the field. Unknown fields are ignored, missing fields take their default.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, TypeVar

import orjson
from aiohttp import web

from openlist.errors import BadRequest

T = TypeVar("T")

_hints_cache: dict[type, dict[str, Any]] = {}


async def request_data(request: web.Request) -> dict[str, Any]:
    if request.method in ("GET", "HEAD", "DELETE", "OPTIONS"):
        return dict(request.query)
    ctype = request.content_type
    if ctype == "application/json":
        raw = await request.read()
        if not raw.strip():
            return dict(request.query)
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise BadRequest(f"malformed JSON body: {exc}") from None
        if not isinstance(data, dict):
            raise BadRequest("the JSON body must be an object")
        return data
    merged: dict[str, Any] = dict(request.query)
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        merged.update({k: v for k, v in form.items() if isinstance(v, str)})
    return merged


def _coerce(name: str, tp: Any, value: Any, from_text: bool) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _coerce(name, args[0], value, from_text)
    if tp is Any:
        return value
    if tp is bool:
        if isinstance(value, bool):
            return value
        if from_text and isinstance(value, str) and value.lower() in ("true", "false", "1", "0", ""):
            return value.lower() in ("true", "1")
        raise BadRequest(f"field {name} must be a boolean")
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if from_text and isinstance(value, str):
            try:
                return int(value) if value.strip() else 0
            except ValueError:
                pass
        raise BadRequest(f"field {name} must be an integer")
    if tp is str:
        if isinstance(value, str):
            return value
        raise BadRequest(f"field {name} must be a string")
    if origin is list:
        (item,) = typing.get_args(tp) or (Any,)
        if value is None:
            return []
        if from_text and isinstance(value, str):
            value = [v for v in value.split(",") if v]
        if not isinstance(value, list):
            raise BadRequest(f"field {name} must be an array")
        return [_coerce(f"{name}[{i}]", item, v, from_text) for i, v in enumerate(value)]
    if origin is dict or tp is dict:
        if isinstance(value, dict):
            return value
        raise BadRequest(f"field {name} must be an object")
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, dict):
            raise BadRequest(f"field {name} must be an object")
        return decode(tp, value, from_text=from_text)
    return value


def decode(cls: type[T], data: dict[str, Any], *, from_text: bool = False) -> T:
    hints = _hints_cache.get(cls)
    if hints is None:
        hints = _hints_cache[cls] = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            kwargs[f.name] = _coerce(f.name, hints[f.name], data[f.name], from_text)
    return cls(**kwargs)


async def bind(request: web.Request, cls: type[T]) -> T:
    data = await request_data(request)
    from_text = request.method in ("GET", "HEAD", "DELETE") or request.content_type != "application/json"
    return decode(cls, data, from_text=from_text)


def query_int(request: web.Request, name: str, default: int | None = None) -> int:
    raw = request.query.get(name)
    if raw is None or raw == "":
        if default is not None:
            return default
        raise BadRequest(f"{name} is required")
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be an integer") from None


def page_args(request: web.Request) -> tuple[int, int]:
    """?page=&per_page= for admin lists: missing = everything (§10). Returns (offset, limit)."""
    page = query_int(request, "page", 1) if request.query.get("page") else 1
    per_page = query_int(request, "per_page", 0) if request.query.get("per_page") else 0
    if per_page <= 0:
        return 0, -1
    return (max(page, 1) - 1) * per_page, per_page
