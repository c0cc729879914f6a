#!/usr/bin/env bash
# Benchmarks Commitment Radar at organisation scale against PostgreSQL's own tools, measured in the same run.
#
#   deploy/bench/run.sh              # the full set (10 000 stakeholders, 52 weeks; scaling to 50 000)
#   BENCH_QUICK=1 deploy/bench/run.sh   # a small smoke run of the same steps (1 000 stakeholders)
#   BENCH_ONLY=recording deploy/bench/run.sh   # only recording through the API against pgbench (2 000 people)
#
# BENCH_RADAR=PATH measures that radar binary instead of building one (for instance an older build, to compare
# before and after a change in the same conditions).
#
# Builds in release mode, starts its own throwaway PostgreSQL, generates the data with `radar generate`, and
# prints one table (also written as deploy/bench/out/results.json and results.md; the plans of the fact views go to
# deploy/bench/fact-plans.txt, committed as a reading aid). Every figure is a ratio
# against a baseline timed seconds earlier on the same machine, because the machine is shared and noisy.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=deploy/lib/common.sh
source "$ROOT/deploy/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$ROOT/deploy/lib/postgres.sh"
# shellcheck source=deploy/lib/service.sh
source "$ROOT/deploy/lib/service.sh"
cd "$ROOT"

OUT="$ROOT/deploy/bench/out"
SIZE=${BENCH_STAKEHOLDERS:-10000}
WEEKS=${BENCH_WEEKS:-52}
SCALES=${BENCH_SCALES:-"1000 10000 50000"}
SCALE_WEEKS=${BENCH_SCALE_WEEKS:-13}
IMPORT_CONVERSATIONS=${BENCH_IMPORT_CONVERSATIONS:-100000}
if [[ -n ${BENCH_QUICK:-} ]]; then
    SIZE=1000 WEEKS=13 SCALES="500 1000" SCALE_WEEKS=4 IMPORT_CONVERSATIONS=5000
fi
ONLY=${BENCH_ONLY:-}
[[ -z $ONLY || $ONLY == recording ]] || die "BENCH_ONLY knows one section: recording"
if [[ $ONLY == recording ]]; then
    SIZE=${BENCH_STAKEHOLDERS:-2000} WEEKS=${BENCH_WEEKS:-4}
fi
UNTIL=2026-06-01T00:00:00Z

ensure_swift
ensure_packages
ensure_packages wrk

started=$SECONDS
if [[ -n ${BENCH_RADAR:-} ]]; then
    [[ -x $BENCH_RADAR ]] || die "BENCH_RADAR=$BENCH_RADAR is not an executable"
    RADAR=$BENCH_RADAR
else
    swift build -c release --product radar >&2 || die "release build failed"
    RADAR="$ROOT/.build/release/radar"
fi
build_seconds=$(elapsed "$started")
log "release build took $build_seconds s"
steps_started=$SECONDS

throwaway_workspace radar-bench serve

start_cluster "$TMP" "$(free_port)" throwaway
ensure_database radar_bench
URL="postgresql://postgres@127.0.0.1:$RADAR_PG_PORT/radar_bench"
PSQL=("$RADAR_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$URL")
export DATABASE_URL="$URL"
"$RADAR" setup >/dev/null
"$RADAR" migrate >/dev/null

mkdir -p "$OUT"
ROWS=()

# Wall time of one command in seconds (its output discarded).
seconds() {
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

# The median wall time of N runs of one command.
median_seconds() {
    local runs=$1 i
    shift
    for ((i = 0; i < runs; i++)); do seconds "$@"; printf '\n'; done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# Records one row: measure, ours and the baseline (in UNIT: " s" for times, "/s" for throughputs), their ratio
# (ours / baseline) and whether it meets the target: BOUND "≤" for times (at most), "≥" for throughputs (at least).
record() {
    local measure=$1 ours=$2 baseline=$3 unit=$4 bound=$5 target=$6 ratio met
    ratio=$(awk -v a="$ours" -v b="$baseline" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    met=$(awk -v r="$ratio" -v t="$target" -v at_most="$([[ $bound == "≤" ]] && echo 1 || echo 0)" \
        'BEGIN { print ((at_most ? r <= t : r >= t) ? "yes" : "no") }')
    ROWS+=("$measure|$ours$unit|$baseline$unit|$ratio|$bound $target×|$met")
    log "$measure: ours $ours$unit, baseline $baseline$unit, ratio $ratio (target $bound $target)"
}

org_id() { "${PSQL[@]}" -At -c "SELECT id FROM organisations WHERE slug = '$1'"; }

# --- Generate -----------------------------------------------------------------------------------------------
log "generating $SIZE stakeholders over $WEEKS weeks"
gen_seconds=$(seconds "$RADAR" generate --org bench --stakeholders "$SIZE" --weeks "$WEEKS" --seed 42 --until "$UNTIL" \
    --labels "$OUT/labels.csv")
participations=$("${PSQL[@]}" -At -c "SELECT count(*) FROM conversation_participants WHERE org_id = '$(org_id bench)'")
log "generated $participations participations in ${gen_seconds}s"
"${PSQL[@]}" -c "VACUUM ANALYZE"

BENCH_ORG=$(org_id bench)
MEASURES=()
SCALE_ROWS=()
# BENCH_ONLY=recording skips from here to the recording section.
if [[ -z $ONLY ]]; then

# --- radar check against one aggregate pass -----------------------------------------------------------------
baseline_sql="SELECT stakeholder_id, max(occurred_at), count(*) FILTER (WHERE attendance = 'attended'),
                     count(*) FILTER (WHERE occurred_at > timestamptz '$UNTIL' - interval '30 days')
                FROM conversation_participants WHERE org_id = '$BENCH_ORG' GROUP BY stakeholder_id"
check_baseline=$(median_seconds 3 "${PSQL[@]}" -c "$baseline_sql")
check_ours=$(median_seconds 3 "$RADAR" check --org bench --as-of "$UNTIL")
record "radar check, $SIZE stakeholders / $participations participations" "$check_ours" "$check_baseline" " s" "≤" 2

# --- The G11 rules against the truths radar generate planted among the top team ------------------------------
# Precision and recall on leaders, flags per healthy leader and G11 flags on steady-monthly leaders, at UNTIL and
# eight weeks before (targets: precision and recall at least 0.95, no G11 flag on a steady-monthly leader).
mapfile -t MEASURES < <("$RADAR" rules measure --org bench --labels "$OUT/labels.csv" --as-of "$UNTIL")
for line in "${MEASURES[@]}"; do log "$line"; done

# --- radar query silent against psql on the view ------------------------------------------------------------
query_baseline=$(median_seconds 5 "${PSQL[@]}" -c "SET radar.org_id = '$BENCH_ORG'; SELECT * FROM query_silent")
query_ours=$(median_seconds 5 "$RADAR" query silent --org bench)
record "radar query silent (process start to exit)" "$query_ours" "$query_baseline" " s" "≤" 1.5

# --- radar digest against radar check -----------------------------------------------------------------------
# The week that ends just before UNTIL (a Monday), rendered from the flags the checks above recorded.
DIGEST_WEEK=$(date -u -d "$UNTIL - 1 day" +%G-W%V)
digest_ours=$(median_seconds 3 "$RADAR" digest render --org bench --week "$DIGEST_WEEK" --format html)
record "radar digest render, $SIZE stakeholders (baseline: radar check)" "$digest_ours" "$check_ours" " s" "≤" 1

fi

# --- Recording through the API against pgbench's inserts ---------------------------------------------------------
# Both sides record the same shape (3 participants, 2 guidelines, 1 fear) among the generated people, at 16
# connections for API_SECONDS each: wrk through `radar serve`, pgbench straight into the tables in one transaction.
API_SECONDS=${BENCH_API_SECONDS:-15}
"$RADAR" user add bench-admin@bench.example --name "Bench admin" --org bench --role admin >/dev/null 2>&1 ||
    die "could not add the benchmark's admin"
RADAR_TOKEN=$("$RADAR" token create --user bench-admin@bench.example --name benchmark 2>/dev/null) ||
    die "could not create the benchmark's API token"
# Records conversations through `RADAR serve` (a fresh one on a free port) with wrk for API_SECONDS; sets api_rps,
# api_p50, api_p99 (milliseconds) and serve_peak_mb (the server's peak resident memory).
api_load() {
    local radar=$1 port wrk_line api_errors
    port=$(free_port)
    # As many database connections as pgbench gets clients, so both sides have the same 16.
    RADAR_SCHEDULER=off RADAR_POOL_SIZE=16 start_service "$radar" "$TMP/serve" "$port"
    wrk_line=$(RADAR_TOKEN=$RADAR_TOKEN RADAR_ORG=bench RADAR_PEOPLE=$SIZE \
        wrk -t 2 -c 16 -d "${API_SECONDS}s" --latency -s "$ROOT/deploy/bench/record.lua" "http://127.0.0.1:$port" |
        grep '^RESULT') || die "wrk printed no result"
    serve_peak_mb=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$(service_pid "$TMP/serve")/status")
    stop_service "$TMP/serve"
    api_rps=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<<"$wrk_line")
    api_p50=$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<<"$wrk_line")
    api_p99=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$wrk_line")
    api_errors=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<<"$wrk_line")
    [[ $api_errors == 0 ]] ||
        die "the API answered $api_errors requests with errors during the load (see $TMP/serve/serve.log)"
}

# BENCH_COMPARE=PATH: the same load through that other radar binary first (an older build), as a row of its own.
if [[ -n ${BENCH_COMPARE:-} ]]; then
    [[ -x $BENCH_COMPARE ]] || die "BENCH_COMPARE=$BENCH_COMPARE is not an executable"
    api_load "$BENCH_COMPARE"
    compare_rps=$api_rps compare_p50=$api_p50 compare_p99=$api_p99 compare_peak_mb=$serve_peak_mb
fi
api_load "$RADAR"
pgbench_out=$("$RADAR_PG_BIN/pgbench" -n -f "$ROOT/deploy/bench/record.pgbench" -D "org=$BENCH_ORG" -D "people=$SIZE" \
    -c 16 -j 2 -T "$API_SECONDS" "$URL" 2>&1) || die "pgbench failed: $pgbench_out"
pgbench_tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$pgbench_out" | head -n 1 | awk '{ printf "%.1f", $1 }')
# For reading the ratio: the same pgbench script as radar_app, under row-level security as the API's writes are (the
# baseline above runs as the superuser, which bypasses it). Shown, not a target.
sed 's/^SELECT set_config(.radar.org_id/SET LOCAL ROLE radar_app; &/' "$ROOT/deploy/bench/record.pgbench" >"$TMP/record-app.pgbench"
grep -q 'SET LOCAL ROLE radar_app' "$TMP/record-app.pgbench" || die "could not derive the radar_app pgbench script"
pgbench_app_out=$("$RADAR_PG_BIN/pgbench" -n -f "$TMP/record-app.pgbench" -D "org=$BENCH_ORG" -D "people=$SIZE" \
    -c 16 -j 2 -T "$API_SECONDS" "$URL" 2>&1) || die "pgbench as radar_app failed: $pgbench_app_out"
pgbench_app_tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$pgbench_app_out" | head -n 1 | awk '{ printf "%.1f", $1 }')
log "pgbench as radar_app: $pgbench_app_tps/s"
if [[ -n ${BENCH_COMPARE:-} ]]; then
    record "the same through $(basename "$BENCH_COMPARE") (p50 ${compare_p50} ms, p99 ${compare_p99} ms, peak ${compare_peak_mb} MB)" \
        "$compare_rps" "$pgbench_tps" "/s" "≥" 0.5
fi
record "recording a conversation via the API at 16 connections (p50 ${api_p50} ms, p99 ${api_p99} ms)" \
    "$api_rps" "$pgbench_tps" "/s" "≥" 0.5
ROWS+=("pgbench's same inserts as radar_app, row-level security on (shown beside the baseline, no target)|$pgbench_app_tps/s|$pgbench_tps/s|$(awk -v a="$pgbench_app_tps" -v b="$pgbench_tps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')|—|—")
met=$(awk -v m="$serve_peak_mb" 'BEGIN { print (m < 150 ? "yes" : "no") }')
ROWS+=("radar serve peak resident memory under that load|$serve_peak_mb MB|—|—|< 150 MB|$met")
log "radar serve peak resident memory: ${serve_peak_mb} MB"

# BENCH_ONLY=recording skips from here to the report.
if [[ -z $ONLY ]]; then

# --- radar import against psql \copy of the same rows --------------------------------------------------------
log "preparing $IMPORT_CONVERSATIONS conversations for import"
"$RADAR" generate --org source --stakeholders $((IMPORT_CONVERSATIONS / 20 > 10 ? IMPORT_CONVERSATIONS / 20 : 10)) \
    --weeks 52 --seed 7 --until "$UNTIL" >/dev/null
SOURCE_ORG=$(org_id source)
# Keep exactly the first N conversations (and what hangs off them) so both sides load the same rows.
"${PSQL[@]}" <<SQL
DELETE FROM conversations c WHERE c.org_id = '$SOURCE_ORG'
   AND c.id NOT IN (SELECT id FROM conversations WHERE org_id = '$SOURCE_ORG' ORDER BY ref LIMIT $IMPORT_CONVERSATIONS);
DELETE FROM fears WHERE org_id = '$SOURCE_ORG';
DELETE FROM commitments WHERE org_id = '$SOURCE_ORG';
DELETE FROM initiatives WHERE org_id = '$SOURCE_ORG';
DELETE FROM business_priorities WHERE org_id = '$SOURCE_ORG';
SQL
"$RADAR" export --org source "$TMP/export" >/dev/null
conversations_csv=$(($(wc -l <"$TMP/export/conversations.csv") - 1))
participants_csv=$(($(wc -l <"$TMP/export/participants.csv") - 1))
# The baseline loads the same rows, already resolved to ids, straight into the same tables with \copy, under an
# organisation of its own (ids are unique per organisation, so the source's ids can be reused as they are).
BASELINE_ORG=$("${PSQL[@]}" -At -c "SELECT gen_random_uuid()")
"${PSQL[@]}" -c "\\copy (SELECT '$BASELINE_ORG', id, name, email, tier FROM stakeholders WHERE org_id = '$SOURCE_ORG') TO '$TMP/b_stakeholders.tsv'"
"${PSQL[@]}" -c "\\copy (SELECT '$BASELINE_ORG', id, ref, occurred_at, kind, initiated_by FROM conversations WHERE org_id = '$SOURCE_ORG') TO '$TMP/b_conversations.tsv'"
"${PSQL[@]}" -c "\\copy (SELECT '$BASELINE_ORG', conversation_id, stakeholder_id, attendance, engagement, occurred_at FROM conversation_participants WHERE org_id = '$SOURCE_ORG') TO '$TMP/b_participants.tsv'"
"${PSQL[@]}" -c "\\copy (SELECT '$BASELINE_ORG', conversation_id, guideline FROM conversation_guidelines WHERE org_id = '$SOURCE_ORG') TO '$TMP/b_guidelines.tsv'"
cat >"$TMP/baseline_import.sql" <<SQL
BEGIN;
INSERT INTO organisations (id, slug, name) VALUES ('$BASELINE_ORG', 'baseline', 'Baseline');
\\copy stakeholders (org_id, id, name, email, tier) FROM '$TMP/b_stakeholders.tsv'
\\copy conversations (org_id, id, ref, occurred_at, kind, initiated_by) FROM '$TMP/b_conversations.tsv'
\\copy conversation_participants (org_id, conversation_id, stakeholder_id, attendance, engagement, occurred_at) FROM '$TMP/b_participants.tsv'
\\copy conversation_guidelines (org_id, conversation_id, guideline) FROM '$TMP/b_guidelines.tsv'
COMMIT;
SQL
import_baseline=$(seconds "${PSQL[@]}" -f "$TMP/baseline_import.sql")
"$RADAR" org create target --name Target >/dev/null
# Stakeholders first (as an HR team would), then the timed import of conversations and participants.
mkdir -p "$TMP/people" "$TMP/history"
cp "$TMP/export/stakeholders.csv" "$TMP/people/"
"$RADAR" import --org target "$TMP/people" >/dev/null
cp "$TMP/export/conversations.csv" "$TMP/export/participants.csv" "$TMP/history/"
import_ours=$(seconds "$RADAR" import --org target "$TMP/history")
record "radar import, $conversations_csv conversations / $participants_csv participants" "$import_ours" "$import_baseline" " s" "≤" 2

# --- Reading aid: the plans of the fact queries ---------------------------------------------------------------
{
    printf -- '-- EXPLAIN (ANALYZE, BUFFERS) of the fact views over the %s-stakeholder organisation, as of %s, read as\n-- radar_app with JIT off and 16MB work_mem, the way radar check reads them.\n' "$SIZE" "$UNTIL"
    for view in facts_stakeholder facts_initiative facts_conversation facts_organisation; do
        printf '\n-- %s\n' "$view"
        # As the product reads them: as radar_app (row-level security on), JIT compilation off, 16MB work_mem.
        "${PSQL[@]}" -c "SET radar.org_id = '$BENCH_ORG'; SET radar.as_of = '$UNTIL'; SET jit = off; SET work_mem = '16MB'; SET ROLE radar_app;" \
            -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM $view"
    done
} >"$ROOT/deploy/bench/fact-plans.txt" 2>&1

# --- How radar check grows with the organisation -------------------------------------------------------------
for n in $SCALES; do
    "$RADAR" generate --org "scale-$n" --stakeholders "$n" --weeks "$SCALE_WEEKS" --seed 3 --until "$UNTIL" >/dev/null
    "${PSQL[@]}" -c "ANALYZE"
    t=$(median_seconds 3 "$RADAR" check --org "scale-$n" --as-of "$UNTIL")
    SCALE_ROWS+=("$n|$t")
    log "radar check over $n stakeholders ($SCALE_WEEKS weeks): ${t}s"
done

fi

# --- Report ---------------------------------------------------------------------------------------------------
steps_seconds=$(elapsed "$steps_started")
machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -m)"
{
    printf '# Benchmark results, %s (%s)\n\n' "$(date -u +%Y-%m-%d)" "$machine"
    printf '| measure | ours | baseline | ratio | target | met |\n| --- | ---: | ---: | ---: | --- | --- |\n'
    for row in "${ROWS[@]}"; do printf '| %s |\n' "${row//|/ | }"; done
    printf '\n'
    for line in "${MEASURES[@]}"; do printf -- '- %s\n' "$line"; done
    printf '\nGeneration of %s stakeholders, %s weeks, %s participations: %ss\n' "$SIZE" "$WEEKS" "$participations" "$gen_seconds"
    printf '\nRelease build: %ss; the benchmark after it: %ss\n' "$build_seconds" "$steps_seconds"
    printf '\n| stakeholders (%s weeks) | radar check (s) |\n| ---: | ---: |\n' "$SCALE_WEEKS"
    for row in "${SCALE_ROWS[@]}"; do printf '| %s |\n' "${row//|/ | }"; done
} >"$OUT/results.md"
{
    printf '{\n  "date": "%s",\n  "machine": "%s",\n  "build_seconds": %s,\n  "steps_seconds": %s,\n' \
        "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$machine" "$build_seconds" "$steps_seconds"
    printf '  "generation_seconds": %s,\n  "participations": %s,\n  "rows": [\n' "$gen_seconds" "$participations"
    sep=""
    for row in "${ROWS[@]}"; do
        IFS='|' read -r m o b r t met <<<"$row"
        printf '%s    {"measure": "%s", "ours": "%s", "baseline": "%s", "ratio": "%s", "target": "%s", "met": %s}' \
            "$sep" "$m" "$o" "$b" "$r" "$t" "$([[ $met == yes ]] && echo true || echo false)"
        sep=$',\n'
    done
    printf '\n  ],\n  "g11_measures": [\n'
    sep=""
    for line in "${MEASURES[@]}"; do printf '%s    "%s"' "$sep" "$line"; sep=$',\n'; done
    printf '\n  ],\n  "check_scaling": [\n'
    sep=""
    for row in "${SCALE_ROWS[@]}"; do
        IFS='|' read -r n t <<<"$row"
        printf '%s    {"stakeholders": %s, "weeks": %s, "seconds": %s}' "$sep" "$n" "$SCALE_WEEKS" "$t"
        sep=$',\n'
    done
    printf '\n  ]\n}\n'
} >"$OUT/results.json"
cat "$OUT/results.md"
