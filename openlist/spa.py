"""Serving the web app (issue 5) — placeholder until the web app lands."""

from __future__ import annotations

from aiohttp import web


def setup_spa(app: web.Application) -> None:
    return None
