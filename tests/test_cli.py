"""The CLI against real processes: first run, `admin set` on a running server without restart,
version, signals, clear errors."""

from __future__ import annotations

import re
import signal
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from openlist.cli import main
from tests.serverproc import Server, cli


def test_first_run_prints_admin_password_and_it_works(tmp_path: Path):
    with Server(tmp_path) as srv:
        pass
    out = srv.output
    m = re.search(r"initial password: (\S+)", out)
    assert m, out
    assert "http://127.0.0.1:" in out
    assert (tmp_path / "data" / "config.json").exists() and (tmp_path / "data" / "data.db").exists()
    # the password is printed once, never written to the log file
    log = (tmp_path / "data" / "log" / "openlist.log").read_text()
    assert m.group(1) not in log
    with Server(tmp_path) as srv2:
        env = srv2.login("admin", m.group(1))
        assert env["code"] == 200, env
    assert "initial password" not in srv2.output


def test_admin_set_applies_to_running_server_without_restart(tmp_path: Path):
    with Server(tmp_path, env={"OPENLIST_ADMIN_PASSWORD": "first-pass"}) as srv:
        token = srv.login("admin", "first-pass")["data"]["token"]
        assert srv.call("GET", "/api/me", token=token)["code"] == 200
        done = cli("admin", "set", "second-pass", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "second-pass" in done.stdout
        # next request: old sessions dead, old password refused, new one works — same process
        assert srv.call("GET", "/api/me", token=token)["code"] == 401
        assert srv.login("admin", "first-pass")["code"] == 401
        assert srv.login("admin", "second-pass")["code"] == 200
        rnd = cli("admin", "random", cwd=tmp_path)
        new = re.search(r"new password: (\S+)", rnd.stdout).group(1)  # type: ignore[union-attr]
        assert srv.login("admin", new)["code"] == 200
        shown = cli("admin", cwd=tmp_path)
        assert "admin" in shown.stdout and new not in shown.stdout


def test_global_options_before_or_after_subcommand(tmp_path: Path):
    data = tmp_path / "elsewhere"
    a = cli("--data", str(data), "admin", "set", "pw1", cwd=tmp_path)
    b = cli("admin", "set", "pw2", "--data", str(data), cwd=tmp_path)
    assert a.returncode == 0 and b.returncode == 0, (a.stderr, b.stderr)
    assert (data / "data.db").exists() and not (tmp_path / "data").exists()
    ver = cli("version", "--no-prefix", cwd=tmp_path)
    assert ver.returncode == 0 and re.match(r"openlist \d+\.\d+\.\d+ \(v4\.", ver.stdout)


def test_cancel2fa_and_storage_without_database_say_where_they_looked(tmp_path: Path):
    r = cli("cancel2fa", "--data", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert r.returncode != 0 and "no database" in r.stderr and "nowhere" in r.stderr
    assert not (tmp_path / "nowhere").exists()
    cli("admin", "set", "x", cwd=tmp_path)
    r = cli("cancel2fa", "--user", "ghost", cwd=tmp_path)
    assert r.returncode != 0 and "ghost" in r.stderr
    r = cli("cancel2fa", cwd=tmp_path)
    assert r.returncode == 0 and "no 2FA" in r.stdout
    r = cli("storage", "list", cwd=tmp_path)
    assert r.returncode == 0 and "no storages" in r.stdout
    r = cli("storage", "disable", "/nope", cwd=tmp_path)
    assert r.returncode != 0 and "/nope" in r.stderr


def test_bad_config_is_a_clear_error(tmp_path: Path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "config.json").write_text('{"scheme": {"http_port": "x"}}')
    r = cli("server", cwd=tmp_path)
    assert r.returncode != 0 and "scheme.http_port" in r.stderr and "Traceback" not in r.stderr


def test_newer_or_corrupt_database_is_refused(tmp_path: Path):
    cli("admin", "set", "x", cwd=tmp_path)
    db = tmp_path / "data" / "data.db"
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (999, '0999_future.sql')")
    r = cli("admin", "set", "y", cwd=tmp_path)
    assert r.returncode != 0 and "newer" in r.stderr and "Traceback" not in r.stderr
    db.write_bytes(b"this is not sqlite" * 100)
    for f in db.parent.glob("data.db-*"):
        f.unlink()
    r = cli("server", cwd=tmp_path)
    assert r.returncode != 0 and "database" in r.stderr and "Traceback" not in r.stderr


def test_signals_shut_down_cleanly(tmp_path: Path):
    for sig in (signal.SIGTERM, signal.SIGINT):
        srv = Server(tmp_path, env={"OPENLIST_ADMIN_PASSWORD": "p"})
        assert srv.login("admin", "p")["code"] == 200
        assert srv.stop(sig) == 0, srv.output
        assert "Traceback" not in srv.output
    # a signal twice in a row must not cancel the cleanup (packaging note #7)
    srv = Server(tmp_path)
    srv.proc.send_signal(signal.SIGTERM)
    srv.proc.send_signal(signal.SIGTERM)
    assert srv.stop() == 0, srv.output
    with sqlite3.connect(tmp_path / "data" / "data.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_help_texts():
    runner = CliRunner()
    for args in ([], ["server"], ["admin"], ["cancel2fa"], ["storage"], ["version"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0 and "--data" in result.output


def test_debug_log_holds_no_secrets(tmp_path: Path):
    from openlist.auth.passwords import static_hash

    with Server(tmp_path, args=("--debug",), env={"OPENLIST_ADMIN_PASSWORD": "s3cret-admin"}) as srv:
        token = srv.login("admin", "s3cret-admin")["data"]["token"]
        srv.call("POST", "/api/admin/user/create", {"username": "zoe", "password": "zoe-s3cret"}, token=token)
        srv.login("zoe", "wrong-s3cret")
    text = (tmp_path / "data" / "log" / "openlist.log").read_text() + srv.output
    assert "DEBUG" in text  # --debug really logged more
    with sqlite3.connect(tmp_path / "data" / "data.db") as conn:
        stored = [r[0] for r in conn.execute("SELECT pwd_hash FROM users")]
        stored += [r[0] for r in conn.execute("SELECT token_hash FROM sessions")]
    assert len(stored) >= 4
    for secret in ("s3cret-admin", "zoe-s3cret", "wrong-s3cret", token, static_hash("s3cret-admin"),
                   static_hash("zoe-s3cret"), *stored):
        assert secret not in text
