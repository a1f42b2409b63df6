"""Serving the web app (openlist-api.md §11): static assets, the client-side-route fallback, and
index.html with the site's settings patched in.

Route table (registered last, after every API and download route; with a site sub-path the whole
application is mounted under it, so these paths are relative to it):

    GET|HEAD  /{assets,images,static,streamer}/<file>   static file from the dist folder
    GET|POST  /<anything else>                          patched index.html (HEAD too)
    other methods on unmatched paths                    405
    unmatched /api/…                                    404 → the errors middleware answers the
                                                        JSON envelope (D3), never HTML

The dist folder is our own build (`openlist/webui`, made from `web/`) unless `dist_dir` in
config.json points at another build, e.g. the official OpenList UI; both get OpenList's
placeholder patching (§11.1), ours additionally its asset base and a `site` object.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from openlist import __version__, keys

OWN_DIST = Path(__file__).resolve().parent / "webui"
ASSET_DIRS = ("assets", "images", "static", "streamer")
# Vite names assets <name>-<8+ char hash>.<ext>: such a URL never changes content.
IMMUTABLE = "public, max-age=31536000, immutable"
LONG_CACHE = "public, max-age=15552000"  # OpenList's value for everything else under the asset dirs
_HASHED = re.compile(r"-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$")
# The default logo/favicon live on OpenList's CDN; our own UI must work offline, so it keeps its
# bundled icon while the setting still points there.
_OPENLIST_CDN_LOGO = "https://res.oplist.org/"
_PAGE_SETTINGS = ("site_title", "favicon", "logo", "main_color", "customize_head", "customize_body", "version")


def js_str(value: str) -> str:
    """A single-quoted JavaScript string literal that is also safe inside a <script> element."""
    out = (value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
           .replace("<", "\\x3c").replace(">", "\\x3e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return f"'{out}'"


def _json_for_script(obj: object) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _replace_first(text: str, old: str, new: str) -> str:
    return text.replace(old, new, 1)


def patch_index(raw: str, values: dict[str, str], *, site_path: str, cdn: str, own: bool, manage: bool) -> str:
    """Apply §11.1 to index.html. `values` holds the settings named in _PAGE_SETTINGS."""
    base = site_path or "/"
    cdn_base = cdn.rstrip("/").replace("$version", __version__) if cdn else site_path
    page = raw
    page = _replace_first(page, "cdn: undefined", f"cdn: {js_str(cdn_base)}")
    page = _replace_first(page, "base_path: undefined", f"base_path: {js_str(base)}")
    if base != "/":
        page = _replace_first(page, 'href="/manifest.json"', f'href="{html.escape(base)}/manifest.json"')
    page = _replace_first(page, "main_color: undefined", f"main_color: {js_str(values.get('main_color', ''))}")
    page = _replace_first(page, "Loading...", html.escape(values.get("site_title", "")))
    page = _replace_first(page, "https://res.oplist.org/logo/logo.svg", html.escape(values.get("favicon", "")))
    logo = (values.get("logo", "").splitlines() or [""])[0]
    page = _replace_first(page, "https://res.oplist.org/logo/logo.png", html.escape(logo))
    # Custom head/body are raw HTML by design (an admin feature), left out of the admin pages so
    # a broken snippet cannot lock the admin out of fixing it.
    page = _replace_first(page, "<!-- customize head -->", "" if manage else values.get("customize_head", ""))
    page = _replace_first(page, "<!-- customize body -->", "" if manage else values.get("customize_body", ""))
    if own:
        favicon = values.get("favicon", "")
        site = {
            "site_title": values.get("site_title", ""),
            "version": values.get("version", ""),
            "logo": "" if logo.startswith(_OPENLIST_CDN_LOGO) else logo,
            "favicon": "" if favicon.startswith(_OPENLIST_CDN_LOGO) else favicon,
        }
        page = _replace_first(page, "site: undefined", f"site: {_json_for_script(site)}")
        # The build references "./assets/…"; client routes are nested, so make it absolute.
        page = page.replace('"./assets/', f'"{html.escape(cdn_base)}/assets/')
    return page


@dataclass
class _Spa:
    dist: Path
    own: bool
    site_path: str
    cdn: str
    _raw: str | None = None
    _raw_mtime: float = -1.0
    _cache: dict[tuple[object, ...], bytes] = field(default_factory=dict)

    def raw_index(self) -> str:
        path = self.dist / "index.html"
        try:
            mtime = path.stat().st_mtime
        except OSError:
            raise web.HTTPInternalServerError(
                text=f"web app not found: {path} is missing (build it with scripts/build-web)") from None
        if self._raw is None or mtime != self._raw_mtime:
            self._raw = path.read_text(encoding="utf-8")
            self._raw_mtime = mtime
            self._cache.clear()
        return self._raw

    def page(self, values: dict[str, str], manage: bool) -> bytes:
        raw = self.raw_index()
        key = (manage, *(values.get(k, "") for k in _PAGE_SETTINGS))
        body = self._cache.get(key)
        if body is None:
            if len(self._cache) > 16:  # settings changed many times: keep the cache small
                self._cache.clear()
            body = patch_index(raw, values, site_path=self.site_path, cdn=self.cdn, own=self.own,
                               manage=manage).encode()
            self._cache[key] = body
        return body

    def asset(self, folder: str, rel: str) -> Path:
        root = (self.dist / folder).resolve()
        try:
            target = (root / rel).resolve()
        except (OSError, RuntimeError):
            raise web.HTTPNotFound() from None
        if not target.is_relative_to(root) or not target.is_file():
            raise web.HTTPNotFound()
        return target


def _dist_of(app: web.Application) -> tuple[Path, bool]:
    config = app[keys.CONFIG]
    if config.dist_dir:
        dist = Path(config.dist_dir).expanduser()
        if not dist.is_absolute():
            dist = config.data_dir / dist
        return dist, False
    return OWN_DIST, True


def setup_spa(app: web.Application) -> None:
    config = app[keys.CONFIG]
    dist, own = _dist_of(app)
    site = config.site_path
    spa = _Spa(dist=dist, own=own, site_path=site, cdn=config.cdn.rstrip("/"))

    async def static(request: web.Request) -> web.StreamResponse:
        folder, rel = request.match_info["folder"], request.match_info["path"]
        if spa.cdn:
            raise web.HTTPFound(f"{spa.cdn.replace('$version', __version__)}/{folder}/{rel}")
        target = spa.asset(folder, rel)
        cache = IMMUTABLE if folder == "assets" and _HASHED.search(target.name) else LONG_CACHE
        # FileResponse serves <file>.gz itself when the client accepts gzip (postbuild makes them).
        return web.FileResponse(target, headers={"Cache-Control": cache})

    async def fallback(request: web.Request) -> web.StreamResponse:
        # With a site sub-path this app is mounted as a sub-application under it (app.create_app),
        # so routes are relative while request.path still carries the prefix.
        path = request.path
        rel = (path[len(site):] if site and path.startswith(site) else path) or "/"
        if rel == "/api" or rel.startswith("/api/"):
            raise web.HTTPNotFound()  # the errors middleware answers the JSON envelope (D3)
        if rel.split("/", 2)[1] in ASSET_DIRS:
            raise web.HTTPNotFound()  # a missing asset is a 404, not the page
        if request.method not in ("GET", "POST", "HEAD"):
            raise web.HTTPMethodNotAllowed(request.method, ["GET", "POST", "HEAD"])
        settings = app[keys.SETTINGS]
        values = {k: settings.get(k) for k in _PAGE_SETTINGS}
        manage = rel == "/@manage" or rel.startswith("/@manage/")
        resp = web.Response(body=spa.page(values, manage), content_type="text/html", charset="utf-8",
                            headers={"Cache-Control": "no-cache"})
        resp.enable_compression()
        return resp

    folders = "|".join(ASSET_DIRS)
    app.router.add_get(f"/{{folder:(?:{folders})}}/{{path:.+}}", static)
    app.router.add_route("*", "/{tail:.*}", fallback)
