"""The login page explains code 429 (throttling) instead of showing the raw server sentence.
Runs against its own server: the per-IP lock would otherwise lock out the other tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import ADMIN_PASSWORD, shot
from tests.serverproc import Server


def test_throttled_login_is_explained(browser: Any, tmp_path: Path) -> None:
    with Server(tmp_path, args=("--data", str(tmp_path / "data")),
                env={"OPENLIST_ADMIN_PASSWORD": ADMIN_PASSWORD}) as srv:
        ctx = browser.new_context(locale="en-US")
        ctx.set_default_timeout(10_000)
        page = ctx.new_page()
        page.goto(srv.url + "/@login")
        error = page.get_by_test_id("login-error")
        for _ in range(8):
            page.get_by_label("Username", exact=True).fill("admin")
            page.get_by_label("Password", exact=True).fill("not-the-password")
            page.get_by_role("button", name="Log in").click()
            expect(error).to_be_visible()
            if "Too many failed sign-in attempts" in error.inner_text():
                break
        expect(error).to_contain_text("Too many failed sign-in attempts")
        shot(page, "login-throttled-light")
        ctx.close()
