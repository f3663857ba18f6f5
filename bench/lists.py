#!/usr/bin/env python3
"""The lists the portal shows, over HTTP, at the size of a large customer (docs/performance.md#lists).

    bench/lists.py [--accounts 100000] [--branches 9] [--numbers 1000000] [--duration 10s]
                   [--lineport build-bench/lineport] [--postgresql [URL]]

Builds the dataset through the API of a fresh server on SQLite: a customer "Bank" holding
ACCOUNTS user accounts and BRANCHES sub-organizations of ACCOUNTS accounts each (1,000,000 across
the tree by default), every one imported as a CSV file over HTTP (the first import is timed end to
end against `sqlite3 .import` of the same file). With --postgresql the server runs on a new
database of the PostgreSQL server at URL (dropped at the end), or of a throwaway cluster of
scripts/postgres.sh when no URL is given, and the first import is timed against psql's `\copy`
(COPY FROM STDIN) of the same file into a table of text columns. Then, for each list and filter, prints the
median time of 20 requests one after the other (the server's time plus one local round trip) and
wrk's p99 at 32 clients (`wrk -t2 -c32`), with the load average the run saw.
Targets: under 5 ms per page of 50, total included; p99 under 50 ms at 32 clients.
Also the sub-organizations (each with its subtree's accounts) and the organization itself, the
administrators, permission groups and reports' first pages and the customer's charges of
the current cycle (an API user whose role holds every privilege), and the root's pool of NUMBERS
numbers (the root administrator's session).
"""
import argparse
import base64
import email
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT_EMAIL = "root@bench.example"
PASSWORD = "bench-password-123"
HEADER = ("firstname,lastname,email_or_device,social_messaging,multiline_number,monitor_calls,monitor_sms,"
          "forwarding_number,restrict_incoming_social_messaging")


class Client:
    def __init__(self, base):
        self.base = base
        self.headers = {}

    def send(self, method, path, body=None, content_type="application/json", headers=None):
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        for k, v in {**self.headers, **(headers or {})}.items():
            request.add_header(k, v)
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=600) as answer:
                return answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers

    def json(self, method, path, body=None, expect=(200, 201), **kw):
        status, data, _ = self.send(method, path, body, **kw)
        if status not in expect:
            sys.exit(f"{method} {path} answered {status}: {data[:500]!r}")
        return json.loads(data) if data else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def csv_file(path, rows, prefix):
    with open(path, "w") as f:
        f.write(HEADER + "\n")
        for i in range(rows):
            f.write(f"First{i},Last{i},{prefix}{i}@bench.example,Yes,,auto,on,,No\n")


BARE_TABLE = "CREATE TABLE accounts_bare (" + ", ".join(c + " TEXT" for c in HEADER.split(",")) + ")"


def elapsed(command):
    """Seconds a command takes, start to exit (the baselines are timed as a user would run them)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


class SQLiteStore:
    """The server's database in the bench's directory; its floor is `sqlite3 .import` into a bare
    table of text columns in a new file."""
    baseline = "sqlite3 .import"

    def __init__(self, work):
        self.work = work
        self.url = f"sqlite://{work}/lineport.db"

    def bare_import_seconds(self, csv_path):
        db = os.path.join(self.work, "bare.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        subprocess.run(["sqlite3", db, "PRAGMA journal_mode=WAL;", BARE_TABLE + ";"], check=True, capture_output=True)
        return elapsed(["sqlite3", db, f".import --csv --skip 1 {csv_path} accounts_bare"])

    def close(self, keep):
        pass


class PostgreSQLStore:
    """A new database for the server on the PostgreSQL server at `url` (None: a throwaway cluster
    of scripts/postgres.sh, fsync off as for the tests), and a second one for the floor: psql's
    `\\copy` of the file into a bare table of text columns, on the same server, so both pay the
    same server settings."""
    baseline = "COPY"

    def __init__(self, work, url):
        self.cluster = None
        if not url:
            # initdb refuses root: scripts/postgres.sh hands the directory to the postgres user.
            self.cluster = tempfile.mkdtemp(prefix="lineport-bench-pg.")
            url = self.cluster_command("start").stdout.strip()
        self.server_url = url
        self.name = "lineport_bench_" + os.path.basename(work).split(".")[-1].lower()
        for db in (self.name, self.name + "_bare"):
            subprocess.run(self.psql(url, f"CREATE DATABASE {db}"), check=True, capture_output=True)
        self.url = self.database_url(self.name)
        self.bare_url = self.database_url(self.name + "_bare")

    def cluster_command(self, command):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "postgres.sh")
        return subprocess.run(["bash", script, command, self.cluster], check=True, capture_output=True, text=True)

    def database_url(self, name):
        return urllib.parse.urlparse(self.server_url)._replace(path="/" + name).geturl()

    @staticmethod
    def psql(url, *commands):
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url] + [a for c in commands for a in ("-c", c)]

    def bare_import_seconds(self, csv_path):
        subprocess.run(self.psql(self.bare_url, "DROP TABLE IF EXISTS accounts_bare", BARE_TABLE), check=True,
                       capture_output=True)
        return elapsed(self.psql(self.bare_url, f"\\copy accounts_bare FROM '{csv_path}' WITH (FORMAT csv, HEADER)"))

    def close(self, keep):
        if keep:
            print(f"kept: {self.url}" + (f" (stop it with: bash scripts/postgres.sh stop {self.cluster})"
                                         if self.cluster else ""))
            return
        if self.cluster:
            self.cluster_command("stop")
            shutil.rmtree(self.cluster, ignore_errors=True)
            return
        for db in (self.name, self.name + "_bare"):
            subprocess.run(self.psql(self.server_url, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"), check=True,
                           capture_output=True)


def mailed_password(spool, to):
    for _ in range(200):
        for name in sorted(os.listdir(spool)) if os.path.isdir(spool) else []:
            with open(os.path.join(spool, name), "rb") as f:
                message = email.message_from_binary_file(f)
            if to not in message.get("To", ""):
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    found = re.search(r"Password:\s*(\S+)", part.get_payload(decode=True).decode())
                    if found:
                        return found.group(1)
        time.sleep(0.1)
    sys.exit(f"no invitation with a password reached {to}")


def sequential_ms(base, path, auth, n=20):
    client = Client(base)
    client.headers.update(auth)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        status, body, _ = client.send("GET", path)
        times.append((time.perf_counter() - start) * 1000)
        if status != 200:
            sys.exit(f"GET {path} answered {status}: {body[:300]!r}")
    return statistics.median(times), json.loads(body)


def wrk_p99(base, path, auth, duration):
    headers = [arg for k, v in auth.items() for arg in ("-H", f"{k}: {v}")]
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{duration}", "--timeout", "30s", "--latency", *headers,
                          base + path],
                         check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out:
        sys.exit(f"errors during the wrk run of {path}:\n{out}")
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    rps = re.search(r"^Requests/sec:\s+(\S+)", out, re.M).group(1)
    return p99, rps


def start_server(lineport, postgresql=None):
    """A fresh server in a new directory, rate limits lifted (a benchmark would get 429), on SQLite,
    or on PostgreSQL when `postgresql` is given (a server's URL, or "" for a throwaway cluster):
    (process, base URL, port, directory, store). LINEPORT_SERVE_ARGS adds options to `serve`.
    stop_server() ends what this started."""
    work = tempfile.mkdtemp(prefix="lineport-bench.")
    store = SQLiteStore(work) if postgresql is None else PostgreSQLStore(work, postgresql)
    try:
        subprocess.run([lineport, "--log-level", "warn", "init", "--db", store.url, "--root-org", "Carrier",
                        "--admin-email", ROOT_EMAIL, "--admin-password", PASSWORD], check=True, capture_output=True)
    except BaseException:
        store.close(False)
        raise
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([lineport, "--log-level", "warn", "serve", "--db", store.url,
                               "--secret-key-file", f"{work}/secret.key",
                               "--listen", f"127.0.0.1:{port}", "--mail-spool", f"{work}/mail",
                               "--sms-spool", f"{work}/sms", "--rate-limit-per-second", "1000000",
                               "--rate-limit-burst", "1000000"] + os.environ.get("LINEPORT_SERVE_ARGS", "").split(),
                              stdout=open(f"{work}/server.log", "w"), stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            if Client(base).send("GET", "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    return server, base, port, work, store


def stop_server(server, work, store, keep=False):
    server.terminate()
    server.wait()
    store.close(keep)
    if keep:
        print(f"kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


def sign_in(base):
    """A client signed in as the root administrator, and the root organization's id."""
    admin = Client(base)
    status, body, headers = admin.send("POST", "/api/v1/auth/login", {"email": ROOT_EMAIL, "password": PASSWORD})
    if status != 200:
        sys.exit(f"sign-in answered {status}: {body[:300]!r}")
    admin.headers["Cookie"] = headers["Set-Cookie"].split(";")[0]
    admin.headers["X-CSRF-Token"] = json.loads(body)["csrf_token"]
    return admin, json.loads(body)["admin"]["org_id"]


def api_token(admin, base, work, org, role_id=None):
    """A bearer token of a new API user of `org` (the built-in API User role unless `role_id`)."""
    user = {"first_name": "Bench", "last_name": "Reader", "email": "api@bench.example",
            "external_applications": ["HttpApi"]}
    if role_id:
        user["role_id"] = role_id
    admin.json("POST", f"/api/v1/orgs/{org}/api-users", user)
    password = mailed_password(f"{work}/mail", user["email"])
    basic = base64.b64encode(f"{user['email']}:{password}".encode()).decode()
    return Client(base).json("POST", "/api/v1/auth/token", headers={"Authorization": "Basic " + basic})["access_token"]


def timed_import(admin, org, csv_path, store, invite=False):
    """Seconds to import `csv_path` into `org` over HTTP, end to end, and for the store's bare
    import of it (`sqlite3 .import` or COPY)."""
    baseline = store.bare_import_seconds(csv_path)
    body = open(csv_path, "rb").read()
    start = time.perf_counter()
    admin.json("POST", f"/api/v1/orgs/{org}/accounts/import" + ("?invite=true" if invite else ""), body,
               content_type="text/csv")
    return time.perf_counter() - start, baseline


def add_postgresql_option(parser):
    parser.add_argument("--postgresql", nargs="?", const="", metavar="URL",
                        help="run on a new database of this PostgreSQL server (dropped at the end), or without URL "
                             "on a throwaway cluster of scripts/postgres.sh; the floor is COPY instead of "
                             "sqlite3 .import")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--branches", type=int, default=9)
    parser.add_argument("--numbers", type=int, default=1_000_000)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--lineport", default="build-bench/lineport")
    parser.add_argument("--keep", action="store_true", help="keep the database (its directory is printed)")
    add_postgresql_option(parser)
    args = parser.parse_args()
    for tool, package in (("wrk", "wrk"), ("sqlite3", "sqlite3") if args.postgresql is None
                          else ("psql", "postgresql-client")):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install {package}")

    server, base, _, work, store = start_server(args.lineport, args.postgresql)
    try:
        admin, root_org = sign_in(base)

        bank = admin.json("POST", f"/api/v1/orgs/{root_org}/children", {"name": "Bank"})["id"]
        branches = [admin.json("POST", f"/api/v1/orgs/{bank}/children", {"name": f"Branch {b}"})["id"]
                    for b in range(args.branches)]
        # An API user whose role holds every privilege: it reads every list of the customer.
        catalog = [p["key"] for p in admin.json("GET", "/api/v1/privileges")["items"]]
        role = admin.json("POST", f"/api/v1/orgs/{bank}/roles", {"name": "Every list", "privileges": catalog})["id"]
        token = api_token(admin, base, work, bank, role)

        csv_path = f"{work}/accounts.csv"
        csv_file(csv_path, args.accounts, "user")
        imported, baseline = timed_import(admin, bank, csv_path, store)
        print(f"Dataset ({'PostgreSQL' if args.postgresql is not None else 'SQLite'}): {args.accounts:,} accounts "
              f"in Bank, {args.branches} branches of {args.accounts:,} ({args.accounts * (args.branches + 1):,} "
              f"across the tree)")
        print(f"  import of the first {args.accounts:,} rows over HTTP, without invitations: {imported:.3f} s; "
              f"{store.baseline} of the same file: {baseline:.3f} s; ratio {imported / baseline:.2f}x "
              f"(load average {os.getloadavg()[0]:.2f})")
        for b, branch in enumerate(branches):
            csv_file(csv_path, args.accounts, f"b{b}u")
            admin.json("POST", f"/api/v1/orgs/{branch}/accounts/import", open(csv_path, "rb").read(),
                       content_type="text/csv")

        # The number pool at the root: 100,000 numbers a request, valid New York numbers (exchanges
        # 200-999 but the N11 service codes, 10,000 lines each).
        exchanges = [e for e in range(200, 1000) if e % 100 != 11]

        def number(n):
            return f"+1212{exchanges[n // 10_000]}{n % 10_000:04d}"

        importing = 0.0
        for start in range(0, args.numbers, 100_000):
            batch = "number\n" + "".join(f"{number(n)}\n" for n in range(start, min(start + 100_000, args.numbers)))
            began = time.perf_counter()
            admin.json("POST", f"/api/v1/orgs/{root_org}/numbers", batch.encode(), content_type="text/csv")
            importing += time.perf_counter() - began
        print(f"  {args.numbers:,} numbers in the root's pool, imported over HTTP 100,000 a request in "
              f"{importing:.1f} s")

        groups = admin.json("GET", f"/api/v1/orgs/{bank}/permission-groups")
        group = next(g["id"] for g in groups["items"] if g["org_id"] == bank) if "items" in groups else None
        accounts = f"/api/v1/orgs/{bank}/accounts?limit=50"
        lists = [
            ("accounts, no filter", accounts),
            ("accounts, status=saved (all)", accounts + "&status=saved"),
            ("accounts, status=suspended (none)", accounts + "&status=suspended"),
            ("accounts, invitation_status=failed (none)", accounts + "&invitation_status=failed"),
            ("accounts, q=user999 (111 matches)", accounts + "&q=user999"),
            ("accounts, q=nobody (none)", accounts + "&q=nobody"),
            ("accounts, include_suborgs (whole tree)", accounts + "&include_suborgs=true"),
        ]
        if group:
            lists.append(("accounts, permission group (all)", accounts + f"&permission_group_id={group}"))
        lists += [
            ("sub-organizations (each subtree's accounts)", f"/api/v1/orgs/{bank}/children?limit=50"),
            ("the organization (its subtree's accounts)", f"/api/v1/orgs/{bank}"),
            ("administrators", f"/api/v1/orgs/{bank}/admins?limit=50"),
            ("permission groups", f"/api/v1/orgs/{bank}/permission-groups"),
            ("administrators report", f"/api/v1/orgs/{bank}/reports/administrators?limit=50"),
            ("admin activity report", f"/api/v1/orgs/{bank}/reports/admin_activity?limit=50"),
            # Not a page: the whole cycle's charges of the customer's tree, one line per organization.
            ("charges, current cycle (whole tree)", f"/api/v1/orgs/{bank}/charges?cycle=current"),
        ]
        bearer = {"Authorization": "Bearer " + token}
        lists = [(name, path, bearer) for name, path in lists]
        # The root's pool is the service provider's: read with the root administrator's session.
        session = {"Cookie": admin.headers["Cookie"]}
        lists += [("numbers, the root's pool", f"/api/v1/orgs/{root_org}/numbers?limit=50", session),
                  ("numbers, q=2122050 (digits)", f"/api/v1/orgs/{root_org}/numbers?limit=50&q=2122050", session)]
        print("Lists, page of 50 with its total (load average %.2f %.2f %.2f):" % os.getloadavg())
        for name, path, auth in lists if args.duration != "0" else []:
            median, page = sequential_ms(base, path, auth)
            p99, rps = wrk_p99(base, path, auth, args.duration)
            total = page.get("total", len(page["items"]) if "items" in page else None)
            total = f"{total:>9,}" if total is not None else f"{'-':>9}"  # the organization: no list
            print(f"  {name:44} total {total}  one at a time {median:7.2f} ms   32 clients: p99 {p99:>9}, "
                  f"{rps} requests/s")
    finally:
        stop_server(server, work, store, args.keep)


if __name__ == "__main__":
    main()
