"""Issue 5, "Done when": log in as admin, enrol 2FA from the Profile page with a code computed by
pyotp from the secret shown on the page, see the recovery codes, log out, log in again through
the code step, and land in the file browser."""

from __future__ import annotations

import time
from typing import Any

import pyotp
from playwright.sync_api import expect

from tests.e2e.conftest import ADMIN_PASSWORD, Live, shot


def fill_login(page: Any, username: str, password: str) -> None:
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def test_admin_enrols_2fa_and_logs_in_with_a_code(page: Any, server: Live) -> None:
    page.goto(server.url + "/")
    expect(page).to_have_url(server.url + "/@login?redirect=%2F")
    expect(page.get_by_role("heading", name="Sign in to OpenList")).to_be_visible()
    shot(page, "login-light")

    # A wrong password first: the message is the friendly 401 text, not the raw server sentence.
    fill_login(page, "admin", "wrong-password")
    expect(page.get_by_test_id("login-error")).to_have_text("Wrong username or password.")

    fill_login(page, "admin", ADMIN_PASSWORD)
    expect(page.get_by_test_id("breadcrumb")).to_be_visible()
    expect(page).to_have_url(server.url + "/")

    # Profile → Enable 2FA.
    page.get_by_test_id("nav-manage").click()
    expect(page.get_by_role("heading", name="Profile", exact=True)).to_be_visible()
    expect(page.get_by_test_id("twofa-status")).to_have_text("Off")
    shot(page, "profile-2fa-off-light")
    page.get_by_role("button", name="Enable 2FA").click()

    secret_el = page.get_by_test_id("totp-secret")
    expect(secret_el).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    shown = secret_el.inner_text()
    secret = shown.replace(" ", "")
    assert len(secret) == 32 and all(len(g) == 4 for g in shown.split(" ")), shown  # grouped by 4
    code_input = page.get_by_test_id("totp-code")
    assert code_input.get_attribute("autocomplete") == "one-time-code"
    assert code_input.get_attribute("inputmode") == "numeric"
    shot(page, "enrol-2fa-light")

    totp = pyotp.TOTP(secret)
    enrol_at = time.time()
    code = totp.at(enrol_at)
    code_input.fill(code[:3] + " " + code[3:])  # spaces are tolerated
    page.get_by_role("button", name="Verify").click()

    codes = page.get_by_test_id("recovery-codes")
    expect(codes).to_be_visible()
    items = codes.locator("li")
    expect(items).to_have_count(10)
    expect(codes.get_by_role("button", name="Download")).to_be_visible()
    expect(codes.get_by_role("button", name="Copy")).to_be_visible()
    shot(page, "recovery-codes-light")
    page.get_by_test_id("codes-done").click()
    expect(page.get_by_test_id("twofa-status")).to_have_text("On")
    expect(page.get_by_test_id("recovery-remaining")).to_have_text("Recovery codes left: 10")

    # Log out, log in again: the code step appears.
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(server.url + "/@login")
    expect(page.get_by_role("heading", name="Sign in to OpenList")).to_be_visible()
    fill_login(page, "admin", ADMIN_PASSWORD)
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    otp = page.get_by_label("6-digit code")
    assert otp.get_attribute("autocomplete") == "one-time-code"
    expect(page.get_by_role("button", name="Use a recovery code")).to_be_visible()
    shot(page, "login-code-step-light")

    # The enrolment used the current time step and replay protection rejects any step ≤ it;
    # the server accepts ±1 step, so the next step's code is fresh and valid right away.
    otp.fill(totp.at(enrol_at + 30))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_test_id("breadcrumb")).to_be_visible()
    expect(page).to_have_url(server.url + "/")
    me = page.evaluate("""async () => (await (await fetch('/api/me', {headers: {Authorization:
        localStorage.getItem('token')}})).json()).data""")
    assert me["username"] == "admin" and me["otp"] is True


def test_login_with_a_recovery_code(page: Any, server: Live) -> None:
    from tests.e2e.test_admin_users import create_user

    create_user(server, "lena", "lena-password-1")
    token = server.api("POST", "/api/auth/login", {"username": "lena", "password": "lena-password-1"},
                       token="")["data"]["token"]
    gen = server.api("POST", "/api/auth/2fa/generate", {"password": "lena-password-1"}, token=token)["data"]
    ver = server.api("POST", "/api/auth/2fa/verify", {"code": pyotp.TOTP(gen["secret"]).now(), "secret": gen["secret"],
                                                      "password": "lena-password-1"}, token=token)
    assert ver["code"] == 200, ver
    recovery = ver["data"]["recovery_codes"][0]

    page.goto(server.url + "/@login")
    fill_login(page, "lena", "lena-password-1")
    page.get_by_role("button", name="Use a recovery code").click()
    code = page.get_by_label("Recovery code")
    code.fill("wrong-code1")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_test_id("login-error")).to_have_text("That recovery code is not valid or has already been used.")
    code.fill(recovery.upper())  # case does not matter
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_test_id("breadcrumb")).to_be_visible()
