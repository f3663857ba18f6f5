#!/usr/bin/env bash
# Installs every Debian package Lineport needs to build, run and test.
# Idempotent: packages already present are skipped, so a second run is quick.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config make
  # clang for the libFuzzer target (scripts/fuzz.sh); clang-format checks the C++ layout
  clang libclang-rt-14-dev clang-format
  # C++ libraries (headers and link libraries)
  libboost-dev libboost-system-dev nlohmann-json3-dev libsqlite3-dev libpq-dev
  libsodium-dev libcurl4-openssl-dev libcsv-dev libphonenumber-dev
  libhowardhinnant-date-dev libspdlog-dev libcli11-dev libtomlplusplus-dev
  libqrencode-dev libpng-dev liboath-dev libgtest-dev libbenchmark-dev tzdata
  # the portal's gzip and brotli copies (scripts/precompress.cpp, run by scripts/build-web.sh)
  zlib1g-dev libbrotli-dev
  # the web portal's toolchain
  nodejs npm
  # real peers used by the tests: database, mail server, browser
  postgresql sqlite3 python3-aiosmtpd chromium
  # the independent parser of GET /metrics in its test (Prometheus text format)
  python3-prometheus-client
  # make bench: HTTP load (bench/usage_dashboard_wrk.sh)
  wrk curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# node and npm may come from outside Debian on some machines; accept any working pair.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs/}")
  missing=("${missing[@]/npm/}")
fi
read -r -a missing <<<"${missing[*]}"

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all packages present"
fi
