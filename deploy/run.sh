#!/usr/bin/env bash
# Builds and runs Commitment Radar.
#
#   deploy/run.sh         # build, start the private PostgreSQL if needed, migrate, serve
#   deploy/run.sh stop    # stop the service and the private PostgreSQL
#
# Without DATABASE_URL it keeps a private, persistent PostgreSQL cluster under
# ./.radar/pg (port RADAR_PGPORT, default 54329), creates the database `radar`
# and its roles (`radar setup`), and connects as radar_owner. With
# DATABASE_URL set it uses that database as is: run `radar setup` there once
# yourself, as a superuser. Running it again is safe: everything is reused.
#
# It ends by starting `radar serve` in the background on 127.0.0.1:RADAR_PORT
# (default 8080; log ./.radar/serve.log, pid ./.radar/serve.pid) with an admin
# of the demo organisation (its generated password is printed on the first run
# only) and a fresh API token (the previous run's token is revoked). A second
# run restarts the service.
#
# RADAR_BINARY=<path> uses that radar instead of building one;
# RADAR_STATE_DIR=<dir> keeps the cluster, log and pid file there, not in ./.radar.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=deploy/lib/common.sh
source "$ROOT/deploy/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$ROOT/deploy/lib/postgres.sh"
# shellcheck source=deploy/lib/service.sh
source "$ROOT/deploy/lib/service.sh"
cd "$ROOT"

STATE_DIR=${RADAR_STATE_DIR:-$ROOT/.radar}
CLUSTER_DIR="$STATE_DIR/pg"
PORT=${RADAR_PGPORT:-54329}
HTTP_PORT=${RADAR_PORT:-8080}
DEMO_SLUG=demo
DEMO_ADMIN=admin@harbourline.example
PRIVATE_CLUSTER=""
RADAR=""
LOGIN_NOTE=""
TOKEN=""

usage() {
    cat <<'EOF'
usage: deploy/run.sh          build and run Commitment Radar
       deploy/run.sh stop     stop the service and the private PostgreSQL under ./.radar
EOF
}

build() {
    if [[ -n ${RADAR_BINARY:-} ]]; then
        [[ -x $RADAR_BINARY ]] || die "RADAR_BINARY=$RADAR_BINARY is not an executable"
        RADAR=$RADAR_BINARY
        log "using $RADAR (RADAR_BINARY: nothing is built)"
        return 0
    fi
    log "building radar (release)"
    local started=$SECONDS
    swift build -c release --product radar || die "build failed after $(elapsed "$started") s"
    RADAR="$(swift build -c release --show-bin-path)/radar"
    [[ -x $RADAR ]] || die "the build did not produce $RADAR"
    log "build took $(elapsed "$started") s"
}

# The private cluster: started (or reused), with database `radar`, its roles
# and grants, and DATABASE_URL pointing at it as radar_owner.
start_private_database() {
    start_cluster "$CLUSTER_DIR" "$PORT"
    ensure_database radar
    "$RADAR" setup --database-url "postgresql://postgres@127.0.0.1:$PORT/radar"
    export DATABASE_URL="postgresql://radar_owner@127.0.0.1:$PORT/radar"
    PRIVATE_CLUSTER=1
}

print_usage() {
    log "ready. To use the CLI from this shell:"
    if [[ -n $PRIVATE_CLUSTER ]]; then
        cat >&2 <<EOF

    export DATABASE_URL='$DATABASE_URL'
    $RADAR --help

  Stop the service and the private PostgreSQL with: deploy/run.sh stop
  (deploy/run.sh starts them again; the data stays in $RADAR_PG_DIR)
EOF
    else
        cat >&2 <<EOF

    $RADAR --help      # DATABASE_URL is already set in your environment

  Stop the service with: deploy/run.sh stop
EOF
    fi
}

# An admin of the demo organisation, added once: its generated password is printed only then. Sets LOGIN_NOTE.
ensure_demo_admin() {
    if "$RADAR" user list --format csv | cut -d , -f 1 | grep -qx "$DEMO_ADMIN"; then
        LOGIN_NOTE="password: shown when deploy/run.sh first added this user (a new one: $RADAR user reset-password $DEMO_ADMIN)"
        return 0
    fi
    local out password
    out=$("$RADAR" user add "$DEMO_ADMIN" --name "Demo admin" --org "$DEMO_SLUG" --role admin 2>/dev/null) ||
        die "could not add the demo admin $DEMO_ADMIN"
    password=$(printf '%s\n' "$out" | sed -n 's/^password: //p')
    [[ -n $password ]] || die "radar user add printed no password"
    LOGIN_NOTE="password: $password   (shown only this once: note it now)"
    # The admin looks after the top team as their HR owner, so "My radar" (/mine) has people on it from the start.
    local top_team
    mapfile -t top_team < <("$RADAR" stakeholder list --org "$DEMO_SLUG" --tier top_team --format csv | tail -n +2 |
        python3 -c 'import csv, sys; [print(row[1]) for row in csv.reader(sys.stdin)]')
    if ((${#top_team[@]} > 0)); then
        "$RADAR" owners assign --org "$DEMO_SLUG" --owner "$DEMO_ADMIN" "${top_team[@]}" >/dev/null ||
            die "could not make the demo admin the HR owner of the top team"
    fi
}

# A fresh API token for the demo admin; the one the previous run created is revoked. Sets TOKEN.
create_token() {
    local id_file="$STATE_DIR/serve-token.id" note
    if [[ -f $id_file ]]; then
        "$RADAR" token revoke "$(<"$id_file")" >/dev/null 2>&1 || true
    fi
    note=$(mktemp)
    if ! TOKEN=$("$RADAR" token create --user "$DEMO_ADMIN" --name "deploy/run.sh" 2>"$note"); then
        cat "$note" >&2
        rm -f -- "$note"
        die "could not create an API token for $DEMO_ADMIN"
    fi
    mkdir -p -- "$STATE_DIR"
    grep -o 'token [0-9a-f-]\{36\}' "$note" | cut -d ' ' -f 2 >"$id_file" || true
    rm -f -- "$note"
}

# Where to go next: the address, the login, the token, and curl lines that record a conversation and list the
# flags it raises.
print_service() {
    local url="http://127.0.0.1:$HTTP_PORT" api now
    api="$url/api/v1/orgs/$DEMO_SLUG"
    now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    cat >&2 <<EOF

  Commitment Radar serves at $url (log: $STATE_DIR/serve.log)
    the web pages          $url/   (log in with the admin below)
    the OpenAPI document   $url/api/v1/openapi.yaml
    health and metrics     $url/healthz   $url/readyz   $url/metrics

  Login for the web pages ($url/login) and the API, an admin of the demo organisation "$DEMO_SLUG":
    e-mail: $DEMO_ADMIN
    $LOGIN_NOTE

  API token (a new one each run, shown only here):
    export RADAR_TOKEN='$TOKEN'

  Record a conversation: HR presents the programme to the top team before any champion has briefed them:
    curl -sS -X POST '$api/conversations' \\
      -H "Authorization: Bearer \$RADAR_TOKEN" -H 'Content-Type: application/json' \\
      -H "Idempotency-Key: \$(date +%s%N)" \\
      -d '{"occurred_at": "$now", "kind": "presentation",
           "initiated_by": "helen.ward@harbourline.example",
           "participants": [{"email": "helen.ward@harbourline.example"}, {"email": "maya.okafor@harbourline.example"},
                            {"email": "tom.brennan@harbourline.example"}, {"email": "lars.eriksen@harbourline.example"}]}'

  Evaluate the rules now: "raised" counts the flags the conversation caused (hr-before-champions, guideline G08,
  whose subject is the conversation's ref); then list the open high-severity flags, the new one among them:
    curl -sS -X POST '$api/check' -H "Authorization: Bearer \$RADAR_TOKEN" \\
      -H 'Content-Type: application/json' -d '{}'
    curl -sS '$api/flags?severity=high' -H "Authorization: Bearer \$RADAR_TOKEN"

  The requests show up in $url/metrics (radar_http_requests_total).
EOF
}

# The last step: what running the product means. Show the database and
# migration status, then serve the demo organisation with a login and a token.
run_product() {
    # An empty database gets the demo organisation, so there is something to look at straight away.
    if [[ $("$RADAR" org list --format csv | wc -l) -le 1 ]]; then
        "$RADAR" demo --slug "$DEMO_SLUG"
    fi
    "$RADAR" status
    stop_service "$STATE_DIR"
    if "$RADAR" org list --format csv | cut -d , -f 1 | grep -qx "$DEMO_SLUG"; then
        # Flags raised now, so the check after the conversation below shows only what that conversation caused.
        "$RADAR" check --org "$DEMO_SLUG" >/dev/null
        ensure_demo_admin
        create_token
    else
        warn "this database has no organisation \"$DEMO_SLUG\", so no login was made; add one with: $RADAR user add"
    fi
    # The service logs in as radar_service (never the owner) unless RADAR_SERVICE_DATABASE_URL names another login.
    DATABASE_URL=${RADAR_SERVICE_DATABASE_URL:-$(as_service_login "$DATABASE_URL")} \
        start_service "$RADAR" "$STATE_DIR" "$HTTP_PORT"
    print_usage
    if [[ -n $TOKEN ]]; then
        print_service
    else
        log "serving at http://127.0.0.1:$HTTP_PORT (web pages at http://127.0.0.1:$HTTP_PORT/)"
    fi
}

main() {
    case ${1:-} in
        "") ;;
        stop)
            stop_service "$STATE_DIR"
            stop_cluster "$CLUSTER_DIR"
            return 0
            ;;
        -h | --help)
            usage
            return 0
            ;;
        *)
            usage >&2
            die "unknown argument: $1"
            ;;
    esac

    ensure_swift
    # shellcheck disable=SC2119 # no arguments: the default RADAR_PACKAGES
    ensure_packages
    build
    if [[ -z ${DATABASE_URL:-} ]]; then
        start_private_database
    else
        log "using the database of DATABASE_URL (no private cluster, no radar setup)"
    fi
    "$RADAR" migrate
    run_product
}

main "$@"
