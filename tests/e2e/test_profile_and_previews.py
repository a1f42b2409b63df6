"""Profile: a password change ends the session and the new password works; the re-auth prompt
appears when the server answers 403 `re-authentication required` and the call is retried with the
password. Previews: image and PDF."""

from __future__ import annotations

import json
import re
import struct
import zlib
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import Live, login_as, shot
from tests.e2e.test_admin_users import create_user


def test_password_change_then_login_again(page: Any, server: Live) -> None:
    create_user(server, "jane", "jane-password-1")
    token = server.api("POST", "/api/auth/login", {"username": "jane", "password": "jane-password-1"}, token="")
    login_as(page, server, token["data"]["token"], "/@manage/profile")
    form = page.get_by_test_id("account-form")
    form.get_by_label("New password", exact=True).fill("jane-password-2")
    form.get_by_label("Confirm new password").fill("jane-password-2x")
    form.get_by_role("button", name="Save").click()
    expect(form).to_contain_text("The two passwords do not match.")
    form.get_by_label("Confirm new password").fill("jane-password-2")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Sign in to OpenList")).to_be_visible()
    page.get_by_label("Username", exact=True).fill("jane")
    page.get_by_label("Password", exact=True).fill("jane-password-2")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("breadcrumb")).to_be_visible()


def test_reauth_prompt_then_retry(page: Any, server: Live) -> None:
    create_user(server, "kate", "kate-password-1")
    token = server.api("POST", "/api/auth/login", {"username": "kate", "password": "kate-password-1"}, token="")
    seen: list[dict[str, Any]] = []

    def generate(route: Any) -> None:
        body = json.loads(route.request.post_data or "{}")
        seen.append(body)
        if not body.get("password"):  # the session is fresh, so pretend it is not
            route.fulfill(status=200, content_type="application/json",
                          body=json.dumps({"code": 403, "message": "re-authentication required", "data": None}))
        else:
            route.continue_()

    page.route("**/api/auth/2fa/generate", generate)
    login_as(page, server, token["data"]["token"], "/@manage/profile")
    page.get_by_role("button", name="Enable 2FA").click()
    dialog = page.get_by_test_id("prompt-dialog")
    expect(dialog.get_by_role("heading", name="Confirm your password")).to_be_visible()
    shot(page, "reauth-prompt-light")
    dialog.get_by_label("Password", exact=True).fill("kate-password-1")
    dialog.get_by_role("button", name="Confirm").click()
    expect(page.get_by_test_id("totp-secret")).to_be_visible()
    assert seen == [{}, {"password": "kate-password-1"}]


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x18\x90\xff" * 16 for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def tiny_pdf() -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def test_image_and_pdf_previews(page: Any, server: Live, local_storage: str) -> None:
    (server.files / "pics").mkdir(exist_ok=True)
    (server.files / "pics" / "dot.png").write_bytes(tiny_png())
    (server.files / "pics" / "doc.pdf").write_bytes(tiny_pdf())
    login_as(page, server, server.admin_token, "/local/pics/dot.png")
    img = page.get_by_test_id("preview").get_by_role("img", name="dot.png")
    expect(img).to_be_visible()
    page.wait_for_function("document.querySelector('.preview-img').naturalWidth === 16")
    page.goto(server.url + "/local/pics/doc.pdf")
    frame = page.get_by_test_id("preview").locator("iframe.preview-pdf")
    expect(frame).to_have_attribute("src", re.compile(r"^blob:"))
    shot(page, "preview-pdf-light")
