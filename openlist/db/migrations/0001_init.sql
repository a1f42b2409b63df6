-- openlist schema, version 1. Nothing has been released yet, so this file may still be edited;
-- once a release ships, changes go into new numbered files only.

-- ---------------------------------------------------------------- users and sessions (spine)
CREATE TABLE users (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    username         TEXT    NOT NULL UNIQUE,
    -- argon2id PHC string of the static hash; or 'openlist-sha256$<salt>$<hex>' for rows imported
    -- from OpenList, re-hashed with argon2id on the next successful login (W7).
    pwd_hash         TEXT    NOT NULL,
    pwd_ts           INTEGER NOT NULL,
    base_path        TEXT    NOT NULL DEFAULT '/',
    role             INTEGER NOT NULL DEFAULT 0,
    disabled         INTEGER NOT NULL DEFAULT 0,
    permission       INTEGER NOT NULL DEFAULT 0,
    sso_id           TEXT    NOT NULL DEFAULT '',
    allow_ldap       INTEGER NOT NULL DEFAULT 1,
    -- 2FA: AES-GCM sealed secrets (never clear text, W6)
    otp_secret       BLOB,
    otp_pending      BLOB,
    otp_pending_exp  INTEGER NOT NULL DEFAULT 0,
    otp_last_step    INTEGER NOT NULL DEFAULT 0,   -- replay protection (RFC 6238 §5.2)
    otp_enabled_at   INTEGER NOT NULL DEFAULT 0,
    grace_logins     INTEGER NOT NULL DEFAULT 0,   -- logins used without 2FA under an enforcement policy
    created_at       INTEGER NOT NULL DEFAULT (unixepoch())
);

CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,              -- sha256 hex of the JWT; the token itself is never stored
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    auth_at     INTEGER NOT NULL,                 -- last time the user proved password (+ code): re-auth window
    ip          TEXT    NOT NULL DEFAULT '',
    user_agent  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- Login throttle counters shared by every server process (W4). key: 'ip:<addr>', 'acct:<user id>',
-- 'otp:<user id>'.
CREATE TABLE throttle (
    key           TEXT    PRIMARY KEY,
    failures      INTEGER NOT NULL DEFAULT 0,
    window_start  INTEGER NOT NULL,
    last_failure  INTEGER NOT NULL,
    locked_until  INTEGER NOT NULL DEFAULT 0
);

-- IPs from which an account logged in successfully: the account back-off does not apply to them,
-- so an attacker cannot lock a victim out of their usual place.
CREATE TABLE known_ips (
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    ip            TEXT    NOT NULL,
    last_success  INTEGER NOT NULL,
    PRIMARY KEY (user_id, ip)
);

-- ---------------------------------------------------------------- settings
CREATE TABLE settings (
    key      TEXT    PRIMARY KEY,
    value    TEXT    NOT NULL DEFAULT '',
    help     TEXT    NOT NULL DEFAULT '',
    type     TEXT    NOT NULL DEFAULT 'string',
    options  TEXT    NOT NULL DEFAULT '',
    grp      INTEGER NOT NULL DEFAULT 0,
    flag     INTEGER NOT NULL DEFAULT 0,
    idx      INTEGER NOT NULL DEFAULT 0
);

-- ---------------------------------------------------------------- storages and metas (issue 3)
CREATE TABLE storages (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    mount_path             TEXT    NOT NULL UNIQUE,
    "order"                INTEGER NOT NULL DEFAULT 0,
    driver                 TEXT    NOT NULL,
    cache_expiration       INTEGER NOT NULL DEFAULT 0,
    custom_cache_policies  TEXT    NOT NULL DEFAULT '',
    status                 TEXT    NOT NULL DEFAULT '',
    addition               TEXT    NOT NULL DEFAULT '{}',
    remark                 TEXT    NOT NULL DEFAULT '',
    modified               TEXT    NOT NULL DEFAULT '',
    disabled               INTEGER NOT NULL DEFAULT 0,
    disable_index          INTEGER NOT NULL DEFAULT 0,
    enable_sign            INTEGER NOT NULL DEFAULT 0,
    order_by               TEXT    NOT NULL DEFAULT '',
    order_direction        TEXT    NOT NULL DEFAULT '',
    extract_folder         TEXT    NOT NULL DEFAULT '',
    web_proxy              INTEGER NOT NULL DEFAULT 0,
    webdav_policy          TEXT    NOT NULL DEFAULT 'native_proxy',
    proxy_range            INTEGER NOT NULL DEFAULT 0,
    down_proxy_url         TEXT    NOT NULL DEFAULT '',
    disable_proxy_sign     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE metas (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    path             TEXT    NOT NULL UNIQUE,
    password         BLOB,                        -- AES-GCM sealed (W12); NULL = none
    p_sub            INTEGER NOT NULL DEFAULT 0,
    write            INTEGER NOT NULL DEFAULT 0,
    w_sub            INTEGER NOT NULL DEFAULT 0,
    hide             TEXT    NOT NULL DEFAULT '',
    h_sub            INTEGER NOT NULL DEFAULT 0,
    readme           TEXT    NOT NULL DEFAULT '',
    r_sub            INTEGER NOT NULL DEFAULT 0,
    header           TEXT    NOT NULL DEFAULT '',
    header_sub       INTEGER NOT NULL DEFAULT 0,
    read_users       TEXT,                        -- JSON array of user ids or NULL
    read_users_sub   INTEGER NOT NULL DEFAULT 0,
    write_users      TEXT,
    write_users_sub  INTEGER NOT NULL DEFAULT 0
);

-- ---------------------------------------------------------------- 2FA and security (issue 4)
CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT    NOT NULL,
    used_at    INTEGER
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

CREATE TABLE app_passwords (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    token_hash    TEXT    NOT NULL UNIQUE,
    prefix        TEXT    NOT NULL,               -- first characters, shown in lists
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER,
    last_used_at  INTEGER,
    scope_path    TEXT    NOT NULL DEFAULT '/',
    read_only     INTEGER NOT NULL DEFAULT 0,
    revoked_at    INTEGER
);
CREATE INDEX app_passwords_user ON app_passwords(user_id);

CREATE TABLE security_events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    ts        INTEGER NOT NULL,
    event     TEXT    NOT NULL,
    user_id   INTEGER,
    username  TEXT    NOT NULL DEFAULT '',
    ip        TEXT    NOT NULL DEFAULT '',
    source    TEXT    NOT NULL DEFAULT 'api',     -- api | cli | webdav | system
    actor     TEXT    NOT NULL DEFAULT '',        -- who did it (admin name, 'cli')
    detail    TEXT    NOT NULL DEFAULT ''         -- never a secret
);
CREATE INDEX security_events_ts ON security_events(ts);
