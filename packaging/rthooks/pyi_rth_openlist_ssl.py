"""PyInstaller runtime hook: find CA certificates on any Linux host (packaging.md pitfall 13).

The bundled libssl keeps the build host's OPENSSLDIR (/usr/lib/ssl on Debian), so on Fedora, RHEL,
SUSE, Alpine-with-glibc or an image without ca-certificates no CA loads and every HTTPS call to a
storage backend fails. Runs before any user code, i.e. before `import aiohttp` builds its SSL
contexts. An explicit SSL_CERT_FILE / SSL_CERT_DIR from the user always wins.
"""


def _openlist_find_ca_bundle() -> None:
    import os
    import sys

    if os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR"):
        return
    if sys.platform == "win32":
        return  # ssl.create_default_context() loads the Windows certificate store itself
    candidates = (
        "/etc/ssl/certs/ca-certificates.crt",  # Debian, Ubuntu, Gentoo, Arch (p11-kit)
        "/etc/pki/tls/certs/ca-bundle.crt",  # Fedora, RHEL, CentOS
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  # RHEL 7+
        "/etc/ssl/ca-bundle.pem",  # openSUSE, SLES
        "/etc/ssl/cert.pem",  # Alpine, macOS, Arch, OpenBSD
        "/usr/local/etc/openssl/cert.pem",  # Homebrew
    )
    for path in candidates:
        try:
            if os.path.getsize(path) > 0:
                os.environ["SSL_CERT_FILE"] = path
                return
        except OSError:
            continue
    try:
        import certifi  # bundled by openlist.spec

        os.environ["SSL_CERT_FILE"] = certifi.where()
    except Exception:  # noqa: BLE001 - never stop the program over this
        pass


_openlist_find_ca_bundle()
del _openlist_find_ca_bundle
