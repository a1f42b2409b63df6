"""Spine benchmarks: login throughput and latency at 16 concurrent clients (wrk), and cold start
to the first 200 on /ping. Servers bind 127.0.0.1; every load run is bounded (≤ 10 s)."""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.serverproc import Server, free_port  # noqa: E402

LUA = """
wrk.method = "POST"
wrk.body = '{"username":"admin","password":"bench-pass","otp_code":""}'
wrk.headers["Content-Type"] = "application/json"
"""


def cold_start(runs: int = 5) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([sys.executable, "-m", "openlist", "admin", "set", "x"], cwd=d, capture_output=True, check=True)
        for _ in range(runs):
            port = free_port()
            t0 = time.perf_counter()
            proc = subprocess.Popen([shutil.which("openlist") or "openlist", "server", "--host", "127.0.0.1",
                                     "--port", str(port)], cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = t0 + 20
            while time.perf_counter() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=1) as r:
                        if r.status == 200:
                            break
                except OSError:
                    time.sleep(0.005)
            times.append(time.perf_counter() - t0)
            proc.terminate()
            proc.wait(10)
    return times


def login_load(seconds: int = 8) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as d, Server(Path(d), env={"OPENLIST_ADMIN_PASSWORD": "bench-pass"}) as srv:
        lua = Path(d) / "login.lua"
        lua.write_text(LUA)
        # the throttle would (rightly) not be involved: every login succeeds
        out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-s", str(lua),
                              srv.url + "/api/auth/login"], capture_output=True, text=True, timeout=seconds + 20).stdout
        check = srv.login("admin", "bench-pass")
        assert check["code"] == 200, check
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    lat = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
    return {"req/s": rps.group(1) if rps else "?", "p50": lat.get("50", "?"), "p90": lat.get("90", "?"),
            "p99": lat.get("99", "?")}


def main() -> None:
    if not shutil.which("wrk"):
        print("wrk missing: apt-get install -y wrk", file=sys.stderr)
        sys.exit(1)
    starts = cold_start()
    res = login_load()
    print("| workload | openlist | target |")
    print("|---|---|---|")
    print(f"| login (POST /api/auth/login, 16 conn, argon2id) | {res['req/s']} req/s, p50 {res['p50']}, "
          f"p99 {res['p99']} | p99 ≤ 150 ms |")
    print(f"| cold start to first /ping (installed package) | median {statistics.median(starts)*1000:.0f} ms "
          f"(min {min(starts)*1000:.0f}, max {max(starts)*1000:.0f}) | ≤ 1 s |")
    print(json.dumps({"login": res, "cold_start_s": starts}), file=sys.stderr)


if __name__ == "__main__":
    main()
