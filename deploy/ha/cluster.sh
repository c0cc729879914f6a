# shellcheck shell=bash
# The highly available topology of deploy/ha/test.sh, all on loopback: etcd, three PostgreSQL 15 nodes managed by
# Patroni (synchronous replication), `radar serve` instances and HAProxy in front of them. Source it after
# deploy/lib/common.sh, deploy/lib/postgres.sh and deploy/lib/service.sh; do not run it.
#
# Everything lives under HA_DIR (a throwaway directory the postgres OS user can reach): HA_DIR/etcd,
# HA_DIR/pg<N> (Patroni's config, log, data directory and socket), HA_DIR/wal-archive (the WAL archive every node
# writes to while it is the primary), HA_DIR/radar<N> (one instance's log and pid) and HA_DIR/haproxy.

# The Debian packages the scenario needs on top of RADAR_PACKAGES: Patroni (with its etcd client), etcd and HAProxy.
HA_PACKAGES=(patroni python3-etcd etcd-server etcd-client haproxy)

# Patroni's timing: the leader key lives HA_TTL seconds, so a primary that dies is replaced after at most that
# long plus one loop. Patroni requires loop_wait + 2 × retry_timeout ≤ ttl.
HA_TTL=${HA_TTL:-10}
HA_LOOP_WAIT=${HA_LOOP_WAIT:-1}
HA_RETRY_TIMEOUT=${HA_RETRY_TIMEOUT:-4}

HA_DIR=""
HA_ETCD_PORT=""
HA_PG_PORTS=()
HA_API_PORTS=()
HA_RADAR_PORTS=()
HA_PROXY_PORT=""

# ha_init DIR: chooses the ports and prepares DIR.
ha_init() {
    HA_DIR=$1
    mkdir -p -- "$HA_DIR/wal-archive"
    chmod 755 "$HA_DIR"
    if is_root; then chown postgres:postgres "$HA_DIR/wal-archive"; fi
    HA_ETCD_PORT=$(free_port)
    local i
    for i in 1 2 3; do
        HA_PG_PORTS[i]=$(free_port)
        HA_API_PORTS[i]=$(free_port)
        HA_RADAR_PORTS[i]=$(free_port)
    done
    HA_PROXY_PORT=$(free_port)
}

# ha_start_etcd: one etcd member on loopback (the v3 API Patroni's etcd3 module speaks).
ha_start_etcd() {
    local peer
    peer=$(free_port)
    mkdir -p -- "$HA_DIR/etcd"
    etcd --name ha --data-dir "$HA_DIR/etcd/data" \
        --listen-client-urls "http://127.0.0.1:$HA_ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$HA_ETCD_PORT" \
        --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
        --initial-cluster "ha=http://127.0.0.1:$peer" --enable-v2=true \
        >"$HA_DIR/etcd/log" 2>&1 &
    echo $! >"$HA_DIR/etcd/pid"
    local i
    for ((i = 0; i < 40; i++)); do
        http_ok "http://127.0.0.1:$HA_ETCD_PORT/health" && return 0
        sleep 0.25
    done
    die "etcd did not become healthy on 127.0.0.1:$HA_ETCD_PORT (log: $HA_DIR/etcd/log)"
}

# ha_write_patroni_config N: Patroni's configuration of node pgN.
ha_write_patroni_config() {
    local n=$1 dir=$HA_DIR/pg$1 bin
    bin=$(pg_bindir)
    mkdir -p -- "$dir"
    cat >"$dir/patroni.yml" <<YAML
# Written by deploy/ha/cluster.sh: node pg$n of the loopback cluster.
scope: radar-ha
namespace: /radar/
name: pg$n
log:
  level: INFO
restapi:
  listen: 127.0.0.1:${HA_API_PORTS[n]}
  connect_address: 127.0.0.1:${HA_API_PORTS[n]}
etcd3:
  hosts: 127.0.0.1:$HA_ETCD_PORT
bootstrap:
  dcs:
    ttl: $HA_TTL
    loop_wait: $HA_LOOP_WAIT
    retry_timeout: $HA_RETRY_TIMEOUT
    maximum_lag_on_failover: 1048576
    # A commit is acknowledged only once a standby has it too; Patroni promotes only that standby.
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: 'on'
        wal_log_hints: 'on'
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 128MB
        archive_mode: 'on'
        archive_command: 'test ! -f $HA_DIR/wal-archive/%f && cp %p $HA_DIR/wal-archive/%f'
        max_connections: 100
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
  pg_hba:
    - local all all trust
    - host all all 127.0.0.1/32 trust
    - host replication all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:${HA_PG_PORTS[n]}
  connect_address: 127.0.0.1:${HA_PG_PORTS[n]}
  data_dir: $dir/data
  bin_dir: $bin
  pgpass: $dir/pgpass
  authentication:
    superuser:
      username: postgres
      password: postgres
    replication:
      username: replicator
      password: replicator
  parameters:
    unix_socket_directories: '$dir'
tags:
  nofailover: false
  noloadbalance: false
YAML
    if is_root; then chown -R postgres:postgres "$dir"; fi
}

# ha_start_node N: starts Patroni for node pgN (as the postgres OS user); it bootstraps or joins the cluster.
ha_start_node() {
    local n=$1 dir=$HA_DIR/pg$1
    [[ -f $dir/patroni.yml ]] || ha_write_patroni_config "$n"
    if is_root; then
        (cd / && exec runuser -u postgres -- patroni "$dir/patroni.yml") >>"$dir/patroni.log" 2>&1 &
    else
        patroni "$dir/patroni.yml" >>"$dir/patroni.log" 2>&1 &
    fi
    echo $! >"$dir/patroni.pid"
}

# ha_patroni_pid N: the pid of node pgN's Patroni (the process runuser started).
ha_patroni_pid() {
    local file=$HA_DIR/pg$1/patroni.pid pid
    [[ -f $file ]] || return 1
    pid=$(<"$file")
    # runuser forks: the Patroni process is its child.
    local child
    child=$(pgrep -P "$pid" -f patroni 2>/dev/null | head -n 1 || true)
    printf '%s\n' "${child:-$pid}"
}

# ha_member_role N: what Patroni's REST API says node pgN is (leader, sync_standby, replica, …), or "down".
ha_member_role() {
    python3 - "${HA_API_PORTS[$1]}" <<'PY' 2>/dev/null || echo down
import json, sys, urllib.request
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/cluster", timeout=2) as r:
        cluster = json.load(r)
except Exception:
    print("down"); sys.exit(0)
port = sys.argv[1]
for m in cluster.get("members", []):
    if m.get("api_url", "").startswith(f"http://127.0.0.1:{port}/"):
        print(m["role"] + ("" if m.get("state") in ("running", "streaming") else "-" + str(m.get("state"))))
        break
else:
    print("unknown")
PY
}

# ha_leader: the number N of the node that is the primary now (empty when none is).
ha_leader() {
    local n
    for n in 1 2 3; do
        if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:${HA_API_PORTS[n]}/primary") == 200 ]]; then
            printf '%s\n' "$n"
            return 0
        fi
    done
    return 1
}

# ha_wait_healthy SECONDS [NODES]: waits until one node leads, the others stream from it and one is the synchronous
# standby (NODES: how many must be running, default 3).
ha_wait_healthy() {
    local seconds=$1 want=${2:-3} i leader running sync n role
    for ((i = 0; i < seconds * 2; i++)); do
        leader=$(ha_leader || true)
        running=0 sync=0
        if [[ -n $leader ]]; then
            for n in 1 2 3; do
                role=$(ha_member_role "$n")
                case $role in
                    leader | replica | sync_standby) running=$((running + 1)) ;;
                esac
                [[ $role == sync_standby ]] && sync=1
            done
            if [[ $running -ge $want && $sync -eq 1 ]]; then return 0; fi
        fi
        sleep 0.5
    done
    for n in 1 2 3; do log "pg$n: $(ha_member_role "$n")"; done
    die "the Patroni cluster did not become healthy within $seconds s (logs: $HA_DIR/pg*/patroni.log)"
}

# ha_url USER DB [EXTRA]: the multi-host URL of every node, for USER and database DB; EXTRA adds parameters.
ha_url() {
    local hosts="127.0.0.1:${HA_PG_PORTS[1]},127.0.0.1:${HA_PG_PORTS[2]},127.0.0.1:${HA_PG_PORTS[3]}"
    printf 'postgresql://%s@%s/%s?%s\n' "$1" "$hosts" "$2" "${3:-target_session_attrs=read-write&connect_timeout=2}"
}

# ha_node_url N USER DB: the URL of node pgN alone.
ha_node_url() {
    printf 'postgresql://%s@127.0.0.1:%s/%s\n' "$2" "${HA_PG_PORTS[$1]}" "$3"
}

# ha_psql [psql arguments...]: psql as postgres on whichever node is the primary now.
ha_psql() {
    "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 "$(ha_url postgres radar)" "$@"
}

# ha_kill_node N: the node dies: kill -9 of its Patroni and of its PostgreSQL postmaster (and the postmaster's
# children), as a power cut would.
ha_kill_node() {
    local n=$1 dir=$HA_DIR/pg$1 patroni postmaster children
    patroni=$(ha_patroni_pid "$n" || true)
    postmaster=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
    children=""
    if [[ $postmaster =~ ^[0-9]+$ ]]; then children=$(pgrep -P "$postmaster" || true); fi
    [[ -n $patroni ]] && kill -9 "$patroni" 2>/dev/null || true
    [[ $postmaster =~ ^[0-9]+$ ]] && kill -9 "$postmaster" 2>/dev/null || true
    # shellcheck disable=SC2086 # a list of pids
    [[ -n $children ]] && kill -9 $children 2>/dev/null || true
    log "killed node pg$n (Patroni ${patroni:-?}, postmaster ${postmaster:-?}) with SIGKILL"
}

# ha_stop_node N: stops node pgN's Patroni, which stops its PostgreSQL.
ha_stop_node() {
    local n=$1 pid i
    pid=$(ha_patroni_pid "$n" || true)
    [[ -n $pid ]] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 120; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
    done
    kill -9 "$pid" 2>/dev/null || true
    local postmaster
    postmaster=$(head -n 1 "$HA_DIR/pg$n/data/postmaster.pid" 2>/dev/null || true)
    if [[ $postmaster =~ ^[0-9]+$ ]] && kill -0 "$postmaster" 2>/dev/null; then
        pg_server_run "$(pg_bindir)/pg_ctl" -D "$HA_DIR/pg$n/data" -m immediate stop >/dev/null 2>&1 || true
    fi
}

# ha_start_radar N RADAR: starts `RADAR serve` as instance N on its port (DATABASE_URL etc. from the environment).
ha_start_radar() {
    local n=$1 radar=$2
    RADAR_TRUSTED_PROXIES=127.0.0.1 start_service "$radar" "$HA_DIR/radar$n" "${HA_RADAR_PORTS[n]}"
}

# ha_kill_radar N: kill -9 of instance N.
ha_kill_radar() {
    local pid
    pid=$(service_pid "$HA_DIR/radar$1") || return 0
    kill -9 "$pid" 2>/dev/null || true
    rm -f -- "$HA_DIR/radar$1/serve.pid"
    log "killed radar instance $1 (pid $pid) with SIGKILL"
}

# ha_start_haproxy: HAProxy on HA_PROXY_PORT in front of the three instances, checking /readyz every second.
# A request that could not be sent (connection refused) is retried on another instance; one that was sent is not
# (a POST may have been recorded): its client gets 503 with Retry-After and decides. HAProxy's own error answers
# (no instance ready, an instance that died mid-request) are 503 with Retry-After, like the service's.
ha_start_haproxy() {
    local dir=$HA_DIR/haproxy code
    mkdir -p -- "$dir"
    for code in 502 503 504; do
        printf 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 1\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{"type":"https://commitment-radar.example/problems/service-unavailable","title":"Service unavailable","status":503,"detail":"No instance of the service could answer just now; try again shortly."}\n' \
            >"$dir/$code.http"
    done
    cat >"$dir/haproxy.cfg" <<CFG
# Written by deploy/ha/cluster.sh: loopback HAProxy in front of the radar instances.
global
    maxconn 2000
    pidfile $dir/haproxy.pid
    stats socket $dir/admin.sock mode 600 level admin
defaults
    mode http
    log global
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    # /readyz asks the database; on a busy machine (and a debug build) that can take most of a second.
    timeout check 3s
    retries 3
    option redispatch 1
    # Requests that never reached an instance are retried on another one.
    retry-on conn-failure
    errorfile 502 $dir/502.http
    errorfile 503 $dir/503.http
    errorfile 504 $dir/504.http
frontend radar
    bind 127.0.0.1:$HA_PROXY_PORT
    # The client's address, for the instances' login throttle (they trust 127.0.0.1 as their proxy).
    option forwardfor
    default_backend radar
backend radar
    balance roundrobin
    # Reads that reached an instance which died before answering are sent again to another one; writes are not
    # (one may have been recorded): they are answered 503 with Retry-After (the errorfile above), for a client
    # sending on a fresh connection. On a keep-alive connection HAProxy closes the connection instead, without an
    # answer, as a keep-alive timeout would.
    retry-on conn-failure empty-response
    http-request disable-l7-retry if METH_POST
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
$(for n in 1 2 3; do printf '    server radar%s 127.0.0.1:%s check\n' "$n" "${HA_RADAR_PORTS[n]}"; done)
CFG
    haproxy -c -f "$dir/haproxy.cfg" >/dev/null || die "HAProxy refuses its configuration ($dir/haproxy.cfg)"
    haproxy -D -f "$dir/haproxy.cfg" || die "HAProxy did not start (config: $dir/haproxy.cfg)"
    local i
    for ((i = 0; i < 40; i++)); do
        http_ok "http://127.0.0.1:$HA_PROXY_PORT/readyz" && return 0
        sleep 0.25
    done
    die "nothing answered /readyz through HAProxy on 127.0.0.1:$HA_PROXY_PORT"
}

# ha_haproxy_command COMMAND: one command on HAProxy's admin socket; prints the answer.
ha_haproxy_command() {
    python3 - "$HA_DIR/haproxy/admin.sock" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
out = b""
while chunk := s.recv(65536):
    out += chunk
print(out.decode().strip())
PY
}

# ha_server_sessions N: requests HAProxy has open to instance N now.
ha_server_sessions() {
    ha_haproxy_command "show stat" | awk -F, -v s="radar$1" '$1 == "radar" && $2 == s { print $5 }'
}

# ha_stop_all: stops HAProxy, the instances, the nodes and etcd started under HA_DIR, whatever state they are in.
ha_stop_all() {
    [[ -n $HA_DIR ]] || return 0
    local n pid
    if [[ -f $HA_DIR/haproxy/haproxy.pid ]]; then
        pid=$(<"$HA_DIR/haproxy/haproxy.pid")
        [[ $pid =~ ^[0-9]+$ ]] && kill "$pid" 2>/dev/null || true
    fi
    for n in 1 2 3; do
        [[ -d $HA_DIR/radar$n ]] && stop_service "$HA_DIR/radar$n"
    done
    for n in 1 2 3; do
        [[ -d $HA_DIR/pg$n ]] && ha_stop_node "$n"
    done
    if [[ -f $HA_DIR/etcd/pid ]]; then
        pid=$(<"$HA_DIR/etcd/pid")
        [[ $pid =~ ^[0-9]+$ ]] && kill "$pid" 2>/dev/null || true
    fi
}
