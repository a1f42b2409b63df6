"""Admin pages beyond Users: a storage added through the form generated from the driver's
declared fields, disabled/enabled/deleted; a meta whose Markdown readme is rendered sanitised;
settings saved by group; app passwords created (shown once) and revoked; drag-and-drop upload;
the disabled-user login message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import Live, login_as, shot
from tests.e2e.test_admin_users import create_user


def test_storage_form_from_driver_info(page: Any, server: Live, tmp_path: Path) -> None:
    root = tmp_path / "media"
    root.mkdir()
    (root / "song.mp3").write_bytes(b"ID3")
    login_as(page, server, server.admin_token, "/@manage/storages")
    page.get_by_test_id("add-storage").click()
    form = page.get_by_test_id("storage-form")
    expect(form.get_by_label("Driver")).to_have_value("Local")
    form.get_by_label("Mount path").fill("/media")
    form.get_by_label("Remark").fill("music")
    form.get_by_label("Root folder path").fill(str(root))
    form.get_by_role("button", name="Save").click()
    expect(form).to_be_hidden()
    table = page.get_by_test_id("storages-table")
    row = table.locator("tr", has_text="/media")
    expect(row).to_contain_text("Working")
    stored = next(s for s in server.api("GET", "/api/admin/storage/list")["data"]["content"]
                  if s["mount_path"] == "/media")
    assert stored["remark"] == "music" and str(root) in stored["addition"]

    row.get_by_role("button", name="Disable").click()
    expect(row).to_contain_text("Disabled")
    row.get_by_role("button", name="Enable").click()
    expect(row).to_contain_text("Working")

    page.goto(server.url + "/media")
    expect(page.get_by_test_id("listing").locator("[data-name='song.mp3']")).to_be_visible()

    page.goto(server.url + "/@manage/storages")
    row = page.get_by_test_id("storages-table").locator("tr", has_text="/media")
    row.get_by_role("button", name="Delete").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="Delete").click()
    expect(row).to_be_hidden()


def test_meta_readme_is_sanitised(page: Any, server: Live, local_storage: str) -> None:
    (server.files / "docs").mkdir()
    login_as(page, server, server.admin_token, "/@manage/metas")
    page.get_by_role("button", name="Add meta").click()
    form = page.get_by_test_id("meta-form")
    form.get_by_label("Path", exact=True).fill("/local/docs")
    form.get_by_label("Header (Markdown)").fill("## Team docs")
    form.get_by_label("Readme (Markdown)").fill(
        "Read the [guide](https://example.com/guide).\n\n<script>window.pwned = 1</script>\n\n"
        "[click](javascript:window.pwned=2) <img src=x onerror=\"window.pwned=3\">")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("td", has_text="/local/docs")).to_be_visible()

    page.goto(server.url + "/local/docs")
    expect(page.get_by_role("heading", name="Team docs")).to_be_visible()
    readme = page.locator(".readme")
    expect(readme.get_by_role("link", name="guide")).to_have_attribute("href", "https://example.com/guide")
    expect(readme).to_contain_text("<script>window.pwned = 1</script>")  # shown as text
    assert readme.locator("script, img, a[href^='javascript']").count() == 0
    assert page.evaluate("window.pwned") is None
    shot(page, "meta-readme-light")


def test_settings_save_by_group(page: Any, server: Live) -> None:
    login_as(page, server, server.admin_token, "/@manage/settings")
    expect(page.get_by_role("tab", name="Site")).to_have_attribute("aria-selected", "true")
    page.get_by_label("Site title").fill("Family Files")
    page.get_by_test_id("save-settings").click()
    expect(page.get_by_text("Saved")).to_be_visible()
    expect(page.locator(".brand-name")).to_have_text("Family Files")
    assert server.api("GET", "/api/public/settings")["data"]["site_title"] == "Family Files"
    page.goto(server.url + "/@login")
    expect(page).to_have_title("Family Files")  # injected into index.html by the server
    server.api("POST", "/api/admin/setting/save", [{"key": "site_title", "value": "OpenList"}])


def test_app_password_create_and_revoke(page: Any, server: Live) -> None:
    create_user(server, "hank", "hank-password-1")
    token = server.api("POST", "/api/auth/login", {"username": "hank", "password": "hank-password-1"}, token="")
    login_as(page, server, token["data"]["token"], "/@manage/profile")
    box = page.get_by_test_id("app-passwords")
    box.get_by_role("button", name="Create app password").click()
    dialog = page.get_by_role("dialog", name="Create app password")
    dialog.get_by_label("Name").fill("Laptop WebDAV")
    dialog.get_by_label("Read-only").check()
    dialog.get_by_role("button", name="Create app password").click()
    secret = page.get_by_test_id("app-password-token")
    expect(secret).to_contain_text("olap_")
    value = secret.inner_text().strip()
    shot(page, "app-password-created-light")
    page.get_by_role("button", name="Done").click()
    expect(box.locator("tr", has_text="Laptop WebDAV")).to_contain_text("Read-only")
    assert server.api("GET", "/api/me", token=value)["data"]["username"] == "hank"

    box.locator("tr", has_text="Laptop WebDAV").get_by_role("button", name="Revoke").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="Revoke").click()
    expect(box.locator("tr", has_text="Laptop WebDAV")).to_be_hidden()
    assert server.api("GET", "/api/me", token=value)["code"] == 401


def test_drag_and_drop_upload(page: Any, server: Live, local_storage: str) -> None:
    (server.files / "drop").mkdir()
    login_as(page, server, server.admin_token, "/local/drop")
    listing = page.get_by_test_id("listing")
    expect(listing).to_contain_text("drop files here")
    page.evaluate("""() => {
        const dt = new DataTransfer();
        dt.items.add(new File(['dropped bytes'], 'dropped.txt', {type: 'text/plain'}));
        const target = document.querySelector('[data-testid=listing]');
        target.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
        target.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""")
    expect(page.get_by_test_id("upload-overall").get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(listing.locator("[data-name='dropped.txt']")).to_be_visible()
    assert (server.files / "drop" / "dropped.txt").read_text() == "dropped bytes"


def test_disabled_user_sees_a_clear_message(page: Any, server: Live) -> None:
    create_user(server, "ivan", "ivan-password-1")
    users = server.api("GET", "/api/admin/user/list")["data"]["content"]
    ivan = next(u for u in users if u["username"] == "ivan")
    server.api("POST", "/api/admin/user/update", {**ivan, "disabled": True, "password": ""})
    page.goto(server.url + "/@login")
    page.get_by_label("Username", exact=True).fill("ivan")
    page.get_by_label("Password", exact=True).fill("ivan-password-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("login-error")).to_have_text("This account is disabled. Ask an administrator to enable it.")
