"""Virtual (user-facing) path handling, §4.4. Host paths go through `safe_join` in the drivers."""

from __future__ import annotations

import posixpath

from openlist.errors import MSG_RELATIVE_PATH, Forbidden


def clean(path: str) -> str:
    """Normalise: backslashes → '/', leading '/', no '.', '..' or duplicate slashes ('/' at least)."""
    path = path.replace("\\", "/")
    if not path.startswith("/"):
        path = "/" + path
    out = posixpath.normpath(path)
    if out.startswith("//"):
        out = "/" + out.lstrip("/")
    return out


def has_dotdot(path: str) -> bool:
    return ".." in path.replace("\\", "/").split("/")


def join_user_path(base_path: str, path: str) -> str:
    """Join a request path with the user's base path; a '..' that escapes → 403 (§4.4).

    OpenList checks whether the raw path contained '..' and the cleaned one no longer does; we
    refuse any '..' segment and any NUL byte, which is stricter and cannot be bypassed.
    """
    if "\x00" in path or has_dotdot(path):
        raise Forbidden(MSG_RELATIVE_PATH)
    joined = clean(clean(base_path).rstrip("/") + "/" + clean(path).lstrip("/"))
    return joined


def is_sub(parent: str, child: str) -> bool:
    """True if `child` equals `parent` or is below it (whole segments)."""
    parent = parent.rstrip("/")
    return child == parent or child.startswith(parent + "/") or parent == ""


def split(path: str) -> tuple[str, str]:
    path = clean(path)
    parent, name = posixpath.split(path)
    return parent or "/", name
