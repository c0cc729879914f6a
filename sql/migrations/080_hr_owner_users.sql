-- Each HR owner's radar (issue 19, part 2): a stakeholder's HR owner is a user of the organisation (someone who
-- signs in and can be told about their people), no longer another stakeholder row. An owner recorded as a
-- stakeholder becomes the member account with the same e-mail; where the organisation has no such member, the
-- owner is left unset and the warning below names the person, so an administrator can set it again
-- (`radar owners assign`, the /owners page or the import's hr_owner column).
ALTER TABLE stakeholders ADD COLUMN hr_owner_user_id uuid REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX stakeholders_hr_owner_idx ON stakeholders (org_id, hr_owner_user_id) WHERE hr_owner_user_id IS NOT NULL;

DO $owners$
DECLARE
    org record;
    mapped integer := 0;
    unmapped text[] := '{}';
    n integer;
BEGIN
    FOR org IN SELECT id, slug FROM organisations ORDER BY slug LOOP
        PERFORM set_config('radar.org_id', org.id::text, true);
        UPDATE stakeholders s
           SET hr_owner_user_id = u.id
          FROM stakeholders o
          JOIN users u ON u.email = o.email
          JOIN memberships m ON m.user_id = u.id AND m.org_id = o.org_id
         WHERE o.org_id = s.org_id AND o.id = s.hr_owner_id;
        GET DIAGNOSTICS n = ROW_COUNT;
        mapped := mapped + n;
        unmapped := unmapped || ARRAY(
            SELECT format('%s: %s (owner was %s)', org.slug, s.email, o.email)
              FROM stakeholders s JOIN stakeholders o ON o.org_id = s.org_id AND o.id = s.hr_owner_id
             WHERE s.hr_owner_user_id IS NULL
             ORDER BY s.email);
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
    -- A warning, so that `radar migrate` shows it (notices are logged at debug level only).
    IF mapped > 0 OR cardinality(unmapped) > 0 THEN
        RAISE WARNING 'HR owners: % moved to the member account with the same e-mail; % left unset (no such member)%',
            mapped, cardinality(unmapped),
            CASE WHEN cardinality(unmapped) > 0 THEN ': ' || array_to_string(unmapped, '; ') ELSE '' END;
    END IF;
END
$owners$;

-- The stakeholder facts (and the views built on them) were created reading every column; `radar migrate` makes
-- them again from sql/definitions once the migrations are done.
DROP VIEW IF EXISTS facts_stakeholder CASCADE;
ALTER TABLE stakeholders DROP CONSTRAINT stakeholders_hr_owner_fkey;
ALTER TABLE stakeholders DROP COLUMN hr_owner_id;
