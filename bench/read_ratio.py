#!/usr/bin/env python3
"""The read path against nginx serving the same bytes (bench/read_ratio.sh runs this)."""
import argparse
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lists import Client, api_token, csv_file, free_port, sign_in, start_server, stop_server  # noqa: E402

NGINX_CONF = """worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type application/json;
  server {{
    listen 127.0.0.1:{port};
    root {work}/static;
  }}
}}
"""


def wrk(url, duration, token=None):
    command = ["wrk", "-t2", "-c32", f"-d{duration}", "--latency", url]
    if token:
        command[1:1] = ["-H", "Authorization: Bearer " + token]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out:
        sys.exit(f"errors during the wrk run of {url}:\n{out}")
    rps = float(re.search(r"^Requests/sec:\s+(\S+)", out, re.M).group(1))
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    return rps, p99


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--lineport", default="build-bench/lineport")
    args = parser.parse_args()

    server, base, _, work, store = start_server(args.lineport)
    nginx = None
    try:
        admin, root_org = sign_in(base)
        bank = admin.json("POST", f"/api/v1/orgs/{root_org}/children", {"name": "Bank"})["id"]
        token = api_token(admin, base, work, bank)
        csv_file(f"{work}/accounts.csv", args.accounts, "user")
        admin.json("POST", f"/api/v1/orgs/{bank}/accounts/import", open(f"{work}/accounts.csv", "rb").read(),
                   content_type="text/csv")

        page_path = f"/api/v1/orgs/{bank}/accounts?limit=50"
        reader = Client(base)
        reader.headers["Authorization"] = "Bearer " + token
        os.chmod(work, 0o755)  # nginx's workers run as another user
        os.makedirs(f"{work}/static")
        with open(f"{work}/static/page.json", "wb") as f:
            f.write(reader.send("GET", page_path)[1])
        with open(f"{work}/static/healthz", "wb") as f:
            f.write(Client(base).send("GET", "/healthz")[1])
        port = free_port()
        with open(f"{work}/nginx.conf", "w") as f:
            f.write(NGINX_CONF.format(work=work, port=port))
        nginx_bin = "nginx" if subprocess.run(["which", "nginx"], capture_output=True).returncode == 0 \
            else "/usr/sbin/nginx"
        nginx = subprocess.Popen([nginx_bin, "-c", f"{work}/nginx.conf", "-g", "daemon off;"],
                                 stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        page_bytes = os.path.getsize(f"{work}/static/page.json")

        print(f"Read path against nginx (wrk -t2 -c32 -d{args.duration}, one after the other; "
              f"{args.accounts:,} accounts in the organization; load average {os.getloadavg()[0]:.2f})")
        for name, path, static, auth, target in [
                (f"page of 50 accounts ({page_bytes:,} bytes), bearer token", page_path, "/page.json", token, 0.25),
                ("/healthz", "/healthz", "/healthz", None, 0.5)]:
            ours, our_p99 = wrk(base + path, args.duration, auth)
            theirs, their_p99 = wrk(f"http://127.0.0.1:{port}{static}", args.duration)
            print(f"  {name}: Lineport {ours:,.0f} requests/s (p99 {our_p99}), nginx {theirs:,.0f} requests/s "
                  f"(p99 {their_p99}): ratio {ours / theirs:.2f} (target: at least {target})")
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait()
        stop_server(server, work, store)


if __name__ == "__main__":
    main()
