-- Dated history of what the facts read about an initiative (issue 16, part 1): its kind, status, dates and
-- whether it has a success measure and an outcome (not their text, which erasure may have to reach). The first
-- row holds from the beginning of time; each later change from the initiative's `changed_at` when the writer gave
-- one (the day it was completed), else from when it was written. The trigger's current text is in
-- sql/definitions/radar_initiative_history.sql.
CREATE TABLE initiative_history (
    org_id              uuid NOT NULL,
    id                  bigint GENERATED ALWAYS AS IDENTITY,
    initiative_id       uuid NOT NULL,
    valid_from          timestamptz NOT NULL,
    kind                initiative_kind NOT NULL,
    status              initiative_status NOT NULL,
    starts_on           date NOT NULL,
    ends_on             date,
    has_success_measure boolean NOT NULL,
    has_outcome         boolean NOT NULL,
    changed_by          text NOT NULL,
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT initiative_history_initiative_fkey FOREIGN KEY (org_id, initiative_id)
        REFERENCES initiatives (org_id, id) ON DELETE CASCADE
);
CREATE INDEX initiative_history_at_idx ON initiative_history (org_id, initiative_id, valid_from DESC, id DESC);
ALTER TABLE initiatives ADD COLUMN changed_at timestamptz;

CREATE FUNCTION radar_initiative_history() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RETURN NULL;
END
$$;
CREATE TRIGGER initiatives_history AFTER INSERT OR UPDATE ON initiatives
    FOR EACH ROW EXECUTE FUNCTION radar_initiative_history();

ALTER TABLE initiative_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE initiative_history FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON initiative_history
    USING (org_id = (SELECT radar_current_org())) WITH CHECK (org_id = (SELECT radar_current_org()));
GRANT SELECT, INSERT ON initiative_history TO radar_app;

DO $backfill$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organisations LOOP
        PERFORM set_config('radar.org_id', org::text, true);
        INSERT INTO initiative_history (org_id, initiative_id, valid_from, kind, status, starts_on, ends_on,
                                        has_success_measure, has_outcome, changed_by)
        SELECT i.org_id, i.id, '-infinity', i.kind, i.status, i.starts_on, i.ends_on,
               btrim(COALESCE(i.success_measure, '')) <> '', btrim(COALESCE(i.outcome, '')) <> '', 'migration'
          FROM initiatives i WHERE i.org_id = org;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$backfill$;
