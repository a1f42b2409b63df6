"""Browser tests: Debian's Chromium driven by Playwright against the real `openlist` process on
127.0.0.1 with a temporary data folder. Run with `python -m pytest tests/e2e -m browser`.

Fixtures (package-scoped: one server and one browser for tests/e2e):
  server      — tests.serverproc.Server with OPENLIST_ADMIN_PASSWORD set and a Local storage at
                /local over a temp folder (created through the admin API when that API exists)
  admin_token — the admin token setting (acts as the admin on /api, and survives 2FA changes
                that end JWT sessions), for API set-up calls and for logging the browser in
  page        — a fresh browser context + page per test; `login_as(page, token)` skips the form
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serverproc import Server

CHROMIUM = os.environ.get("OPENLIST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ADMIN_PASSWORD = "e2e-admin-pass"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.browser)


class Live(Server):
    """The real server plus helpers for API set-up calls."""

    files: Path
    admin_token: str

    def api(self, method: str, path: str, body: Any = None, token: str | None = None,
            headers: dict[str, str] | None = None, data: bytes | None = None) -> dict[str, Any]:
        raw = data if data is not None else (None if body is None else json.dumps(body).encode())
        req = urllib.request.Request(self.url + path, data=raw, method=method)
        req.add_header("Content-Type", "application/json")
        req.add_header("Authorization", self.admin_token if token is None else token)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        with urllib.request.urlopen(req, timeout=15) as r:
            assert r.status == 200
            return json.loads(r.read())  # type: ignore[no-any-return]


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    if not Path(CHROMIUM).exists():
        # Skipping quietly in CI would hide the whole web app from the test run.
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must `apt-get install -y chromium`")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    root = tmp_path_factory.mktemp("e2e")
    files = root / "files"
    files.mkdir()
    (files / "hello.txt").write_text("Hello from openlist\n")
    (files / "README.md").write_text("# Welcome\n\nThis folder is **shared**.\n")
    srv = Server.__new__(Live)
    Server.__init__(srv, root, args=("--data", str(root / "data")),
                    env={"OPENLIST_ADMIN_PASSWORD": ADMIN_PASSWORD})
    assert isinstance(srv, Live)
    try:
        srv.files = files
        login = srv.login("admin", ADMIN_PASSWORD)
        assert login["code"] == 200, login
        jwt = login["data"]["token"]
        srv.admin_token = jwt
        tok = srv.api("GET", "/api/admin/setting/get?key=token", token=jwt)
        assert tok["code"] == 200, tok
        srv.admin_token = tok["data"]["value"]
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="package")
def local_storage(server: Live) -> str:
    """Mount the temp folder at /local; skip the file tests while the storage API is missing."""
    body = {"mount_path": "/local", "driver": "Local", "order": 0, "remark": "",
            "addition": json.dumps({"root_folder_path": str(server.files)})}
    r = server.api("POST", "/api/admin/storage/create", body)
    if r["code"] == 404:
        pytest.skip("the storage API is not implemented yet")
    assert r["code"] == 200, r
    return "/local"


# Package scope, not session: Playwright's sync API keeps an event loop running in this thread
# while it is alive, and the async (pytest-aiohttp) tests that run after tests/e2e need it gone.
@pytest.fixture(scope="package")
def browser(server: Live) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="package", autouse=True)
def artifacts() -> Path:
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture
def page(browser: Any, server: Live) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US", color_scheme="light",
                              accept_downloads=True)
    ctx.set_default_timeout(10_000)
    pg = ctx.new_page()
    errors: list[str] = []
    console_errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    yield pg
    ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not console_errors, f"errors in the browser console (failed loads, CSP, …): {console_errors}"


def login_as(page: Any, server: Live, token: str, path: str = "/") -> None:
    """Put a token where the web app keeps it (localStorage) and open `path`."""
    page.goto(server.url + "/@login")
    page.get_by_test_id("login-form").wait_for()  # the app has booted: it will not touch the token now
    page.evaluate("t => localStorage.setItem('token', t)", token)
    page.goto(server.url + path)


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False, animations="disabled")
