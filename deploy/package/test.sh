#!/usr/bin/env bash
# Installs the Debian package on this machine and runs it with no source tree behind it (issue 21, part 1).
#
#   deploy/package/test.sh [PACKAGE.deb]    # as root; without a package, builds one (debug, quick compression)
#
# Checks the units with systemd-analyze verify, then, with the build folder's web resources moved out of reach,
# runs the installed /usr/bin/radar: setup and migrate against a throwaway PostgreSQL, `radar serve`, and fetches
# /readyz and the login page (so the templates and assets really shipped). Then removes the package (settings
# stay) and purges it (settings go). Leaves the machine as it found it, whatever happens.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=deploy/lib/common.sh
source "$ROOT/deploy/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$ROOT/deploy/lib/postgres.sh"
# shellcheck source=deploy/lib/service.sh
source "$ROOT/deploy/lib/service.sh"

is_root || die "the package test installs with dpkg -i: run it as root"
command -v dpkg >/dev/null || die "dpkg not found: the package test needs a Debian system"
ensure_packages curl adduser systemd

package=${1:-}
if [[ -z $package ]]; then
    package=$(RADAR_PACKAGE_CONFIGURATION=${RADAR_PACKAGE_CONFIGURATION:-debug} RADAR_PACKAGE_COMPRESSION=gzip \
        RADAR_PACKAGE_OUT=${RADAR_PACKAGE_OUT:-/tmp/radar-package-out} "$ROOT/deploy/package/build.sh")
fi
[[ -f $package ]] || die "no package at $package"

throwaway_workspace radar-package package
hidden=()
# shellcheck disable=SC2317 # called by the trap
restore() {
    local dir
    for dir in "${hidden[@]}"; do mv -- "$dir.away" "$dir" 2>/dev/null || true; done
    if dpkg-query -W -f='${Status}' commitment-radar 2>/dev/null | grep -q installed; then
        dpkg --purge commitment-radar >/dev/null 2>&1 || true
    fi
}
trap 'restore; _remove_workspace' EXIT

failures=0
check() { # check DESCRIPTION COMMAND...: runs the command; counts and names a failure
    local what=$1
    shift
    if "$@" >/dev/null 2>&1; then log "ok: $what"; else warn "FAILED: $what"; failures=$((failures + 1)); fi
}

log "installing $package"
dpkg -i "$package" >&2 || die "dpkg -i $package failed"
check "radar is installed as /usr/bin/radar" test -x /usr/bin/radar
check "the web resources are beside the binary" test -f /usr/lib/commitment-radar/commitment-radar_RadarWeb.resources/Templates/login.mustache
check "the settings are a conffile readable by the radar group only" \
    bash -c '[[ $(stat -c %a:%G /etc/radar/radar.env) == 640:radar ]]'
check "the man page is installed" bash -c 'zcat /usr/share/man/man1/radar.1.gz | grep -q "radar migrate"'
check "bash completion is installed" grep -q radar /usr/share/bash-completion/completions/radar
check "systemd-analyze verify accepts both units" \
    systemd-analyze verify /lib/systemd/system/radar.service /lib/systemd/system/radar-migrate.service

# Out of reach of the installed binary: the build folders' resources it could otherwise fall back to.
for dir in "$ROOT"/.build*/*/commitment-radar_RadarWeb.resources "$ROOT"/.build*/*/*/commitment-radar_RadarWeb.resources; do
    [[ -d $dir ]] || continue
    mv -- "$dir" "$dir.away"
    hidden+=("$dir")
done

start_cluster "$TMP" "$(free_port)" throwaway
ensure_database radar_package
superuser="postgresql://postgres@127.0.0.1:$RADAR_PG_PORT/radar_package"
(cd / && /usr/bin/radar setup --database-url "$superuser") >/dev/null || die "the installed radar setup failed"
(cd / && /usr/bin/radar migrate --database-url "postgresql://radar_owner@127.0.0.1:$RADAR_PG_PORT/radar_package") \
    >/dev/null || die "the installed radar migrate failed"
port=$(free_port)
(cd / && DATABASE_URL="postgresql://radar_service@127.0.0.1:$RADAR_PG_PORT/radar_package" RADAR_SCHEDULER=off \
    start_service /usr/bin/radar "$TMP/package" "$port")
check "the installed service is ready" curl -fsS "http://127.0.0.1:$port/readyz"
check "the installed service serves the login page" \
    bash -c "curl -fsS http://127.0.0.1:$port/login | grep -q 'name=\"password\"'"
check "the installed service serves its style sheet" curl -fsS "http://127.0.0.1:$port/assets/radar.css"
stop_service "$TMP/package"

dpkg --remove commitment-radar >&2
check "removing takes the binary away" test ! -e /usr/bin/radar
check "removing keeps the settings" test -f /etc/radar/radar.env
dpkg --purge commitment-radar >&2
check "purging removes the settings" test ! -e /etc/radar

if ((failures > 0)); then die "$failures package check(s) failed"; fi
log "the package installs, runs from its installed paths and uninstalls cleanly"
