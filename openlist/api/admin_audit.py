"""GET /api/admin/audit: the security event log (issue 4, point 9), newest first, paged, filtered."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from openlist import keys
from openlist.auth.identity import Level, auth
from openlist.binding import query_int
from openlist.envelope import ok

routes = web.RouteTableDef()

MAX_PER_PAGE = 500


def _detail(raw: str) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {"text": raw}
    return value if isinstance(value, dict) else {"value": value}


@routes.get("/api/admin/audit")
@auth(Level.ADMIN)
async def audit_list(request: web.Request) -> web.Response:
    page = max(query_int(request, "page", 1), 1)
    per_page = min(max(query_int(request, "per_page", 50), 1), MAX_PER_PAGE)
    where, params = [], []
    for name in ("event", "username", "source"):
        value = request.query.get(name, "").strip()
        if value:
            where.append(f"{name} = ?")
            params.append(value)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    db = request.app[keys.DB]
    total = int(await db.fetchval(f"SELECT COUNT(*) FROM security_events{clause}", params))
    rows = await db.fetchall(
        "SELECT id, ts, event, user_id, username, ip, source, actor, detail FROM security_events"
        f"{clause} ORDER BY id DESC LIMIT ? OFFSET ?", (*params, per_page, (page - 1) * per_page))
    content = [
        {"id": r["id"], "time": datetime.fromtimestamp(r["ts"], UTC).isoformat().replace("+00:00", "Z"),
         "event": r["event"], "user_id": r["user_id"], "username": r["username"], "ip": r["ip"],
         "source": r["source"], "actor": r["actor"], "detail": _detail(r["detail"])}
        for r in rows
    ]
    return ok({"content": content, "total": total})
