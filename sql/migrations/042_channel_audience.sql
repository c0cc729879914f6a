-- Who reads what a delivery channel carries (issue 18, item 9).
--
-- A channel for viewers (a leadership mailing list, a shared chat room) gets the digest with fears and commitment
-- texts withheld, as a viewer sees it on the pages; a channel for HR gets all of it. Channels that existed before
-- this migration delivered everything and keep doing so; channels added from now on are for viewers unless HR is
-- named, so forgetting the setting never sends sensitive text further than meant.
ALTER TABLE delivery_channels
    ADD COLUMN audience text NOT NULL DEFAULT 'hr' CHECK (audience IN ('hr', 'viewer'));
ALTER TABLE delivery_channels ALTER COLUMN audience SET DEFAULT 'viewer';
