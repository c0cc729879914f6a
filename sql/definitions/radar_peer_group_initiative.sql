-- Refuses a peer group whose initiative is not a peer-coaching one, naming the group, the initiative and its kind.
-- Runs with the writer's rights, so row-level security still confines the lookup to the organisation.
CREATE OR REPLACE FUNCTION radar_peer_group_initiative() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    found_kind initiative_kind;
    found_ref text;
BEGIN
    SELECT i.kind, i.ref INTO found_kind, found_ref
      FROM initiatives i WHERE i.org_id = NEW.org_id AND i.id = NEW.initiative_id;
    -- No initiative at all is the foreign key's to report.
    IF found_kind IS NOT NULL AND found_kind <> 'peer_coaching' THEN
        RAISE EXCEPTION 'peer group "%" is in initiative %, which is %, not peer_coaching', NEW.name, found_ref, found_kind
            USING ERRCODE = 'check_violation', CONSTRAINT = 'peer_groups_initiative_kind';
    END IF;
    RETURN NEW;
END
$$;
