-- Owner notifications (issue 19, part 2): each HR owner is told, at most once a day at a time of their own
-- choosing and in their own time zone, what changed for their people since they were last told. A notice is
-- written once per owner and local day (the unique key makes a second instance's attempt a no-op), and is its own
-- outbox row: sent at least once with back-off, like a digest's delivery. A day with nothing new keeps a quiet row,
-- so the day is settled and nothing is sent.
CREATE TABLE owner_notice_settings (
    org_id     uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    send_at    time NOT NULL DEFAULT '08:00',
    -- An IANA name; the store checks it against pg_timezone_names.
    time_zone  text NOT NULL CHECK (btrim(time_zone) <> '' AND length(time_zone) <= 64),
    kind       text NOT NULL DEFAULT 'email' CHECK (kind IN ('email', 'webhook', 'directory', 'slack', 'teams')),
    target     text NOT NULL CHECK (btrim(target) <> '' AND length(target) <= 2000),
    enabled    boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, user_id)
);

CREATE TABLE owner_notices (
    org_id          uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The owner's own day the notice belongs to: at most one per day.
    local_day       date NOT NULL,
    since           timestamptz,
    as_of           timestamptz NOT NULL,
    changes         integer NOT NULL CHECK (changes >= 0),
    content         jsonb NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('email', 'webhook', 'directory', 'slack', 'teams')),
    target          text NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('quiet', 'pending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT owner_notices_once_a_day UNIQUE (org_id, user_id, local_day),
    CONSTRAINT owner_notices_quiet_is_empty CHECK (status <> 'quiet' OR changes = 0)
);
CREATE INDEX owner_notices_due_idx ON owner_notices (org_id, next_attempt_at) WHERE status = 'pending';

-- One-click links in a notice: each acknowledges or snoozes one flag for its owner, once, until it expires, and
-- only while the flag is as it was when the notice was written (its latest event then is kept here). The link's
-- token carries this row's id and is signed by the service, so a guessed or altered id is refused before the
-- database is asked.
CREATE TABLE notice_links (
    org_id        uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    notice_id     uuid NOT NULL,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    flag_id       uuid NOT NULL,
    action        text NOT NULL CHECK (action IN ('acknowledge', 'snooze')),
    flag_event_id bigint,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT notice_links_notice_fkey FOREIGN KEY (org_id, notice_id)
        REFERENCES owner_notices (org_id, id) ON DELETE CASCADE,
    CONSTRAINT notice_links_flag_fkey FOREIGN KEY (org_id, flag_id) REFERENCES flags (org_id, id) ON DELETE CASCADE
);

DO $tables$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['owner_notice_settings', 'owner_notices', 'notice_links'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (org_id = (SELECT radar_current_org()))
                        WITH CHECK (org_id = (SELECT radar_current_org()))', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO radar_app', t);
    END LOOP;
END
$tables$;

-- A person's choice of when and where they are told is audited like every setting; the notices themselves are an
-- outbox (their sending is in the service's log) and the links' use is an event on the flag.
CREATE TRIGGER owner_notice_settings_touch BEFORE UPDATE ON owner_notice_settings
    FOR EACH ROW EXECUTE FUNCTION radar_touch_row();
CREATE TRIGGER owner_notice_settings_audit_insert AFTER INSERT ON owner_notice_settings
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_insert('owner_notice_setting', 'r.user_id::text');
CREATE TRIGGER owner_notice_settings_audit_update AFTER UPDATE ON owner_notice_settings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_update('owner_notice_setting', 'r.user_id::text');
