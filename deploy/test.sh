#!/usr/bin/env bash
# Builds Commitment Radar and runs every test against a throwaway PostgreSQL.
#
#   deploy/test.sh                          # all tests
#   deploy/test.sh --filter PostgresTests   # extra arguments go to `swift test`
#
# The full run (no arguments) ends with schemathesis against a live `radar serve` (deploy/lib/schemathesis.sh);
# it fails on any finding. Then the browser suite (deploy/lib/browser.sh, deploy/browser/suite.py) walks HR's
# stories in headless Chromium, installing chromium and chromium-driver if missing (it fails, saying what to
# install, if it cannot); its screenshots go to deploy/browser/out/. Last, deploy/package/test.sh builds the Debian
# package, installs it on this machine and runs it with no source tree (as root). RADAR_SCRATCH_PATH builds in
# another directory than .build.
#
# Installs the missing Debian packages (as root), starts a cluster in a fresh
# directory under /tmp on a free port, and stops and removes it on exit,
# whatever happens. The tests find it through the RADAR_TEST_* variables.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=deploy/lib/common.sh
source "$ROOT/deploy/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$ROOT/deploy/lib/postgres.sh"
# shellcheck source=deploy/lib/service.sh
source "$ROOT/deploy/lib/service.sh"
# shellcheck source=deploy/lib/schemathesis.sh
source "$ROOT/deploy/lib/schemathesis.sh"
# shellcheck source=deploy/lib/browser.sh
source "$ROOT/deploy/lib/browser.sh"
cd "$ROOT"

SWIFT_PATH_ARGS=()
if [[ -n ${RADAR_SCRATCH_PATH:-} ]]; then SWIFT_PATH_ARGS=(--scratch-path "$RADAR_SCRATCH_PATH"); fi

ensure_swift
ensure_packages

throwaway_workspace radar-test schemathesis browser

start_cluster "$TMP" "$(free_port)" throwaway
ensure_database radar_test

export RADAR_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$RADAR_PG_PORT/radar_test"
export RADAR_TEST_PGDATA="$RADAR_PG_DIR/data"
export RADAR_TEST_PGBIN="$RADAR_PG_BIN"
RADAR_TEST_PG_OS_USER=$(pg_os_user)
export RADAR_TEST_PG_OS_USER
export RADAR_TEST_PGPORT="$RADAR_PG_PORT"
export RADAR_TEST_PGHOST=127.0.0.1
log "tests use RADAR_TEST_DATABASE_URL=$RADAR_TEST_DATABASE_URL"

started=$SECONDS
swift build --build-tests "${SWIFT_PATH_ARGS[@]}" || die "build failed after $(elapsed "$started") s"
log "build took $(elapsed "$started") s"

# Every test run's output is also kept, so that a failure is recalled at the very end, after the long schemathesis
# and browser output, where a reader of only the last lines (a CI summary) still sees which test failed and why.
test_output="$TMP/swift-test.log"
swift_test() { swift test "${SWIFT_PATH_ARGS[@]}" --skip-build "$@" 2>&1 | tee -a "$test_output"; }

# recall_test_failures: prints the failed tests' lines (Swift Testing marks them with ✘), the comments (↳) under
# each recorded issue, and any error lines.
recall_test_failures() {
    local failures
    failures=$(awk '/^✘|: error: / { if (!seen[$0]++) print; issue = /recorded an issue/; next }
                    issue && /^↳/ { print; next }
                    { issue = 0 }' "$test_output" | head -n 80)
    if [[ -n $failures ]]; then
        log "the tests that failed, as they reported it:"
        printf '%s\n' "$failures" >&2
    fi
}

started=$SECONDS
status=0
if [[ $# -gt 0 ]]; then
    swift_test "$@" || status=$?
else
    # The server-restart tests (the pool's and the service's) restart the shared cluster, which would break other
    # suites' connections mid-test, so they run on their own after everything else, one after the other.
    restart_suites=(ServerRestartTests ServiceRestartTests)
    swift_test --skip "$(IFS='|' && echo "${restart_suites[*]}")" || status=$?
    for suite in "${restart_suites[@]}"; do
        swift_test --filter "$suite" || status=$?
    done
fi
tests_status=$status
log "tests took $(elapsed "$started") s (exit code $status)"

if [[ $# -eq 0 ]]; then
    radar_binary="$(swift build "${SWIFT_PATH_ARGS[@]}" --show-bin-path)/radar"
    run_schemathesis "$radar_binary" "$TMP/schemathesis" || status=$?
    run_browser_suite "$radar_binary" "$TMP/browser" || status=$?
    # The Debian package, installed on this machine and run from its installed paths (needs root, as CI is).
    if is_root; then
        "$ROOT/deploy/package/test.sh" || status=$?
    else
        warn "not root: the package test (deploy/package/test.sh) did not run; run it as root"
        status=1
    fi
fi
if [[ $tests_status -ne 0 ]]; then recall_test_failures; fi
exit "$status"
