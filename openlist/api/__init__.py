"""The route table: every surface in one screen.

/api (JSON envelope)        module
  auth, me                  api.auth
  2FA, recovery codes       api.twofa
  app passwords             api.me_app_passwords
  public settings, ping     api.public
  fs                        api.fs
  admin users               api.admin_users
  admin storages            api.admin_storages
  admin drivers             api.admin_drivers
  admin metas               api.admin_metas
  admin settings            api.admin_settings
  admin audit log           api.admin_audit
  tasks, absent features    api.absent (empty task lists; clear refusals per §14)
/d, /p downloads            download
/dav WebDAV                 dav (before the fallback)
web app and fallback        spa (registered last)
"""

from __future__ import annotations

from aiohttp import web

from openlist import dav, download
from openlist.api import (
    absent,
    admin_audit,
    admin_drivers,
    admin_metas,
    admin_settings,
    admin_storages,
    admin_users,
    auth,
    fs,
    me_app_passwords,
    public,
    twofa,
)

API_MODULES = (auth, twofa, me_app_passwords, public, fs, admin_users, admin_storages, admin_drivers,
               admin_metas, admin_settings, admin_audit, absent)


def setup_routes(app: web.Application) -> None:
    for module in API_MODULES:
        app.router.add_routes(module.routes)
    app.router.add_routes(download.routes)
    dav.setup_dav(app)
