#!/usr/bin/env python3
"""Call-filter checks over HTTP (issue 15, section 3): `POST /api/v1/call-filter/check` with a bearer
token, as a telecom core asks before it connects a call, against a plan of 10,000 blocked prefixes.

    bench/call_filter.py [--prefixes 10000] [--duration 10s] [--lineport build-bench/lineport]

Builds its data over HTTP on a fresh SQLite server: a plan at the root with PREFIXES blocked
prefixes (+1 and 3 to 6 more digits) and a few allowed ones, chosen for a bank; an account of the
bank with a multiline number; an API user whose role holds only usage.ingest. Then wrk -t2 -c32
sends the same check, to a destination whose longest prefix is allowed (every length is looked
up). Target: at least 20,000 checks/s on this 2-core machine. The in-process rate of the decision
alone is bench/call_filter_bench.
"""
import argparse
import os
import random
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lists import api_token, sign_in, start_server, stop_server  # noqa: E402

CHECK_LUA = """wrk.method = "POST"
wrk.body = '{"from": "+12125551000", "to": "+19005551234"}'
wrk.headers["Content-Type"] = "application/json"
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--prefixes", type=int, default=10_000)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--lineport", default="build-bench/lineport")
    args = parser.parse_args()

    server, base, _, work, store = start_server(args.lineport)
    try:
        admin, root_org = sign_in(base)
        bank = admin.json("POST", f"/api/v1/orgs/{root_org}/children", {"name": "Bank"})["id"]
        admin.json("POST", f"/api/v1/orgs/{root_org}/numbers", {"numbers": ["+12125551000"]})
        admin.json("POST", f"/api/v1/orgs/{root_org}/numbers/allocate", {"to_org_id": bank, "count": 1})
        admin.json("POST", f"/api/v1/orgs/{bank}/accounts",
                   {"login": "caller@bank.example", "multiline_number": "+12125551000"})

        rng = random.Random(15)
        blocked = set()
        while len(blocked) < args.prefixes:
            blocked.add("+1" + "".join(rng.choice("0123456789") for _ in range(rng.randint(3, 6))))
        blocked.add("+1900")
        plan = admin.json("POST", f"/api/v1/orgs/{root_org}/subscriptions", {
            "name": "Filtered", "features": ["voice"],
            "limits": {"max_accounts": None, "max_numbers": None, "max_suborgs": None},
            "charging": {"currency": "USD", "voice_per_minute": "0.01", "per_message": "0.01", "data_per_mb": "0.01",
                         "monthly_per_active_user": "1"},
            "call_filtering": {"mode": "allow_all", "allowed_prefixes": ["+1900555123"],
                               "blocked_prefixes": sorted(blocked)}})
        admin.json("PATCH", f"/api/v1/orgs/{bank}/settings", {"subscription_id": plan["id"]})
        role = admin.json("POST", f"/api/v1/orgs/{bank}/roles", {"name": "Telecom core", "privileges": ["usage.ingest"]})
        token = api_token(admin, base, work, bank, role["id"])

        with open(f"{work}/check.lua", "w") as f:
            f.write(CHECK_LUA)
        out = subprocess.run(["wrk", "-t2", "-c32", f"-d{args.duration}", "--latency", "-s", f"{work}/check.lua",
                              "-H", "Authorization: Bearer " + token, base + "/api/v1/call-filter/check"],
                             check=True, capture_output=True, text=True).stdout
        if "Non-2xx" in out:
            sys.exit(f"errors during the wrk run:\n{out}")
        rps = float(re.search(r"^Requests/sec:\s+(\S+)", out, re.M).group(1))
        p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
        print(f"call-filter checks over HTTP, {len(blocked):,} blocked prefixes, wrk -t2 -c32 -d{args.duration}: "
              f"{rps:,.0f} checks/s (p99 {p99}; target: at least 20,000; load average {os.getloadavg()[0]:.2f})")
    finally:
        stop_server(server, work, store)


if __name__ == "__main__":
    main()
