#!/usr/bin/env python3
"""One server against three on one PostgreSQL database (docs/scaling.md#one-server-and-three).

    bench/scaling_ratio.sh [--accounts 100000] [--invites 20000] [--duration 10s]
                           [--lineport build-bench/lineport] [--postgresql URL]

Builds a customer "Bank" of ACCOUNTS user accounts through the API, on a new database of the
PostgreSQL server at URL (dropped at the end) or of a throwaway cluster of scripts/postgres.sh.
Then, behind nginx as a round-robin load balancer, first in front of one server, then of three
on that database (one secret key, one mail spool), measures:
  - the Accounts page of 50 with its total, with a bearer token: wrk -t2 -c32, requests/s, p99;
  - an Import & Invite of INVITES rows into a new organization, through the balancer: seconds
    until the answer, and until the outbox is empty (every server's outbox worker sends).
Prints the three-to-one ratios with the load average. On a 2-core machine the servers,
PostgreSQL, nginx and wrk share the two cores: the ratio shows what sharing costs, not a speed-up.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lists import (PASSWORD, ROOT_EMAIL, Client, PostgreSQLStore, api_token, csv_file, free_port,  # noqa: E402
                   sign_in)

NGINX_CONF = """user root;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {work}/nginx-body;
  proxy_temp_path {work}/nginx-proxy;
  client_max_body_size 100m;
  upstream lineport {{
{servers}
    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://lineport;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffers 16 16k;
      proxy_read_timeout 600s;
    }}
  }}
}}
"""


class Servers:
    """`lineport serve` processes on one database, sharing the secret key and the mail spool (as
    docs/scaling.md#deployment asks), behind nginx on `base`."""

    def __init__(self, lineport, store, work):
        self.lineport, self.store, self.work = lineport, store, work
        self.processes, self.ports = [], []
        self.nginx = None
        self.port = free_port()  # the balancer's, kept when it restarts with more servers
        self.base = f"http://127.0.0.1:{self.port}"

    def add(self):
        port = free_port()
        process = subprocess.Popen(
            [self.lineport, "--log-level", "warn", "serve", "--db", self.store.url, "--secret-key-file",
             f"{self.work}/secret.key", "--listen", f"127.0.0.1:{port}", "--mail-spool", f"{self.work}/mail",
             "--sms-spool", f"{self.work}/sms", "--rate-limit-per-second", "1000000", "--rate-limit-burst", "1000000"],
            stdout=open(f"{self.work}/server{len(self.processes)}.log", "w"), stderr=subprocess.STDOUT)
        self.processes.append(process)
        self.ports.append(port)
        wait_until_up(f"http://127.0.0.1:{port}")
        self.balance()

    def balance(self):
        """(Re)starts nginx in front of every server."""
        self.stop_nginx()
        for temp in ("nginx-body", "nginx-proxy"):
            os.makedirs(f"{self.work}/{temp}", exist_ok=True)
        with open(f"{self.work}/nginx.conf", "w") as f:
            f.write(NGINX_CONF.format(work=self.work, port=self.port,
                                      servers="\n".join(f"    server 127.0.0.1:{p};" for p in self.ports)))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.nginx = subprocess.Popen([nginx, "-c", f"{self.work}/nginx.conf", "-g", "daemon off;"],
                                      stderr=open(f"{self.work}/nginx.log", "w"))
        wait_until_up(self.base)

    def stop_nginx(self):
        if self.nginx:
            self.nginx.terminate()
            self.nginx.wait()
            self.nginx = None

    def stop(self):
        self.stop_nginx()
        for process in self.processes:
            process.terminate()
            process.wait()


def wait_until_up(base):
    for _ in range(300):
        try:
            if Client(base).send("GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"{base} did not answer")


def wrk(url, duration, token):
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{duration}", "--timeout", "30s", "--latency",
                          "-H", "Authorization: Bearer " + token, url], check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"errors during the wrk run of {url}:\n{out}")
    rps = float(re.search(r"^Requests/sec:\s+(\S+)", out, re.M).group(1))
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    return rps, p99


def outbox_waiting(store):
    """Messages not sent yet and invitation jobs not done, read from the database."""
    out = subprocess.run(store.psql(store.url, "SELECT (SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND "
                                    "failed_at IS NULL) + (SELECT COUNT(*) FROM invitation_jobs)") + ["-tA"],
                         check=True, capture_output=True, text=True).stdout
    return int(out.strip())


def import_and_invite(admin, base, parent, name, rows, store, work):
    """(seconds to the answer, seconds until every invitation is sent) of an Import & Invite of
    `rows` rows into a new organization `name`, sent through `base`."""
    org = admin.json("POST", f"/api/v1/orgs/{parent}/children", {"name": name})["id"]
    # Users invited without a number choose one at activation: the organization needs one free.
    number = f"+1212555{2000 + sum(map(ord, name)) % 8000}"
    admin.json("POST", f"/api/v1/orgs/{parent}/numbers", {"numbers": [number]})
    admin.json("POST", f"/api/v1/orgs/{parent}/numbers/allocate", {"to_org_id": org, "count": 1})
    csv_path = f"{work}/invite.csv"
    csv_file(csv_path, rows, name.lower().replace(" ", "") + "u")
    body = open(csv_path, "rb").read()
    through = Client(base)
    through.headers = dict(admin.headers)
    start = time.perf_counter()
    answer = through.json("POST", f"/api/v1/orgs/{org}/accounts/import?invite=true", body, content_type="text/csv")
    answered = time.perf_counter() - start
    if answer["invited"] != rows:
        sys.exit(f"the import invited {answer['invited']} of {rows}")
    while outbox_waiting(store) > 0:
        time.sleep(0.2)
    return answered, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--invites", type=int, default=20_000)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--lineport", default="build-bench/lineport")
    parser.add_argument("--postgresql", default="", metavar="URL",
                        help="a PostgreSQL server to create the database on (default: a throwaway cluster)")
    args = parser.parse_args()
    for tool, package in (("wrk", "wrk"), ("psql", "postgresql-client")):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install {package}")

    work = tempfile.mkdtemp(prefix="lineport-bench.")
    os.chmod(work, 0o755)
    store = PostgreSQLStore(work, args.postgresql)
    servers = Servers(args.lineport, store, work)
    try:
        subprocess.run([args.lineport, "--log-level", "warn", "init", "--db", store.url, "--root-org", "Carrier",
                        "--admin-email", ROOT_EMAIL, "--admin-password", PASSWORD], check=True, capture_output=True)
        servers.add()
        admin, root_org = sign_in(servers.base)
        bank = admin.json("POST", f"/api/v1/orgs/{root_org}/children", {"name": "Bank"})["id"]
        token = api_token(admin, servers.base, work, bank)
        csv_file(f"{work}/accounts.csv", args.accounts, "user")
        admin.json("POST", f"/api/v1/orgs/{bank}/accounts/import", open(f"{work}/accounts.csv", "rb").read(),
                   content_type="text/csv")
        page = f"/api/v1/orgs/{bank}/accounts?limit=50"
        # As autovacuum would within a minute: the planner's statistics count the accounts imported.
        subprocess.run(store.psql(store.url, "ANALYZE"), check=True, capture_output=True)

        print(f"One server against three on one PostgreSQL database, behind nginx (round robin); "
              f"{args.accounts:,} accounts in the organization:")
        results = {}
        for count in (1, 3):
            while len(servers.processes) < count:
                servers.add()
            wrk(servers.base + page, "3s", token)  # every server's connections prepare their statements
            rps, p99 = wrk(servers.base + page, args.duration, token)
            answered, mailed = import_and_invite(admin, servers.base, root_org, f"Customer {count}", args.invites,
                                                 store, work)
            results[count] = (rps, answered, mailed)
            print(f"  {count} server{'s' if count > 1 else ' '}: Accounts page {rps:,.0f} requests/s (p99 {p99}); "
                  f"Import & Invite of {args.invites:,} rows: answered in {answered:.2f} s, every invitation sent "
                  f"after {mailed:.1f} s (load average {os.getloadavg()[0]:.2f})")
        (rps1, answered1, mailed1), (rps3, answered3, mailed3) = results[1], results[3]
        print(f"  three against one: Accounts page {rps3 / rps1:.2f}x the requests/s; import answered in "
              f"{answered3 / answered1:.2f}x the time, invitations sent in {mailed3 / mailed1:.2f}x the time "
              f"(2 cores shared by every process: the overhead of sharing, not a speed-up)")
    finally:
        servers.stop()
        store.close(False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
