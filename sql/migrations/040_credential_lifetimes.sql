-- Credentials that end (issue 18, item 1).
--
-- An API token now carries the instant it stops working: twelve hours for one made by logging in, a lifetime of
-- at most a year, chosen by the admin, for a named one. Tokens made before this migration had none; each gets a
-- year from its creation, but no less than thirty days from now, so that nobody's script stops without notice.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;

UPDATE api_tokens
   SET expires_at = GREATEST(created_at + interval '1 year', now() + interval '30 days')
 WHERE expires_at IS NULL;

ALTER TABLE api_tokens
    ALTER COLUMN expires_at SET NOT NULL,
    ADD CONSTRAINT api_tokens_expiry_after_creation CHECK (expires_at > created_at);

CREATE INDEX api_tokens_expiry_idx ON api_tokens (expires_at) WHERE revoked_at IS NULL;
