-- Keeps stakeholder_history for every writer: a person's first row holds from the beginning of time, and each
-- later change of an attribute the facts read (tier, role, function, active, engagement, desired engagement) holds
-- from the row's `changed_at` when the writer gave one (an assessment's day, an import's `changed_on`), from the
-- leaving day when someone leaves, else from the moment it was written. Who changed it is the current actor.
CREATE OR REPLACE FUNCTION radar_stakeholder_history() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    starts timestamptz;
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.tier, NEW.role, NEW.function, NEW.active, NEW.engagement, NEW.desired_engagement)
           IS NOT DISTINCT FROM (OLD.tier, OLD.role, OLD.function, OLD.active, OLD.engagement, OLD.desired_engagement)
    THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        starts := '-infinity';
    ELSIF OLD.active AND NOT NEW.active AND NEW.left_on IS NOT NULL THEN
        starts := NEW.left_on::timestamp AT TIME ZONE (SELECT o.time_zone FROM organisations o WHERE o.id = NEW.org_id);
    ELSE
        starts := COALESCE(NEW.changed_at, now());
    END IF;
    INSERT INTO stakeholder_history (org_id, stakeholder_id, valid_from, tier, role, function, active, engagement,
                                     desired_engagement, changed_by)
    VALUES (NEW.org_id, NEW.id, starts, NEW.tier, NEW.role, NEW.function, NEW.active, NEW.engagement,
            NEW.desired_engagement, radar_current_actor());
    RETURN NULL;
END
$$;
