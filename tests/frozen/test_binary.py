"""The onefile binary as a user runs it: copied alone into an empty folder, `./openlist …`.

Issue 6 "Done when": log in, enable 2FA through the API, `./openlist cancel2fa` while the server
runs, log in again without a code (no restart); the same for `./openlist admin set`; SIGTERM,
double SIGTERM and SIGINT exit 0 with the database closed cleanly.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.frozen.conftest import (
    ADMIN_PASSWORD,
    FrozenServer,
    clean_env,
    db_closed_cleanly,
    run_cli,
)

pytestmark = [pytest.mark.frozen,
              pytest.mark.skipif(sys.platform != "linux", reason="the frozen tests drive the Linux binary")]

def test_binary_size_and_version(frozen_binary: Path, lone_binary: Path) -> None:
    size_mb = frozen_binary.stat().st_size / 1e6
    assert size_mb <= 25, f"onefile binary is {size_mb:.1f} MB (target ≤ 25 MB)"
    res = run_cli(lone_binary, "version")
    assert res.returncode == 0, res.stderr
    from openlist import __version__

    assert __version__ in res.stdout
    # `version` needs no data folder and leaves only the binary behind
    assert sorted(p.name for p in lone_binary.parent.iterdir()) == [lone_binary.name]

def test_data_folder_is_relative_to_cwd_or_next_to_the_binary(lone_binary: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = clean_env(tmp_path, {"OPENLIST_ADMIN_PASSWORD": ADMIN_PASSWORD})
    res = run_cli(lone_binary, "admin", cwd=elsewhere, env=env)
    assert res.returncode == 0, res.stdout + res.stderr
    assert (elsewhere / "data" / "data.db").is_file()
    assert not (lone_binary.parent / "data").exists()
    # global options after the subcommand too (OpenList's `./openlist server --no-prefix` style)
    res = run_cli(lone_binary, "admin", "--force-bin-dir", cwd=elsewhere, env=env)
    assert res.returncode == 0, res.stdout + res.stderr
    assert (lone_binary.parent / "data" / "data.db").is_file()
    res = run_cli(lone_binary, "--data", str(tmp_path / "d2"), "admin", cwd=elsewhere, env=env)
    assert res.returncode == 0 and (tmp_path / "d2" / "data.db").is_file(), res.stdout + res.stderr

def _enable_2fa(server: FrozenServer, token: str) -> str:
    pyotp = pytest.importorskip("pyotp")
    gen = server.call("POST", "/api/auth/2fa/generate", {}, token)
    if gen["code"] == 404:
        pytest.skip("the 2FA API routes (/api/auth/2fa/generate) are not there yet")
    assert gen["code"] == 200, gen
    secret = str(gen["data"]["secret"])
    ver = server.call("POST", "/api/auth/2fa/verify", {"code": pyotp.TOTP(secret).now(), "secret": secret}, token)
    assert ver["code"] == 200, ver
    return secret

def test_cancel2fa_applies_to_the_running_server(frozen_server: FrozenServer) -> None:
    token = frozen_server.token()
    _enable_2fa(frozen_server, token)
    assert frozen_server.login()["code"] == 402  # OpenList: 402 = "ask for the code"
    t0 = time.monotonic()
    res = run_cli(frozen_server.binary, "cancel2fa")
    took = time.monotonic() - t0
    assert res.returncode == 0, res.stdout + res.stderr
    assert "2FA canceled" in res.stdout
    env = frozen_server.login()  # same server process, no restart, no code
    assert env["code"] == 200, env
    assert frozen_server.proc.poll() is None
    print(f"cancel2fa (onefile) took {took:.2f} s")

def test_admin_set_applies_to_the_running_server(frozen_server: FrozenServer) -> None:
    old_token = frozen_server.token()
    assert frozen_server.call("GET", "/api/me", token=old_token)["code"] == 200
    res = run_cli(frozen_server.binary, "admin", "set", "brand-new-pass")
    assert res.returncode == 0, res.stdout + res.stderr
    assert frozen_server.login("brand-new-pass")["code"] == 200
    assert frozen_server.login(ADMIN_PASSWORD)["code"] != 200
    assert frozen_server.call("GET", "/api/me", token=old_token)["code"] == 401  # sessions signed out
    res = run_cli(frozen_server.binary, "admin", "random")
    assert res.returncode == 0 and "new password:" in res.stdout, res.stdout + res.stderr
    new = res.stdout.split("new password:")[1].split()[0]
    assert frozen_server.login(new)["code"] == 200
    assert frozen_server.proc.poll() is None

def _send(server: FrozenServer, how: str) -> None:
    boot = server.proc.pid
    children = server.children()
    assert children, "onefile runs as bootloader + child"
    child = children[0]
    if how == "sigterm":
        os.kill(boot, signal.SIGTERM)
    elif how == "sigint":
        os.kill(boot, signal.SIGINT)
    elif how == "sigterm-boot-and-child":  # kill CHILD PARENT: the child gets SIGTERM twice
        os.kill(boot, signal.SIGTERM)
        os.kill(child, signal.SIGTERM)
    elif how == "sigterm-group":  # systemd KillMode=control-group, `kill -TERM -PGID`
        os.killpg(boot, signal.SIGTERM)
    elif how == "sigint-group":  # Ctrl-C in a terminal: the whole foreground group
        os.killpg(boot, signal.SIGINT)
    elif how == "sigterm-twice":
        os.kill(boot, signal.SIGTERM)
        time.sleep(0.05)
        os.kill(boot, signal.SIGTERM)
    else:  # pragma: no cover
        raise AssertionError(how)

@pytest.mark.parametrize("how", ["sigterm", "sigint", "sigterm-boot-and-child", "sigterm-group", "sigint-group",
                                 "sigterm-twice"])
def test_signals_stop_cleanly(frozen_server: FrozenServer, how: str) -> None:
    # some writes first, so that there is a WAL to checkpoint
    token = frozen_server.token()
    assert frozen_server.call("GET", "/api/me", token=token)["code"] == 200
    _send(frozen_server, how)
    rc = frozen_server.wait(20)
    out = frozen_server.output()
    assert rc == 0, f"rc={rc}\n{out}"
    assert "Traceback" not in out, out
    db_closed_cleanly(frozen_server.cwd / "data")
    # the onefile extraction folder is removed on a clean exit
    tmpdir = Path(frozen_server.env["TMPDIR"])
    assert not list(tmpdir.glob("_MEI*")), list(tmpdir.iterdir())


def test_webui_etag_is_stable_across_restarts(lone_binary: Path) -> None:
    """Onefile re-extracts at every start; frozen.prepare() pins the mtimes (packaging pitfall 11)."""
    import re

    etags = []
    path = ""
    for _ in range(2):
        server = FrozenServer(lone_binary)
        try:
            if not path:  # an asset the bundled index.html refers to
                _status, _h, html = server.get("/")
                found = re.search(r'(?:src|href)="[^"]*?(assets/[^"]+\.js)"', html.decode(errors="replace"))
                if found is None:
                    pytest.skip("the bundled web app has no assets/*.js yet")
                path = "/" + found.group(1)
            status, headers, _body = server.get(path)
            assert status == 200, (status, headers)
            etags.append(headers["etag"])
            status, _h, _b = server.get(path, {"If-None-Match": headers["etag"]})
            assert status == 304
            os.kill(server.proc.pid, signal.SIGTERM)
            assert server.wait() == 0
        finally:
            server.kill()
        time.sleep(1.1)  # a later extraction would get a later mtime without the fix
    assert etags[0] == etags[1]


def test_bundle_contents(frozen_binary: Path) -> None:
    """What openlist.spec promises: UTF-8 mode, migrations, web app, CA fallback, and nothing optional."""
    import subprocess

    viewer = frozen_binary.parents[1] / "build" / "venv" / "bin" / "pyi-archive_viewer"
    if not viewer.exists():
        pytest.skip("no build venv next to this binary (OPENLIST_FROZEN_BINARY?)")
    res = subprocess.run([str(viewer), "-r", "-b", str(frozen_binary)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    names = {line.strip() for line in res.stdout.splitlines()}
    assert "X utf8" in names  # sys.flags.utf8_mode = 1 in the binary (Windows: open() is not cp1252)
    root = Path(__file__).resolve().parents[2]
    for sql in (root / "openlist" / "db" / "migrations").glob("*.sql"):
        assert f"openlist/db/migrations/{sql.name}" in names
    assert "openlist/webui/index.html" in names
    assert "certifi/cacert.pem" in names and "pyi_rth_openlist_ssl" in names
    assert "openlist.frozen" in names and "openlist.cli" in names
    unwanted = sorted(n for n in names if n.split(".")[0].split("/")[0] in
                      ("brotli", "brotlicffi", "aiodns", "pycares", "tkinter", "unittest", "setuptools", "pip",
                       "pkg_resources", "zstandard"))
    assert not unwanted, unwanted
