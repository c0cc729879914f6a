-- Peer coaching in practice (issue 17, part 3): inside a peer-coaching initiative, people coach each other in
-- twos or threes. Each group has a name within its initiative, a first day (and a last when it stops) and a rhythm
-- in days. A group's meetings are the initiative's sessions that at least two of its members attended, so a
-- meeting is recorded once, as a conversation, like every other session. A commitment may also name a stakeholder
-- who holds its owner to it: an accountability partner.
CREATE TABLE peer_groups (
    org_id        uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    initiative_id uuid NOT NULL,
    name          text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
    starts_on     date NOT NULL,
    ends_on       date,
    rhythm_days   smallint NOT NULL CHECK (rhythm_days BETWEEN 1 AND 366),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT peer_groups_initiative_fkey FOREIGN KEY (org_id, initiative_id)
        REFERENCES initiatives (org_id, id) ON DELETE CASCADE,
    CONSTRAINT peer_groups_ends_after_start CHECK (ends_on IS NULL OR ends_on >= starts_on),
    -- The natural key files and the CLI use.
    CONSTRAINT peer_groups_initiative_name_key UNIQUE (org_id, initiative_id, name)
);

-- Two or three people per group; the store checks the count, one row here per person.
CREATE TABLE peer_group_members (
    org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    group_id       uuid NOT NULL,
    stakeholder_id uuid NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, group_id, stakeholder_id),
    CONSTRAINT peer_group_members_group_fkey FOREIGN KEY (org_id, group_id)
        REFERENCES peer_groups (org_id, id) ON DELETE CASCADE,
    CONSTRAINT peer_group_members_stakeholder_fkey FOREIGN KEY (org_id, stakeholder_id)
        REFERENCES stakeholders (org_id, id)
);
CREATE INDEX peer_group_members_person_idx ON peer_group_members (org_id, stakeholder_id);

ALTER TABLE commitments
    ADD COLUMN partner_id uuid,
    ADD CONSTRAINT commitments_partner_fkey FOREIGN KEY (org_id, partner_id) REFERENCES stakeholders (org_id, id);

DO $tables$
DECLARE
    audited CONSTANT text[][] := ARRAY[
        ['peer_groups', 'peer_group', 'r.id::text'],
        ['peer_group_members', 'peer_group_member', 'r.group_id::text || '':'' || r.stakeholder_id::text']
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

-- Two rules on peer coaching. An initiative that offers peer coaching while nobody is paired is a course on paper,
-- not one of the strands a strategy needs (G12); a pair or trio that has gone past its rhythm and a grace of 14
-- days has stopped giving the benefit it was set up for (G03, as for a group that stopped meeting). The grace sits
-- in the condition, where an admin can change it.
INSERT INTO default_rules (code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step) VALUES
('peer-coaching-unpaired', 350, 'Peer coaching with nobody paired', 'G12', 'initiative',
 'kind = "peer_coaching" and not ended and active_peer_groups = 0', 'medium', NULL, NULL,
 '{subject_name} is a peer-coaching initiative, but no pair or trio is meeting in it.',
 'Put the enrolled people into pairs or trios, agree how often each will meet, and record the first meeting.'),
('peer-group-stalled', 360, 'Peer group stopped meeting', 'G03', 'initiative',
 'kind = "peer_coaching" and not ended and peer_group_days_over_rhythm > 14', 'low',
 'peer_group_days_over_rhythm > 60', 'medium',
 '{stalled_peer_group} in {subject_name} has gone {stalled_peer_group_days} days without meeting; it agreed to meet every {stalled_peer_group_rhythm} days.',
 'Ask the members what got in the way, and help them book the next meeting or regroup them with someone else.');

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
         WHERE code IN ('peer-coaching-unpaired', 'peer-group-stalled')
        ON CONFLICT (org_id, code) DO NOTHING;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$install$;
