#!/usr/bin/env bash
# Builds and runs Commitment Radar.
#
#   deploy/run.sh         # build, start the private PostgreSQL if needed, migrate, run
#   deploy/run.sh stop    # stop the private PostgreSQL
#
# Without DATABASE_URL it keeps a private, persistent PostgreSQL cluster under
# ./.radar/pg (port RADAR_PGPORT, default 54329), creates the database `radar`
# and its roles (`radar setup`), and connects as radar_owner. With
# DATABASE_URL set it uses that database as is: run `radar setup` there once
# yourself, as a superuser. Running it again is safe: everything is reused.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=deploy/lib/common.sh
source "$ROOT/deploy/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$ROOT/deploy/lib/postgres.sh"
cd "$ROOT"

CLUSTER_DIR="$ROOT/.radar/pg"
PORT=${RADAR_PGPORT:-54329}
PRIVATE_CLUSTER=""
RADAR=""

usage() {
    cat <<'EOF'
usage: deploy/run.sh          build and run Commitment Radar
       deploy/run.sh stop     stop the private PostgreSQL under ./.radar
EOF
}

build() {
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
    log "ready. To use it from this shell:"
    if [[ -n $PRIVATE_CLUSTER ]]; then
        cat >&2 <<EOF

    export DATABASE_URL='$DATABASE_URL'
    $RADAR --help

  Stop the private PostgreSQL with: deploy/run.sh stop
  (deploy/run.sh starts it again; its data stays in $RADAR_PG_DIR)
EOF
    else
        cat >&2 <<EOF

    $RADAR --help      # DATABASE_URL is already set in your environment
EOF
    fi
}

# The last step: what running the product means. Today: show the database
# and migration status, then how to use it.
run_product() {
    # An empty database gets the demo organisation, so there is something to look at straight away.
    if [[ $("$RADAR" org list --format csv | wc -l) -le 1 ]]; then
        "$RADAR" demo
    fi
    "$RADAR" status
    print_usage
}

main() {
    case ${1:-} in
        "") ;;
        stop)
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
