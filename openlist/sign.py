"""Download signs (openlist-api.md §8.1), made and checked in one place.

    sign = base64url_padded(HMAC-SHA256(key=setting token, msg=path + ":" + exp)) + ":" + exp

OpenList: pkg/sign/hmac.go, internal/sign/sign.go. The comparison is constant-time (W11).
"""

from __future__ import annotations

import base64
import hmac
import time

from openlist.errors import Unauthorized

MSG_EXPIRE_MISSING = "expire missing"
MSG_EXPIRE_INVALID = "expire invalid"
MSG_SIGN_EXPIRED = "sign expired"
MSG_SIGN_INVALID = "sign invalid"


def make(key: str, path: str, exp: int = 0) -> str:
    """The sign of an absolute, cleaned virtual path; `exp` 0 never expires."""
    mac = hmac.digest(key.encode(), f"{path}:{exp}".encode(), "sha256")
    return base64.urlsafe_b64encode(mac).decode() + ":" + str(exp)


def expiry(link_expiration_hours: int, now: float | None = None) -> int:
    """`exp` for new signs: 0 when the setting `link_expiration` is 0 (the default)."""
    if link_expiration_hours <= 0:
        return 0
    return int(now if now is not None else time.time()) + link_expiration_hours * 3600


def verify(key: str, path: str, sign: str, now: float | None = None) -> None:
    """Raise Unauthorized with OpenList's exact message when `sign` does not fit `path`."""
    sign = sign.removesuffix("/")  # OpenList trims one trailing slash
    _, sep, exp_text = sign.rpartition(":")
    if not sep or not exp_text:
        raise Unauthorized(MSG_EXPIRE_MISSING)
    try:
        exp = int(exp_text)
    except ValueError:
        raise Unauthorized(MSG_EXPIRE_INVALID) from None
    if exp != 0 and exp < (now if now is not None else time.time()):
        raise Unauthorized(MSG_SIGN_EXPIRED)
    expected = make(key, path, exp)
    if not hmac.compare_digest(expected.encode(), sign.encode()):
        raise Unauthorized(MSG_SIGN_INVALID)
