-- Flag life like the best alerting systems (issue 16, part 3): a rule's condition may have to hold for some days
-- before its flag opens (pending), a rule may name the rules it makes redundant on the same subject
-- (suppression), admins silence flags by matcher until a day, and every change of a flag keeps the facts it saw.

-- How many days a rule's condition must have held before its flag opens, and the rules whose flags on the same
-- subject it makes redundant while it is open.
ALTER TABLE default_rules ADD COLUMN for_days smallint NOT NULL DEFAULT 0 CHECK (for_days BETWEEN 0 AND 365);
ALTER TABLE default_rules ADD COLUMN suppresses text[] NOT NULL DEFAULT '{}';
ALTER TABLE rules ADD COLUMN for_days smallint NOT NULL DEFAULT 0 CHECK (for_days BETWEEN 0 AND 365);
ALTER TABLE rules ADD COLUMN suppresses text[] NOT NULL DEFAULT '{}';

-- Rules that fire on something missing (no contact, no update, no outcome, no priority) wait three days, so one
-- conversation or update recorded late does not open a flag overnight (engagement-drop, one observation, two);
-- what a recorded event or a structural fact shows (a group ask, declined invitations, a sponsor gone) opens at
-- once. Three days also bounds what a check costs: one more read of the facts per day waited.
UPDATE default_rules SET for_days = d.for_days
  FROM (VALUES ('silent-leader', 3), ('fading-contact', 3), ('engagement-drop', 2), ('score-decline', 3),
               ('engagement-gap', 3), ('programme-gap', 3), ('fears-not-asked', 3), ('stale-fear', 3),
               ('no-business-case', 3), ('narrative-gaps', 3), ('training-only', 3), ('hr-owns-it', 3),
               ('pilot-without-evidence', 3), ('group-stopped-meeting', 3), ('member-missing-sessions', 3),
               ('leader-without-coaching-goal', 3), ('coaching-goal-stale', 3), ('sponsor-not-coached', 3))
       AS d (code, for_days)
 WHERE default_rules.code = d.code;
-- A leader nobody talks to explains their fading contact and falling score.
UPDATE default_rules SET suppresses = '{fading-contact,score-decline,engagement-gap}' WHERE code = 'silent-leader';
UPDATE default_rules SET suppresses = '{score-decline}' WHERE code = 'fading-contact';

DO $catalogue$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organisations LOOP
        PERFORM set_config('radar.org_id', org::text, true);
        UPDATE rules r SET for_days = d.for_days, suppresses = d.suppresses
          FROM default_rules d
         WHERE r.org_id = org AND d.code = r.code;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$catalogue$;

-- A flag's life has three more states, each judged afresh by every check from the facts as of its instant:
-- pending (the condition has not held for its rule's days yet), suppressed (an open flag of another rule on the
-- same subject makes it redundant) and silenced (a silence matches it). They lie over the triage status
-- (open, acknowledged, snoozed), which stays as it was underneath.
ALTER DOMAIN flag_status DROP CONSTRAINT flag_status_check;
ALTER DOMAIN flag_status ADD CONSTRAINT flag_status_check
    CHECK (VALUE IN ('pending', 'open', 'acknowledged', 'snoozed', 'silenced', 'suppressed', 'resolved'));

-- Silences: an admin quiets every flag that matches all the matchers given (a rule, a guideline, a stakeholder,
-- a tier) until a day, with a reason. A silence holds for evaluations as of an instant from `starts_at` (from the
-- beginning when NULL) to the start of `until` on the organisation's calendar, and not from when it was ended.
CREATE TABLE silences (
    org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    rule_code      text,
    guideline      guideline_code REFERENCES guidelines (code),
    stakeholder_id uuid,
    tier           stakeholder_tier,
    starts_at      timestamptz,
    until          date NOT NULL,
    reason         text NOT NULL CHECK (btrim(reason) <> '' AND length(reason) <= 2000),
    created_by     text NOT NULL,
    ended_at       timestamptz,
    ended_by       text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT silences_rule_fkey FOREIGN KEY (org_id, rule_code) REFERENCES rules (org_id, code) ON DELETE CASCADE,
    CONSTRAINT silences_stakeholder_fkey FOREIGN KEY (org_id, stakeholder_id)
        REFERENCES stakeholders (org_id, id) ON DELETE CASCADE,
    CONSTRAINT silences_match_something
        CHECK (num_nonnulls(rule_code, guideline, stakeholder_id, tier) > 0)
);
CREATE INDEX silences_until_idx ON silences (org_id, until);

ALTER TABLE silences ENABLE ROW LEVEL SECURITY;
ALTER TABLE silences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON silences
    USING (org_id = (SELECT radar_current_org())) WITH CHECK (org_id = (SELECT radar_current_org()));
-- Silences are ended, never deleted, so the trail of who quieted what stays.
GRANT SELECT, INSERT, UPDATE ON silences TO radar_app;
CREATE TRIGGER silences_touch BEFORE UPDATE ON silences FOR EACH ROW EXECUTE FUNCTION radar_touch_row();
CREATE TRIGGER silences_audit_insert AFTER INSERT ON silences REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_insert('silence', 'r.id::text');
CREATE TRIGGER silences_audit_update AFTER UPDATE ON silences REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_update('silence', 'r.id::text');

-- The states a check lays over a flag: pending since when, suppressed by which flag, silenced by which silence.
ALTER TABLE flags ADD COLUMN pending_since timestamptz;
ALTER TABLE flags ADD COLUMN suppressed_by uuid;
ALTER TABLE flags ADD COLUMN silence_id uuid;

-- The history: each event keeps the facts the flag saw at that moment and, for the new states, what caused them.
ALTER TABLE flag_events DROP CONSTRAINT flag_events_event_check;
ALTER TABLE flag_events ADD CONSTRAINT flag_events_event_check
    CHECK (event IN ('raised', 'reopened', 'escalated', 'resolved', 'acknowledged', 'snoozed', 'unsnoozed',
                     'pending', 'opened', 'suppressed', 'unsuppressed', 'silenced', 'unsilenced'));
ALTER TABLE flag_events ADD COLUMN evidence jsonb;
ALTER TABLE flag_events ADD COLUMN suppressed_by uuid;
ALTER TABLE flag_events ADD COLUMN silence_id uuid;
