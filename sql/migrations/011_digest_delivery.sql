-- The weekly digest's schedule and the record of scheduled runs. The archive (digests), the channels
-- (delivery_channels) and the outbox (digest_deliveries) are in 001_schema.sql.

-- Whether an archived digest is of a quiet week (nothing changed), so the archive lists it without reading content.
ALTER TABLE digests ADD COLUMN quiet boolean NOT NULL DEFAULT false;

-- When an organisation's weekly digest is made and its nightly check runs, on the organisation's wall clock.
-- No row means the defaults: the digest on Monday at 07:00, the check at 02:00, quiet weeks sent too.
CREATE TABLE digest_schedules (
    org_id     uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    weekday    smallint NOT NULL DEFAULT 1 CHECK (weekday BETWEEN 1 AND 7),
    digest_at  time NOT NULL DEFAULT '07:00',
    nightly_at time NOT NULL DEFAULT '02:00',
    skip_empty boolean NOT NULL DEFAULT false,
    enabled    boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id)
);

-- One row per scheduled job done, written in the job's own transaction: the key that makes each run happen
-- once across any number of instances. period is the week's Monday for the digest, the local day for the check.
CREATE TABLE schedule_runs (
    org_id  uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    job     text NOT NULL CHECK (job IN ('weekly_digest', 'nightly_check')),
    period  date NOT NULL,
    due_at  timestamptz NOT NULL,
    ran_at  timestamptz NOT NULL,
    outcome text NOT NULL,
    PRIMARY KEY (org_id, job, period)
);

ALTER TABLE digest_schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE digest_schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON digest_schedules USING (org_id = radar_current_org())
    WITH CHECK (org_id = radar_current_org());
ALTER TABLE schedule_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE schedule_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON schedule_runs USING (org_id = radar_current_org())
    WITH CHECK (org_id = radar_current_org());

GRANT SELECT, INSERT, UPDATE, DELETE ON digest_schedules, schedule_runs TO radar_app;

-- A changed schedule is a write a person made; scheduled runs are the system's own bookkeeping.
CREATE TRIGGER digest_schedules_audit_insert AFTER INSERT ON digest_schedules REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_insert('digest_schedule', 'r.org_id::text');
CREATE TRIGGER digest_schedules_audit_update AFTER UPDATE ON digest_schedules
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_update('digest_schedule', 'r.org_id::text');
CREATE TRIGGER digest_schedules_audit_delete AFTER DELETE ON digest_schedules REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_delete('digest_schedule', 'r.org_id::text');

-- The outbox worker claims rows of enabled channels that are due, per organisation.
CREATE INDEX digest_deliveries_org_due_idx ON digest_deliveries (org_id, next_attempt_at) WHERE status = 'pending';
