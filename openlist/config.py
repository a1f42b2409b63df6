"""Configuration: defaults → data/config.json → environment → CLI flags, declared once.

The file layout follows OpenList's config.json (nested `scheme`, `database`, `log`), so an admin
who knows OpenList finds the same keys. Unknown keys are preserved when we rewrite the file.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openlist.fsutil import atomic_write

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ConfigError(Exception):
    """A bad configuration value; the message names the key."""


@dataclass(frozen=True, slots=True)
class Field:
    key: str  # dotted path in config.json
    kind: type
    default: Any
    env: str  # environment name without prefix
    help: str


FIELDS: tuple[Field, ...] = (
    Field("site_url", str, "", "SITE_URL", "public URL of the site, e.g. https://files.example.com/sub"),
    Field("cdn", str, "", "CDN", "CDN base for web assets (empty = serve locally)"),
    Field("jwt_secret", str, "", "JWT_SECRET", "HS256 key for session tokens (random on first run)"),
    Field("token_expires_in", int, 48, "TOKEN_EXPIRES_IN", "session lifetime in hours"),
    Field("scheme.address", str, "0.0.0.0", "ADDR", "listen address"),
    Field("scheme.http_port", int, 5244, "HTTP_PORT", "listen port"),
    Field("database.type", str, "sqlite3", "DB_TYPE", "only sqlite3 is supported"),
    Field("database.db_file", str, "data.db", "DB_FILE", "SQLite file, relative to the data folder"),
    Field("temp_dir", str, "temp", "TEMP_DIR", "temporary folder, relative to the data folder"),
    Field("log.enable", bool, True, "LOG_ENABLE", "write a log file"),
    Field("log.name", str, "log/openlist.log", "LOG_NAME", "log file, relative to the data folder"),
    Field("max_connections", int, 0, "MAX_CONNECTIONS", "concurrent request limit, 0 = unlimited"),
    Field("dist_dir", str, "", "DIST_DIR", "serve another web UI build (e.g. OpenList's) from this folder"),
    Field("trusted_proxies", list, [], "TRUSTED_PROXIES",
          "CIDRs whose X-Forwarded-For/X-Real-IP/X-Forwarded-Host are believed (default: none)"),
    Field("secret_key_file", str, "secret.key", "SECRET_KEY_FILE",
          "AES key file for secrets at rest (OTP secrets, folder passwords), relative to the data folder"),
)
_BY_KEY = {f.key: f for f in FIELDS}


@dataclass(frozen=True, slots=True)
class Config:
    data_dir: Path
    site_url: str = ""
    cdn: str = ""
    jwt_secret: str = ""
    token_expires_in: int = 48
    address: str = "0.0.0.0"
    http_port: int = 5244
    db_file: Path = Path("data.db")
    temp_dir: Path = Path("temp")
    log_enable: bool = True
    log_file: Path = Path("log/openlist.log")
    max_connections: int = 0
    dist_dir: str = ""
    trusted_proxies: tuple[Network, ...] = ()
    secret_key_file: Path = Path("secret.key")
    debug: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def config_file(self) -> Path:
        return self.data_dir / "config.json"

    @property
    def site_path(self) -> str:
        """Path part of site_url without trailing slash ('' at the root), §2.5."""
        from urllib.parse import urlsplit

        path = urlsplit(self.site_url).path if "://" in self.site_url else self.site_url
        path = "/" + path.strip("/")
        return "" if path == "/" else path


def _get(tree: Mapping[str, Any], dotted: str) -> Any:
    node: Any = tree
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return _MISSING
        node = node[part]
    return node


def _set(tree: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = tree
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value


_MISSING = object()


def _check(f: Field, value: Any, source: str) -> Any:
    if f.kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "1", "false", "0"):
            return value.lower() in ("true", "1")
    elif f.kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
    elif f.kind is str:
        if isinstance(value, str):
            return value
    elif f.kind is list:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
    raise ConfigError(f"{source}: {f.key} must be {f.kind.__name__}, got {value!r}")


def _networks(values: list[str], source: str) -> tuple[Network, ...]:
    out = []
    for v in values:
        try:
            out.append(ipaddress.ip_network(v, strict=False))
        except ValueError as exc:
            raise ConfigError(f"{source}: trusted_proxies entry {v!r} is not an IP or CIDR ({exc})") from None
    return tuple(out)


def load(
    data_dir: Path,
    *,
    env: Mapping[str, str] | None = None,
    no_prefix: bool = False,
    overrides: Mapping[str, Any] | None = None,
    debug: bool = False,
    write: bool = True,
) -> Config:
    """Read (and on first run create) data_dir/config.json and build the Config.

    `write=False` is for CLI commands that must not create anything (e.g. cancel2fa with a wrong --data).
    """
    env = os.environ if env is None else env
    data_dir = data_dir.resolve()
    path = data_dir / "config.json"
    raw: dict[str, Any] = {}
    existed = path.exists()
    if existed:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{path}: cannot read config ({exc})") from None
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: must hold a JSON object")

    values: dict[str, Any] = {}
    changed = not existed
    for f in FIELDS:
        v = _get(raw, f.key)
        if v is _MISSING:
            v = f.default
            if f.key == "jwt_secret":
                v = secrets.token_urlsafe(32)
            _set(raw, f.key, v)
            changed = True
        values[f.key] = _check(f, v, str(path))

    prefix = "" if no_prefix else "OPENLIST_"
    for f in FIELDS:
        name = prefix + f.env
        if name in env:
            values[f.key] = _check(f, env[name], f"environment {name}")
    for key, v in (overrides or {}).items():
        if v is not None:
            values[key] = _check(_BY_KEY[key], v, "command line")

    if values["database.type"] != "sqlite3":
        raise ConfigError(f"{path}: database.type {values['database.type']!r} is not supported (only sqlite3)")
    if not 0 < values["scheme.http_port"] < 65536:
        raise ConfigError(f"{path}: scheme.http_port {values['scheme.http_port']} is out of range")
    if values["token_expires_in"] <= 0:
        raise ConfigError(f"{path}: token_expires_in must be a positive number of hours")
    if not values["jwt_secret"]:
        raise ConfigError(f"{path}: jwt_secret must not be empty")

    if changed and write:
        data_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(path, (json.dumps(raw, indent=2, ensure_ascii=False) + "\n").encode(), mode=0o600)
    elif existed and write and (path.stat().st_mode & 0o077):
        os.chmod(path, 0o600)  # OpenList writes it world-readable (W6); fix it quietly

    def rel(p: str) -> Path:
        q = Path(p)
        return q if q.is_absolute() else data_dir / q

    return Config(
        data_dir=data_dir,
        site_url=values["site_url"],
        cdn=values["cdn"],
        jwt_secret=values["jwt_secret"],
        token_expires_in=values["token_expires_in"],
        address=values["scheme.address"],
        http_port=values["scheme.http_port"],
        db_file=rel(values["database.db_file"]),
        temp_dir=rel(values["temp_dir"]),
        log_enable=values["log.enable"],
        log_file=rel(values["log.name"]),
        max_connections=values["max_connections"],
        dist_dir=values["dist_dir"],
        trusted_proxies=_networks(values["trusted_proxies"], str(path)),
        secret_key_file=rel(values["secret_key_file"]),
        debug=debug,
        extra={k: v for k, v in raw.items() if k not in {f.key.split(".")[0] for f in FIELDS}},
    )
