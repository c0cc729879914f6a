# shellcheck shell=bash
# `radar serve` in the background, for deploy/run.sh, the test tools (schemathesis, the browser suite) and the
# benchmark: started with its log and pid file in a directory, found again and stopped from it. Also a fresh
# database with the demo organisation for the test tools, and the throwaway directory the test and benchmark
# scripts work in. Source it after deploy/lib/common.sh and deploy/lib/postgres.sh; do not run it.

# http_ok URL: whether URL answers 200 (curl, else python3).
http_ok() {
    if command -v curl >/dev/null 2>&1; then
        curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null
    else
        python3 -c 'import sys, urllib.request
sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)' "$1" 2>/dev/null
    fi
}

# port_in_use PORT: whether something accepts connections on 127.0.0.1:PORT.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# service_pid DIR: prints the pid of the `radar serve` started from DIR if it still runs.
service_pid() {
    local file=$1/serve.pid pid
    [[ -f $file ]] || return 1
    pid=$(<"$file")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    # Only our own server: a recycled pid of another program is left alone.
    if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'radar serve'; then
        printf '%s\n' "$pid"
        return 0
    fi
    return 1
}

# stop_service DIR: stops the server started from DIR (SIGTERM lets in-flight requests finish), if it runs, and the
# proxy started in front of it (start_proxy).
stop_service() {
    local dir=$1 pid i
    stop_proxy "$dir"
    if pid=$(service_pid "$dir"); then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 40; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.25
        done
        if kill -0 "$pid" 2>/dev/null; then
            warn "radar serve (pid $pid) did not stop within 10 s of SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        log "stopped radar serve (pid $pid)"
    fi
    rm -f -- "$dir/serve.pid"
}

# stop_service_checked DIR WHAT STATUS: stops the server started from DIR after WHAT ran against it; returns STATUS,
# or 1 when the server logged a fatal error meanwhile.
stop_service_checked() {
    local dir=$1 what=$2 status=$3
    stop_service "$dir"
    if grep -q -E 'level=critical|Fatal error' "$dir/serve.log"; then
        warn "radar serve logged a fatal error during $what (log: $dir/serve.log)"
        status=1
    fi
    return "$status"
}

# throwaway_workspace PREFIX [SERVICE...]: makes a fresh directory /tmp/PREFIX.XXXXXX as TMP and arranges that on any
# exit the servers started from TMP/SERVICE are stopped, then the PostgreSQL cluster of TMP, and that TMP (and the
# cluster's directory, when cluster_dir had to place it elsewhere) is removed.
throwaway_workspace() {
    local prefix=$1
    shift
    TMP=$(mktemp -d "/tmp/$prefix.XXXXXX")
    RADAR_WORKSPACE_SERVICES=("$@")
    trap _remove_workspace EXIT
    trap 'exit 129' HUP
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# shellcheck disable=SC2317 # reached through the EXIT trap
_remove_workspace() {
    local rc=$? service
    trap - EXIT INT TERM HUP
    for service in "${RADAR_WORKSPACE_SERVICES[@]}"; do stop_service "$TMP/$service"; done
    stop_cluster "$TMP" || warn "could not stop PostgreSQL in $TMP"
    if [[ -n ${RADAR_PG_DIR:-} && $RADAR_PG_DIR != "$TMP" ]]; then rm -rf -- "$RADAR_PG_DIR"; fi
    rm -rf -- "$TMP"
    exit "$rc"
}

# start_service RADAR DIR PORT: starts `RADAR serve` on 127.0.0.1:PORT in the background (DATABASE_URL and any other
# setting from the environment), its log appended to DIR/serve.log and its pid in DIR/serve.pid, and waits (up to
# 60 s) until /readyz answers.
start_service() {
    local radar=$1 dir=$2 port=$3 pid i
    mkdir -p -- "$dir"
    if port_in_use "$port"; then
        die "port $port on 127.0.0.1 is taken by another program; choose another with RADAR_PORT=<port> deploy/run.sh"
    fi
    log "starting radar serve on http://127.0.0.1:$port (log: $dir/serve.log)"
    nohup "$radar" serve --hostname 127.0.0.1 --port "$port" >>"$dir/serve.log" 2>&1 </dev/null &
    pid=$!
    printf '%s\n' "$pid" >"$dir/serve.pid"
    for ((i = 0; i < 120; i++)); do
        if http_ok "http://127.0.0.1:$port/readyz"; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 20 "$dir/serve.log" >&2 || true
            rm -f -- "$dir/serve.pid"
            die "radar serve exited during start (log: $dir/serve.log)"
        fi
        sleep 0.5
    done
    tail -n 20 "$dir/serve.log" >&2 || true
    stop_service "$dir"
    die "radar serve did not become ready within 60 s (log: $dir/serve.log)"
}

# start_proxy DIR PORT UPSTREAM_PORT: starts nginx on 127.0.0.1:PORT in front of the `radar serve` on UPSTREAM_PORT,
# with the locations operators use (deploy/proxy/radar-locations.conf), its files in DIR/proxy; waits until /readyz
# answers through it. Installs nginx (Debian package) if missing. The server must trust 127.0.0.1 as its proxy
# (RADAR_TRUSTED_PROXIES) to see the clients' addresses.
start_proxy() {
    local dir=$1/proxy port=$2 upstream=$3 nginx i
    nginx=$(command -v nginx || true)
    [[ -z $nginx && -x /usr/sbin/nginx ]] && nginx=/usr/sbin/nginx
    if [[ -z $nginx ]]; then
        (ensure_packages nginx) || die "the browser suite runs behind nginx: install the Debian package nginx
    (as root: apt-get update && apt-get install -y --no-install-recommends nginx)"
        nginx=/usr/sbin/nginx
    fi
    mkdir -p -- "$dir/temp"
    cat >"$dir/nginx.conf" <<CONF
# Written by deploy/lib/service.sh start_proxy: a loopback nginx in front of one radar serve.
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
$([[ $EUID -eq 0 ]] && echo "user root;")
events {}
http {
    access_log $dir/access.log;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    upstream radar {
        server 127.0.0.1:$upstream;
        keepalive 4;
    }
    server {
        listen 127.0.0.1:$port;
        include $ROOT/deploy/proxy/radar-locations.conf;
    }
}
CONF
    "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >&2 || die "nginx did not start (config: $dir/nginx.conf)"
    for ((i = 0; i < 40; i++)); do
        http_ok "http://127.0.0.1:$port/readyz" && return 0
        sleep 0.25
    done
    die "nothing answered /readyz through nginx on 127.0.0.1:$port (log: $dir/error.log)"
}

# stop_proxy DIR: stops the nginx start_proxy started from DIR, if it runs.
stop_proxy() {
    local file=$1/proxy/nginx.pid pid
    [[ -f $file ]] || return 0
    pid=$(<"$file")
    if [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q nginx; then
        kill -QUIT "$pid" 2>/dev/null || true
        log "stopped nginx (pid $pid)"
    fi
    rm -f -- "$file"
}

# as_service_login URL: the URL with the service's own login, radar_service (a member of radar_app only, created by
# `radar setup`), in place of radar_owner: what `radar serve` connects as, so the service never holds the owner.
as_service_login() {
    printf '%s\n' "${1/:\/\/radar_owner@/://radar_service@}"
}

# fresh_demo_database RADAR NAME: drops and creates database NAME in the throwaway cluster (deploy/lib/postgres.sh),
# sets it up and migrates it with RADAR, adds the demo organisation "demo", and prints its radar_owner URL.
fresh_demo_database() {
    local radar=$1 db=$2
    PGOPTIONS='-c client_min_messages=warning' \
        cluster_psql postgres -c "drop database if exists $db" -c "create database $db" >/dev/null ||
        die "could not create the database $db"
    "$radar" setup --database-url "postgresql://postgres@127.0.0.1:$RADAR_PG_PORT/$db" >/dev/null ||
        die "radar setup failed on $db"
    local url="postgresql://radar_owner@127.0.0.1:$RADAR_PG_PORT/$db"
    DATABASE_URL=$url "$radar" migrate >/dev/null || die "radar migrate failed on $db"
    DATABASE_URL=$url "$radar" demo --slug demo >/dev/null || die "radar demo failed on $db"
    printf '%s\n' "$url"
}
