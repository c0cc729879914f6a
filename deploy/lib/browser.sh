# shellcheck shell=bash
# The browser suite (deploy/browser/suite.py) against a live `radar serve`, for deploy/test.sh. Source it after
# deploy/lib/common.sh, deploy/lib/postgres.sh and deploy/lib/service.sh, once start_cluster has started the
# throwaway cluster; do not run it.
#
#   ensure_browser                        # Chromium and chromedriver (Debian packages) and selenium in the venv
#   run_browser_suite RADAR_BINARY DIR    # fresh database, demo data, four users, the server, then the suite
#                                         # (only the stories named in $RADAR_BROWSER_STORIES, if set)
#
# There is no switch to skip it: without Chromium the run fails and says what to install. Screenshots of every page
# the suite visits go to deploy/browser/out/ (gitignored; CI keeps it as an artefact), or to $RADAR_BROWSER_OUT.
# The server runs from DIR (stop it in cleanup traps with `stop_service DIR`). The virtual environment is the one
# schemathesis uses ($RADAR_VENV, deploy/lib/common.sh).

RADAR_BROWSER_PACKAGES=(chromium chromium-driver)
RADAR_SELENIUM_REQUIREMENT='selenium>=4.20,<5'
RADAR_CHROMIUM=/usr/bin/chromium
RADAR_CHROMEDRIVER=/usr/bin/chromedriver

# Installs Chromium and chromedriver if missing (as root, with apt), and selenium into the virtual environment.
# Fails, saying what to install, when that cannot be done: the browser suite is part of every full run.
ensure_browser() {
    if [[ ! -x $RADAR_CHROMIUM || ! -x $RADAR_CHROMEDRIVER ]]; then
        # ensure_packages exits on failure; the subshell lets us add what the browser suite needs to the message.
        (ensure_packages "${RADAR_BROWSER_PACKAGES[@]}") ||
            die "the browser suite needs Chromium and chromedriver: install the Debian packages ${RADAR_BROWSER_PACKAGES[*]}
    (as root: apt-get update && apt-get install -y --no-install-recommends ${RADAR_BROWSER_PACKAGES[*]})"
        [[ -x $RADAR_CHROMIUM && -x $RADAR_CHROMEDRIVER ]] ||
            die "the packages ${RADAR_BROWSER_PACKAGES[*]} are installed but $RADAR_CHROMIUM or $RADAR_CHROMEDRIVER is missing"
    fi
    ensure_venv
    if ! "$RADAR_VENV/bin/python" -c 'import selenium' >/dev/null 2>&1; then
        log "installing selenium into $RADAR_VENV"
        "$RADAR_VENV/bin/pip" install -q --disable-pip-version-check "$RADAR_SELENIUM_REQUIREMENT" >&2 ||
            die "pip install $RADAR_SELENIUM_REQUIREMENT failed (is PyPI reachable?)"
    fi
}

# run_browser_suite RADAR_BINARY DIR
# A fresh database `radar_browser` in the cluster (roles, migrations, the demo organisation, an admin, an HR user
# and a viewer with known passwords, eleven weeks of digests archived, all made with the CLI), `radar serve` on
# a free loopback port with its log in DIR/serve.log, nginx in front of it (start_proxy), then
# deploy/browser/suite.py through nginx. Returns the suite's status.
run_browser_suite() {
    local radar=$1 dir=$2 db=radar_browser port url status=0 started=$SECONDS
    [[ -x $radar ]] || die "run_browser_suite: $radar is not an executable"
    mkdir -p -- "$dir"
    ensure_browser
    local out=${RADAR_BROWSER_OUT:-$ROOT/deploy/browser/out}
    mkdir -p -- "$out"
    rm -f -- "$out"/*.png

    local database_url
    database_url=$(fresh_demo_database "$radar" "$db") || die "could not prepare the database $db"
    # Known passwords (only for this throwaway database), given on standard input as an operator would.
    local password='browser-suite-Pa55word!' role
    local -A names=([admin]="Browser Admin" [hr]="Browser HR" [viewer]="Browser Viewer")
    for role in admin hr viewer; do
        printf '%s\n' "$password" | DATABASE_URL=$database_url "$radar" user add "$role@browser.example" \
            --name "${names[$role]}" --org demo --role "$role" --password-stdin --password-is-final >/dev/null 2>&1 ||
            die "could not add the browser suite's $role user"
    done
    # One more, whose password an administrator set: the suite has them choose their own at first sign-in.
    printf '%s\n' "$password" | DATABASE_URL=$database_url "$radar" user add newcomer@browser.example \
        --name "Browser Newcomer" --org demo --role hr --password-stdin >/dev/null 2>&1 ||
        die "could not add the browser suite's newcomer"
    # Eleven weeks of history as the weekly schedule would have left it: each week's digest archived on the Monday
    # after (which also runs that week's check and engagement snapshot, so the sparklines have points), then a check
    # now so the dashboard shows today's flags.
    local weeks_ago monday
    for ((weeks_ago = 11; weeks_ago >= 1; weeks_ago--)); do
        monday=$(date -u -d "monday -$weeks_ago week" +%Y-%m-%d)
        DATABASE_URL=$database_url "$radar" digest send --org demo --as-of "${monday}T06:00" >/dev/null 2>&1 ||
            die "radar digest send --as-of ${monday}T06:00 failed on the demo organisation"
    done
    DATABASE_URL=$database_url "$radar" check --org demo >/dev/null || die "radar check failed on the demo organisation"

    # The pages are visited through nginx with the settings operators copy (deploy/proxy/), as in production.
    port=$(free_port)
    local proxy_port
    proxy_port=$(free_port)
    url="http://127.0.0.1:$proxy_port"
    # The demo organisation signs in through a provider of its own too (deploy/oidc/provider.py, with its sign-in
    # page): whoever signs in at sso.browser.example there is in its group radar-hr.
    local oidc_port oidc_secret
    oidc_port=$(free_port)
    oidc_secret="browser-oidc-$RANDOM$RANDOM"
    start_oidc_provider "$dir" "$oidc_port" radar-browser "$oidc_secret"
    printf '%s\n' "$oidc_secret" | DATABASE_URL=$database_url "$radar" sso add --org demo --label "Test Provider" \
        --issuer "http://127.0.0.1:$oidc_port" --client-id radar-browser --client-secret-stdin \
        --email-domain sso.browser.example --hr-group radar-hr >/dev/null ||
        die "could not set up the demo organisation's single sign-on provider"
    # Signs the one-click links of owners' notices: the suite's CLI writes a notice, the server checks its links.
    local link_secret="browser-notice-links-$RANDOM$RANDOM$RANDOM-0123456789abcdef"
    DATABASE_URL=$(as_service_login "$database_url") RADAR_LOG_LEVEL=warning RADAR_SCHEDULER=off \
        RADAR_TRUSTED_PROXIES=127.0.0.1 RADAR_PUBLIC_URL=$url RADAR_LINK_SECRET=$link_secret \
        start_service "$radar" "$dir" "$port"
    start_proxy "$dir" "$proxy_port" "$port"

    log "browser suite: Chromium against $url (screenshots in $out, server log $dir/serve.log)"
    local stories=()
    read -ra stories <<<"${RADAR_BROWSER_STORIES:-}"
    RADAR_BROWSER_URL=$url RADAR_BROWSER_OUT=$out RADAR_BROWSER_PASSWORD=$password \
        RADAR_BROWSER_RADAR=$radar RADAR_BROWSER_DATABASE_URL=$database_url RADAR_BROWSER_ORG=demo \
        RADAR_BROWSER_SSO_LABEL="Test Provider" RADAR_BROWSER_SSO_DOMAIN=sso.browser.example \
        RADAR_CHROMIUM=$RADAR_CHROMIUM RADAR_CHROMEDRIVER=$RADAR_CHROMEDRIVER \
        RADAR_PUBLIC_URL=$url RADAR_LINK_SECRET=$link_secret \
        "$RADAR_VENV/bin/python" "$ROOT/deploy/browser/suite.py" "${stories[@]}" || status=$?
    stop_oidc_provider "$dir"
    stop_service_checked "$dir" "the browser suite" "$status" || status=$?
    log "browser suite took $(elapsed "$started") s (exit code $status)"
    return "$status"
}

# start_oidc_provider DIR PORT CLIENT_ID CLIENT_SECRET
# deploy/oidc/provider.py with its sign-in page on 127.0.0.1:PORT (log DIR/oidc.log, pid DIR/oidc.pid), with the
# system's python3 and its python3-jwt and python3-cryptography (RADAR_PACKAGES); waits until it listens.
start_oidc_provider() {
    local dir=$1 port=$2 client=$3 secret=$4 python=${RADAR_OIDC_PYTHON:-/usr/bin/python3}
    "$python" -c 'import jwt, cryptography' 2>/dev/null ||
        die "the single sign-on provider needs $python with PyJWT and cryptography: install the Debian packages python3-jwt and python3-cryptography"
    "$python" "$ROOT/deploy/oidc/provider.py" --port "$port" --client-id "$client" --client-secret "$secret" \
        --login-form --user-groups radar-hr >"$dir/oidc.log" 2>&1 &
    echo $! >"$dir/oidc.pid"
    local tries
    for ((tries = 0; tries < 100; tries++)); do
        grep -q '^listening on' "$dir/oidc.log" 2>/dev/null && return 0
        kill -0 "$(cat "$dir/oidc.pid")" 2>/dev/null || die "the OpenID provider stopped: $(cat "$dir/oidc.log")"
        sleep 0.1
    done
    die "the OpenID provider did not listen on port $port within 10 s: $(cat "$dir/oidc.log")"
}

# stop_oidc_provider DIR: stops the provider start_oidc_provider started there, if it runs.
stop_oidc_provider() {
    local pidfile=$1/oidc.pid
    [[ -f $pidfile ]] || return 0
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f -- "$pidfile"
}
