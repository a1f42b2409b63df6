"""Issue 5, "Done when": upload a file with the progress bar reaching 100 % and see it listed;
create a folder, rename it, delete it — all through the file browser."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import Live, login_as, shot


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
