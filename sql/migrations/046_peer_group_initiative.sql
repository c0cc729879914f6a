-- A peer group belongs to a peer-coaching initiative, whichever edge writes it: the CLI, the API and the pages
-- checked it, the CSV import did not. The database now refuses any other (a check violation naming the constraint
-- peer_groups_initiative_kind). The trigger's current text is in sql/definitions/radar_peer_group_initiative.sql.
CREATE FUNCTION radar_peer_group_initiative() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RETURN NEW;
END
$$;
CREATE TRIGGER peer_groups_initiative_kind BEFORE INSERT OR UPDATE OF initiative_id ON peer_groups
    FOR EACH ROW EXECUTE FUNCTION radar_peer_group_initiative();
