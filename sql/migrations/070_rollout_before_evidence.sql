-- The other half of G10 (issue 17): a programme that goes wider while no pilot has shown anything spreads an
-- untested idea. An organisation is flagged while an initiative that spreads the programme (training, peer
-- coaching, action learning, workshops), begun once the first pilot had begun, is under way and no pilot has an
-- outcome recorded; it clears when a pilot's outcome is recorded or the roll-out ends. It waits three days like
-- the other rules that fire on something missing.
INSERT INTO default_rules (code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step, for_days) VALUES
('rollout-before-evidence', 415, 'Rolled out before a pilot showed anything', 'G10', 'organisation',
 'rollouts_before_evidence > 0', 'medium', NULL, NULL,
 '{rollouts_before_evidence_names} went wider while no pilot has a recorded outcome yet.',
 'Write down what the pilot has shown so far against its success measure, and decide with the sponsor whether the wider roll-out should go on.',
 3);

DO $install$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organisations LOOP
        PERFORM set_config('radar.org_id', org::text, true);
        INSERT INTO rules (org_id, code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step, enabled,
                           for_days, suppresses)
        SELECT org, code, position, name, guideline, subject_kind, condition, severity, escalation_condition,
               escalation_severity, message_template, next_step, enabled, for_days, suppresses
          FROM default_rules
         WHERE code = 'rollout-before-evidence'
        ON CONFLICT (org_id, code) DO NOTHING;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$install$;
