"""Issue 5: switch to 简体中文 and see the same flows' labels in Chinese (remembered across
reloads); and screenshots of the main screens in both themes, on desktop and phone sizes, as test
artifacts in tests/e2e/artifacts/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Live, login_as, shot
from tests.e2e.test_admin_users import create_user, enrol


def test_chinese_labels(page: Any, server: Live) -> None:
    create_user(server, "erin", "erin-password-1")
    create_user(server, "frank", "frank-password-1")
    enrol(server, "frank", "frank-password-1")

    page.goto(server.url + "/@login")
    page.get_by_test_id("lang-select").select_option("zh-CN")
    expect(page.get_by_role("heading", name="登录 OpenList")).to_be_visible()
    page.get_by_label("用户名", exact=True).fill("erin")
    page.get_by_label("密码", exact=True).fill("erin-password-1")
    shot(page, "zh-login-light")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("breadcrumb")).to_be_visible()

    page.get_by_test_id("nav-manage").click()
    expect(page.get_by_role("heading", name="个人资料", exact=True)).to_be_visible()
    expect(page.get_by_test_id("twofa-status")).to_have_text("未开启")
    page.get_by_role("button", name="启用 2FA").click()
    expect(page.get_by_test_id("totp-secret")).to_be_visible()
    expect(page.get_by_role("button", name="验证")).to_be_visible()
    shot(page, "zh-enrol-2fa-light")

    # The choice is remembered (localStorage) across a reload.
    page.reload()
    expect(page.get_by_role("heading", name="个人资料", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "zh-CN"

    # The login code step in Chinese.
    page.get_by_test_id("logout").click()
    expect(page.get_by_role("heading", name="登录 OpenList")).to_be_visible()
    page.get_by_label("用户名", exact=True).fill("frank")
    page.get_by_label("密码", exact=True).fill("frank-password-1")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="两步验证")).to_be_visible()
    expect(page.get_by_role("button", name="验证")).to_be_visible()
    expect(page.get_by_role("button", name="使用恢复码")).to_be_visible()
    shot(page, "zh-login-code-step-light")

    # The admin's Users page in Chinese: the 2FA column and the cancel action.
    login_as(page, server, server.admin_token, "/@manage/users")
    table = page.get_by_test_id("users-table")
    expect(table.get_by_role("columnheader", name="两步验证")).to_be_visible()
    frank = table.locator("tr[data-username=frank]")
    expect(frank.get_by_test_id("user-2fa")).to_have_text("已开启")
    frank.get_by_role("button", name="取消两步验证").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog.get_by_role("heading", name="取消两步验证")).to_be_visible()
    shot(page, "zh-users-cancel-2fa-light")
    dialog.get_by_role("button", name="取消两步验证").click()
    expect(frank.get_by_test_id("user-2fa")).to_have_text("未开启")


SCREENS = [
    ("browser", "/local"),
    ("profile", "/@manage/profile"),
    ("users", "/@manage/users"),
    ("storages", "/@manage/storages"),
    ("metas", "/@manage/metas"),
    ("settings", "/@manage/settings"),
    ("audit", "/@manage/audit"),
]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screens_in_both_themes(browser: Any, server: Live, local_storage: str, theme: str) -> None:
    errors: list[str] = []
    for device, viewport in (("desktop", {"width": 1280, "height": 800}), ("phone", {"width": 390, "height": 844})):
        ctx = browser.new_context(viewport=viewport, locale="en-US", color_scheme=theme)
        ctx.set_default_timeout(10_000)
        page = ctx.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url + "/@login")
        expect(page.get_by_role("button", name="Log in")).to_be_visible()
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        shot(page, f"{device}-login-{theme}")
        login_as(page, server, server.admin_token, "/local")
        for name, path in SCREENS if device == "desktop" else SCREENS[:3]:
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            expect(page.locator(".spinner")).to_have_count(0)
            shot(page, f"{device}-{name}-{theme}")
        if device == "desktop":
            page.goto(server.url + "/@manage/storages")
            page.get_by_test_id("add-storage").click()
            expect(page.get_by_test_id("storage-form").get_by_label("Root folder path")).to_be_visible()
            shot(page, f"{device}-storage-form-{theme}")
            page.goto(server.url + "/local/README.md")
            expect(page.get_by_test_id("preview").get_by_role("heading", name="Welcome")).to_be_visible()
            shot(page, f"{device}-preview-markdown-{theme}")
        ctx.close()
    assert not errors, errors
