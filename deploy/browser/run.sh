#!/usr/bin/env bash
# Runs only the browser suite, the way deploy/test.sh runs it at the end of a full run: builds `radar`, starts a
# throwaway PostgreSQL cluster on a free port, seeds it with the CLI, serves it on loopback and walks the stories in
# headless Chromium. Screenshots go to deploy/browser/out/.
#
#   deploy/browser/run.sh                                   # every story
#   deploy/browser/run.sh story_1_hr_logs_in story_8_keyboard_login   # only these (later ones may need earlier ones)
#
# RADAR_SCRATCH_PATH builds in another directory than .build, as for deploy/test.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=deploy/lib/common.sh
source "$ROOT/deploy/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$ROOT/deploy/lib/postgres.sh"
# shellcheck source=deploy/lib/service.sh
source "$ROOT/deploy/lib/service.sh"
# shellcheck source=deploy/lib/browser.sh
source "$ROOT/deploy/lib/browser.sh"
cd "$ROOT"

SWIFT_PATH_ARGS=()
if [[ -n ${RADAR_SCRATCH_PATH:-} ]]; then SWIFT_PATH_ARGS=(--scratch-path "$RADAR_SCRATCH_PATH"); fi

ensure_swift
ensure_packages
ensure_browser

throwaway_workspace radar-browser browser

swift build "${SWIFT_PATH_ARGS[@]}" --product radar || die "swift build --product radar failed"
start_cluster "$TMP" "$(free_port)" throwaway
RADAR_BROWSER_STORIES="$*" run_browser_suite "$(swift build "${SWIFT_PATH_ARGS[@]}" --show-bin-path)/radar" "$TMP/browser"
