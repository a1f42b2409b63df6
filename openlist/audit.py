"""Security events (issue 4, point 9): who did what, when, from where. Never a secret."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from openlist.db import Database

log = logging.getLogger("openlist.audit")


async def record(
    db: Database, event: str, *, user_id: int | None = None, username: str = "", ip: str = "",
    source: str = "api", actor: str = "", **detail: Any,
) -> None:
    await db.execute(
        "INSERT INTO security_events (ts, event, user_id, username, ip, source, actor, detail)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (int(time.time()), event, user_id, username, ip, source, actor,
         json.dumps(detail, ensure_ascii=False) if detail else ""),
    )
    log.info("security event %s user=%s ip=%s source=%s actor=%s", event, username, ip, source, actor)
