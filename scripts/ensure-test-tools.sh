#!/usr/bin/env bash
# The programs the tests run besides Node: hledger (reads the exported journal), Chromium (the
# browser tests), a CJK font (so screenshots of the Chinese pages show text) and nginx (the go-live
# suite puts deploy/nginx/linli.conf in front of the service). `npm test` runs
# this first; `.ci/run` too. On Debian as root it installs what is missing; otherwise it says what
# to install and the tests that need it explain themselves.
set -euo pipefail

missing=()
command -v hledger >/dev/null 2>&1 || missing+=(hledger)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# Read the list whole first: `grep -q` stops at its first match, and under pipefail the
# fc-list it cut off would count as a missing font.
fonts=$(fc-list 2>/dev/null || true)
grep -qi "noto sans cjk" <<<"$fonts" || missing+=(fonts-noto-cjk)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "${LINLI_NO_INSTALL:-}" = "1" ]; then
  echo "test tools missing: ${missing[*]} (LINLI_NO_INSTALL=1: not installing)" >&2
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing the programs the tests use: ${missing[*]} (apt-get; once per machine)" >&2
  # One install at a time on a machine (two test runs may start together); apt waits for its own
  # locks too.
  exec 9>/tmp/linli-ensure-test-tools.lock
  flock 9
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
  echo "installed: ${missing[*]}" >&2
else
  echo "the tests use programs this machine lacks: ${missing[*]}" >&2
  echo "install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}); the suites that need them will fail until then" >&2
fi
