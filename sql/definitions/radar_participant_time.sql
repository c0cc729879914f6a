-- A participation carries its conversation's time, so "latest contact per stakeholder" reads one index.
CREATE OR REPLACE FUNCTION radar_participant_time() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    SELECT c.occurred_at INTO NEW.occurred_at
      FROM conversations c
     WHERE c.org_id = NEW.org_id AND c.id = NEW.conversation_id;
    RETURN NEW;
END
$$;
