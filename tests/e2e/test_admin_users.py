"""Issue 5, "Done when": as admin open Users, see the 2FA column, Cancel Two-Factor
Authentication for a second user (enrolled through the API with pyotp) and confirm."""

from __future__ import annotations

import time
from typing import Any

import pyotp
from playwright.sync_api import expect

from tests.e2e.conftest import Live, login_as, shot


def create_user(server: Live, username: str, password: str, permission: int = 0) -> int:
    r = server.api("POST", "/api/admin/user/create", {"username": username, "password": password,
                                                       "base_path": "/", "role": 0, "permission": permission})
    assert r["code"] == 200, r
    users = server.api("GET", "/api/admin/user/list")["data"]["content"]
    return next(u["id"] for u in users if u["username"] == username)


def enrol(server: Live, username: str, password: str) -> pyotp.TOTP:
    token = server.api("POST", "/api/auth/login", {"username": username, "password": password, "otp_code": ""},
                       token="")["data"]["token"]
    gen = server.api("POST", "/api/auth/2fa/generate", {"password": password}, token=token)
    assert gen["code"] == 200, gen
    totp = pyotp.TOTP(gen["data"]["secret"])
    ver = server.api("POST", "/api/auth/2fa/verify", {"code": totp.at(time.time()), "secret": gen["data"]["secret"],
                                                      "password": password}, token=token)
    assert ver["code"] == 200, ver
    return totp


def test_admin_cancels_another_users_2fa(page: Any, server: Live) -> None:
    create_user(server, "bob", "bob-password-1")
    create_user(server, "carol", "carol-password-1")
    enrol(server, "bob", "bob-password-1")

    login_as(page, server, server.admin_token, "/@manage/users")
    table = page.get_by_test_id("users-table")
    expect(table.get_by_role("columnheader", name="2FA")).to_be_visible()
    bob = table.locator("tr[data-username=bob]")
    carol = table.locator("tr[data-username=carol]")
    expect(bob.get_by_test_id("user-2fa")).to_have_text("On")
    expect(carol.get_by_test_id("user-2fa")).to_have_text("Off")
    # The action is offered only where 2FA is on.
    expect(carol.get_by_role("button", name="Cancel Two-Factor Authentication")).to_be_disabled()
    shot(page, "users-light")

    bob.get_by_role("button", name="Cancel Two-Factor Authentication").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("bob")
    shot(page, "users-cancel-2fa-confirm-light")
    dialog.get_by_role("button", name="Cancel Two-Factor Authentication").click()
    expect(dialog).to_be_hidden()
    expect(bob.get_by_test_id("user-2fa")).to_have_text("Off")
    expect(bob.get_by_role("button", name="Cancel Two-Factor Authentication")).to_be_disabled()

    # The server agrees: bob logs in with the password alone again.
    r = server.api("POST", "/api/auth/login", {"username": "bob", "password": "bob-password-1", "otp_code": ""},
                   token="")
    assert r["code"] == 200, r


def test_admin_creates_edits_and_deletes_a_user(page: Any, server: Live) -> None:
    login_as(page, server, server.admin_token, "/@manage/users")
    page.get_by_test_id("add-user").click()
    form = page.get_by_test_id("user-form")
    form.get_by_label("Username", exact=True).fill("dave")
    form.get_by_label("Password", exact=True).fill("dave-password-1")
    form.get_by_label("Base path", exact=True).fill("/local")
    # Permission checkboxes carry OpenList's bit names (§4.2).
    form.locator("input[name=write_content]").check()
    form.locator("input[name=delete]").check()
    expect(form.get_by_text("webdav_read")).to_be_visible()
    shot(page, "user-form-light")
    form.get_by_role("button", name="Save").click()
    row = page.locator("tr[data-username=dave]")
    expect(row).to_be_visible()
    users = server.api("GET", "/api/admin/user/list")["data"]["content"]
    dave = next(u for u in users if u["username"] == "dave")
    assert dave["permission"] == 8 | 128 and dave["base_path"] == "/local"

    row.get_by_test_id("edit-user").click()
    form = page.get_by_test_id("user-form")
    form.get_by_label("Disabled", exact=True).check()
    form.get_by_role("button", name="Save").click()
    expect(row).to_contain_text("Disabled")

    row.get_by_test_id("delete-user").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="Delete").click()
    expect(row).to_be_hidden()


def test_login_with_a_non_ascii_password(page: Any, server: Live) -> None:
    # The browser computes OpenList's static hash (SHA-256 of the UTF-8 password + suffix) itself.
    create_user(server, "mei", "密码-ü 🔑")
    page.goto(server.url + "/@login")
    page.get_by_label("Username", exact=True).fill("mei")
    page.get_by_label("Password", exact=True).fill("密码-ü 🔑")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("breadcrumb")).to_be_visible()
