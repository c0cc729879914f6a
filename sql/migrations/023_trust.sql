-- Flags a programme lead can trust (issue 16): what a conversation was for, dated history of the attributes the
-- facts read, resolution reasons, each organisation's bounds on a leader's own rhythm, and the catalogue's rules
-- rewritten to the semantics the README describes. The views are in sql/definitions/.

-- What a conversation was for: keeping people informed, asking for something, sounding someone out, deciding.
CREATE DOMAIN conversation_purpose AS text CHECK (VALUE IN ('update', 'ask', 'sounding', 'decision'));
ALTER TABLE conversations ADD COLUMN purpose conversation_purpose;

-- A stakeholder's attributes as they stood from `valid_from` on. The first row of each person holds from the
-- beginning of time (nothing earlier is known); each later change holds from the instant its writer gave (an
-- assessment's day, a leaving day) or else from when it was written. The trigger below writes it for every writer.
CREATE TABLE stakeholder_history (
    org_id             uuid NOT NULL,
    id                 bigint GENERATED ALWAYS AS IDENTITY,
    stakeholder_id     uuid NOT NULL,
    valid_from         timestamptz NOT NULL,
    tier               stakeholder_tier NOT NULL,
    role               programme_role NOT NULL,
    function           text,
    active             boolean NOT NULL,
    engagement         engagement_level,
    desired_engagement engagement_level,
    changed_by         text NOT NULL,
    recorded_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT stakeholder_history_stakeholder_fkey FOREIGN KEY (org_id, stakeholder_id)
        REFERENCES stakeholders (org_id, id) ON DELETE CASCADE
);
CREATE INDEX stakeholder_history_at_idx ON stakeholder_history (org_id, stakeholder_id, valid_from DESC, id DESC);

-- When the values a writer sets take effect (NULL: when written). Import's `changed_on`/`assessed_on` land here.
ALTER TABLE stakeholders ADD COLUMN changed_at timestamptz;

-- Every change of a fear (status, severity, category, mitigation) on the day it was made, so "no update for 30
-- days" can be judged for any past day; the first row is the day the fear was raised.
CREATE TABLE fear_updates (
    org_id     uuid NOT NULL,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    fear_id    uuid NOT NULL,
    changed_on date NOT NULL,
    status     fear_status NOT NULL,
    PRIMARY KEY (org_id, id),
    CONSTRAINT fear_updates_fear_fkey FOREIGN KEY (org_id, fear_id) REFERENCES fears (org_id, id) ON DELETE CASCADE
);
CREATE INDEX fear_updates_fear_idx ON fear_updates (org_id, fear_id, changed_on);
ALTER TABLE fears ADD COLUMN changed_on date;

-- A dropped commitment keeps the day it was dropped, as a done one keeps the day it was done.
ALTER TABLE commitments ADD COLUMN dropped_on date;
ALTER TABLE commitments ADD CONSTRAINT commitments_dropped_only_when_dropped
    CHECK (dropped_on IS NULL OR status = 'dropped');

-- Why a flag stopped: its condition no longer holds (the reason names the facts that changed), its subject left,
-- its rule changed or was disabled, or it expired (its subject aged out of every window a rule reads).
CREATE DOMAIN flag_resolution AS text
    CHECK (VALUE IN ('condition_cleared', 'subject_left', 'rule_changed', 'rule_disabled', 'expired'));
ALTER TABLE flags ADD COLUMN resolution flag_resolution;
ALTER TABLE flags ADD COLUMN rule_version integer;
ALTER TABLE flag_events ADD COLUMN resolution flag_resolution;

-- The first versions of the trigger functions; their current text is in sql/definitions/.
CREATE FUNCTION radar_stakeholder_history() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RETURN NULL;
END
$$;
CREATE FUNCTION radar_fear_updates() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RETURN NULL;
END
$$;
CREATE FUNCTION radar_commitment_dropped() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RETURN NEW;
END
$$;

CREATE TRIGGER stakeholders_history AFTER INSERT OR UPDATE ON stakeholders
    FOR EACH ROW EXECUTE FUNCTION radar_stakeholder_history();
CREATE TRIGGER fears_updates AFTER INSERT OR UPDATE ON fears
    FOR EACH ROW EXECUTE FUNCTION radar_fear_updates();
CREATE TRIGGER commitments_dropped BEFORE INSERT OR UPDATE ON commitments
    FOR EACH ROW EXECUTE FUNCTION radar_commitment_dropped();

ALTER TABLE stakeholder_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE stakeholder_history FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stakeholder_history
    USING (org_id = (SELECT radar_current_org())) WITH CHECK (org_id = (SELECT radar_current_org()));
ALTER TABLE fear_updates ENABLE ROW LEVEL SECURITY;
ALTER TABLE fear_updates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON fear_updates
    USING (org_id = (SELECT radar_current_org())) WITH CHECK (org_id = (SELECT radar_current_org()));
-- The history is written by triggers and only read by the application; erasure removes it (as the owner).
GRANT SELECT, INSERT ON stakeholder_history, fear_updates TO radar_app;

-- What is known already: each stakeholder as they are now, from the beginning, and the leaving day of those who
-- left; each fear raised on its day and, when closed, closed on its resolution day.
DO $backfill$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organisations LOOP
        PERFORM set_config('radar.org_id', org::text, true);
        INSERT INTO stakeholder_history (org_id, stakeholder_id, valid_from, tier, role, function, active,
                                         engagement, desired_engagement, changed_by)
        SELECT s.org_id, s.id, '-infinity', s.tier, s.role, s.function, s.active OR s.left_on IS NOT NULL,
               s.engagement, s.desired_engagement, 'migration'
          FROM stakeholders s WHERE s.org_id = org;
        INSERT INTO stakeholder_history (org_id, stakeholder_id, valid_from, tier, role, function, active,
                                         engagement, desired_engagement, changed_by)
        SELECT s.org_id, s.id, s.left_on::timestamp AT TIME ZONE o.time_zone, s.tier, s.role, s.function, false,
               s.engagement, s.desired_engagement, 'migration'
          FROM stakeholders s JOIN organisations o ON o.id = s.org_id
         WHERE s.org_id = org AND NOT s.active AND s.left_on IS NOT NULL;
        INSERT INTO fear_updates (org_id, fear_id, changed_on, status)
        SELECT f.org_id, f.id, f.raised_on,
               CASE WHEN f.resolved_on IS NULL THEN f.status ELSE 'open' END
          FROM fears f WHERE f.org_id = org;
        INSERT INTO fear_updates (org_id, fear_id, changed_on, status)
        SELECT f.org_id, f.id, f.resolved_on, f.status FROM fears f
         WHERE f.org_id = org AND f.resolved_on IS NOT NULL;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$backfill$;

-- The catalogue's new semantics. Organisations whose rule still reads as the old default get the new one; a rule
-- an admin changed is left alone.
CREATE TEMP TABLE old_defaults ON COMMIT DROP AS SELECT * FROM default_rules;

UPDATE default_rules SET
    condition = 'is_leader and (days_overdue > 0 or days_since_contact is null)',
    escalation_condition = 'days_since_contact is null or days_since_contact > 2 * silence_allowed_days',
    message_template = '{subject_name} has not taken part in a conversation about the programme {silence}{rhythm_note}.'
 WHERE code = 'silent-leader';
UPDATE default_rules SET
    message_template = '{subject_name} seemed {engagement_latest} in the latest conversation, below the {engagement_earlier} seen on {engagement_earlier_on}, and has not been seen there since.'
 WHERE code = 'engagement-drop';
UPDATE default_rules SET
    condition = 'declined_since_attended + delegated_since_attended + no_shows_since_attended >= 2',
    escalation_condition = 'declined_since_attended + delegated_since_attended + no_shows_since_attended >= 4',
    message_template = '{subject_name} has not attended any of the last {missed_since_attended} conversations of the past 60 days they were invited to: {declined_since_attended} declined, {delegated_since_attended} delegated, {no_shows_since_attended} did not turn up.'
 WHERE code = 'declining-invitations';
UPDATE default_rules SET
    name = 'Score falling beyond their rhythm',
    condition = 'is_leader and score_fell_3_weeks and score_fall_3_weeks >= 10',
    message_template = 'The engagement score of {subject_name}, measured against their own rhythm of contact, has fallen three weeks running, by {score_fall_3_weeks} points to {rhythm_score}.'
 WHERE code = 'score-decline';
UPDATE default_rules SET
    name = 'Fear left without an update',
    condition = 'stalest_fear_days > 30',
    escalation_condition = 'stalest_fear_days > 90',
    message_template = 'A fear voiced by {subject_name} has had no update for {stalest_fear_days} days.'
 WHERE code = 'stale-fear';
UPDATE default_rules SET
    condition = 'is_champion and group_ask_before_one_to_one and not g06_one_to_one_since',
    message_template = '{subject_name} was asked in a {first_group_ask_kind} on {first_group_ask_on}, after being named, before anyone talked with them alone.'
 WHERE code = 'group-before-individual';
UPDATE default_rules SET
    condition = 'kind in ("presentation", "group") and is_ask and initiator_is_hr and champion_briefings_60d = 0',
    message_template = 'HR put the programme to {top_team_participants} top-team members ({subject_name}) with no champion having briefed any of them in the 60 days before.'
 WHERE code = 'hr-before-champions';
UPDATE default_rules SET
    condition = 'kind = "presentation" and is_ask and top_team_sounded_30d < 0.5 * top_team_size'
 WHERE code = 'timing-unsounded';
UPDATE default_rules SET
    condition = 'tier = "top_team" and not function_has_priority',
    message_template = 'For {subject_name}, {business_case_gap}.'
 WHERE code = 'no-business-case';

INSERT INTO default_rules (code, position, name, guideline, subject_kind, condition, severity, message_template,
                           next_step) VALUES
('no-active-sponsor', 175, 'No active sponsor', 'P00', 'organisation',
 'active_sponsors = 0 and active_stakeholders > 0', 'critical',
 'The programme has no active sponsor{sponsor_note}.',
 'Agree with the top team who sponsors the programme from now on, and meet that person this month.');

DO $catalogue$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organisations LOOP
        PERFORM set_config('radar.org_id', org::text, true);
        UPDATE rules r
           SET name = d.name, condition = d.condition, escalation_condition = d.escalation_condition,
               escalation_severity = d.escalation_severity, message_template = d.message_template
          FROM default_rules d, old_defaults o
         WHERE r.org_id = org AND d.code = r.code AND o.code = r.code
           AND r.condition = o.condition AND r.message_template = o.message_template
           AND r.escalation_condition IS NOT DISTINCT FROM o.escalation_condition
           AND (r.condition, r.message_template, r.escalation_condition, r.name)
               IS DISTINCT FROM (d.condition, d.message_template, d.escalation_condition, d.name);
        INSERT INTO rules (org_id, code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step, enabled)
        SELECT org, code, position, name, guideline, subject_kind, condition, severity, escalation_condition,
               escalation_severity, message_template, next_step, enabled
          FROM default_rules WHERE code = 'no-active-sponsor'
        ON CONFLICT (org_id, code) DO NOTHING;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$catalogue$;
