CREATE OR REPLACE FUNCTION radar_audit_account_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    ignored text[] := ARRAY['updated_at', 'version'] || COALESCE(TG_ARGV[1:], '{}'::text[]);
BEGIN
    INSERT INTO audit_events (org_id, actor, action, entity, entity_id, changed_fields)
    SELECT NULL, radar_current_actor(), 'update', TG_ARGV[0], changed.id, changed.fields
      FROM (SELECT r.id::text AS id,
                   ARRAY(SELECT n.key FROM jsonb_each(to_jsonb(r)) n
                          WHERE n.value IS DISTINCT FROM (to_jsonb(o) -> n.key) AND n.key <> ALL (ignored)
                          ORDER BY n.key) AS fields
              FROM new_rows r JOIN old_rows o ON o.id = r.id) changed
     WHERE cardinality(changed.fields) > 0;
    RETURN NULL;
END
$$;
