"""Each WebDAV method over real HTTP: statuses, headers and XML (RFC 4918, openlist-api.md §12)."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tests.dav.conftest import Dav

D = "{DAV:}"


def multistatus(body: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(body)
    assert root.tag == D + "multistatus"
    return {unquote(r.findtext(D + "href") or ""): r for r in root.findall(D + "response")}


def prop(resp: ET.Element, name: str) -> ET.Element | None:
    for ps in resp.findall(D + "propstat"):
        if "200" in (ps.findtext(D + "status") or ""):
            found = ps.find(f"{D}prop/{D}{name}")
            if found is not None:
                return found
    return None


async def test_options_without_credentials(dav: Dav) -> None:
    async with dav.request("OPTIONS", "/dav/") as resp:
        assert resp.status == 200
        assert resp.headers["DAV"] == "1, 2"
        assert "PROPFIND" in resp.headers["Allow"] and "LOCK" in resp.headers["Allow"]
        assert await resp.read() == b""


async def test_propfind_depth_0_and_1(dav: Dav, local: Path) -> None:
    (local / "docs").mkdir()
    (local / "a b.txt").write_bytes(b"hello")
    (local / "中文.md").write_bytes(b"x" * 10)
    os.utime(local / "a b.txt", (1_700_000_000, 1_700_000_000))
    async with dav.request("PROPFIND", "/dav/", user=dav.writer, headers={"Depth": "1"}) as resp:
        assert resp.status == 207
        assert resp.content_type == "application/xml"
        root = multistatus(await resp.read())
    assert set(root) == {"/dav/", "/dav/local/"}  # the mount shows as a virtual folder
    async with dav.request("PROPFIND", "/dav/local", user=dav.writer, headers={"Depth": "1"}) as resp:
        assert resp.status == 207
        listing = multistatus(await resp.read())
    assert set(listing) == {"/dav/local/", "/dav/local/docs/", "/dav/local/a b.txt", "/dav/local/中文.md"}
    f = listing["/dav/local/a b.txt"]
    assert prop(f, "getcontentlength").text == "5"  # type: ignore[union-attr]
    assert prop(f, "getlastmodified").text == "Tue, 14 Nov 2023 22:13:20 GMT"  # type: ignore[union-attr]
    assert prop(f, "resourcetype") is not None and len(prop(f, "resourcetype")) == 0  # type: ignore[arg-type]
    assert prop(f, "getetag") is not None and prop(f, "getcontenttype").text == "text/plain"  # type: ignore[union-attr]
    folder = prop(listing["/dav/local/docs/"], "resourcetype")
    assert folder is not None and folder.find(D + "collection") is not None
    async with dav.request("PROPFIND", "/dav/local/a%20b.txt", user=dav.writer, headers={"Depth": "0"}) as resp:
        assert resp.status == 207
        assert set(multistatus(await resp.read())) == {"/dav/local/a b.txt"}


async def test_propfind_named_props_and_errors(dav: Dav, local: Path) -> None:
    (local / "f.bin").write_bytes(b"123")
    body = (b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:x="urn:x"><d:prop><d:getcontentlength/>'
            b'<x:color/></d:prop></d:propfind>')
    async with dav.request("PROPFIND", "/dav/local/f.bin", user=dav.writer, headers={"Depth": "0"},
                           data=body) as resp:
        assert resp.status == 207
        r = multistatus(await resp.read())["/dav/local/f.bin"]
    statuses = {ps.findtext(D + "status"): [p.tag for p in ps.find(D + "prop")]  # type: ignore[union-attr]
                for ps in r.findall(D + "propstat")}
    assert statuses == {"HTTP/1.1 200 OK": [D + "getcontentlength"], "HTTP/1.1 404 Not Found": ["{urn:x}color"]}
    assert await dav.status("PROPFIND", "/dav/local/missing", user=dav.writer, headers={"Depth": "0"}) == 404
    assert await dav.status("PROPFIND", "/dav/nostorage", user=dav.writer, headers={"Depth": "0"}) == 404
    assert await dav.status("PROPFIND", "/dav/local", user=dav.writer, headers={"Depth": "infinity"}) == 403
    bomb = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<d:propfind xmlns:d="DAV:"><d:prop>&b;</d:prop></d:propfind>')
    assert await dav.status("PROPFIND", "/dav/local", user=dav.writer, headers={"Depth": "0"}, data=bomb) == 400
    ext = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<d:propfind xmlns:d="DAV:"><d:prop>&x;</d:prop></d:propfind>')
    assert await dav.status("PROPFIND", "/dav/local", user=dav.writer, headers={"Depth": "0"}, data=ext) == 400
    assert await dav.status("PROPFIND", "/dav/local", user=dav.writer, headers={"Depth": "0"}, data=b"<nope") == 400


async def test_get_head_range(dav: Dav, local: Path) -> None:
    (local / "data.bin").write_bytes(bytes(range(256)) * 4)
    async with dav.request("GET", "/dav/local/data.bin", user=dav.reader) as resp:
        assert resp.status == 200 and await resp.read() == bytes(range(256)) * 4
    async with dav.request("GET", "/dav/local/data.bin", user=dav.reader, headers={"Range": "bytes=10-19"}) as resp:
        assert resp.status == 206
        assert resp.headers["Content-Range"] == "bytes 10-19/1024"
        assert await resp.read() == bytes(range(10, 20))
    async with dav.request("HEAD", "/dav/local/data.bin", user=dav.reader) as resp:
        assert resp.status == 200 and resp.headers["Content-Length"] == "1024"
    async with dav.request("HEAD", "/dav/local", user=dav.reader) as resp:
        assert resp.status == 200 and resp.headers["Content-Type"] == "httpd/unix-directory"
    assert await dav.status("GET", "/dav/local", user=dav.reader) == 405
    assert await dav.status("GET", "/dav/local/nope.txt", user=dav.reader) == 404
    assert await dav.status("GET", "/dav/local/data.bin", user=dav.reader, headers={"Range": "bytes=5000-"}) == 416


async def test_mkcol_put_delete(dav: Dav, local: Path) -> None:
    w = dav.writer
    assert await dav.status("MKCOL", "/dav/local/new", user=w) == 201
    assert (local / "new").is_dir()
    assert await dav.status("MKCOL", "/dav/local/new", user=w) == 405  # exists
    assert await dav.status("MKCOL", "/dav/local/a/b", user=w) == 409  # parent missing
    assert await dav.status("MKCOL", "/dav/local/x", user=w, data=b"<body/>") == 415
    async with dav.request("PUT", "/dav/local/new/f.txt", user=w, data=b"one",
                           headers={"X-OC-Mtime": "1600000000"}) as resp:
        assert resp.status == 201 and resp.headers["X-OC-Mtime"] == "accepted"
    assert (local / "new" / "f.txt").read_bytes() == b"one"
    assert int((local / "new" / "f.txt").stat().st_mtime) == 1600000000
    assert await dav.status("PUT", "/dav/local/new/f.txt", user=w, data=b"two!") == 204
    assert (local / "new" / "f.txt").read_bytes() == b"two!"
    assert await dav.status("PUT", "/dav/local/new", user=w, data=b"x") == 405  # a folder
    assert await dav.status("PUT", "/dav/nostorage/f.txt", user=w, data=b"x") == 409
    assert await dav.status("DELETE", "/dav/local/new", user=w) == 204
    assert not (local / "new").exists()
    assert await dav.status("DELETE", "/dav/local/new", user=w) == 404
    assert await dav.status("DELETE", "/dav/local", user=w) == 403  # a storage root
    assert await dav.status("DELETE", "/dav/", user=w) == 403


async def test_copy_move(dav: Dav, local: Path) -> None:
    w, base = dav.writer, dav.base
    (local / "src").mkdir()
    (local / "src" / "a.txt").write_bytes(b"A")
    (local / "dst").mkdir()
    dest = {"Destination": f"{base}/local/dst/a.txt"}
    assert await dav.status("COPY", "/dav/local/src/a.txt", user=w, headers=dest) == 201
    assert (local / "dst" / "a.txt").read_bytes() == b"A" and (local / "src" / "a.txt").exists()
    # Overwrite: F on an existing destination → 412; T (the default) → 204
    assert await dav.status("COPY", "/dav/local/src/a.txt", user=w, headers={**dest, "Overwrite": "F"}) == 412
    (local / "src" / "a.txt").write_bytes(b"A2")
    assert await dav.status("COPY", "/dav/local/src/a.txt", user=w, headers=dest) == 204
    assert (local / "dst" / "a.txt").read_bytes() == b"A2"
    # copy under a new name in the same folder, and a whole folder
    same = {"Destination": f"{base}/local/src/a%20copy.txt"}
    assert await dav.status("COPY", "/dav/local/src/a.txt", user=w, headers=same) == 201
    assert (local / "src" / "a copy.txt").read_bytes() == b"A2"
    assert await dav.status("COPY", "/dav/local/src", user=w, headers={"Destination": f"{base}/local/src2"}) == 201
    assert sorted(p.name for p in (local / "src2").iterdir()) == ["a copy.txt", "a.txt"]
    assert await dav.status("COPY", "/dav/local/src", user=w,
                            headers={"Destination": f"{base}/local/src3", "Depth": "1"}) == 400
    assert await dav.status("COPY", "/dav/local/src", user=w,
                            headers={"Destination": f"{base}/local/src3", "Depth": "0"}) == 201
    assert (local / "src3").is_dir() and not any((local / "src3").iterdir())
    # MOVE: rename in place, move to another folder, both at once
    assert await dav.status("MOVE", "/dav/local/src/a.txt", user=w,
                            headers={"Destination": f"{base}/local/src/b.txt"}) == 201
    assert (local / "src" / "b.txt").exists() and not (local / "src" / "a.txt").exists()
    assert await dav.status("MOVE", "/dav/local/src/b.txt", user=w,
                            headers={"Destination": f"{base}/local/dst/b.txt"}) == 201
    assert await dav.status("MOVE", "/dav/local/dst/b.txt", user=w,
                            headers={"Destination": f"{base}/local/src3/c.txt"}) == 201
    assert (local / "src3" / "c.txt").exists() and not (local / "dst" / "b.txt").exists()
    assert await dav.status("MOVE", "/dav/local/src3/c.txt", user=w,
                            headers={"Destination": f"{base}/local/dst/a.txt", "Overwrite": "F"}) == 412
    assert await dav.status("MOVE", "/dav/local/src3/c.txt", user=w,
                            headers={"Destination": f"{base}/local/dst/a.txt"}) == 204
    assert (local / "dst" / "a.txt").read_bytes() == b"A2" and not (local / "src3" / "c.txt").exists()
    # errors: missing source, missing destination parent, into itself, onto itself, no header
    assert await dav.status("MOVE", "/dav/local/none", user=w, headers={"Destination": f"{base}/local/x"}) == 404
    assert await dav.status("MOVE", "/dav/local/dst", user=w, headers={"Destination": f"{base}/local/q/r"}) == 409
    assert await dav.status("MOVE", "/dav/local/dst", user=w, headers={"Destination": f"{base}/local/dst/in"}) == 403
    assert await dav.status("COPY", "/dav/local/dst", user=w, headers={"Destination": f"{base}/local/dst"}) == 403
    assert await dav.status("MOVE", "/dav/local/dst", user=w) == 400
    assert await dav.status("MOVE", "/dav/local", user=w, headers={"Destination": f"{base}/local2"}) == 403


async def test_destination_host_and_prefix(dav: Dav, local: Path) -> None:
    (local / "a.txt").write_bytes(b"A")
    port = dav.client.port
    for dest in (f"http://evil.example:{port}/dav/local/b.txt", f"http://localhost:{port}/dav/local/b.txt",
                 f"http://127.0.0.1:{port}/api/fs/b.txt", f"http://127.0.0.1:{port}/davx/b.txt"):
        assert await dav.status("COPY", "/dav/local/a.txt", user=dav.writer, headers={"Destination": dest}) == 502
    # a path-only Destination is on this host
    assert await dav.status("COPY", "/dav/local/a.txt", user=dav.writer,
                            headers={"Destination": "/dav/local/b.txt"}) == 201


async def test_locks(dav: Dav, local: Path) -> None:
    w = dav.writer
    (local / "f.txt").write_bytes(b"1")
    info = (b'<?xml version="1.0"?><d:lockinfo xmlns:d="DAV:"><d:lockscope><d:exclusive/></d:lockscope>'
            b'<d:locktype><d:write/></d:locktype><d:owner>me</d:owner></d:lockinfo>')
    async with dav.request("LOCK", "/dav/local/f.txt", user=w, data=info, headers={"Timeout": "Second-60"}) as resp:
        assert resp.status == 200
        token = resp.headers["Lock-Token"].strip("<>")
        body = ET.fromstring(await resp.read())
    assert token.startswith("opaquelocktoken:")
    assert body.findtext(f"{D}lockdiscovery/{D}activelock/{D}locktoken/{D}href") == token
    assert body.findtext(f"{D}lockdiscovery/{D}activelock/{D}timeout") == "Second-60"
    # a second exclusive lock conflicts; writes without the token are refused
    assert await dav.status("LOCK", "/dav/local/f.txt", user=w, data=info) == 423
    assert await dav.status("PUT", "/dav/local/f.txt", user=w, data=b"2") == 423
    assert await dav.status("DELETE", "/dav/local/f.txt", user=w) == 423
    assert await dav.status("DELETE", "/dav/local", user=w) == 403
    assert await dav.status("PUT", "/dav/local/f.txt", user=w, data=b"2",
                            headers={"If": f"(<{token}>)"}) == 204
    # lockdiscovery shows in PROPFIND; refresh; unlock
    async with dav.request("PROPFIND", "/dav/local/f.txt", user=w, headers={"Depth": "0"}) as resp:
        r = multistatus(await resp.read())["/dav/local/f.txt"]
        assert prop(r, "lockdiscovery").findtext(f"{D}activelock/{D}locktoken/{D}href") == token  # type: ignore[union-attr]
    assert await dav.status("LOCK", "/dav/local/f.txt", user=w, headers={"If": f"(<{token}>)"}) == 200
    assert await dav.status("UNLOCK", "/dav/local/f.txt", user=w, headers={"Lock-Token": "<opaquelocktoken:x>"}) == 409
    assert await dav.status("UNLOCK", "/dav/local/f.txt", user=w, headers={"Lock-Token": f"<{token}>"}) == 204
    assert await dav.status("PUT", "/dav/local/f.txt", user=w, data=b"3") == 204


async def test_proppatch_is_refused_per_property(dav: Dav, local: Path) -> None:
    (local / "f.txt").write_bytes(b"1")
    body = (b'<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:z="urn:schemas-microsoft-com:">'
            b'<d:set><d:prop><z:Win32LastModifiedTime>x</z:Win32LastModifiedTime></d:prop></d:set>'
            b'</d:propertyupdate>')
    async with dav.request("PROPPATCH", "/dav/local/f.txt", user=dav.writer, data=body) as resp:
        assert resp.status == 207
        r = multistatus(await resp.read())["/dav/local/f.txt"]
    assert r.findtext(f"{D}propstat/{D}status") == "HTTP/1.1 403 Forbidden"
    assert await dav.status("PROPPATCH", "/dav/local/f.txt", user=dav.reader, data=body) == 403  # no bit 9


async def test_dav_never_reaches_the_web_app(dav: Dav) -> None:
    for method in ("GET", "PROPFIND", "PUT", "REPORT"):
        async with dav.request(method, "/dav/anything/index.html") as resp:
            assert resp.status == 401 and resp.headers["WWW-Authenticate"] == 'Basic realm="openlist"'
            assert await resp.read() == b""


async def test_if_header_and_unmapped_lock(dav: Dav, local: Path) -> None:
    w = dav.writer
    # LOCK on an unmapped URL creates an empty file (RFC 4918 §7.3)
    async with dav.request("LOCK", "/dav/local/new.txt", user=w, data=b'<?xml version="1.0"?><d:lockinfo '
                           b'xmlns:d="DAV:"><d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/>'
                           b'</d:locktype></d:lockinfo>') as resp:
        assert resp.status == 201
        token = resp.headers["Lock-Token"].strip("<>")
    assert (local / "new.txt").read_bytes() == b""
    async with dav.request("PUT", "/dav/local/new.txt", user=w, data=b"v1", headers={"If": f"(<{token}>)"}) as resp:
        assert resp.status == 204
    async def etags() -> tuple[str, str]:
        async with dav.request("HEAD", "/dav/local/new.txt", user=w) as resp:
            get_etag = resp.headers["ETag"]
        async with dav.request("PROPFIND", "/dav/local/new.txt", user=w, headers={"Depth": "0"}) as resp:
            dav_etag = prop(multistatus(await resp.read())["/dav/local/new.txt"], "getetag").text  # type: ignore[union-attr]
        assert dav_etag is not None
        return get_etag, dav_etag

    # the lock token with either entity tag holds; a wrong tag, a stale token or DAV:no-lock → 412
    for which in (0, 1):
        cond = f"(<{token}> [{(await etags())[which]}])"
        assert await dav.status("PUT", "/dav/local/new.txt", user=w, data=b"v2", headers={"If": cond}) == 204, cond
    cond = f"(<DAV:no-lock>) (<{token}>)"
    assert await dav.status("PUT", "/dav/local/new.txt", user=w, data=b"v2", headers={"If": cond}) == 204
    for cond in (f'(<{token}> ["nope"])', "(<opaquelocktoken:stale>)", "(<DAV:no-lock>)", f"(Not <{token}>)"):
        assert await dav.status("PUT", "/dav/local/new.txt", user=w, data=b"v3", headers={"If": cond}) == 412, cond
    assert await dav.status("PUT", "/dav/local/new.txt", user=w, data=b"v3", headers={"If": "garbage"}) == 400
    # a tagged list names the resource by URL
    tagged = f"<{dav.base}/local/new.txt> (<{token}>)"
    assert await dav.status("PUT", "/dav/local/new.txt", user=w, data=b"v4", headers={"If": tagged}) == 204
    assert (local / "new.txt").read_bytes() == b"v4"
    # a reader (no webdav_manage) cannot create files by locking
    assert await dav.status("LOCK", "/dav/local/other.txt", user=dav.reader, data=b'<?xml version="1.0"?>'
                            b'<d:lockinfo xmlns:d="DAV:"><d:lockscope><d:shared/></d:lockscope><d:locktype>'
                            b'<d:write/></d:locktype></d:lockinfo>') == 403
    assert not (local / "other.txt").exists()


async def test_lock_tokens_belong_to_their_owner(dav: Dav, local: Path) -> None:
    (local / "f.txt").write_bytes(b"1")
    info = (b'<?xml version="1.0"?><d:lockinfo xmlns:d="DAV:"><d:lockscope><d:exclusive/></d:lockscope>'
            b'<d:locktype><d:write/></d:locktype></d:lockinfo>')
    async with dav.request("LOCK", "/dav/local/f.txt", user=dav.reader, data=info) as resp:
        assert resp.status == 200  # LOCK needs no webdav_manage (OpenList: write_users only)
        token = resp.headers["Lock-Token"].strip("<>")
    # the writer saw the token in lockdiscovery, but it is not theirs to use or remove
    assert await dav.status("PUT", "/dav/local/f.txt", user=dav.writer, data=b"2", headers={"If": f"(<{token}>)"}) == 423
    assert await dav.status("UNLOCK", "/dav/local/f.txt", user=dav.writer, headers={"Lock-Token": f"<{token}>"}) == 403
    assert await dav.status("UNLOCK", "/dav/local/f.txt", user=dav.reader, headers={"Lock-Token": f"<{token}>"}) == 204
    assert await dav.status("PUT", "/dav/local/f.txt", user=dav.writer, data=b"2") == 204


async def test_empty_server_root(dav: Dav) -> None:
    """No storage yet: the root still answers, so that a client can connect."""
    async with dav.request("PROPFIND", "/dav/", user=dav.writer, headers={"Depth": "1"}) as resp:
        assert resp.status == 207
        assert set(multistatus(await resp.read())) == {"/dav/"}


async def test_xml_special_names(dav: Dav, local: Path) -> None:
    (local / "a&b<c>'\".txt").write_bytes(b"1")
    async with dav.request("PROPFIND", "/dav/local", user=dav.writer, headers={"Depth": "1"}) as resp:
        listing = multistatus(await resp.read())  # well-formed XML
    entry = listing["/dav/local/a&b<c>'\".txt"]
    assert prop(entry, "displayname").text == "a&b<c>'\".txt"  # type: ignore[union-attr]


async def test_use_proxy_url_policy_redirects(dav: Dav, api: Any, admin_token: str, files: Path, tmp_path: Path) -> None:
    from tests.dav.conftest import add_storage

    other = tmp_path / "cdn"
    other.mkdir()
    (other / "v.mp4").write_bytes(b"video")
    await add_storage(api, admin_token, "/cdn", other, webdav_policy="use_proxy_url",
                      down_proxy_url="https://cdn.example.com/base/")
    async with dav.request("GET", "/dav/cdn/v.mp4", user=dav.reader, allow_redirects=False) as resp:
        assert resp.status == 302
        assert resp.headers["Location"].startswith("https://cdn.example.com/base/cdn/v.mp4?sign=")


async def test_big_put_streams_past_client_max_size(dav: Dav, local: Path) -> None:
    """PUT streams to the storage: a body larger than client_max_size (64 MiB) is fine."""
    chunk = bytes(range(256)) * 4096  # 1 MiB

    async def body() -> Any:
        for _ in range(70):
            yield chunk

    assert await dav.status("PUT", "/dav/local/big.bin", user=dav.writer, data=body()) == 201
    assert (local / "big.bin").stat().st_size == 70 * len(chunk)


async def test_copy_and_move_across_storages(dav: Dav, api: Any, admin_token: str, local: Path,
                                             tmp_path: Path) -> None:
    from tests.dav.conftest import add_storage

    second = tmp_path / "second"
    second.mkdir()
    await add_storage(api, admin_token, "/second", second)
    (local / "tree" / "in").mkdir(parents=True)
    (local / "tree" / "in" / "f.txt").write_bytes(b"F")
    base = dav.base
    assert await dav.status("COPY", "/dav/local/tree", user=dav.writer,
                            headers={"Destination": f"{base}/second/tree"}) == 201
    assert (second / "tree" / "in" / "f.txt").read_bytes() == b"F"
    assert await dav.status("MOVE", "/dav/local/tree", user=dav.writer,
                            headers={"Destination": f"{base}/second/moved"}) == 201
    assert (second / "moved" / "in" / "f.txt").read_bytes() == b"F" and not (local / "tree").exists()


async def test_root_options_announce_dav_for_windows_clients(client) -> None:
    async with client.options("/") as r:
        assert r.status == 200 and r.headers["DAV"] == "1, 2" and r.headers["MS-Author-Via"] == "DAV"
    async with client.get("/") as r:  # the web app still owns GET /
        assert r.status == 200 and "text/html" in r.headers["Content-Type"]
