"""packaging/rthooks/pyi_rth_openlist_ssl.py: CA certificates on hosts that are not Debian.

The bundled libssl looks where the build host keeps them (/usr/lib/ssl); the hook points
SSL_CERT_FILE at the host's bundle, else at certifi's. Runs in-process (fast), no binary needed.
"""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import certifi
import pytest

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the hook leaves Windows to its certificate store")

HOOK = Path(__file__).resolve().parents[2] / "packaging" / "rthooks" / "pyi_rth_openlist_ssl.py"


def _run_hook(monkeypatch: pytest.MonkeyPatch, existing: set[str], env: dict[str, str] | None = None) -> str | None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    for k, v in (env or {}).items():
        monkeypatch.setenv(k, v)

    def getsize(path: str) -> int:
        if path in existing:
            return 1000
        raise FileNotFoundError(path)

    monkeypatch.setattr(os.path, "getsize", getsize)
    runpy.run_path(str(HOOK))
    return os.environ.get("SSL_CERT_FILE")


def test_debian_bundle_first(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run_hook(monkeypatch, {"/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/cert.pem"}) == \
        "/etc/ssl/certs/ca-certificates.crt"


def test_fedora_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run_hook(monkeypatch, {"/etc/pki/tls/certs/ca-bundle.crt"}) == "/etc/pki/tls/certs/ca-bundle.crt"


def test_no_system_bundle_falls_back_to_certifi(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run_hook(monkeypatch, set()) == certifi.where()


def test_user_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os.path, "getsize", lambda p: 1000)
    monkeypatch.setenv("SSL_CERT_DIR", "/custom/certs")
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    runpy.run_path(str(HOOK))
    assert "SSL_CERT_FILE" not in os.environ
