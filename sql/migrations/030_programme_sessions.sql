-- The programme's own rhythm (issue 17, part 1): who is enrolled in an initiative and in what role, how often
-- the initiative means to meet, and which conversations are its sessions. Attendance at a session is the
-- attendance of its participants, so nothing about who came is stored twice.
CREATE DOMAIN enrolment_role AS text CHECK (VALUE IN ('participant', 'facilitator', 'owner'));

-- Every how many days the group means to meet; NULL when it has no rhythm (a course, a communication).
ALTER TABLE initiatives ADD COLUMN cadence_days smallint CHECK (cadence_days BETWEEN 1 AND 366);

-- A conversation that is a session of an initiative. Removing the initiative keeps the conversation.
ALTER TABLE conversations
    ADD COLUMN initiative_id uuid,
    ADD CONSTRAINT conversations_initiative_fkey FOREIGN KEY (org_id, initiative_id)
        REFERENCES initiatives (org_id, id) ON DELETE SET NULL (initiative_id);
CREATE INDEX conversations_initiative_idx ON conversations (org_id, initiative_id, occurred_at)
    WHERE initiative_id IS NOT NULL;

-- One person enrolled in one initiative, from a day until the day they left (if they did).
CREATE TABLE initiative_members (
    org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    initiative_id  uuid NOT NULL,
    stakeholder_id uuid NOT NULL,
    role           enrolment_role NOT NULL DEFAULT 'participant',
    enrolled_on    date NOT NULL,
    left_on        date,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, initiative_id, stakeholder_id),
    CONSTRAINT initiative_members_initiative_fkey FOREIGN KEY (org_id, initiative_id)
        REFERENCES initiatives (org_id, id) ON DELETE CASCADE,
    CONSTRAINT initiative_members_stakeholder_fkey FOREIGN KEY (org_id, stakeholder_id)
        REFERENCES stakeholders (org_id, id),
    CONSTRAINT initiative_members_left_after_enrolled CHECK (left_on IS NULL OR left_on >= enrolled_on)
);
CREATE INDEX initiative_members_person_idx ON initiative_members (org_id, stakeholder_id);

ALTER TABLE initiative_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE initiative_members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON initiative_members USING (org_id = (SELECT radar_current_org()))
    WITH CHECK (org_id = (SELECT radar_current_org()));
GRANT SELECT, INSERT, UPDATE, DELETE ON initiative_members TO radar_app;

CREATE TRIGGER initiative_members_touch BEFORE UPDATE ON initiative_members
    FOR EACH ROW EXECUTE FUNCTION radar_touch_row();
CREATE TRIGGER initiative_members_audit_insert AFTER INSERT ON initiative_members REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT
    EXECUTE FUNCTION radar_audit_insert('initiative_member', 'r.initiative_id::text || '':'' || r.stakeholder_id::text');
CREATE TRIGGER initiative_members_audit_update AFTER UPDATE ON initiative_members
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT
    EXECUTE FUNCTION radar_audit_update('initiative_member', 'r.initiative_id::text || '':'' || r.stakeholder_id::text');
CREATE TRIGGER initiative_members_audit_delete AFTER DELETE ON initiative_members REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT
    EXECUTE FUNCTION radar_audit_delete('initiative_member', 'r.initiative_id::text || '':'' || r.stakeholder_id::text');

-- Two rules on the programme's rhythm. A group that has stopped meeting no longer delivers a benefit that lasts
-- (G03); a member who keeps missing sessions is drifting out of the programme (G11). The grace of 14 days sits
-- in the condition, where an admin can change it.
INSERT INTO default_rules (code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step) VALUES
('group-stopped-meeting', 300, 'Group stopped meeting', 'G03', 'initiative',
 'kind in ("action_learning_set", "peer_coaching") and not ended and days_without_session > cadence_days + 14',
 'medium', 'days_without_session > 2 * cadence_days + 14', 'high',
 '{subject_name} has gone {days_without_session} days without a session; it meant to meet every {cadence_days} days.',
 'Ask the facilitator what stopped the group and get the next date into every member''s diary.'),
('member-missing-sessions', 310, 'Missing sessions', 'G11', 'stakeholder',
 'sessions_missed_in_row >= 2', 'low', 'sessions_missed_in_row >= 4', 'medium',
 '{subject_name} has missed the last {sessions_missed_in_row} sessions of {missed_sessions_of}.',
 'Check with them whether the time or the group still suits them before the next session comes round.');

-- Organisations that exist already get the two rules (new ones copy the whole catalogue when created).
DO $install$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organisations LOOP
        PERFORM set_config('radar.org_id', org::text, true);
        INSERT INTO rules (org_id, code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step, enabled)
        SELECT org, code, position, name, guideline, subject_kind, condition, severity, escalation_condition,
               escalation_severity, message_template, next_step, enabled
          FROM default_rules
         WHERE code IN ('group-stopped-meeting', 'member-missing-sessions')
        ON CONFLICT (org_id, code) DO NOTHING;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$install$;
