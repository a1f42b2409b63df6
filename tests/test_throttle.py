"""Login throttling (W4): per IP from the socket peer, per account with back-off, in the database."""

from __future__ import annotations

from openlist import keys
from openlist.app import create_app
from openlist.errors import TooManyRequests
from tests.conftest import ADMIN_PASSWORD, Api

MSG_429 = ("Too many unsuccessful sign-in attempts have been made using an incorrect username or password, "
           "Try again later.")


async def test_five_failures_lock_the_ip_even_for_the_right_password(api: Api):
    for _ in range(5):
        assert (await api.login("admin", "wrong"))["code"] == 401
    assert await api.login() == {"code": 429, "message": MSG_429, "data": None}
    async with api.client.post("/api/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}) as r:
        assert r.status == 200 and int(r.headers["Retry-After"]) == 300  # the web app shows the wait
    # unknown usernames count too (no enumeration through the limiter)
    assert (await api.login("nobody", "x"))["code"] == 429


async def test_forged_forwarded_headers_from_untrusted_peer_are_ignored(api: Api):
    for i in range(5):
        env = await api.login("admin", "wrong", headers={"X-Forwarded-For": f"203.0.113.{i}",
                                                          "X-Real-IP": f"198.51.100.{i}"})
        assert env["code"] == 401
    env = await api.login(headers={"X-Forwarded-For": "192.0.2.77", "X-Real-IP": "192.0.2.78"})
    assert env["code"] == 429


async def test_trusted_proxy_forwarded_for_is_used(config_factory, aiohttp_client):
    app = create_app(config_factory(trusted_proxies=["127.0.0.0/8"]))
    api = Api(await aiohttp_client(app))
    for _ in range(5):  # an unknown account name, so that only the IP counter moves
        await api.login("nobody", "wrong", headers={"X-Forwarded-For": "203.0.113.1"})
    assert (await api.login(headers={"X-Forwarded-For": "203.0.113.1"}))["code"] == 429
    # another client behind the same proxy is a different IP …
    assert (await api.login(headers={"X-Forwarded-For": "203.0.113.2"}))["code"] == 200
    # … and a client cannot escape by prepending its own hop: the rightmost untrusted hop counts
    env = await api.login(headers={"X-Forwarded-For": "9.9.9.9, 203.0.113.1"})
    assert env["code"] == 429


async def test_account_backoff_spares_known_ips(config_factory, aiohttp_client):
    app = create_app(config_factory(trusted_proxies=["127.0.0.0/8"]))
    api = Api(await aiohttp_client(app))
    victim = {"X-Forwarded-For": "198.51.100.10"}
    assert (await api.login(headers=victim))["code"] == 200  # the victim's usual place becomes known
    for i in range(5):  # an attacker rotating addresses: each IP stays under its own limit
        assert (await api.login("admin", "wrong", headers={"X-Forwarded-For": f"203.0.113.{i}"}))["code"] == 401
    # the account now backs off for unknown addresses, even with the right password …
    env = await api.login(headers={"X-Forwarded-For": "203.0.113.99"})
    assert env["code"] == 429 and env["message"] == MSG_429
    # … but the victim logs in from their known address: no lockout an attacker can impose
    assert (await api.login(headers=victim))["code"] == 200


async def test_counters_expire_and_live_in_the_database(api: Api, app, config, aiohttp_client):
    for _ in range(5):
        await api.login("admin", "wrong")
    assert (await api.login())["code"] == 429
    db = app[keys.DB]
    row = await db.fetchone("SELECT failures, locked_until FROM throttle WHERE key = 'ip:127.0.0.1'")
    assert row["failures"] == 5 and row["locked_until"] > 0
    # a second server process on the same database sees the lock
    other = Api(await aiohttp_client(create_app(config)))
    assert (await other.login())["code"] == 429
    # after the lock and the TTL have passed, the IP may try again
    await db.execute("UPDATE throttle SET locked_until = 0, last_failure = last_failure - 7200,"
                     " window_start = window_start - 7200")
    assert (await api.login())["code"] == 200
    assert await db.fetchval("SELECT COUNT(*) FROM throttle WHERE key = 'ip:127.0.0.1'") == 0


async def test_success_resets_the_ip_counter(api: Api):
    for _ in range(4):
        await api.login("admin", "wrong")
    assert (await api.login())["code"] == 200
    for _ in range(4):
        assert (await api.login("admin", "wrong"))["code"] == 401
    assert (await api.login(password=ADMIN_PASSWORD))["code"] == 200


async def test_otp_counter_limits_codes_per_account(app, client):
    throttle = app[keys.THROTTLE]
    for i in range(10):
        await throttle.check_otp(1)
        await throttle.failure(f"203.0.113.{i}", 1, otp=True)
    try:
        await throttle.check_otp(1)
    except TooManyRequests as exc:
        assert exc.retry_after > 3000
    else:
        raise AssertionError("the 11th code within an hour must be refused")
