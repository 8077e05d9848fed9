#!/usr/bin/env bash
# One-time set-up of a machine for markwatch: the README's first command and CI's first step.
# Installs what the machine lacks — Debian's chromium (the browser the crawler drives; never a downloaded
# build), fonts-noto-cjk (so screenshots and PDFs of Chinese pages show glyphs, not boxes) and poppler-utils
# (pdftotext: the tests read the text back out of the lead packages' PDFs) — then the npm packages from
# the lockfile (`npm ci`, which also builds dist/ through the prepare script).
#
#   bash scripts/setup.sh              # as root, or as a user with sudo
#   MARKWATCH_SKIP_APT=1 bash scripts/setup.sh   # npm packages only; the browser tests and shopc are skipped
#   MARKWATCH_WITH_PG=1 bash scripts/setup.sh    # also Debian's postgresql, for the PostgreSQL test suite
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || fail "Node.js is not installed: install Node.js 20 (>= 20.19) first."
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "Node.js $(node --version) is too old: markwatch needs Node.js 20 (>= 20.19)."

need_apt=()
if [ -z "${MARKWATCH_SKIP_APT:-}" ]; then
  # The crawler's default browser path (config browser.executablePath) is Debian's: another Chromium on PATH
  # (a snap, a download) does not count.
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  { command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; } || need_apt+=(fonts-noto-cjk)
  [ -x /usr/bin/pdftotext ] || need_apt+=(poppler-utils)
  # PostgreSQL for the scale-out suite (MARKWATCH_WITH_PG=1; .ci/run sets it): the tests start a throw-away
  # cluster with its initdb and pg_ctl, so the package's own cluster is never used.
  if [ -n "${MARKWATCH_WITH_PG:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
      && ! command -v initdb >/dev/null 2>&1; then
    need_apt+=(postgresql)
  fi
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
    say "installing ${need_apt[*]} needs root: sudo will ask for your password"
    SUDO=(sudo)
  else
    fail "missing Debian packages: ${need_apt[*]}. Run this script as root or as a user with sudo, or install them yourself: apt-get install ${need_apt[*]} (or set MARKWATCH_SKIP_APT=1 to go on without them)."
  fi
  command -v apt-get >/dev/null 2>&1 || fail "missing packages ${need_apt[*]} and no apt-get here: install them with your system's package manager."
  say "installing ${need_apt[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
else
  say "Debian packages present (chromium, fonts-noto-cjk, poppler-utils)"
fi

say "node $(node --version), npm $(npm --version)"
npm ci --no-audit --no-fund
say "done: run 'npm run demo' for the demo, 'npm test' for the tests"
