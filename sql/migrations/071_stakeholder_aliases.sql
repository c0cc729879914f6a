-- Other e-mail addresses of a stakeholder (issue 20): calendars name people by whichever address they were invited
-- with (a second domain after a merger, a personal assistant's shared box, an old address). A meeting naming an
-- alias is matched to the person it belongs to. An alias is someone's only in the organisation: it is unique, and
-- never another stakeholder's main address (the store checks that when one is added).
CREATE TABLE stakeholder_aliases (
    org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    stakeholder_id uuid NOT NULL,
    email          text NOT NULL CHECK (email = lower(btrim(email)) AND length(email) BETWEEN 3 AND 254
                                       AND email LIKE '%_@_%'),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT stakeholder_aliases_email_key UNIQUE (org_id, email),
    CONSTRAINT stakeholder_aliases_person_fkey FOREIGN KEY (org_id, stakeholder_id)
        REFERENCES stakeholders (org_id, id) ON DELETE CASCADE
);
CREATE INDEX stakeholder_aliases_person_idx ON stakeholder_aliases (org_id, stakeholder_id);

ALTER TABLE stakeholder_aliases ENABLE ROW LEVEL SECURITY;
ALTER TABLE stakeholder_aliases FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stakeholder_aliases USING (org_id = (SELECT radar_current_org()))
    WITH CHECK (org_id = (SELECT radar_current_org()));
GRANT SELECT, INSERT, UPDATE, DELETE ON stakeholder_aliases TO radar_app;
CREATE TRIGGER stakeholder_aliases_touch BEFORE UPDATE ON stakeholder_aliases
    FOR EACH ROW EXECUTE FUNCTION radar_touch_row();
CREATE TRIGGER stakeholder_aliases_audit_insert AFTER INSERT ON stakeholder_aliases REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_insert('stakeholder_alias', 'r.id::text');
CREATE TRIGGER stakeholder_aliases_audit_update AFTER UPDATE ON stakeholder_aliases
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_update('stakeholder_alias', 'r.id::text');
CREATE TRIGGER stakeholder_aliases_audit_delete AFTER DELETE ON stakeholder_aliases REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_delete('stakeholder_alias', 'r.id::text');
