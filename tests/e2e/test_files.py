"""Issue 5, "Done when": upload a file with the progress bar reaching 100 % and see it listed;
create a folder, rename it, delete it — all through the file browser."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import Live, login_as, shot
from tests.e2e.test_admin_users import create_user


def test_upload_mkdir_rename_delete(page: Any, server: Live, local_storage: str, tmp_path: Any) -> None:
    login_as(page, server, server.admin_token, local_storage)
    listing = page.get_by_test_id("listing")
    expect(listing.locator("[data-name='hello.txt']")).to_be_visible()
    shot(page, "browser-list-light")

    # Upload through the (hidden) file input behind the Upload button: 3 MB so there is progress.
    big = tmp_path / "report 2026.bin"
    big.write_bytes(b"\x00\x01openlist" * 300_000)
    small = tmp_path / "notes.md"
    small.write_text("# Notes\n\n- one\n- two\n")
    page.get_by_test_id("upload-input").set_input_files([str(big), str(small)])
    panel = page.get_by_test_id("upload-panel")
    expect(panel).to_be_visible()
    overall = page.get_by_test_id("upload-overall").get_by_role("progressbar")
    expect(overall).to_have_attribute("aria-valuenow", "100", timeout=30_000)
    expect(panel.get_by_test_id("upload-item")).to_have_count(2)
    for bar in panel.get_by_test_id("upload-item").get_by_role("progressbar").all():
        expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(panel).to_contain_text("Uploads finished")
    shot(page, "upload-done-light")
    expect(listing.locator("[data-name='report 2026.bin']")).to_be_visible()
    expect(listing.locator("[data-name='notes.md']")).to_be_visible()
    assert (server.files / "report 2026.bin").stat().st_size == big.stat().st_size

    # New folder.
    page.get_by_test_id("new-folder").click()
    dialog = page.get_by_test_id("prompt-dialog")
    dialog.get_by_label("Folder name").fill("Holidays")
    dialog.get_by_role("button", name="OK").click()
    folder = listing.locator("[data-name='Holidays']")
    expect(folder).to_be_visible()
    assert (server.files / "Holidays").is_dir()

    # Rename it.
    folder.hover()
    folder.get_by_test_id("rename").click()
    dialog = page.get_by_test_id("prompt-dialog")
    dialog.get_by_label("New name").fill("Holidays 2026")
    dialog.get_by_role("button", name="OK").click()
    renamed = listing.locator("[data-name='Holidays 2026']")
    expect(renamed).to_be_visible()
    expect(folder).to_be_hidden()

    # Delete it, with a confirmation.
    renamed.hover()
    renamed.get_by_test_id("delete").click()
    confirm = page.get_by_test_id("confirm-dialog")
    expect(confirm).to_contain_text("Holidays 2026")
    confirm.get_by_role("button", name="Delete").click()
    expect(renamed).to_be_hidden()
    assert not (server.files / "Holidays 2026").exists()


def test_preview_and_grid(page: Any, server: Live, local_storage: str) -> None:
    login_as(page, server, server.admin_token, local_storage + "/hello.txt")
    preview = page.get_by_test_id("preview")
    expect(preview).to_contain_text("Hello from openlist")
    download = preview.get_by_role("link", name="Download")
    expect(download).to_have_attribute("href", re.compile(r"/d/local/hello\.txt\?sign="))
    shot(page, "preview-text-light")
    page.goto(server.url + local_storage)
    page.get_by_test_id("view-toggle").click()
    expect(page.locator(".grid [data-name='hello.txt']")).to_be_visible()
    shot(page, "browser-grid-light")
    page.get_by_test_id("view-toggle").click()


def test_folder_password_move_copy_and_keyboard(page: Any, server: Live, local_storage: str) -> None:
    secret = server.files / "secret"
    secret.mkdir()
    (secret / "plan.txt").write_text("the plan")
    (server.files / "inbox").mkdir()
    (server.files / "move-me.txt").write_text("moving")
    r = server.api("POST", "/api/admin/meta/create", {"path": "/local/secret", "password": "open sesame", "p_sub": True})
    assert r["code"] == 200, r

    # A user without access_without_password gets the folder password prompt (code 403).
    create_user(server, "gina", "gina-password-1", permission=8 | 16 | 32 | 64 | 128)
    token = server.api("POST", "/api/auth/login", {"username": "gina", "password": "gina-password-1"}, token="")
    login_as(page, server, token["data"]["token"], "/local/secret")
    prompt = page.get_by_test_id("folder-password")
    expect(prompt).to_be_visible()
    shot(page, "folder-password-light")
    prompt.get_by_label("Password").fill("open sesame")
    prompt.get_by_role("button", name="OK").click()
    expect(page.get_by_test_id("listing").locator("[data-name='plan.txt']")).to_be_visible()

    # Move a file into a sub-folder with the folder picker.
    page.goto(server.url + "/local")
    listing = page.get_by_test_id("listing")
    listing.locator("[data-name='move-me.txt']").get_by_role("checkbox").check()
    bar = page.get_by_test_id("batch-bar")
    expect(bar).to_contain_text("1 selected")
    bar.get_by_role("button", name="Move", exact=True).click()
    picker = page.get_by_test_id("folder-picker")
    picker.get_by_role("button", name="inbox").click()
    expect(picker.locator("code")).to_have_text("/local/inbox")
    picker.get_by_role("button", name="Choose this folder").click()
    expect(listing.locator("[data-name='move-me.txt']")).to_be_hidden()
    assert (server.files / "inbox" / "move-me.txt").read_text() == "moving"

    # Copy it back with the parent-folder button of the picker.
    page.goto(server.url + "/local/inbox")
    listing.locator("[data-name='move-me.txt']").get_by_role("checkbox").check()
    page.get_by_test_id("batch-bar").get_by_role("button", name="Copy", exact=True).click()
    picker = page.get_by_test_id("folder-picker")
    picker.get_by_role("button", name="Parent folder").click()
    expect(picker.locator("code")).to_have_text("/local")
    picker.get_by_role("button", name="Choose this folder").click()
    expect(page.get_by_text("Copied 1 item(s)")).to_be_visible()
    assert (server.files / "move-me.txt").read_text() == "moving"

    # Keyboard: Backspace goes up, arrows move the focus, Enter opens.
    page.keyboard.press("Backspace")
    expect(page).to_have_url(server.url + "/local")
    expect(listing.locator("[data-name='inbox']")).to_be_visible()
    names = [el.get_attribute("data-name") for el in listing.get_by_test_id("file-row").all()]
    for _ in range(names.index("inbox") + 1):
        page.keyboard.press("ArrowDown")
    expect(listing.locator("tr.focus")).to_have_attribute("data-name", "inbox")
    page.keyboard.press("Enter")
    expect(page).to_have_url(server.url + "/local/inbox")


def test_guest_browse_from_the_login_page(page: Any, server: Live, local_storage: str) -> None:
    users = server.api("GET", "/api/admin/user/list")["data"]["content"]
    guest = next(u for u in users if u["role"] == 1)
    try:
        r = server.api("POST", "/api/admin/user/update", {**guest, "disabled": False, "password": ""})
        assert r["code"] == 200, r
        page.goto(server.url + "/@login")
        page.get_by_test_id("guest-browse").click()
        expect(page.get_by_test_id("breadcrumb")).to_be_visible()
        expect(page.get_by_test_id("listing").locator("[data-name='local']")).to_be_visible()
        # The guest has no write permission: no upload or new-folder buttons.
        expect(page.get_by_test_id("upload-button")).to_have_count(0)
        expect(page.get_by_role("link", name="Log in")).to_be_visible()
    finally:
        server.api("POST", "/api/admin/user/update", {**guest, "disabled": True, "password": ""})
