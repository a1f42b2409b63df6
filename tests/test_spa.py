"""Serving the web app (openlist-api.md §11, spa.py): the client-route fallback, 405 for other
methods, JSON (never HTML) for unknown /api paths, long-cache and precompressed assets, §11.1
placeholder patching with escaping, regeneration after a settings save, and dist_dir."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from openlist import spa
from openlist.app import create_app
from tests.conftest import Api

OWN_ASSETS = spa.OWN_DIST / "assets"

OFFICIAL_INDEX = """<!doctype html><html><head>
<link rel="icon" href="https://res.oplist.org/logo/logo.svg">
<link rel="manifest" href="/manifest.json">
<title>Loading...</title>
<script>window.OPENLIST_CONFIG = { cdn: undefined, base_path: undefined, api: undefined, main_color: undefined };</script>
<!-- customize head -->
<script type="module" src="/assets/index-abcdefgh.js"></script>
</head><body><img src="https://res.oplist.org/logo/logo.png"><p>Loading...</p><!-- customize body --></body></html>
"""


def own_js() -> Path:
    return next(p for p in OWN_ASSETS.iterdir() if p.suffix == ".js")


async def save_settings(api: Api, token: str, values: dict[str, str]) -> None:
    env = await api.post("/api/admin/setting/save", [{"key": k, "value": v} for k, v in values.items()], token=token)
    assert env["code"] == 200, env


async def test_client_routes_get_the_page(client: Any) -> None:
    for path in ("/", "/@login", "/@manage", "/@manage/users", "/local/dir/a%20b.txt", "/local/a.mp4?type=video"):
        async with client.get(path) as r:
            assert r.status == 200, path
            assert r.content_type == "text/html"
            body = await r.text()
            assert "<title>OpenList</title>" in body and "window.OPENLIST_CONFIG" in body, path
    async with client.post("/some/folder") as r:  # OpenList answers POST with the page too
        assert r.status == 200 and r.content_type == "text/html"
    async with client.head("/@login") as r:
        assert r.status == 200 and r.content_type == "text/html"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
async def test_other_methods_are_405(client: Any, method: str) -> None:
    async with client.request(method, "/local/dir") as r:
        assert r.status == 405


async def test_unknown_api_paths_stay_json(client: Any) -> None:
    for method in ("GET", "POST", "PUT"):
        async with client.request(method, "/api/does/not/exist") as r:
            assert r.status == 200 and r.content_type == "application/json", method
            assert (await r.json())["code"] == 404


async def test_hashed_assets_are_immutable_and_gzipped(client: Any) -> None:
    js = own_js()
    raw = js.read_bytes()
    async with client.get(f"/assets/{js.name}", headers={"Accept-Encoding": "gzip"}, auto_decompress=False) as r:
        assert r.status == 200
        assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert r.headers["Content-Encoding"] == "gzip"
        assert "javascript" in r.content_type
        assert gzip.decompress(await r.read()) == raw
    async with client.get(f"/assets/{js.name}", headers={"Accept-Encoding": "identity"}) as r:
        assert r.status == 200 and "Content-Encoding" not in r.headers
        assert await r.read() == raw
    async with client.head(f"/assets/{js.name}") as r:
        assert r.status == 200


async def test_missing_assets_and_traversal_are_404(client: Any) -> None:
    for path in ("/assets/nope.js", "/assets/", "/assets/..%2F..%2Fspa.py", "/static/x.css", "/images/a.png"):
        async with client.get(path) as r:
            assert r.status == 404, path
            assert r.content_type != "text/html" or "OPENLIST_CONFIG" not in await r.text(), path


async def test_index_references_built_assets_absolutely(client: Any) -> None:
    async with client.get("/local/deep/folder") as r:
        body = await r.text()
    for ref in re.findall(r'(?:src|href)="([^"]+/assets/[^"]+)"', body):
        assert ref.startswith("/assets/"), ref
        async with client.get(ref) as a:
            assert a.status == 200, ref


async def test_settings_are_patched_in_and_escaped(api: Api, admin_token: str) -> None:
    await save_settings(api, admin_token, {
        "site_title": "Files <b>&</b> 'more'",
        "main_color": "#123456'</script><script>alert(1)//",
        "customize_head": '<meta name="x-custom-head" content="1">',
        "customize_body": '<div id="x-custom-body"></div>',
    })
    async with api.client.get("/local") as r:
        page = await r.text()
    assert "<title>Files &lt;b&gt;&amp;&lt;/b&gt; &#x27;more&#x27;</title>" in page
    assert "</script><script>alert(1)" not in page
    assert "main_color: '#123456\\'\\x3c/script\\x3e\\x3cscript\\x3ealert(1)//'" in page
    assert '<meta name="x-custom-head" content="1">' in page and '<div id="x-custom-body"></div>' in page
    assert "base_path: '/'" in page and "cdn: ''" in page
    site = re.search(r"site: (\{.*?\}),\n", page)
    assert site and "\\u003cb\\u003e" in site.group(1)  # JSON for a script element: no raw "<"
    # Admin pages never get the custom head/body (a broken snippet must not lock the admin out).
    async with api.client.get("/@manage/settings") as r:
        manage = await r.text()
    assert "x-custom-head" not in manage and "x-custom-body" not in manage
    assert "Files &lt;b&gt;" in manage


async def test_page_follows_settings_changes(api: Api, admin_token: str) -> None:
    async with api.client.get("/") as r:
        assert "<title>OpenList</title>" in await r.text()
    await save_settings(api, admin_token, {"site_title": "Team drive"})
    async with api.client.get("/") as r:
        assert "<title>Team drive</title>" in await r.text()


def official_dist(tmp_path: Path) -> Path:
    dist = tmp_path / "official"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(OFFICIAL_INDEX)
    (dist / "assets" / "index-abcdefgh.js").write_text("console.log('official')")
    (dist / "static").mkdir()
    (dist / "static" / "logo.png").write_bytes(b"\x89PNG")
    return dist


async def test_dist_dir_serves_another_build(config_factory: Any, aiohttp_client: Any, tmp_path: Path) -> None:
    client = await aiohttp_client(create_app(config_factory(dist_dir=str(official_dist(tmp_path)))))
    async with client.get("/@login") as r:
        page = await r.text()
    assert "window.OPENLIST_CONFIG = { cdn: '', base_path: '/', api: undefined, main_color: '#1890ff' }" in page
    assert "<title>OpenList</title>" in page and "<p>Loading...</p>" in page  # first occurrence only
    assert 'href="/manifest.json"' in page
    assert "res.oplist.org" not in page or "logo.svg" in page  # replaced by the favicon/logo settings
    async with client.get("/assets/index-abcdefgh.js") as r:
        assert r.status == 200 and await r.text() == "console.log('official')"
        assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    async with client.get("/static/logo.png") as r:
        assert r.status == 200 and r.headers["Cache-Control"] == "public, max-age=15552000"


async def test_dist_dir_under_a_site_path(config_factory: Any, aiohttp_client: Any, tmp_path: Path) -> None:
    config = config_factory(dist_dir=str(official_dist(tmp_path)), site_url="https://example.com/files")
    client = await aiohttp_client(create_app(config))
    async with client.get("/files/@manage/storages") as r:
        page = await r.text()
    assert "cdn: '/files', base_path: '/files'" in page
    assert 'href="/files/manifest.json"' in page
    async with client.get("/files/assets/index-abcdefgh.js") as r:
        assert r.status == 200
    async with client.get("/files/api/nope") as r:
        assert r.content_type == "application/json" and (await r.json())["code"] == 404


async def test_own_build_under_a_site_path(config_factory: Any, aiohttp_client: Any) -> None:
    client = await aiohttp_client(create_app(config_factory(site_url="/files")))
    async with client.get("/files/local/x") as r:
        page = await r.text()
    assert "base_path: '/files'" in page
    js = own_js()
    assert f'src="/files/assets/{js.name}"' in page
    async with client.get(f"/files/assets/{js.name}") as r:
        assert r.status == 200


async def test_cdn_redirects_assets(config_factory: Any, aiohttp_client: Any) -> None:
    client = await aiohttp_client(create_app(config_factory(cdn="https://cdn.example.com/ui/")))
    js = own_js()
    async with client.get(f"/assets/{js.name}", allow_redirects=False) as r:
        assert r.status == 302 and r.headers["Location"] == f"https://cdn.example.com/ui/assets/{js.name}"
    async with client.get("/") as r:
        page = await r.text()
    assert "cdn: 'https://cdn.example.com/ui'" in page
    assert f'src="https://cdn.example.com/ui/assets/{js.name}"' in page


def test_js_str_escapes_quotes_and_script_ends() -> None:
    assert spa.js_str("a'b\\c</script>\n\u2028") == "'a\\'b\\\\c\\x3c/script\\x3e\\n\\u2028'"


def test_missing_build_is_a_clear_500(tmp_path: Path) -> None:
    state = spa._Spa(dist=tmp_path / "none", own=False, site_path="", cdn="")
    with pytest.raises(web.HTTPInternalServerError) as err:
        state.page({}, manage=False)
    assert "web app not found" in (err.value.text or "")


async def test_page_is_compressed_and_not_cached(client: Any) -> None:
    async with client.get("/local", headers={"Accept-Encoding": "gzip"}, auto_decompress=False) as r:
        assert r.headers["Content-Encoding"] == "gzip"
        assert r.headers["Cache-Control"] == "no-cache"  # settings changes show up on the next load
        assert b"OPENLIST_CONFIG" in gzip.decompress(await r.read())
