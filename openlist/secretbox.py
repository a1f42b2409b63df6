"""AES-256-GCM sealing for secrets at rest (OTP secrets, folder passwords): W6, W12.

The key lives outside the database: `OPENLIST_SECRET_KEY` (base64url, 32 bytes) or the file
`data/secret.key` (mode 0600, created on first use). A stolen data.db alone reveals nothing.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from openlist.fsutil import atomic_write

ENV_NAME = "OPENLIST_SECRET_KEY"
_VERSION = b"\x01"


class SecretBoxError(Exception):
    pass


class SecretBox:
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise SecretBoxError("the secret key must be 32 bytes")
        self._aead = AESGCM(key)

    @classmethod
    def load(cls, key_file: Path, *, create: bool = True, env: dict[str, str] | None = None) -> SecretBox:
        env_value = (env if env is not None else os.environ).get(ENV_NAME, "").strip()
        if env_value:
            try:
                key = base64.urlsafe_b64decode(env_value + "=" * (-len(env_value) % 4))
            except ValueError:
                raise SecretBoxError(f"{ENV_NAME} is not base64url") from None
            return cls(key)
        if key_file.exists():
            raw = key_file.read_bytes().strip()
            try:
                return cls(base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4)))
            except (ValueError, SecretBoxError):
                raise SecretBoxError(f"{key_file} does not hold a 32-byte base64url key") from None
        if not create:
            raise SecretBoxError(f"{key_file} is missing and {ENV_NAME} is not set")
        key = AESGCM.generate_key(bit_length=256)
        key_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(key_file, base64.urlsafe_b64encode(key) + b"\n", mode=0o600)
        return cls(key)

    def seal(self, plaintext: str, *, context: str) -> bytes:
        """Encrypt; `context` (e.g. "otp:12") is bound as associated data so rows cannot be swapped."""
        nonce = os.urandom(12)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext.encode(), context.encode())

    def open(self, blob: bytes, *, context: str) -> str:
        if not blob or blob[:1] != _VERSION:
            raise SecretBoxError("unknown sealed format")
        try:
            return self._aead.decrypt(blob[1:13], blob[13:], context.encode()).decode()
        except Exception:
            raise SecretBoxError("cannot decrypt (wrong key or tampered row)") from None
