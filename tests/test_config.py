"""config.json: created 0600 on first run, env overrides, clear errors naming the key, unknown keys kept."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from openlist.config import ConfigError, load


def test_first_run_creates_private_config(tmp_path: Path):
    cfg = load(tmp_path / "data", env={})
    path = tmp_path / "data" / "config.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = json.loads(path.read_text())
    assert raw["scheme"]["http_port"] == 5244 and raw["token_expires_in"] == 48
    assert raw["trusted_proxies"] == [] and len(raw["jwt_secret"]) >= 32
    assert cfg.db_file == (tmp_path / "data" / "data.db").resolve()
    # the secret is stable across loads
    assert load(tmp_path / "data", env={}).jwt_secret == cfg.jwt_secret


def test_env_overrides_with_and_without_prefix(tmp_path: Path):
    env = {"OPENLIST_HTTP_PORT": "6000", "OPENLIST_SITE_URL": "https://x.example/sub", "HTTP_PORT": "7000",
           "OPENLIST_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1"}
    cfg = load(tmp_path / "d", env=env)
    assert cfg.http_port == 6000 and cfg.site_path == "/sub"
    assert [str(n) for n in cfg.trusted_proxies] == ["10.0.0.0/8", "127.0.0.1/32"]
    assert load(tmp_path / "d", env=env, no_prefix=True).http_port == 7000
    # the environment does not get written into the file
    assert json.loads((tmp_path / "d" / "config.json").read_text())["scheme"]["http_port"] == 5244


@pytest.mark.parametrize("patch,key", [
    ({"scheme": {"http_port": "abc"}}, "scheme.http_port"),
    ({"token_expires_in": True}, "token_expires_in"),
    ({"trusted_proxies": ["not-an-ip"]}, "trusted_proxies"),
    ({"log": {"enable": "maybe"}}, "log.enable"),
])
def test_bad_values_name_the_key(tmp_path: Path, patch: dict, key: str):
    load(tmp_path, env={})
    path = tmp_path / "config.json"
    raw = json.loads(path.read_text())
    for k, v in patch.items():
        if isinstance(v, dict):
            raw[k].update(v)
        else:
            raw[k] = v
    path.write_text(json.dumps(raw))
    with pytest.raises(ConfigError, match=key.split(".")[-1]):
        load(tmp_path, env={})


def test_bad_env_value_names_the_variable(tmp_path: Path):
    with pytest.raises(ConfigError, match="OPENLIST_HTTP_PORT"):
        load(tmp_path, env={"OPENLIST_HTTP_PORT": "eighty"})


def test_unknown_keys_survive_and_mode_is_repaired(tmp_path: Path):
    load(tmp_path, env={})
    path = tmp_path / "config.json"
    raw = json.loads(path.read_text())
    raw["my_note"] = {"keep": "me"}
    del raw["max_connections"]  # a missing key is filled in, the file rewritten
    path.write_text(json.dumps(raw))
    path.chmod(0o666)
    load(tmp_path, env={})
    again = json.loads(path.read_text())
    assert again["my_note"] == {"keep": "me"} and again["max_connections"] == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_not_json(tmp_path: Path):
    (tmp_path / "config.json").write_text("{oops")
    with pytest.raises(ConfigError, match="config.json"):
        load(tmp_path, env={})
