-- Expectations and the strategy's strands (issue 17, part 6). What each initiative was presented as delivering,
-- to whom and when, and the realistic outcome agreed with them; and which strands of a coaching strategy are in
-- place over time, so a programme of courses is told apart from a strategy (G12).
CREATE DOMAIN strategy_element AS text
    CHECK (VALUE IN ('role_modelling_leaders', 'managers_as_coaches', 'peer_coaching', 'action_learning',
                     'measurement', 'goals', 'communication'));

CREATE TABLE initiative_expectations (
    org_id            uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    initiative_id     uuid NOT NULL,
    presented_as      text NOT NULL CHECK (btrim(presented_as) <> ''),
    presented_to      text NOT NULL CHECK (btrim(presented_to) <> '' AND length(presented_to) <= 200),
    presented_on      date NOT NULL,
    realistic_outcome text,
    agreed_on         date,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    version           integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, initiative_id),
    CONSTRAINT initiative_expectations_initiative_fkey FOREIGN KEY (org_id, initiative_id)
        REFERENCES initiatives (org_id, id) ON DELETE CASCADE,
    -- An outcome is agreed on a day, and not before the initiative was presented.
    CONSTRAINT initiative_expectations_agreed_with_day CHECK ((realistic_outcome IS NULL) = (agreed_on IS NULL)),
    CONSTRAINT initiative_expectations_agreed_after_presented CHECK (agreed_on IS NULL OR agreed_on >= presented_on)
);

CREATE TABLE strategy_elements (
    org_id     uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id         uuid NOT NULL DEFAULT gen_random_uuid(),
    element    strategy_element NOT NULL,
    since      date NOT NULL,
    until      date,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT strategy_elements_element_since_key UNIQUE (org_id, element, since),
    CONSTRAINT strategy_elements_until_after_since CHECK (until IS NULL OR until >= since)
);

DO $tables$
DECLARE
    audited CONSTANT text[][] := ARRAY[
        ['initiative_expectations', 'initiative_expectation', 'r.initiative_id::text'],
        ['strategy_elements', 'strategy_element', 'r.id::text']
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

-- Three rules. A pilot with nothing said about what success looks like cannot produce evidence (G10). An
-- initiative presented as delivering something, with no realistic outcome agreed, sets up the disappointment that
-- gets a strategy called a failure; fewer than three strands in place is a course, not a strategy (G12).
INSERT INTO default_rules (code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step) VALUES
('pilot-without-success-measure', 410, 'Pilot with no success measure', 'G10', 'initiative',
 'kind = "pilot" and not ended and not has_success_measure', 'medium', NULL, NULL,
 '{subject_name} is under way as a pilot, but what would count as success is not written down.',
 'Agree with its owner one measure and its present value, so the pilot ends with evidence either way.'),
('expectation-unagreed', 420, 'Presented without an agreed outcome', 'G12', 'initiative',
 'presented and not realistic_outcome_agreed', 'medium', NULL, NULL,
 '{subject_name} was presented to {presented_to} as delivering "{presented_as}", and no realistic outcome has been agreed with them.',
 'Go back to them with what the initiative can truly change in its time, and record the outcome you agree.'),
('strategy-too-thin', 430, 'Too few strands in place', 'G12', 'organisation',
 'strategy_elements_in_place < 3', 'medium', NULL, NULL,
 'Only {strategy_elements_in_place} strands of the coaching strategy are in place; missing: {strategy_elements_missing}.',
 'Pick the next strand with the sponsor (leaders role-modelling, managers coaching, peer coaching, measurement …) and give it an owner and a start.');

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
         WHERE code IN ('pilot-without-success-measure', 'expectation-unagreed', 'strategy-too-thin')
        ON CONFLICT (org_id, code) DO NOTHING;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$install$;
