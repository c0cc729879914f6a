-- Narratives, tensions and benefits (issue 17, part 5). Narratives are the stories and values an organisation
-- already tells about itself, which the programme is framed against (G02). A tension is a gap someone noticed
-- between a value the organisation states and the behaviour it actually rewards: who raised it, when, and when the
-- top team talked it through. A benefit is a measure an initiative means to move, with its baseline and dated
-- readings, each with the people who saw it, so it shows whether the gain outlasts the initiative (G03).
CREATE DOMAIN narrative_kind AS text CHECK (VALUE IN ('story', 'value'));

CREATE TABLE narratives (
    org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    kind        narrative_kind NOT NULL,
    title       text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 200),
    statement   text,
    recorded_on date NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT narratives_title_key UNIQUE (org_id, title)
);

CREATE TABLE tensions (
    org_id             uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id                 uuid NOT NULL DEFAULT gen_random_uuid(),
    stated_value       text NOT NULL CHECK (btrim(stated_value) <> ''),
    rewarded_behaviour text NOT NULL CHECK (btrim(rewarded_behaviour) <> ''),
    raised_by          uuid,
    raised_on          date NOT NULL,
    discussed_on       date,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT tensions_raised_by_fkey FOREIGN KEY (org_id, raised_by) REFERENCES stakeholders (org_id, id),
    CONSTRAINT tensions_discussed_after_raised CHECK (discussed_on IS NULL OR discussed_on >= raised_on)
);

CREATE TABLE benefits (
    org_id        uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    initiative_id uuid NOT NULL,
    measure       text NOT NULL CHECK (btrim(measure) <> '' AND length(measure) <= 200),
    baseline      numeric NOT NULL,
    baseline_on   date NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT benefits_initiative_fkey FOREIGN KEY (org_id, initiative_id)
        REFERENCES initiatives (org_id, id) ON DELETE CASCADE,
    CONSTRAINT benefits_initiative_measure_key UNIQUE (org_id, initiative_id, measure)
);

CREATE TABLE benefit_readings (
    org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    benefit_id  uuid NOT NULL,
    measured_on date NOT NULL,
    value       numeric NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT benefit_readings_benefit_fkey FOREIGN KEY (org_id, benefit_id)
        REFERENCES benefits (org_id, id) ON DELETE CASCADE,
    CONSTRAINT benefit_readings_benefit_day_key UNIQUE (org_id, benefit_id, measured_on)
);

-- Who was shown a reading: the evidence reached them.
CREATE TABLE benefit_reading_viewers (
    org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    reading_id     uuid NOT NULL,
    stakeholder_id uuid NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, reading_id, stakeholder_id),
    CONSTRAINT benefit_reading_viewers_reading_fkey FOREIGN KEY (org_id, reading_id)
        REFERENCES benefit_readings (org_id, id) ON DELETE CASCADE,
    CONSTRAINT benefit_reading_viewers_stakeholder_fkey FOREIGN KEY (org_id, stakeholder_id)
        REFERENCES stakeholders (org_id, id)
);
CREATE INDEX benefit_reading_viewers_person_idx ON benefit_reading_viewers (org_id, stakeholder_id);
CREATE INDEX tensions_raised_by_idx ON tensions (org_id, raised_by) WHERE raised_by IS NOT NULL;

DO $tables$
DECLARE
    audited CONSTANT text[][] := ARRAY[
        ['narratives', 'narrative', 'r.id::text'],
        ['tensions', 'tension', 'r.id::text'],
        ['benefits', 'benefit', 'r.id::text'],
        ['benefit_readings', 'benefit_reading', 'r.id::text'],
        ['benefit_reading_viewers', 'benefit_reading_viewer', 'r.reading_id::text || '':'' || r.stakeholder_id::text']
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

-- Two rules. A tension between what is said and what is rewarded that the top team has not talked through within
-- six weeks tells people the stated value is decoration, and the programme framed on it loses credibility (G02).
-- A benefit nobody measured again half a year after its initiative ended cannot show that the gain lasted (G03).
INSERT INTO default_rules (code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step) VALUES
('tension-not-discussed', 390, 'Tension not taken to the top team', 'G02', 'organisation',
 'oldest_undiscussed_tension_days > 42', 'medium', 'oldest_undiscussed_tension_days > 90', 'high',
 'A tension between "{oldest_undiscussed_tension}" and what is rewarded was raised {oldest_undiscussed_tension_days} days ago and the top team has not discussed it.',
 'Put it on the next top-team agenda with the example that raised it, and record when it was discussed.'),
('benefit-not-remeasured', 400, 'Benefit not measured since the end', 'G03', 'initiative',
 'ended and days_since_end > 182 and benefits_not_remeasured > 0', 'medium', NULL, NULL,
 '{subject_name} ended {days_since_end} days ago, and "{benefit_not_remeasured}" has not been measured since.',
 'Measure it again now, show the figure to the sponsor, and agree when it will be read next.');

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
         WHERE code IN ('tension-not-discussed', 'benefit-not-remeasured')
        ON CONFLICT (org_id, code) DO NOTHING;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$install$;
