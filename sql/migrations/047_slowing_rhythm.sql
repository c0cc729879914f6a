-- A leader whose rhythm slows a little more with every conversation (issue 16, part 5): each silence is judged
-- against the average of their half-year, which the slowing itself lengthens, and their monthly count falls below
-- two before it halves, so neither silent-leader nor fading-contact sees a fade that has run for months. This rule
-- reads the last three gaps instead. It waits three days like the other rhythm rules, and a silent leader or
-- fading contact, which say more, make it redundant on the same person.
INSERT INTO default_rules (code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step, for_days) VALUES
('slowing-rhythm', 25, 'Rhythm slowing', 'G11', 'stakeholder',
 'is_leader and rhythm_slowing', 'medium', NULL, NULL,
 '{subject_name} is coming less often each time: the last three gaps between conversations were {recent_gaps} days.',
 'Ask what has crowded out the time with them, agree a rhythm they can keep, and book the next one-to-one before you part.',
 3);

UPDATE default_rules SET suppresses = suppresses || '{slowing-rhythm}'
 WHERE code IN ('silent-leader', 'fading-contact') AND NOT 'slowing-rhythm' = ANY (suppresses);

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
         WHERE code = 'slowing-rhythm'
        ON CONFLICT (org_id, code) DO NOTHING;
        UPDATE rules SET suppresses = suppresses || '{slowing-rhythm}'
         WHERE org_id = org AND code IN ('silent-leader', 'fading-contact')
           AND NOT 'slowing-rhythm' = ANY (suppresses);
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$install$;
