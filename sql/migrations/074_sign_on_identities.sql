-- Who a provider vouched for, by the provider's own name for them (issue 19): the issuer and subject of the ID
-- token, bound to one account the first time they sign in. From then on that identity signs in to that account
-- whatever e-mail the provider sends, and another identity of the same issuer that presents the account's e-mail
-- (an address reassigned to someone new, a second directory account) is refused rather than let in. Reached only
-- through radar_sign_on_admit (a SECURITY DEFINER function), like the accounts themselves.
CREATE TABLE sign_on_identities (
    issuer        text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 2000),
    subject       text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer, subject),
    CONSTRAINT sign_on_identities_one_per_issuer UNIQUE (user_id, issuer)
);
REVOKE ALL ON sign_on_identities FROM PUBLIC;

-- The admission now takes the identity; the old four-argument form goes (sql/definitions holds the new one).
DROP FUNCTION IF EXISTS radar_sign_on_admit(text, text, text, text);
