# shellcheck shell=bash
# Schemathesis against a live `radar serve`, for deploy/test.sh. Source it after deploy/lib/common.sh,
# deploy/lib/postgres.sh and deploy/lib/service.sh, once start_cluster has started the throwaway cluster; do not
# run it.
#
#   ensure_schemathesis                 # a virtual environment with schemathesis 4 (cached, created once)
#   run_schemathesis RADAR_BINARY DIR   # fresh database, demo data, a token, the server, then every check
#
# The server runs from DIR (stop it in cleanup traps with `stop_service DIR`). The virtual environment is
# $RADAR_VENV (deploy/lib/common.sh). RADAR_SCHEMATHESIS_EXAMPLES bounds the examples per operation.

RADAR_SCHEMATHESIS_REQUIREMENT='schemathesis>=4,<5'
RADAR_SCHEMATHESIS_EXAMPLES=${RADAR_SCHEMATHESIS_EXAMPLES:-50}
# Hooks that put the demo's people into generated bodies (see the file).
RADAR_SCHEMATHESIS_HOOKS=${RADAR_SCHEMATHESIS_HOOKS:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/schemathesis_hooks.py}

# Installs schemathesis into the virtual environment, unless it is there already.
ensure_schemathesis() {
    ensure_venv
    [[ -x $RADAR_VENV/bin/schemathesis ]] && return 0
    log "installing schemathesis into $RADAR_VENV"
    "$RADAR_VENV/bin/pip" install -q --disable-pip-version-check "$RADAR_SCHEMATHESIS_REQUIREMENT" >&2 \
        || die "pip install $RADAR_SCHEMATHESIS_REQUIREMENT failed (is PyPI reachable?)"
}

# run_schemathesis RADAR_BINARY DIR
# A fresh database `radar_schemathesis` in the cluster (roles, migrations, the demo organisation, an admin and an
# API token made with the CLI, two archived weekly digests), `radar serve` on a free loopback port with its log in
# DIR/serve.log, then schemathesis with every check. Returns schemathesis's exit status: non-zero on any finding.
run_schemathesis() {
    local radar=$1 dir=$2 db=radar_schemathesis port url token status=0 started=$SECONDS
    [[ -x $radar ]] || die "run_schemathesis: $radar is not an executable"
    mkdir -p -- "$dir"
    ensure_schemathesis

    local database_url
    database_url=$(fresh_demo_database "$radar" "$db") || die "could not prepare the database $db"
    DATABASE_URL=$database_url "$radar" user add schemathesis@demo.example --name "Schemathesis" \
        --org demo --role admin >/dev/null 2>&1 || die "could not add the schemathesis user"
    token=$(DATABASE_URL=$database_url "$radar" token create --user schemathesis@demo.example \
        --name schemathesis 2>/dev/null) || die "could not create the schemathesis API token"
    # Two archived weeks, so that `GET …/digests/{week}` is tried with weeks that exist (the document links the
    # archive's list to it) and not only with unknown ones.
    local weeks_ago monday
    for weeks_ago in 2 1; do
        monday=$(date -u -d "monday -$weeks_ago week" +%Y-%m-%d)
        DATABASE_URL=$database_url "$radar" digest send --org demo --as-of "${monday}T06:00" >/dev/null 2>&1 ||
            die "radar digest send --as-of ${monday}T06:00 failed on the demo organisation"
    done

    # The demo's people, for the hooks that put existing e-mails into generated bodies.
    DATABASE_URL=$database_url "$radar" stakeholder list --org demo --format json 2>/dev/null |
        python3 -c 'import json, sys; print("\n".join(person["email"] for person in json.load(sys.stdin)))' \
        >"$dir/emails.txt" || die "could not list the demo organisation's stakeholders"
    [[ -s $dir/emails.txt ]] || die "the demo organisation has no stakeholders to put into generated requests"

    port=$(free_port)
    url="http://127.0.0.1:$port"
    DATABASE_URL=$(as_service_login "$database_url") RADAR_LOG_LEVEL=warning RADAR_SCHEDULER=off \
        start_service "$radar" "$dir" "$port"

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
    # logOut is left out: it revokes the token it is sent with, which is the token every other operation here
    # uses (the Swift tests cover it: "Signing out of the API").
    # filter_too_much: the hooks (deploy/lib/schemathesis_hooks.py) map many generated bodies onto the same few
    # people, and hypothesis counts the repeats it then drops as filtered out; that says nothing about the API.
    # One worker: with two threads, CPython 3.11's ast.parse (called by hypothesis to describe filters) can
    # fail with "AST constructor recursion depth mismatch", a crash of the tool rather than a finding.
    RADAR_SCHEMATHESIS_TOKEN=$token RADAR_SCHEMATHESIS_EMAILS=$dir/emails.txt RADAR_SCHEMATHESIS_URL=$url \
        SCHEMATHESIS_HOOKS=$RADAR_SCHEMATHESIS_HOOKS "$RADAR_VENV/bin/schemathesis" --config-file "$dir/schemathesis.toml" \
        run "$url/api/v1/openapi.yaml" --checks all --workers 1 \
        --max-examples "$RADAR_SCHEMATHESIS_EXAMPLES" --request-timeout 15 --no-color \
        --suppress-health-check=filter_too_much --exclude-operation-id logOut \
        --report junit --report-dir "$dir/schemathesis-report" || status=$?
    stop_service_checked "$dir" "the schemathesis run" "$status" || status=$?
    log "schemathesis took $(elapsed "$started") s (exit code $status)"
    return "$status"
}
