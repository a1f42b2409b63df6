"""Run the real `openlist` process (python -m openlist …) for tests that need one, and a tiny
synchronous JSON client for it. Every wait is bounded."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "openlist", *args], cwd=cwd, env=_env(env), capture_output=True,
                          text=True, timeout=timeout)


def _env(extra: dict[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENLIST_")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


class Server:
    def __init__(self, cwd: Path, *, args: tuple[str, ...] = (), env: dict[str, str] | None = None,
                 command: list[str] | None = None) -> None:
        self.port = free_port()
        self.cwd = cwd
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = command or [sys.executable, "-m", "openlist"]
        # Output goes to a file, not a pipe: a chatty server (--debug) must never block on a full pipe.
        self._out = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(
            [*cmd, "server", "--host", "127.0.0.1", "--port", str(self.port), *args],
            cwd=cwd, env=_env(env), stdout=self._out, stderr=subprocess.STDOUT, text=True,
        )
        self.output = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out = self._read()
                self._out.close()
                raise RuntimeError(f"server exited: {out}")
            try:
                with urllib.request.urlopen(self.url + "/ping", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        self.stop(signal.SIGKILL)
        raise RuntimeError(f"server did not answer /ping within 30 s: {self.output}")

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> dict[str, Any]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token is not None:
            req.add_header("Authorization", token)
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200
            return json.loads(r.read())  # type: ignore[no-any-return]

    def login(self, username: str, password: str, otp_code: str = "") -> dict[str, Any]:
        return self.call("POST", "/api/auth/login", {"username": username, "password": password, "otp_code": otp_code})

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.output = self._read()
        self._out.close()
        return int(self.proc.returncode)

    def _read(self) -> str:
        if self._out.closed:
            return self.output
        self._out.seek(0)
        return self._out.read()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
