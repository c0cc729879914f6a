#!/usr/bin/env bash
# The high-availability scenario, on loopback, as root: three PostgreSQL 15 nodes under Patroni (etcd, synchronous
# replication), three `radar serve` instances behind HAProxy, connecting with a multi-host URL and
# target_session_attrs=read-write. Under load through HAProxy (conversations recorded, lists and pages read):
#
#   1. a zero-downtime upgrade: the instances run the previous release's binary and are replaced one at a time by
#      this checkout's, against one database;
#   2. the primary is killed (kill -9 of its Patroni and PostgreSQL) and Patroni promotes the synchronous standby;
#      then one radar instance is killed (kill -9);
#   3. the scheduler, running in every instance, makes one digest per organisation and week and sends each
#      delivery once across the failover (organisations made just before the kill, webhooks to a local receiver);
#   4. the killed node rejoins; reporting reads go to a replica (RADAR_READ_DATABASE_URL);
#   5. a backup and restore drill: pg_basebackup plus the WAL archive, more writes, a point-in-time restore into a
#      scratch data directory, and the data checked.
#
# Every request must succeed or be answered 503 with Retry-After; every acknowledged write (201) must be in the
# database afterwards. The figures go to deploy/ha/out/results.json and are printed at the end.
#
#   deploy/ha/test.sh
#
# Settings: HA_RADAR (this checkout's radar binary; default: a debug build), HA_OLD_RADAR (the previous release's
# binary, with its commitment-radar_RadarWeb.resources next to it; default: HA_OLD_COMMIT, default HEAD~1, built
# once into /var/tmp/radar-ha-old-<commit>), HA_TTL (Patroni's leader key lifetime, default 10 s),
# HA_IDEMPOTENCY_KEYS=1 (the load driver sends an Idempotency-Key with every write and retries with the same key).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=deploy/lib/common.sh
source "$ROOT/deploy/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$ROOT/deploy/lib/postgres.sh"
# shellcheck source=deploy/lib/service.sh
source "$ROOT/deploy/lib/service.sh"
# shellcheck source=deploy/ha/cluster.sh
source "$ROOT/deploy/ha/cluster.sh"
cd "$ROOT"

is_root || die "deploy/ha/test.sh runs as root (Patroni and PostgreSQL run as the postgres OS user, HAProxy and etcd as root)"
scenario_started=$SECONDS
ensure_packages
ensure_packages "${HA_PACKAGES[@]}" curl
command -v patroni >/dev/null || die "patroni not found: install the Debian package patroni"
command -v etcd >/dev/null || die "etcd not found: install the Debian package etcd-server"
command -v haproxy >/dev/null || die "haproxy not found: install the Debian package haproxy"
OUT="$ROOT/deploy/ha/out"
mkdir -p "$OUT"

# --- The two binaries -----------------------------------------------------------------------------------------
build_started=$SECONDS
if [[ -z ${HA_RADAR:-} ]]; then
    ensure_swift
    swift build --product radar >&2 || die "the debug build of radar failed"
    HA_RADAR="$(swift build --show-bin-path)/radar"
fi
[[ -x $HA_RADAR ]] || die "HA_RADAR: $HA_RADAR is not an executable"
if [[ -z ${HA_OLD_RADAR:-} ]]; then
    old_commit=$(git rev-parse "${HA_OLD_COMMIT:-HEAD~1}") || die "HA_OLD_COMMIT: no such commit"
    old_dir=/var/tmp/radar-ha-old-$old_commit
    if [[ ! -x $old_dir/radar ]]; then
        log "building the previous release ($old_commit) in $old_dir/src (once; it is kept for later runs)"
        ensure_swift
        rm -rf -- "$old_dir" && mkdir -p -- "$old_dir/src"
        git archive "$old_commit" | tar -x -C "$old_dir/src"
        (cd "$old_dir/src" && swift build --product radar >&2) || die "the build of $old_commit failed"
        bin=$(cd "$old_dir/src" && swift build --show-bin-path)
        cp -a "$bin/radar" "$bin/commitment-radar_RadarWeb.resources" "$old_dir/"
        rm -rf -- "$old_dir/src"
    fi
    HA_OLD_RADAR=$old_dir/radar
fi
[[ -x $HA_OLD_RADAR ]] || die "HA_OLD_RADAR: $HA_OLD_RADAR is not an executable"
build_seconds=$(elapsed "$build_started")
log "binaries: new $HA_RADAR, old $HA_OLD_RADAR ($build_seconds s to get them)"

# --- The topology ---------------------------------------------------------------------------------------------
TMP=$(mktemp -d /tmp/radar-ha.XXXXXX)
SINK_PID=""
LOAD_PID=""
# shellcheck disable=SC2317 # reached through the EXIT trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    [[ -n $LOAD_PID ]] && kill "$LOAD_PID" 2>/dev/null
    [[ -n $SINK_PID ]] && kill "$SINK_PID" 2>/dev/null
    stop_cluster "$TMP/restore" >/dev/null 2>&1 || true
    ha_stop_all
    if [[ $rc -ne 0 ]]; then
        # Keep the logs of a failed run next to the results.
        rm -rf -- "$OUT/failed-run-logs" && mkdir -p "$OUT/failed-run-logs"
        cp -r "$TMP"/radar* "$TMP"/*.jsonl "$TMP"/*.json "$OUT/failed-run-logs/"; for n in 1 2 3; do cp "$TMP/pg$n/patroni.log" "$OUT/failed-run-logs/patroni-pg$n.log"; done 2>/dev/null || true
        log "logs of the failed run: $OUT/failed-run-logs"
    fi
    rm -rf -- "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

ha_init "$TMP"
ha_start_etcd
started=$SECONDS
ha_start_node 1
sleep 2 # pg1 bootstraps the cluster; the others join it as replicas
ha_start_node 2
ha_start_node 3
ha_wait_healthy 120
log "Patroni cluster healthy in $(elapsed "$started") s: pg$(ha_leader) leads"
PSQL_BIN="$(pg_bindir)/psql"

"$PSQL_BIN" -X -q "$(ha_url postgres postgres)" -c "create database radar"
"$HA_RADAR" setup --database-url "$(ha_url postgres radar)" >/dev/null
OWNER_URL=$(ha_url radar_owner radar)
DATABASE_URL=$OWNER_URL "$HA_RADAR" migrate >/dev/null
DATABASE_URL=$OWNER_URL "$HA_RADAR" demo --slug demo >/dev/null
DATABASE_URL=$OWNER_URL "$HA_RADAR" user add loader@demo.example --name "Load driver" --org demo --role admin \
    >/dev/null 2>&1 || die "could not add the load driver's user"
TOKEN=$(DATABASE_URL=$OWNER_URL "$HA_RADAR" token create --user loader@demo.example --name ha-load 2>/dev/null) ||
    die "could not create the load driver's token"
DATABASE_URL=$OWNER_URL "$HA_RADAR" stakeholder list --org demo --format json |
    python3 -c 'import json, sys; print("\n".join(p["email"] for p in json.load(sys.stdin)))' >"$TMP/emails"

SINK_PORT=$(free_port)
python3 "$ROOT/deploy/ha/webhook_sink.py" "$SINK_PORT" "$TMP/webhooks.jsonl" &
SINK_PID=$!

# The service logs in as radar_service and finds the primary among the three nodes itself.
export DATABASE_URL
DATABASE_URL=$(ha_url radar_service radar)
export RADAR_LOG_LEVEL=notice RADAR_DB_ACQUIRE_TIMEOUT=5
for n in 1 2 3; do ha_start_radar "$n" "$HA_OLD_RADAR"; done
ha_start_haproxy
log "HAProxy on 127.0.0.1:$HA_PROXY_PORT in front of three instances of the previous release"

# start_load LABEL: the load driver in the background until stop_load.
start_load() {
    rm -f -- "$TMP/stop-$1"
    python3 "$ROOT/deploy/ha/load.py" run --url "http://127.0.0.1:$HA_PROXY_PORT" --org demo --token "$TOKEN" \
        --emails "$TMP/emails" --label "$1" --workers 6 --stop "$TMP/stop-$1" --events "$TMP/$1.jsonl" \
        ${HA_IDEMPOTENCY_KEYS:+--idempotency-keys} &
    LOAD_PID=$!
}
stop_load() {
    touch "$TMP/stop-$1"
    wait "$LOAD_PID" || die "the load driver failed"
    LOAD_PID=""
}
now() { date +%s.%N; }

# check_phase LABEL [MARK=EPOCH...]: the phase's figures (into $TMP/LABEL.summary.json); fails on any failed request
# or on an acknowledged write missing from the database.
check_phase() {
    local label=$1 marks=() mark
    shift
    for mark in "$@"; do marks+=(--mark "$mark"); done
    python3 "$ROOT/deploy/ha/load.py" summary --events "$TMP/$label.jsonl" "${marks[@]}" \
        --acked "$TMP/$label.acked" --answer-lost "$TMP/$label.answer-lost" >"$TMP/$label.summary.json"
    local failed acked present lost_answers lost_present
    failed=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["failed_requests"])' "$TMP/$label.summary.json")
    acked=$(wc -l <"$TMP/$label.acked")
    present=$(count_present "$TMP/$label.acked")
    lost_answers=$(wc -l <"$TMP/$label.answer-lost")
    lost_present=$(count_present "$TMP/$label.answer-lost")
    python3 - "$TMP/$label.summary.json" "$acked" "$present" "$lost_answers" "$lost_present" <<'PY'
import json, sys
path, acked, present, lost_answers, lost_present = sys.argv[1], *map(int, sys.argv[2:])
summary = json.load(open(path))
summary["acknowledged_writes_in_database"] = present
summary["acknowledged_writes_lost"] = acked - present
summary["answer_lost_writes_in_database"] = lost_present
json.dump(summary, open(path, "w"), indent=2)
PY
    log "$label: $(python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); print(", ".join(f"{k} {v}" for k, v in s.items() if not isinstance(v, (dict, list))))' "$TMP/$label.summary.json")"
    [[ $failed -eq 0 ]] || die "$label: $failed requests failed otherwise than 503 with Retry-After (see $TMP/$label.summary.json)"
    [[ $present -eq $acked ]] || die "$label: $((acked - present)) of $acked acknowledged writes are not in the database"
    [[ $lost_present -eq $lost_answers ]] || die "$label: a write refused as already recorded is not in the database"
}

# count_present FILE: how many of the conversation refs in FILE are in the database (on the primary).
count_present() {
    "$PSQL_BIN" -X -q -v ON_ERROR_STOP=1 "$(ha_url postgres radar)" -At \
        -c "CREATE TEMPORARY TABLE wanted (ref text)" -c "\\copy wanted FROM '$1'" \
        -c "SELECT count(DISTINCT w.ref) FROM wanted w JOIN conversations c ON c.ref = w.ref
              JOIN organisations o ON o.id = c.org_id AND o.slug = 'demo'"
}

# wait_up N SECONDS: waits until HAProxy sees instance N up.
wait_up() {
    local i
    for ((i = 0; i < $2 * 4; i++)); do
        [[ $(ha_haproxy_command "show stat" | awk -F, -v s="radar$1" '$1 == "radar" && $2 == s { print $18 }') == UP ]] &&
            return 0
        sleep 0.25
    done
    die "HAProxy does not see instance $1 up after $2 s"
}

# --- 1. Zero-downtime upgrade ---------------------------------------------------------------------------------
log "1. upgrade: replacing the previous release with this one, one instance at a time, under load"
start_load upgrade
sleep 5
# This release's migrations first (backwards compatible for one release, so the old binary keeps working).
DATABASE_URL=$OWNER_URL "$HA_RADAR" migrate >/dev/null
upgrade_started=$SECONDS
for n in 1 2 3; do
    ha_haproxy_command "set server radar/radar$n state drain" >/dev/null
    for ((i = 0; i < 40; i++)); do
        [[ $(ha_server_sessions "$n") == 0 ]] && break
        sleep 0.25
    done
    ha_haproxy_command "set server radar/radar$n state maint" >/dev/null
    stop_service "$TMP/radar$n"
    ha_start_radar "$n" "$HA_RADAR"
    ha_haproxy_command "set server radar/radar$n state ready" >/dev/null
    wait_up "$n" 30
    log "instance $n now runs this release"
done
upgrade_seconds=$(elapsed "$upgrade_started")
sleep 5
stop_load upgrade
check_phase upgrade

# --- 2. Primary killed, then one instance killed ----------------------------------------------------------------
log "2. failover: the primary is killed under load, then one radar instance"
# Organisations whose first digest is due at once: the instances' next ticks (every minute, at different moments)
# make them, around the failover.
for n in 1 2 3 4; do
    DATABASE_URL=$OWNER_URL "$HA_RADAR" org create "sched$n" --name "Scheduled $n" >/dev/null
    DATABASE_URL=$OWNER_URL "$HA_RADAR" digest channel add webhook "http://127.0.0.1:$SINK_PORT/hook" \
        --org "sched$n" >/dev/null
done
scheduled_at=$SECONDS
start_load failover
sleep 8
old_leader=$(ha_leader) || die "no primary before the kill"
kill_primary_at=$(now)
ha_kill_node "$old_leader"
new_leader=""
for ((i = 0; i < 120; i++)); do
    new_leader=$(ha_leader || true)
    [[ -n $new_leader && $new_leader != "$old_leader" ]] && break
    sleep 0.5
done
[[ -n $new_leader && $new_leader != "$old_leader" ]] || die "Patroni promoted no replica within 60 s"
promoted_after=$(python3 -c "import time; print(round(time.time() - $kill_primary_at, 1))")
log "Patroni promoted pg$new_leader ${promoted_after} s after pg$old_leader was killed"
sleep 20
victim=2
kill_instance_at=$(now)
ha_kill_radar "$victim"
sleep 20
stop_load failover
check_phase failover "primary_kill=$kill_primary_at" "instance_kill=$kill_instance_at"

# --- 3. The scheduler across the failover -----------------------------------------------------------------------
log "3. scheduler: one digest per organisation and week, each delivery sent once"
# Every surviving instance ticks once a minute: wait until each organisation's digest is made and delivered.
sched_sql="SELECT count(*) FILTER (WHERE d.id IS NOT NULL), count(*) FILTER (WHERE dd.status = 'sent')
             FROM organisations o LEFT JOIN digests d ON d.org_id = o.id
             LEFT JOIN digest_deliveries dd ON dd.digest_id = d.id AND dd.org_id = d.org_id
            WHERE o.slug LIKE 'sched%'"
for ((i = 0; i < 150; i++)); do
    state=$("$PSQL_BIN" -X -q "$(ha_url postgres radar)" -At -F ' ' -c "$sched_sql" 2>/dev/null || true)
    [[ $state == "4 4" ]] && break
    sleep 1
done
[[ $state == "4 4" ]] || die "the scheduler did not make and deliver the four digests in time (digests, sent: $state)"
log "digests made and delivered $(elapsed "$scheduled_at") s after the organisations were created"
sleep 3 # a duplicate send, if there were one, would arrive about now
read -r digests_per_week_max deliveries_max < <("$PSQL_BIN" -X -q "$(ha_url postgres radar)" -At -F ' ' -c "
    SELECT (SELECT max(n) FROM (SELECT count(*) AS n FROM digests GROUP BY org_id, week_start) x),
           (SELECT max(n) FROM (SELECT count(*) AS n FROM digest_deliveries GROUP BY org_id, digest_id, channel_id) y)")
read -r weekly_runs_max < <("$PSQL_BIN" -X -q "$(ha_url postgres radar)" -At -c "
    SELECT max(n) FROM (SELECT count(*) AS n FROM schedule_runs GROUP BY org_id, job, period) x")
webhooks_received=$(wc -l <"$TMP/webhooks.jsonl")
webhooks_distinct=$(python3 -c 'import json, sys; print(len({json.loads(l)["delivery"] for l in open(sys.argv[1])}))' "$TMP/webhooks.jsonl")
log "scheduler: at most $digests_per_week_max digest per organisation and week, $deliveries_max delivery per digest and channel; webhooks received $webhooks_received for $webhooks_distinct deliveries"
[[ $digests_per_week_max == 1 && $deliveries_max == 1 && $weekly_runs_max == 1 ]] ||
    die "the scheduler did some work twice"
[[ $webhooks_received -eq $webhooks_distinct && $webhooks_distinct -ge 4 ]] ||
    die "webhooks: $webhooks_received received for $webhooks_distinct deliveries (each should arrive once)"

# --- 4. The killed node rejoins; reporting reads on a replica --------------------------------------------------
log "4. pg$old_leader rejoins as a replica; radar instance $victim restarts"
rejoin_started=$SECONDS
ha_start_node "$old_leader"
ha_start_radar "$victim" "$HA_RADAR"
ha_wait_healthy 120
rejoin_seconds=$(elapsed "$rejoin_started")
log "three nodes streaming again after $rejoin_seconds s"
# The synchronous standby: it has every acknowledged commit (the other replica may still be catching up).
replica=""
for n in 1 2 3; do
    [[ $(ha_member_role "$n") == sync_standby ]] && replica=$n && break
done
[[ -n $replica ]] || die "no synchronous standby to read from"
primary_answer=$(DATABASE_URL=$OWNER_URL "$HA_RADAR" query silent --org demo --as-of 2026-06-01T00:00:00Z --format csv)
replica_answer=$(DATABASE_URL=$OWNER_URL RADAR_READ_DATABASE_URL=$(ha_node_url "$replica" radar_owner radar) \
    RADAR_READ_MAX_STALENESS=30 "$HA_RADAR" query silent --org demo --as-of 2026-06-01T00:00:00Z --format csv 2>"$TMP/replica.err")
[[ ! -s $TMP/replica.err ]] || die "radar query on the replica warned: $(cat "$TMP/replica.err")"
[[ $primary_answer == "$replica_answer" ]] || die "radar query answered differently on the replica"
week=$(date -u -d "monday -2 week" +%G-W%V)
primary_digest=$(DATABASE_URL=$OWNER_URL "$HA_RADAR" digest render --org demo --week "$week" --format json)
replica_digest=$(DATABASE_URL=$OWNER_URL RADAR_READ_DATABASE_URL=$(ha_node_url "$replica" radar_owner radar) \
    "$HA_RADAR" digest render --org demo --week "$week" --format json 2>>"$TMP/replica.err")
[[ $primary_digest == "$replica_digest" ]] || die "the digest of $week rendered differently on the replica"
# The replica is on the replica, not the primary: it refuses writes.
replica_read_only=$("$PSQL_BIN" -X -q "$(ha_node_url "$replica" postgres radar)" -At -c "SELECT pg_is_in_recovery()")
[[ $replica_read_only == t ]] || die "pg$replica is not a replica"
log "radar query and digest render ($week) on replica pg$replica answer as on the primary"

# --- 5. Backup and point-in-time restore drill -----------------------------------------------------------------
log "5. backup and restore drill"
leader=$(ha_leader)
mkdir -p "$TMP/backup" && chown postgres:postgres "$TMP/backup"
backup_started=$SECONDS
pg_server_run "$(pg_bindir)/pg_basebackup" -h 127.0.0.1 -p "${HA_PG_PORTS[leader]}" -U postgres \
    -D "$TMP/backup/base" -X stream -c fast || die "pg_basebackup failed"
backup_seconds=$(elapsed "$backup_started")
start_load before-target
sleep 4
stop_load before-target
check_phase before-target
sleep 1
target=$("$PSQL_BIN" -X -q "$(ha_url postgres radar)" -At -c "SELECT now()")
conversations_at_target=$("$PSQL_BIN" -X -q "$(ha_url postgres radar)" -At -c "SELECT count(*) FROM conversations")
sleep 1
start_load after-target
sleep 4
stop_load after-target
check_phase after-target
"$PSQL_BIN" -X -q "$(ha_url postgres radar)" -At -c "SELECT pg_switch_wal()" >/dev/null
for ((i = 0; i < 60; i++)); do
    archived=$("$PSQL_BIN" -X -q "$(ha_url postgres radar)" -At -c "SELECT last_archived_wal >= pg_walfile_name(pg_current_wal_lsn() - 1) FROM pg_stat_archiver")
    [[ $archived == t ]] && break
    sleep 0.5
done
restore_started=$SECONDS
mkdir -p "$TMP/restore" && chown postgres:postgres "$TMP/restore" && chmod 700 "$TMP/restore"
cp -a "$TMP/backup/base" "$TMP/restore/data"
touch "$TMP/restore/data/recovery.signal" && chown postgres:postgres "$TMP/restore/data/recovery.signal"
restore_port=$(free_port)
# The scratch copy's own settings, last in line so they win over what Patroni wrote: its port and socket, no
# archiving, no standby to wait for, and the archive and target to recover to (the other targets emptied).
cat >>"$TMP/restore/data/postgresql.auto.conf" <<CONF
port = $restore_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$TMP/restore'
archive_mode = off
synchronous_standby_names = ''
primary_conninfo = ''
primary_slot_name = ''
restore_command = 'cp $TMP/wal-archive/%f %p'
recovery_target = ''
recovery_target_lsn = ''
recovery_target_name = ''
recovery_target_xid = ''
recovery_target_time = '$target'
recovery_target_timeline = 'latest'
recovery_target_action = 'promote'
CONF
pg_server_run "$(pg_bindir)/pg_ctl" -D "$TMP/restore/data" -l "$TMP/restore/log" -w -t 120 start \
    >/dev/null || { tail -n 30 "$TMP/restore/log" >&2; die "the restored cluster did not start"; }
for ((i = 0; i < 120; i++)); do
    [[ $("$PSQL_BIN" -X -q -h 127.0.0.1 -p "$restore_port" -U postgres -d radar -At -c "SELECT pg_is_in_recovery()" 2>/dev/null) == f ]] && break
    sleep 0.5
done
restore_seconds=$(elapsed "$restore_started")
restored_count=$("$PSQL_BIN" -X -q -h 127.0.0.1 -p "$restore_port" -U postgres -d radar -At -c "SELECT count(*) FROM conversations")
restored_refs() {
    "$PSQL_BIN" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$restore_port" -U postgres -d radar -At \
        -c "CREATE TEMPORARY TABLE wanted (ref text)" -c "\\copy wanted FROM '$1'" \
        -c "SELECT count(*) FROM wanted w JOIN conversations c ON c.ref = w.ref"
}
before_present=$(restored_refs "$TMP/before-target.acked")
after_present=$(restored_refs "$TMP/after-target.acked")
before_total=$(wc -l <"$TMP/before-target.acked")
after_total=$(wc -l <"$TMP/after-target.acked")
pg_server_run "$(pg_bindir)/pg_ctl" -D "$TMP/restore/data" -m fast -w stop >/dev/null
log "restore to $target: $restored_count conversations (the primary had $conversations_at_target then); $before_present of $before_total written before the target, $after_present of $after_total after it"
[[ $restored_count == "$conversations_at_target" ]] || die "the restored database does not hold what the primary held at the target time"
[[ $before_present -eq $before_total && $after_present -eq 0 ]] ||
    die "the restore is not at the target time: writes before it missing or writes after it present"

# --- Figures ------------------------------------------------------------------------------------------------------
total_seconds=$(elapsed "$scenario_started")
python3 - "$OUT/results.json" "$TMP" <<PY
import json, sys
out, tmp = sys.argv[1], sys.argv[2]
phase = lambda name: json.load(open(f"{tmp}/{name}.summary.json"))
results = {
    "upgrade": phase("upgrade") | {"rolling_replacement_s": $upgrade_seconds},
    "failover": phase("failover") | {"patroni_promoted_after_s": $promoted_after, "ttl_s": $HA_TTL},
    "scheduler": {"max_digests_per_org_and_week": $digests_per_week_max, "max_deliveries_per_digest_and_channel": $deliveries_max,
                  "max_runs_per_job_and_period": $weekly_runs_max,
                  "webhooks_received": $webhooks_received, "deliveries_received": $webhooks_distinct},
    "rejoin_s": $rejoin_seconds,
    "backup": {"pg_basebackup_s": $backup_seconds, "restore_to_target_s": $restore_seconds,
               "conversations_at_target": $conversations_at_target, "restored": $restored_count,
               "written_before_target_present": $before_present, "written_before_target": $before_total,
               "written_after_target_present": $after_present, "written_after_target": $after_total},
    "binaries_s": $build_seconds,
    "scenario_s": $total_seconds,
}
json.dump(results, open(out, "w"), indent=2)
print(json.dumps(results, indent=2))
PY
log "deploy/ha/test.sh passed in $total_seconds s (figures: $OUT/results.json)"
