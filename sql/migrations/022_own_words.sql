-- The guidelines' and one rule's texts, reworded where they kept the shape of the source documents' sentences.
-- A database made before the rewording gets the new texts here; migrations 004 and 008 now carry them too (the
-- migrator accepts their earlier checksums, see Migrator.rewordedMigrations), so a fresh database gets them there
-- and this file changes nothing in it.
UPDATE guidelines SET description = CASE code
    WHEN 'G06' THEN 'Talk with each possible champion privately, starting from the coaching or mentoring that shaped them, and only then ask anything of them as a group.'
    WHEN 'G07' THEN 'Invite every leader and champion to name what worries them about the change; a worry said aloud early is one the programme can still answer.'
    WHEN 'G08' THEN 'Before HR stands up in front of the leadership team, briefed champions from line management should already have made the case to them in their own terms.'
    WHEN 'G11' THEN 'Leaders'' attention will wander sooner or later; keep them in the loop and give them parts to play, with new initiatives arriving one after another.'
    WHEN 'G12' THEN 'Courses alone do not change a culture: treat training as one strand among several and agree outcomes the programme can truly deliver.'
    ELSE description END
 WHERE code IN ('G06', 'G07', 'G08', 'G11', 'G12');

UPDATE default_rules
   SET next_step = 'Ask one or two briefed champions from line management to put the case to the leadership team themselves ahead of the next presentation.'
 WHERE code = 'hr-before-champions';

-- Organisations that still use the old default next step get the new one; a step an admin wrote is left alone. The
-- old text is matched by its MD5, so its sentence does not stand in this file.
DO $reword$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organisations LOOP
        PERFORM set_config('radar.org_id', org::text, true);
        UPDATE rules r SET next_step = d.next_step
          FROM default_rules d
         WHERE r.org_id = org AND d.code = r.code AND r.code = 'hr-before-champions'
           AND md5(r.next_step) = '598a59ff10cdc92ed168f9d00150d78c';
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$reword$;
