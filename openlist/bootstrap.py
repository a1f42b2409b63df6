"""First start (§4.5): create `admin` (random password printed once, or OPENLIST_ADMIN_PASSWORD)
and a disabled `guest`. Idempotent."""

from __future__ import annotations

import os
import sys

from openlist.auth import passwords
from openlist.db import Database, users


async def ensure_users(db: Database, *, announce: bool = True) -> str | None:
    """Returns the admin's new plaintext password when the admin was created now."""
    created_password = None
    if await db.fetchval("SELECT 1 FROM users WHERE role = ?", (users.ROLE_ADMIN,)) is None:
        password = os.environ.get("OPENLIST_ADMIN_PASSWORD") or passwords.random_password(8)
        await users.insert(
            db, username="admin", pwd_hash=await passwords.ahash(passwords.static_hash(password)),
            base_path="/", role=users.ROLE_ADMIN, permission=users.ADMIN_PERMISSION,
        )
        created_password = password
        if announce:
            # stdout only, once; never the log file (secrets never reach logs).
            if os.environ.get("OPENLIST_ADMIN_PASSWORD"):
                print("Created admin user 'admin' with the password from OPENLIST_ADMIN_PASSWORD", flush=True)
            else:
                print(f"Created admin user 'admin', initial password: {password}", flush=True)
                print("Change it in the web app (Profile) or with `openlist admin set NEWPASSWORD`.", flush=True)
            sys.stdout.flush()
    if await db.fetchval("SELECT 1 FROM users WHERE role = ?", (users.ROLE_GUEST,)) is None:
        await users.insert(
            db, username="guest", pwd_hash=await passwords.ahash(passwords.static_hash("guest")),
            base_path="/", role=users.ROLE_GUEST, permission=0, disabled=True,
        )
    return created_password
