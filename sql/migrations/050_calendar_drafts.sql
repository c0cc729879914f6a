-- Conversations captured from calendars (issue 20, part 1). Meetings read from an uploaded .ics file or a subscribed
-- feed become drafts in a review queue when a tracked stakeholder is on them; nothing is recorded until HR confirms
-- a draft, which then records a conversation whose source says it came from a calendar. A draft is keyed by the
-- event's UID and the occurrence (RECURRENCE-ID, '' for an event that does not recur), so importing the same meeting
-- again, moving it or cancelling it updates or withdraws its one draft instead of adding another.

-- Where a conversation's record came from: typed in (CLI, API, page), imported from a file, or a calendar.
ALTER TABLE conversations
    ADD COLUMN source text NOT NULL DEFAULT 'typed' CONSTRAINT conversations_source_check
        CHECK (source IN ('typed', 'imported', 'calendar'));

-- A subscribed calendar: its address is a secret (whoever has it reads the calendar), so it is kept here and shown
-- back only as `shown_url`, its host with the rest elided. Adding and removing feeds is audited.
CREATE TABLE calendar_feeds (
    org_id     uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id         uuid NOT NULL DEFAULT gen_random_uuid(),
    url        text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
    shown_url  text NOT NULL CHECK (length(shown_url) <= 300),
    owner_id   uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT calendar_feeds_url_key UNIQUE (org_id, url)
);

-- How polling a feed goes: the validators of its last answer for a conditional GET, and the back-off after failures.
-- Kept apart from the feed because it changes at every poll, which is operation, not a change anyone made.
-- `next_poll_at` is also the claim: an instance moves it forward before polling, so only one polls a feed at a time.
CREATE TABLE calendar_feed_polls (
    org_id          uuid NOT NULL,
    feed_id         uuid NOT NULL,
    etag            text CHECK (length(etag) <= 500),
    last_modified   text CHECK (length(last_modified) <= 100),
    -- NULL until the first poll: a new feed is due at once.
    next_poll_at    timestamptz,
    last_polled_at  timestamptz,
    last_changed_at timestamptz,
    -- Failures in a row since the last success; the pause before the next try doubles with each.
    failures        integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_error      text CHECK (length(last_error) <= 500),
    PRIMARY KEY (org_id, feed_id),
    CONSTRAINT calendar_feed_polls_feed_fkey FOREIGN KEY (org_id, feed_id)
        REFERENCES calendar_feeds (org_id, id) ON DELETE CASCADE
);
CREATE INDEX calendar_feed_polls_due_idx ON calendar_feed_polls (org_id, next_poll_at);
ALTER TABLE calendar_feed_polls ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_feed_polls FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON calendar_feed_polls USING (org_id = (SELECT radar_current_org()))
    WITH CHECK (org_id = (SELECT radar_current_org()));
GRANT SELECT, INSERT, UPDATE, DELETE ON calendar_feed_polls TO radar_app;

CREATE TABLE calendar_drafts (
    org_id          uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    uid             text NOT NULL CHECK (btrim(uid) <> '' AND length(uid) <= 1000),
    occurrence      text NOT NULL DEFAULT '' CHECK (occurrence ~ '^([0-9]{8}(T[0-9]{6}Z)?)?$'),
    sequence        integer NOT NULL DEFAULT 0,
    -- 'file' for an upload, 'feed' for a subscribed calendar (then feed_id says which, while it exists).
    source          text NOT NULL CHECK (source IN ('file', 'feed')),
    feed_id         uuid,
    summary         text CHECK (length(summary) <= 1000),
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL,
    all_day         boolean NOT NULL DEFAULT false,
    organiser_email text CHECK (length(organiser_email) <= 254),
    -- Everyone on the meeting, organiser first: [{"email", "name", "reply"}], reply as in calendar_reply.
    people          jsonb NOT NULL CHECK (jsonb_typeof(people) = 'array'),
    state           text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'confirmed', 'dismissed', 'withdrawn')),
    conversation_id uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT calendar_drafts_meeting_key UNIQUE (org_id, uid, occurrence),
    CONSTRAINT calendar_drafts_ends_after_start CHECK (ends_at >= starts_at),
    CONSTRAINT calendar_drafts_conversation_when_confirmed CHECK (conversation_id IS NULL OR state = 'confirmed'),
    CONSTRAINT calendar_drafts_feed_fkey FOREIGN KEY (org_id, feed_id)
        REFERENCES calendar_feeds (org_id, id) ON DELETE SET NULL (feed_id),
    CONSTRAINT calendar_drafts_conversation_fkey FOREIGN KEY (org_id, conversation_id)
        REFERENCES conversations (org_id, id) ON DELETE SET NULL (conversation_id)
);
CREATE INDEX calendar_drafts_queue_idx ON calendar_drafts (org_id, state, starts_at);
CREATE INDEX calendar_drafts_feed_idx ON calendar_drafts (org_id, feed_id, starts_at);

DO $tables$
DECLARE
    audited CONSTANT text[][] := ARRAY[
        ['calendar_feeds', 'calendar_feed', 'r.id::text'],
        ['calendar_drafts', 'calendar_draft', 'r.id::text']
    ];
    i integer;
BEGIN
    FOR i IN 1 .. array_length(audited, 1) LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', audited[i][1]);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', audited[i][1]);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (org_id = (SELECT radar_current_org()))
                        WITH CHECK (org_id = (SELECT radar_current_org()))', audited[i][1]);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO radar_app', audited[i][1]);
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION radar_touch_row()',
                       audited[i][1] || '_touch', audited[i][1]);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_insert(%L, %L)',
                       audited[i][1] || '_audit_insert', audited[i][1], audited[i][2], audited[i][3]);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_update(%L, %L)',
                       audited[i][1] || '_audit_update', audited[i][1], audited[i][2], audited[i][3]);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_delete(%L, %L)',
                       audited[i][1] || '_audit_delete', audited[i][1], audited[i][2], audited[i][3]);
    END LOOP;
END
$tables$;
