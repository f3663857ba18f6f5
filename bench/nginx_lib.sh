# shellcheck shell=bash
# Shared by the benchmark scripts that put nginx beside or in front of Lineport (sourced, not run).

# ensure_nginx: installs nginx-light from Debian when nginx is missing. The package starts a
# server on port 80: stopped, as each benchmark runs its own.
ensure_nginx() {
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] && return
  echo "installing nginx-light (Debian)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
  systemctl stop nginx 2>/dev/null || service nginx stop 2>/dev/null || pkill -x nginx || true
}
