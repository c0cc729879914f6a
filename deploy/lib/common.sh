# shellcheck shell=bash
# Shared helpers for deploy/run.sh and deploy/test.sh: logging, Debian
# packages, the Swift toolchain and free ports. Source it; do not run it.
# PostgreSQL cluster helpers live in deploy/lib/postgres.sh.

# The Debian packages both scripts need: the PostgreSQL server (initdb,
# pg_ctl, psql), the libpq headers, pkg-config (CLibPQ finds libpq with it)
# and libcurl (Foundation's URLSession sends webhooks through it on Linux);
# python3 with PyJWT and cryptography run deploy/oidc/provider.py, the OpenID
# Connect provider the single sign-on tests and browser stories sign in through.
# libical (libical-dev) reads calendars.
RADAR_PACKAGES=(postgresql libpq-dev pkg-config libcurl4 libical-dev python3 python3-jwt python3-cryptography)

# Log helpers: every line goes to stderr and starts with "radar: ".
log() { printf 'radar: %s\n' "$*" >&2; }
warn() { printf 'radar: warning: %s\n' "$*" >&2; }
die() {
    printf 'radar: error: %s\n' "$*" >&2
    exit 1
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# Makes `swift` available, adding /opt/swift/usr/bin to PATH if needed.
ensure_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        if [[ -x /opt/swift/usr/bin/swift ]]; then
            export PATH="/opt/swift/usr/bin:$PATH"
        else
            die "no Swift toolchain: put swift (Swift 6) on PATH or install it under /opt/swift"
        fi
    fi
}

# ensure_packages [PACKAGE...]: installs whichever of the packages (default: RADAR_PACKAGES) is missing
# (Debian/Ubuntu only). As a non-root user it only says what to install, and exits 1.
ensure_packages() {
    local wanted=("$@")
    if [[ ${#wanted[@]} -eq 0 ]]; then wanted=("${RADAR_PACKAGES[@]}"); fi
    if ! command -v dpkg-query >/dev/null 2>&1; then
        warn "dpkg-query not found: not a Debian system, so not checking for ${wanted[*]}"
        return 0
    fi
    local missing=() pkg
    for pkg in "${wanted[@]}"; do
        # shellcheck disable=SC2016 # ${Status} is dpkg-query's field, not ours
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    if ! is_root; then
        die "missing Debian packages: ${missing[*]}. Install them, then run this again:
    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
    fi
    log "installing missing Debian packages: ${missing[*]}"
    if [[ -z ${RADAR_APT_UPDATED:-} ]]; then
        apt-get update -q >&2 || die "apt-get update failed"
        RADAR_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
        || die "apt-get install ${missing[*]} failed"
}

# Prints a TCP port on 127.0.0.1 that nothing listens on at the moment.
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' && return 0
    fi
    # No python3: scan upwards from 55000 for a port that refuses connections.
    local port
    for ((port = 55000; port < 56000; port++)); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    die "no free TCP port found on 127.0.0.1 between 55000 and 55999"
}

# Seconds elapsed since $1 (a value of $SECONDS).
elapsed() { printf '%s' $((SECONDS - $1)); }

# The Python virtual environment the test tools (schemathesis, selenium) share: $XDG_CACHE_HOME/commitment-radar/venv
# when XDG_CACHE_HOME is set, else ./.radar/venv; outside git either way.
RADAR_VENV=${RADAR_VENV:-${XDG_CACHE_HOME:+$XDG_CACHE_HOME/commitment-radar/venv}}
RADAR_VENV=${RADAR_VENV:-${ROOT:-.}/.radar/venv}

# ensure_venv: python3 with venv (installing the Debian packages if missing) and the virtual environment, created once.
ensure_venv() {
    if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
        ensure_packages python3 python3-venv
    fi
    if [[ ! -x $RADAR_VENV/bin/python ]]; then
        log "creating a Python virtual environment in $RADAR_VENV"
        mkdir -p -- "$(dirname "$RADAR_VENV")"
        python3 -m venv "$RADAR_VENV" || die "python3 -m venv $RADAR_VENV failed"
    fi
}
