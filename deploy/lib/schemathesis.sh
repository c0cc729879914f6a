# shellcheck shell=bash
# Schemathesis against a live `radar serve`, for deploy/test.sh. Source it after deploy/lib/common.sh and
# deploy/lib/postgres.sh, once start_cluster has started the throwaway cluster; do not run it.
#
#   ensure_schemathesis                 # a virtual environment with schemathesis 4 (cached, created once)
#   run_schemathesis RADAR_BINARY DIR   # fresh database, demo data, a token, the server, then every check
#   stop_schemathesis_server            # for cleanup traps: stops the server if it still runs
#
# The virtual environment lives in $RADAR_VENV (default: $XDG_CACHE_HOME/commitment-radar/venv when XDG_CACHE_HOME
# is set, else ./.radar/venv), outside git. RADAR_SCHEMATHESIS_EXAMPLES bounds the examples per operation.

RADAR_VENV=${RADAR_VENV:-${XDG_CACHE_HOME:+$XDG_CACHE_HOME/commitment-radar/venv}}
RADAR_VENV=${RADAR_VENV:-$ROOT/.radar/venv}
RADAR_SCHEMATHESIS_REQUIREMENT='schemathesis>=4,<5'
RADAR_SCHEMATHESIS_EXAMPLES=${RADAR_SCHEMATHESIS_EXAMPLES:-50}
_SCHEMATHESIS_SERVER_PID=""

# Creates the virtual environment and installs schemathesis into it, unless it is there already.
ensure_schemathesis() {
    if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
        ensure_packages python3 python3-venv
    fi
    if [[ -x $RADAR_VENV/bin/schemathesis ]]; then
        return 0
    fi
    log "creating a Python virtual environment for schemathesis in $RADAR_VENV"
    mkdir -p -- "$(dirname "$RADAR_VENV")"
    python3 -m venv "$RADAR_VENV" || die "python3 -m venv $RADAR_VENV failed"
    "$RADAR_VENV/bin/pip" install -q --disable-pip-version-check "$RADAR_SCHEMATHESIS_REQUIREMENT" >&2 \
        || die "pip install $RADAR_SCHEMATHESIS_REQUIREMENT failed (is PyPI reachable?)"
}

# Waits until URL answers 200, for up to 60 seconds, while the server process lives.
_wait_for_url() {
    local url=$1 i
    for ((i = 0; i < 120; i++)); do
        if "$RADAR_VENV/bin/python" -c 'import sys, urllib.request
sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)' "$url" 2>/dev/null; then
            return 0
        fi
        kill -0 "$_SCHEMATHESIS_SERVER_PID" 2>/dev/null || return 1
        sleep 0.5
    done
    return 1
}

# run_schemathesis RADAR_BINARY DIR
# A fresh database `radar_schemathesis` in the cluster (roles, migrations, the demo organisation, an admin and an
# API token made with the CLI), `radar serve` on a free loopback port with its log in DIR/serve.log, then
# schemathesis with every check. Returns schemathesis's exit status: non-zero on any finding.
run_schemathesis() {
    local radar=$1 dir=$2 db=radar_schemathesis port url token status=0 started=$SECONDS
    [[ -x $radar ]] || die "run_schemathesis: $radar is not an executable"
    mkdir -p -- "$dir"
    ensure_schemathesis

    cluster_psql postgres -c "drop database if exists $db" -c "create database $db" >/dev/null
    "$radar" setup --database-url "postgresql://postgres@127.0.0.1:$RADAR_PG_PORT/$db" >/dev/null
    local database_url="postgresql://radar_owner@127.0.0.1:$RADAR_PG_PORT/$db"
    DATABASE_URL=$database_url "$radar" migrate >/dev/null
    DATABASE_URL=$database_url "$radar" demo --slug demo >/dev/null
    DATABASE_URL=$database_url "$radar" user add schemathesis@demo.example --name "Schemathesis" \
        --org demo --role admin >/dev/null 2>&1 || die "could not add the schemathesis user"
    token=$(DATABASE_URL=$database_url "$radar" token create --user schemathesis@demo.example \
        --name schemathesis 2>/dev/null) || die "could not create the schemathesis API token"

    port=$(free_port)
    url="http://127.0.0.1:$port"
    DATABASE_URL=$database_url RADAR_LOG_LEVEL=warning RADAR_SCHEDULER=off \
        "$radar" serve --hostname 127.0.0.1 --port "$port" >"$dir/serve.log" 2>&1 &
    _SCHEMATHESIS_SERVER_PID=$!
    if ! _wait_for_url "$url/readyz"; then
        tail -n 20 "$dir/serve.log" >&2 || true
        stop_schemathesis_server
        die "radar serve did not become ready on $url (log: $dir/serve.log)"
    fi

    # The organisation in every path is the demo one, so the requests reach the handlers instead of a 404.
    # 422 is how the API answers a request that matches the document but breaks a rule of the record (an e-mail
    # that names no stakeholder, a date before the one it follows, an Idempotency-Key reused with another body):
    # rules a schema cannot state, so schema-valid data may meet them.
    cat >"$dir/schemathesis.toml" <<'EOF'
headers = { Authorization = "Bearer ${RADAR_SCHEMATHESIS_TOKEN}" }

[parameters]
org = "demo"

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
EOF
    log "schemathesis: every check against $url/api/v1/openapi.yaml (log of the server: $dir/serve.log)"
    # One worker: with two threads, CPython 3.11's ast.parse (called by hypothesis to describe filters) can
    # fail with "AST constructor recursion depth mismatch", a crash of the tool rather than a finding.
    RADAR_SCHEMATHESIS_TOKEN=$token "$RADAR_VENV/bin/schemathesis" --config-file "$dir/schemathesis.toml" \
        run "$url/api/v1/openapi.yaml" --checks all --workers 1 \
        --max-examples "$RADAR_SCHEMATHESIS_EXAMPLES" --request-timeout 15 --no-color \
        --report junit --report-dir "$dir/schemathesis-report" || status=$?
    stop_schemathesis_server
    if grep -q -E 'level=critical|Fatal error' "$dir/serve.log"; then
        warn "radar serve logged a fatal error during the schemathesis run (log: $dir/serve.log)"
        status=1
    fi
    log "schemathesis took $(elapsed "$started") s (exit code $status)"
    return "$status"
}

# Stops the server run_schemathesis started (SIGTERM, then waits for it), if it still runs.
stop_schemathesis_server() {
    if [[ -n $_SCHEMATHESIS_SERVER_PID ]] && kill -0 "$_SCHEMATHESIS_SERVER_PID" 2>/dev/null; then
        kill -TERM "$_SCHEMATHESIS_SERVER_PID" 2>/dev/null || true
        wait "$_SCHEMATHESIS_SERVER_PID" 2>/dev/null || true
    fi
    _SCHEMATHESIS_SERVER_PID=""
}
