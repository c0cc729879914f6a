-- Who influences whom (issue 17, part 6): dated links between stakeholders, read as "person kind other": Dev
-- reports_to Cara, Ana listens_to Ben, Ben peers_with Cy, Cara sponsor_of Dev. A person's influencers are those they
-- report to or listen to, their peers, and whoever sponsors them. The chain from the top team into each function
-- (G01) and whether anyone a champion listens to backs the programme before they are asked (G06) read these
-- links; so does the cascade (P00), which compares a function's managers with the leader of that function.
CREATE DOMAIN influence_kind AS text CHECK (VALUE IN ('reports_to', 'listens_to', 'peers_with', 'sponsor_of'));

CREATE TABLE influence_links (
    org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    stakeholder_id uuid NOT NULL,
    kind           influence_kind NOT NULL,
    other_id       uuid NOT NULL,
    since          date NOT NULL,
    until          date,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT influence_links_person_fkey FOREIGN KEY (org_id, stakeholder_id)
        REFERENCES stakeholders (org_id, id) ON DELETE CASCADE,
    CONSTRAINT influence_links_other_fkey FOREIGN KEY (org_id, other_id)
        REFERENCES stakeholders (org_id, id) ON DELETE CASCADE,
    CONSTRAINT influence_links_not_self CHECK (stakeholder_id <> other_id),
    CONSTRAINT influence_links_until_after_since CHECK (until IS NULL OR until >= since)
);
-- One live link of a kind between two people.
CREATE UNIQUE INDEX influence_links_live_key ON influence_links (org_id, stakeholder_id, kind, other_id)
    WHERE until IS NULL;
CREATE INDEX influence_links_other_idx ON influence_links (org_id, other_id);

ALTER TABLE influence_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE influence_links FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON influence_links USING (org_id = (SELECT radar_current_org()))
    WITH CHECK (org_id = (SELECT radar_current_org()));
GRANT SELECT, INSERT, UPDATE, DELETE ON influence_links TO radar_app;
CREATE TRIGGER influence_links_touch BEFORE UPDATE ON influence_links FOR EACH ROW EXECUTE FUNCTION radar_touch_row();
CREATE TRIGGER influence_links_audit_insert AFTER INSERT ON influence_links REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_insert('influence_link', 'r.id::text');
CREATE TRIGGER influence_links_audit_update AFTER UPDATE ON influence_links
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_update('influence_link', 'r.id::text');
CREATE TRIGGER influence_links_audit_delete AFTER DELETE ON influence_links REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_delete('influence_link', 'r.id::text');

-- Two rules. A potential champion asked to go first while none of the people they take their cue from is on board
-- is asked to stand alone (G06). A function whose managers are being drawn in (champions, enrolled, coached) while
-- its own top-team leader is silent past their rhythm or resistant sends the mixed signal that makes managers
-- doubt the programme is meant (P00).
INSERT INTO default_rules (code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step, for_days) VALUES
('champion-unbacked', 440, 'Champion with nobody behind them', 'G06', 'stakeholder',
 'role = "potential_champion" and influencers > 0 and supportive_influencers = 0', 'medium', NULL, NULL,
 'None of the people {subject_name} takes a lead from ({influencer_names}) is supportive yet.',
 'Win over one of those people first, or ask them to back the request, before asking {subject_name} to champion it.',
 3),
('cascade-mixed-signal', 450, 'Managers drawn in, their leader not', 'P00', 'stakeholder',
 'is_leader and function_managers_engaged > 0 and leader_holding_back', 'high', NULL, NULL,
 '{function_managers_engaged} managers in {function} are champions, enrolled or coached, while {subject_name}, who leads it, is {leader_signal}.',
 'Meet {subject_name} before the managers'' next session: show what their managers are doing and agree one visible thing they will do to back it.',
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
         WHERE code IN ('champion-unbacked', 'cascade-mixed-signal')
        ON CONFLICT (org_id, code) DO NOTHING;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$install$;
