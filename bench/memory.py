#!/usr/bin/env python3
"""Resident memory of an idle server after the largest work it does (issue 14, items 4 and 5).

    bench/memory.py [--rows 100000] [--runs 1] [--lineport build-bench/lineport] [--postgresql [URL]]

On a fresh server on SQLite: imports a CSV file of ROWS accounts with invitations over HTTP, timed
end to end (upload, parsing, checks, write, answer) against `sqlite3 .import` of the same file
(target: at most 3x); waits until every invitation is mailed; sends the large bad bodies of
issue 14 (16 MiB of "[" from a signed-in administrator, 16 MiB to the sign-in, a 60 MiB CSV
import without credentials); then reads VmRSS from /proc/<pid>/status once the server is idle.
Target: under 64 MiB.
With --runs N, N imports one after the other, each into a new organization and each timed
against its own bare import, and the median ratio; each starts once the invitations of the one
before are mailed and the server is idle again. With --postgresql the server runs on PostgreSQL
(a new database of the server at URL, or of a throwaway cluster of scripts/postgres.sh) and the
floor is psql's `\copy` (COPY FROM STDIN) of the same file into a table of text columns
(issue 14, item 8: at most 3x).
"""
import argparse
import os
import socket
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lists import (Client, add_postgresql_option, csv_file, sign_in, start_server, stop_server,  # noqa: E402
                   timed_import)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def wait_idle(pid):
    last = cpu_ticks(pid)
    for _ in range(600):
        time.sleep(1)
        now = cpu_ticks(pid)
        if now - last <= 2:
            return
        last = now


def headers_only(port, target, content_type, length):
    """Sends the headers of a large body and reads the answer, sending none of the body."""
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(f"POST {target} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
                  f"Content-Length: {length}\r\n\r\n".encode())
        return s.recv(200).split(b"\r\n", 1)[0].decode()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--lineport", default="build-bench/lineport")
    add_postgresql_option(parser)
    args = parser.parse_args()

    server, base, port, work, store = start_server(args.lineport, args.postgresql)
    try:
        admin, root_org = sign_in(base)
        print(f"idle after start: {rss_mib(server.pid):.1f} MiB "
              f"({'PostgreSQL' if args.postgresql is not None else 'SQLite'})")
        numbers = [f"+1212555{1000 + i}" for i in range(100 * args.runs)]
        admin.json("POST", f"/api/v1/orgs/{root_org}/numbers", {"numbers": numbers})

        csv_path = f"{work}/accounts.csv"
        spool = f"{work}/mail"
        ratios = []
        for run in range(args.runs):
            bank = admin.json("POST", f"/api/v1/orgs/{root_org}/children",
                              {"name": "Bank" if run == 0 else f"Bank {run + 1}"})["id"]
            admin.json("POST", f"/api/v1/orgs/{root_org}/numbers/allocate", {"to_org_id": bank, "count": 100})
            csv_file(csv_path, args.rows, "user" if run == 0 else f"r{run}u")
            imported, baseline = timed_import(admin, bank, csv_path, store, invite=True)
            ratios.append(imported / baseline)
            print(f"CSV import of {args.rows:,} rows with invitations over HTTP: {imported:.3f} s; {store.baseline} "
                  f"of the same file: {baseline:.3f} s; ratio {ratios[-1]:.2f}x (target: at most 3x; "
                  f"load average {os.getloadavg()[0]:.2f})")
            for _ in range(1200):
                if os.path.isdir(spool) and len(os.listdir(spool)) >= args.rows * (run + 1):
                    break
                time.sleep(0.5)
            wait_idle(server.pid)
        if args.runs > 1:
            print(f"ratio over {args.runs} runs: median {statistics.median(ratios):.2f}x "
                  f"({min(ratios):.2f}-{max(ratios):.2f}x)")
        print(f"idle after the import and its {len(os.listdir(spool)):,} invitations: {rss_mib(server.pid):.1f} MiB")

        deep = b"[" * ((16 << 20) - 1)
        status, _, _ = admin.send("POST", f"/api/v1/orgs/{root_org}/children", deep)
        anonymous = Client(base)
        login_status, _, _ = anonymous.send("POST", "/api/v1/auth/login", deep)
        csv_answer = headers_only(port, f"/api/v1/orgs/{bank}/accounts/import", "text/csv", 60 << 20)
        wait_idle(server.pid)
        print(f"bad bodies answered {status} (16 MiB of '[' signed in), {login_status} (the same to the sign-in), "
              f"'{csv_answer}' (60 MiB CSV without credentials)")
        rss = rss_mib(server.pid)
        print(f"idle after the bad bodies: {rss:.1f} MiB (target: under 64 MiB)")
    finally:
        stop_server(server, work, store)


if __name__ == "__main__":
    main()
