-- The leader's case (issue 17, part 4): for each leader, dated notes in their own words of what the change gives
-- them personally (G04) and what it costs them, with whether they feel able to role-model it (G05). The words are
-- sensitive like conversation notes: audited by field name only, hidden from viewers.
CREATE DOMAIN leader_case_aspect AS text CHECK (VALUE IN ('personal_gain', 'personal_cost'));
CREATE DOMAIN role_model_readiness AS text CHECK (VALUE IN ('ready', 'with_support', 'not_yet'));

CREATE TABLE leader_case_notes (
    org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    stakeholder_id uuid NOT NULL,
    aspect         leader_case_aspect NOT NULL,
    recorded_on    date NOT NULL,
    in_their_words text NOT NULL CHECK (btrim(in_their_words) <> ''),
    role_model     role_model_readiness,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT leader_case_notes_stakeholder_fkey FOREIGN KEY (org_id, stakeholder_id)
        REFERENCES stakeholders (org_id, id),
    -- Readiness to role-model belongs with the cost, where it is weighed.
    CONSTRAINT leader_case_notes_role_model_with_cost CHECK (aspect = 'personal_cost' OR role_model IS NULL),
    -- The natural key files use: one note of an aspect per person per day.
    CONSTRAINT leader_case_notes_person_aspect_day_key UNIQUE (org_id, stakeholder_id, aspect, recorded_on)
);

ALTER TABLE leader_case_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE leader_case_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON leader_case_notes USING (org_id = (SELECT radar_current_org()))
    WITH CHECK (org_id = (SELECT radar_current_org()));
GRANT SELECT, INSERT, UPDATE, DELETE ON leader_case_notes TO radar_app;

CREATE TRIGGER leader_case_notes_touch BEFORE UPDATE ON leader_case_notes
    FOR EACH ROW EXECUTE FUNCTION radar_touch_row();
CREATE TRIGGER leader_case_notes_audit_insert AFTER INSERT ON leader_case_notes REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_insert('leader_case_note', 'r.id::text');
CREATE TRIGGER leader_case_notes_audit_update AFTER UPDATE ON leader_case_notes
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_update('leader_case_note', 'r.id::text');
CREATE TRIGGER leader_case_notes_audit_delete AFTER DELETE ON leader_case_notes REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_delete('leader_case_note', 'r.id::text');

-- Two rules on leaders who are not yet where the programme needs them. Without knowing what is in it for them
-- personally, nobody can make the case in their terms (G04); without the cost ever being talked through, their
-- reluctance stays unnamed and nobody knows whether they can role-model the change (G05).
INSERT INTO default_rules (code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step) VALUES
('leader-gain-unrecorded', 370, 'Personal gain not recorded', 'G04', 'stakeholder',
 'is_leader and engagement_gap > 0 and not has_personal_gain', 'medium', NULL, NULL,
 '{subject_name} is short of the engagement hoped for, and what the change would give them personally is not on record.',
 'In the next one-to-one, ask what a coaching culture would make easier for them, and note the answer as they put it.'),
('leader-cost-undiscussed', 380, 'Personal cost never discussed', 'G05', 'stakeholder',
 'is_leader and engagement_gap > 0 and not cost_discussed', 'low', NULL, NULL,
 '{subject_name} is short of the engagement hoped for, and what the change would cost them has never been talked through.',
 'Ask plainly what leading this way would cost them, and whether they feel ready to show it in front of their team.');

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
         WHERE code IN ('leader-gain-unrecorded', 'leader-cost-undiscussed')
        ON CONFLICT (org_id, code) DO NOTHING;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$install$;
