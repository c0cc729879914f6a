-- Audit for global tables keyed by id: like radar_audit_insert/update of 002, without an organisation.
-- TG_ARGV[0] is the entity name; TG_ARGV[1..] are columns whose change alone is bookkeeping, not a write
-- worth an event (a token's last use).
CREATE OR REPLACE FUNCTION radar_audit_account_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_events (org_id, actor, action, entity, entity_id, changed_fields)
    SELECT NULL, radar_current_actor(), 'create', TG_ARGV[0], r.id::text,
           ARRAY(SELECT f.key FROM jsonb_each(to_jsonb(r)) f
                  WHERE f.value <> 'null'::jsonb AND f.key NOT IN ('id', 'created_at', 'updated_at', 'version')
                  ORDER BY f.key)
      FROM new_rows r;
    RETURN NULL;
END
$$;
