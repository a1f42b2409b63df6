"""TOTP primitives (RFC 6238), pure functions over an injectable clock.

OpenList (server/handles/auth.go, pquerna/otp): HMAC-SHA1, 6 digits, 30-second steps, issuer
"OpenList", account = username, 20-byte secrets in unpadded base32, window T-1..T+1. Those
parameters are kept exactly so that existing authenticator entries keep working.

Tests freeze time by monkeypatching `totp.now` (everything here reads the clock through it).
"""

from __future__ import annotations

import base64
import hmac
import os
import time
from urllib.parse import quote

import pyotp

ISSUER = "OpenList"
STEP = 30
DIGITS = 6
SECRET_BYTES = 20  # 160 bits; pyotp ≥ 2.10 refuses secrets under 112 bits
WINDOW = 1  # ±1 step (RFC 6238 §5.2 recommends at most one step of network delay)
DRIFT_STEPS = 20  # ±10 minutes: a code found here means "your device clock is off", not "accepted"


def now() -> float:
    """The clock every TOTP decision reads; tests replace it."""
    return time.time()


def current_step(at: float | None = None) -> int:
    return int((now() if at is None else at) // STEP)


def new_secret() -> str:
    return base64.b32encode(os.urandom(SECRET_BYTES)).decode().rstrip("=")


def is_valid_secret(secret: str) -> bool:
    return len(secret) == 32 and all(c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" for c in secret)


def provisioning_uri(secret: str, username: str) -> str:
    """`otpauth://totp/OpenList:<user>?algorithm=SHA1&digits=6&issuer=OpenList&period=30&secret=…`
    with the query keys sorted, as OpenList (Go's url.Values.Encode) writes them (§3.8)."""
    label = quote(f"{ISSUER}:{username}", safe=":@")
    return (f"otpauth://totp/{label}?algorithm=SHA1&digits={DIGITS}&issuer={quote(ISSUER)}"
            f"&period={STEP}&secret={secret}")


def code_at_step(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP).generate_otp(step)


def normalize(code: str) -> str | None:
    """Six digits after trimming (OpenList trims and requires exactly 6 characters), else None."""
    code = code.strip().replace(" ", "")
    return code if len(code) == DIGITS and code.isascii() and code.isdigit() else None


def _find(secret: str, code: str, steps: list[int]) -> int | None:
    found = None
    for step in steps:  # no early exit: the time spent does not say which step matched
        if hmac.compare_digest(code_at_step(secret, step), code) and found is None:
            found = step
    return found


def match(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step (within ±WINDOW) whose code equals `code`, or None. The caller does replay checks."""
    t = current_step(at)
    return _find(secret, code, [t + d for d in range(-WINDOW, WINDOW + 1)])


def drift(secret: str, code: str, at: float | None = None) -> int | None:
    """Seconds the device clock is off (positive = ahead) when `code` belongs to a step within
    ±10 minutes but outside the accepted window; None otherwise."""
    t = current_step(at)
    steps = [t + d for d in range(-DRIFT_STEPS, DRIFT_STEPS + 1) if abs(d) > WINDOW]
    step = _find(secret, code, steps)
    return None if step is None else (step - t) * STEP
