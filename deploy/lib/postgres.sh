# shellcheck shell=bash
# Local PostgreSQL clusters for deploy/run.sh and deploy/test.sh. Source it
# after deploy/lib/common.sh; do not run it.
#
# A cluster lives in one directory DIR: DIR/data (the data directory), DIR/log
# (the server log) and the unix socket DIR/.s.PGSQL.<port>. It listens on
# 127.0.0.1 only, its superuser is `postgres`, and initdb's trust
# authentication applies to the socket and to 127.0.0.1. As root, DIR belongs
# to the `postgres` OS user and the server tools run as that user, because
# initdb and pg_ctl refuse to run as root.
#
# start_cluster sets these for the caller:
#   RADAR_PG_DIR   the cluster directory actually used (see cluster_dir)
#   RADAR_PG_BIN   the PostgreSQL server bin directory
#   RADAR_PG_PORT  the TCP port
# (never taken from the environment: sourcing this file clears them).
RADAR_PG_DIR=""
RADAR_PG_BIN=""
RADAR_PG_PORT=""

# Prints the directory of initdb, pg_ctl and psql. `pg_config --bindir` may
# name a client-only directory, so the highest /usr/lib/postgresql/<major>/bin
# holding initdb wins.
pg_bindir() {
    local dir
    dir=$(for d in /usr/lib/postgresql/*/bin; do
        if [[ -x $d/initdb ]]; then printf '%s\n' "$d"; fi
    done | sort -V | tail -n 1)
    if [[ -z $dir ]] && command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir)
        [[ -x $dir/initdb ]] || dir=""
    fi
    if [[ -z $dir ]] && command -v initdb >/dev/null 2>&1; then
        dir=$(dirname "$(command -v initdb)")
    fi
    [[ -n $dir ]] || die "initdb not found: install the PostgreSQL server (Debian: apt-get install postgresql)"
    printf '%s\n' "$dir"
}

# The OS user that owns local clusters and runs their server tools: `postgres`
# when we are root, otherwise the current user (printed as empty).
pg_os_user() {
    if is_root; then printf 'postgres\n'; else printf '\n'; fi
}

# Runs a PostgreSQL server tool as the cluster's OS user, from /.
pg_server_run() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# The fallback location for a cluster directory DIR that cannot be used as is:
# stable for a given DIR and user, so a later run finds the same cluster.
_cluster_alt_dir() {
    local sum
    sum=$(printf '%s' "$1" | cksum | cut -d ' ' -f 1)
    printf '/var/tmp/radar-pg-%s-%s\n' "$(id -u)" "$sum"
}

# Prints the directory to use for a cluster asked for in DIR: DIR itself,
# unless DIR cannot hold the cluster (path too long for a unix socket,
# characters that PostgreSQL's option string cannot carry, or, as root, a
# parent directory the postgres OS user cannot search). Then it prints the
# fallback under /var/tmp and says so. An existing cluster is found in either.
cluster_dir() {
    local dir alt why=""
    dir=$(realpath -m -- "$1")
    alt=$(_cluster_alt_dir "$dir")
    if [[ -d $dir/data ]]; then
        printf '%s\n' "$dir"
        return 0
    fi
    if [[ -d $alt/data ]]; then
        log "$dir: using the cluster in $alt (see earlier runs)"
        printf '%s\n' "$alt"
        return 0
    fi
    if [[ ${#dir} -gt 90 ]]; then
        why="the path is too long for a PostgreSQL unix socket"
    elif [[ ! $dir =~ ^[A-Za-z0-9/._+-]+$ ]]; then
        why="the path has characters (spaces, quotes, ...) that pg_ctl -o cannot pass on"
    elif is_root && ! runuser -u postgres -- test -x "$(dirname "$dir")" 2>/dev/null; then
        why="the postgres OS user cannot reach it (a parent directory is not searchable by others)"
    fi
    if [[ -n $why ]]; then
        log "$dir: $why; using $alt instead"
        printf '%s\n' "$alt"
    else
        printf '%s\n' "$dir"
    fi
}

# start_cluster DIR PORT [throwaway]
# Creates the cluster if DIR has none, starts it on 127.0.0.1:PORT with its
# unix socket in DIR, and waits until it accepts connections. A cluster that is
# already running in DIR is reused. `throwaway` trades durability for speed
# (fsync and friends off): only for clusters whose data may be lost.
start_cluster() {
    local want=$1 port=$2 kind=${3:-persistent}
    [[ $port =~ ^[0-9]+$ ]] || die "start_cluster: bad port '$port'"
    [[ $kind == persistent || $kind == throwaway ]] || die "start_cluster: bad kind '$kind'"
    if is_root && ! id -u postgres >/dev/null 2>&1; then
        die "running as root needs the postgres OS user (created by the postgresql package) to own the cluster"
    fi
    local bin dir
    bin=$(pg_bindir)
    mkdir -p -- "$want"
    dir=$(cluster_dir "$want")
    mkdir -p -- "$dir"
    chmod 700 "$dir"
    if is_root; then chown postgres:postgres "$dir"; fi
    RADAR_PG_DIR=$dir
    RADAR_PG_BIN=$bin
    RADAR_PG_PORT=$port

    if [[ -f $dir/data/PG_VERSION ]]; then
        if pg_server_run "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
            local running
            running=$(sed -n 4p "$dir/data/postmaster.pid" 2>/dev/null || true)
            if [[ $running != "$port" ]]; then
                die "the PostgreSQL cluster in $dir is already running on port ${running:-?}, not $port; stop it first (pg_ctl -D $dir/data -m fast stop) or use port ${running:-?}"
            fi
            log "reusing the PostgreSQL cluster running in $dir on 127.0.0.1:$port"
            _wait_cluster_ready
            return 0
        fi
    else
        log "creating a PostgreSQL cluster in $dir/data"
        local initdb_args=(-D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8)
        if [[ $kind == throwaway ]]; then initdb_args+=(--no-sync); fi
        local out
        out=$(pg_server_run "$bin/initdb" "${initdb_args[@]}" 2>&1) || die "initdb failed:
$out"
    fi

    local opts="-p $port -k $dir -c listen_addresses=127.0.0.1"
    if [[ $kind == throwaway ]]; then
        opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    log "starting PostgreSQL ($kind) in $dir on 127.0.0.1:$port"
    if ! pg_server_run "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 -o "$opts" start >/dev/null; then
        tail -n 20 "$dir/log" >&2 2>/dev/null || true
        die "PostgreSQL did not start (log: $dir/log); is port $port already in use?"
    fi
    _wait_cluster_ready
}

_wait_cluster_ready() {
    local i
    for ((i = 0; i < 60; i++)); do
        if "$RADAR_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$RADAR_PG_PORT" &&
            "$RADAR_PG_BIN/pg_isready" -q -h "$RADAR_PG_DIR" -p "$RADAR_PG_PORT"; then
            return 0
        fi
        sleep 0.5
    done
    die "PostgreSQL in $RADAR_PG_DIR does not accept connections on port $RADAR_PG_PORT (log: $RADAR_PG_DIR/log)"
}

# stop_cluster DIR: stops the cluster of DIR (or of its fallback) if it runs.
stop_cluster() {
    local dir alt bin
    dir=$(realpath -m -- "$1")
    alt=$(_cluster_alt_dir "$dir")
    if [[ ! -d $dir/data && -d $alt/data ]]; then dir=$alt; fi
    if [[ ! -f $dir/data/PG_VERSION ]]; then
        log "no PostgreSQL cluster in $dir"
        return 0
    fi
    bin=$(pg_bindir) || return 1
    if pg_server_run "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        pg_server_run "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || return 1
        log "stopped PostgreSQL in $dir"
    else
        log "PostgreSQL in $dir is not running"
    fi
}

# cluster_psql DB [psql arguments...]: psql as the superuser `postgres` over
# the unix socket of the cluster started last by start_cluster.
cluster_psql() {
    local db=$1
    shift
    "$RADAR_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$RADAR_PG_DIR" -p "$RADAR_PG_PORT" -U postgres -d "$db" "$@"
}

# ensure_database NAME: creates database NAME in that cluster if it is missing.
ensure_database() {
    local name=$1 exists
    [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || die "ensure_database: bad database name '$name'"
    exists=$(cluster_psql postgres -tA -c "select 1 from pg_database where datname = '$name'")
    if [[ $exists != 1 ]]; then
        cluster_psql postgres -c "create database $name"
        log "created database $name"
    fi
}
