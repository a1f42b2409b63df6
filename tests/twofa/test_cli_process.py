"""Against a real server process: `openlist cancel2fa` applies on the next request (no restart, no
HTTP call, W8), and nothing secret reaches data.db (or its WAL) or the log file in clear (W6)."""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pyotp
import pytest

from tests.conftest import ADMIN_PASSWORD


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENLIST_")}
    env["OPENLIST_ADMIN_PASSWORD"] = ADMIN_PASSWORD
    return env


class Server:
    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "openlist", "server", "--data", str(data), "--port", str(self.port),
             "--host", "127.0.0.1"], env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/ping", timeout=2):
                    return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.1)

    def call(self, path: str, body: Any = None, token: str = "") -> dict[str, Any]:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}",
                                     data=None if body is None else json.dumps(body).encode(),
                                     method="GET" if body is None else "POST",
                                     headers={"Content-Type": "application/json", "Authorization": token})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())  # type: ignore[no-any-return]

    def login(self, otp: str = "") -> dict[str, Any]:
        return self.call("/api/auth/login", {"username": "admin", "password": ADMIN_PASSWORD, "otp_code": otp})

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "openlist", "cancel2fa", "--data", str(data), *args],
                          env=_env(), capture_output=True, text=True, timeout=60)


@pytest.fixture
def server(tmp_path: Path):
    srv = Server(tmp_path / "data")
    yield srv
    srv.stop()


def _db_bytes(data: Path) -> bytes:
    return b"".join(p.read_bytes() for p in data.glob("data.db*"))


def test_cancel2fa_on_running_server_and_secrets_at_rest(server: Server):
    token = server.login()["data"]["token"]
    secret = server.call("/api/auth/2fa/generate", {}, token)["data"]["secret"]
    assert secret.encode() not in _db_bytes(server.data), "pending secret stored in clear"
    env = server.call("/api/auth/2fa/verify", {"code": pyotp.TOTP(secret).now(), "secret": secret}, token)
    assert env["code"] == 200
    codes = env["data"]["recovery_codes"]
    assert server.login()["code"] == 402
    # the next step is inside the ±1 window and newer than the enrolment code's step
    env = server.login(pyotp.TOTP(secret).at(time.time() + 30))
    assert env["code"] == 200
    token2 = env["data"]["token"]

    raw = _db_bytes(server.data)
    assert secret.encode() not in raw and base64.b32decode(secret + "=" * (-len(secret) % 8)) not in raw
    assert not any(c.encode() in raw or c.replace("-", "").encode() in raw for c in codes)

    # the CLI while the server runs; the change applies on the next request
    out = cli(server.data)
    assert out.returncode == 0, out.stderr
    assert "admin" in out.stdout and "canceled" in out.stdout
    env = server.login()
    assert env["code"] == 200, "cancel2fa must apply without a restart"
    assert server.call("/api/me", token=token2)["message"] == "token is invalidated"
    assert server.call("/api/me", token=env["data"]["token"])["data"]["otp"] is False
    audit = server.call("/api/admin/audit?event=2fa_cancelled", token=env["data"]["token"])["data"]["content"]
    assert audit[0]["source"] == "cli" and audit[0]["actor"] == "cli" and audit[0]["username"] == "admin"

    again = cli(server.data)
    assert again.returncode == 0 and "no 2FA" in again.stdout
    unknown = cli(server.data, "--user", "nobody")
    assert unknown.returncode != 0 and "nobody" in unknown.stderr
    missing = cli(server.data.parent / "nowhere")
    assert missing.returncode != 0 and "nowhere" in missing.stderr

    server.stop()
    logs = b"".join(p.read_bytes() for p in server.data.rglob("*.log*"))
    assert logs, "the server wrote no log file"
    for needle in [secret, *codes]:
        assert needle.encode() not in logs
