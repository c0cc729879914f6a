-- Actions from flags (issue 19, part 3): a flag's next step becomes an action with an owner (a leader, that is a
-- stakeholder, or an HR user) and a due day. The flag's history records each action added and done. Actions
-- owned by leaders count as leadership carrying the programme for P00 (sql/definitions/facts_organisation.sql),
-- as long as they are open at the instant a check looks at.
CREATE TABLE flag_actions (
    org_id               uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id                   uuid NOT NULL DEFAULT gen_random_uuid(),
    flag_id              uuid NOT NULL,
    step                 text NOT NULL CHECK (btrim(step) <> '' AND length(step) <= 2000),
    owner_stakeholder_id uuid,
    owner_user_id        uuid REFERENCES users (id) ON DELETE SET NULL,
    due_on               date NOT NULL,
    created_at           timestamptz NOT NULL,
    created_by           text NOT NULL,
    done_at              timestamptz,
    done_by              text,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    version              integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT flag_actions_flag_fkey FOREIGN KEY (org_id, flag_id) REFERENCES flags (org_id, id) ON DELETE CASCADE,
    CONSTRAINT flag_actions_stakeholder_fkey FOREIGN KEY (org_id, owner_stakeholder_id)
        REFERENCES stakeholders (org_id, id),
    -- One owner; an HR account removed later leaves the action without one rather than blocking the removal.
    CONSTRAINT flag_actions_one_owner CHECK (num_nonnulls(owner_stakeholder_id, owner_user_id) <= 1),
    CONSTRAINT flag_actions_done_after CHECK (done_at IS NULL OR done_at >= created_at)
);
CREATE INDEX flag_actions_flag_idx ON flag_actions (org_id, flag_id);
CREATE INDEX flag_actions_open_idx ON flag_actions (org_id, due_on) WHERE done_at IS NULL;

ALTER TABLE flag_actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE flag_actions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON flag_actions
    USING (org_id = (SELECT radar_current_org())) WITH CHECK (org_id = (SELECT radar_current_org()));
GRANT SELECT, INSERT, UPDATE ON flag_actions TO radar_app;
CREATE TRIGGER flag_actions_touch BEFORE UPDATE ON flag_actions FOR EACH ROW EXECUTE FUNCTION radar_touch_row();
CREATE TRIGGER flag_actions_audit_insert AFTER INSERT ON flag_actions REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_insert('flag_action', 'r.id::text');
CREATE TRIGGER flag_actions_audit_update AFTER UPDATE ON flag_actions REFERENCING OLD TABLE AS old_rows
    NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_update('flag_action', 'r.id::text');

ALTER TABLE flag_events DROP CONSTRAINT flag_events_event_check;
ALTER TABLE flag_events ADD CONSTRAINT flag_events_event_check
    CHECK (event IN ('raised', 'reopened', 'escalated', 'resolved', 'acknowledged', 'snoozed', 'unsnoozed',
                     'pending', 'opened', 'suppressed', 'unsuppressed', 'silenced', 'unsilenced',
                     'action_added', 'action_done'));
