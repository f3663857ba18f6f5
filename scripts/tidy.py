#!/usr/bin/env python3
"""clang-tidy's checks (.clang-tidy) on the server's sources: `make tidy`, and a section of `make test`.

Any finding fails the run. clang-tidy parses each file as a compiler would (10 s of a core for a file
that includes Beast), so a file found clean is remembered under a hash of its preprocessed text, the
configuration and clang-tidy's version: the next run checks only what a change reached. A fresh
checkout without the cache checks everything.

    scripts/tidy.py [BUILD_DIR]     (BUILD_DIR holds compile_commands.json; default build)
"""
import concurrent.futures
import hashlib
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# clang 14 implements coroutines but does not announce them (__cpp_impl_coroutine), so libstdc++ 12's
# <coroutine> and Boost.Asio 1.74 hide theirs, and the server's coroutines would not parse.
EXTRA_ARGS = ["-D__cpp_impl_coroutine=201902L", "-DBOOST_ASIO_HAS_CO_AWAIT=1", "-DBOOST_ASIO_HAS_STD_COROUTINE=1"]
CACHE = Path(os.environ.get("LINEPORT_TIDY_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lineport-tidy")


def sources():
    listed = subprocess.run(["git", "ls-files", "src/*.cpp"], cwd=ROOT, check=True, capture_output=True, text=True)
    return [ROOT / f for f in listed.stdout.split() if not f.endswith("_test.cpp")]


def preprocess_command(entry):
    """The file's compile command, turned into one that prints the preprocessed text."""
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    if Path(args[0]).name == "ccache":
        args = args[1:]
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
        elif a not in ("-c", "-MD", "-MMD"):
            out.append(a)
    return out + ["-E", "-P", "-o", "-"]


def cache_key(entry, fingerprint):
    text = subprocess.run(preprocess_command(entry), cwd=entry["directory"], check=True, capture_output=True).stdout
    path = os.path.relpath(entry["file"], ROOT)
    return hashlib.sha256(fingerprint + path.encode() + b"\0" + text).hexdigest()


def check(entry, build, fingerprint):
    """None when the file is clean, else clang-tidy's findings."""
    key = cache_key(entry, fingerprint)
    if (CACHE / key).exists():
        return None
    extra = [f"--extra-arg={a}" for a in EXTRA_ARGS]
    run = subprocess.run(["clang-tidy", "-p", str(build), "--quiet", *extra, entry["file"]], cwd=ROOT, capture_output=True, text=True)
    findings = "\n".join(line for line in run.stdout.splitlines() if line.strip())
    if run.returncode != 0 or "warning:" in findings or "error:" in findings:
        return findings or run.stderr
    (CACHE / key).touch()
    return None


def main():
    build = ROOT / (sys.argv[1] if len(sys.argv) > 1 else "build")
    commands = {str(Path(e["file"]).resolve()): e for e in json.loads((build / "compile_commands.json").read_text())}
    version = subprocess.run(["clang-tidy", "--version"], check=True, capture_output=True).stdout
    fingerprint = version + (ROOT / ".clang-tidy").read_bytes() + " ".join(EXTRA_ARGS).encode()
    CACHE.mkdir(parents=True, exist_ok=True)
    files = sources()
    missing = [str(f) for f in files if str(f) not in commands]
    if missing:
        sys.exit("tidy: not in compile_commands.json (run cmake first): " + " ".join(missing))
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda f: (f, check(commands[str(f)], build, fingerprint)), files))
    failed = [(f, findings) for f, findings in results if findings is not None]
    for f, findings in failed:
        print(f"== {os.path.relpath(f, ROOT)}\n{findings}\n")
    print(f"tidy: {len(files)} files, {len(failed)} with findings")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
