-- Leaders' own coaching (issue 17, part 2): each leader's coaching goals, phrased as a behaviour others can see,
-- with how it is observed, when it is next reviewed and dated observations; and whether the leader is coached
-- or peer-coached themselves. A goal counts as reviewed on the day of its latest observation, so any past
-- instant reads the reviews made by then.
CREATE DOMAIN coaching_behaviour AS text
    CHECK (VALUE IN ('reflection_before_solving', 'input_before_concluding', 'development_apart_from_evaluation',
                     'questions_before_advice', 'other'));
CREATE DOMAIN coaching_kind AS text CHECK (VALUE IN ('coached', 'peer_coached'));

CREATE TABLE coaching_goals (
    org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    stakeholder_id uuid NOT NULL,
    behaviour      coaching_behaviour NOT NULL,
    description    text,
    observed_how   text,
    set_on         date NOT NULL,
    review_on      date,
    closed_on      date,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT coaching_goals_stakeholder_fkey FOREIGN KEY (org_id, stakeholder_id)
        REFERENCES stakeholders (org_id, id),
    CONSTRAINT coaching_goals_other_described CHECK (behaviour <> 'other' OR btrim(description) <> ''),
    CONSTRAINT coaching_goals_closed_after_set CHECK (closed_on IS NULL OR closed_on >= set_on),
    -- The natural key files use: one goal of a kind per person per day.
    CONSTRAINT coaching_goals_person_behaviour_day_key UNIQUE (org_id, stakeholder_id, behaviour, set_on)
);

CREATE TABLE coaching_observations (
    org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    goal_id     uuid NOT NULL,
    observed_on date NOT NULL,
    note        text NOT NULL CHECK (btrim(note) <> ''),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT coaching_observations_goal_fkey FOREIGN KEY (org_id, goal_id)
        REFERENCES coaching_goals (org_id, id) ON DELETE CASCADE
);
CREATE INDEX coaching_observations_goal_idx ON coaching_observations (org_id, goal_id, observed_on);

-- A leader's own coaching: by a coach, or by peers, from a day until a day.
CREATE TABLE leader_coaching (
    org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    stakeholder_id uuid NOT NULL,
    kind           coaching_kind NOT NULL,
    since          date NOT NULL,
    until          date,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT leader_coaching_stakeholder_fkey FOREIGN KEY (org_id, stakeholder_id)
        REFERENCES stakeholders (org_id, id),
    CONSTRAINT leader_coaching_until_after_since CHECK (until IS NULL OR until >= since)
);
CREATE INDEX leader_coaching_person_idx ON leader_coaching (org_id, stakeholder_id);

DO $tables$
DECLARE
    audited CONSTANT text[][] := ARRAY[
        ['coaching_goals', 'coaching_goal'],
        ['coaching_observations', 'coaching_observation'],
        ['leader_coaching', 'leader_coaching']
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
                       audited[i][1] || '_audit_insert', audited[i][1], audited[i][2], 'r.id::text');
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_update(%L, %L)',
                       audited[i][1] || '_audit_update', audited[i][1], audited[i][2], 'r.id::text');
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_delete(%L, %L)',
                       audited[i][1] || '_audit_delete', audited[i][1], audited[i][2], 'r.id::text');
    END LOOP;
END
$tables$;

-- Three rules on leaders' own coaching. A leader with no goal of their own leaves the change to others (P00); a
-- goal nobody has looked at for half a year, or a sponsor who asks others to coach while nobody coaches them,
-- says the leader is not yet modelling what they ask for (G05).
INSERT INTO default_rules (code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step) VALUES
('leader-without-coaching-goal', 320, 'No coaching goal of their own', 'P00', 'stakeholder',
 'tier = "top_team" and not has_coaching_goal', 'medium', NULL, NULL,
 '{subject_name} sits on the top team but has no coaching goal of their own.',
 'Agree with them one behaviour their team would notice, how it will be seen, and a date to look at it again.'),
('coaching-goal-stale', 330, 'Coaching goal not reviewed', 'G05', 'stakeholder',
 'is_leader and days_since_goal_review > 180', 'low', NULL, NULL,
 'A coaching goal of {subject_name} has gone {days_since_goal_review} days without an observation or review.',
 'Ask who has seen the behaviour lately and book a short review of the goal with them.'),
('sponsor-not-coached', 340, 'Sponsor without coaching of their own', 'G05', 'stakeholder',
 'role = "sponsor" and not is_coached', 'medium', NULL, NULL,
 '{subject_name} sponsors the programme but is neither coached nor in a peer-coaching group.',
 'Offer them a coach or a place in a peer trio, so they speak from their own experience when they ask others.');

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
         WHERE code IN ('leader-without-coaching-goal', 'coaching-goal-stale', 'sponsor-not-coached')
        ON CONFLICT (org_id, code) DO NOTHING;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$install$;
