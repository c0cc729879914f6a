-- The whole domain model of DESIGN §3. Every tenant row carries org_id; keys and foreign keys include it, so a
-- row can only ever point at rows of its own organisation.

CREATE FUNCTION radar_current_org() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('radar.org_id', true), '')::uuid $$;

CREATE FUNCTION radar_current_actor() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT COALESCE(NULLIF(current_setting('radar.actor', true), ''), session_user::text) $$;

-- Vocabularies. Domains keep each list in one place; values are the product's own words.
CREATE DOMAIN stakeholder_tier AS text
    CHECK (VALUE IN ('top_team', 'senior_leader', 'line_manager', 'hr', 'other'));
CREATE DOMAIN programme_role AS text
    CHECK (VALUE IN ('sponsor', 'champion', 'potential_champion', 'stakeholder'));
CREATE DOMAIN engagement_level AS text
    CHECK (VALUE IN ('unaware', 'resistant', 'neutral', 'supportive', 'leading'));
CREATE DOMAIN conversation_kind AS text
    CHECK (VALUE IN ('one_to_one', 'group', 'presentation', 'workshop', 'email', 'informal'));
CREATE DOMAIN attendance AS text
    CHECK (VALUE IN ('attended', 'declined', 'delegated', 'no_show'));
CREATE DOMAIN fear_category AS text
    CHECK (VALUE IN ('time', 'exposure', 'capability', 'control', 'cost', 'results', 'fit', 'fatigue',
                     'confidentiality', 'other'));
CREATE DOMAIN fear_status AS text CHECK (VALUE IN ('open', 'addressing', 'resolved', 'dismissed'));
CREATE DOMAIN fear_severity AS text CHECK (VALUE IN ('low', 'medium', 'high'));
CREATE DOMAIN commitment_status AS text CHECK (VALUE IN ('open', 'done', 'dropped'));
CREATE DOMAIN initiative_kind AS text
    CHECK (VALUE IN ('pilot', 'training', 'peer_coaching', 'action_learning_set', 'workshop', 'communication',
                     'other'));
CREATE DOMAIN initiative_status AS text CHECK (VALUE IN ('planned', 'running', 'done', 'cancelled'));
CREATE DOMAIN flag_severity AS text CHECK (VALUE IN ('info', 'low', 'medium', 'high', 'critical'));
CREATE DOMAIN flag_status AS text CHECK (VALUE IN ('open', 'acknowledged', 'snoozed', 'resolved'));
CREATE DOMAIN subject_kind AS text
    CHECK (VALUE IN ('stakeholder', 'initiative', 'conversation', 'organisation'));
CREATE DOMAIN guideline_code AS text CHECK (VALUE ~ '^(G(0[1-9]|1[0-2])|P00)$');
CREATE DOMAIN member_role AS text CHECK (VALUE IN ('admin', 'hr', 'viewer'));
CREATE DOMAIN scale_1_5 AS smallint CHECK (VALUE BETWEEN 1 AND 5);

-- Position of an engagement level on the five-step scale: unaware = 1 … leading = 5.
CREATE FUNCTION engagement_rank(level text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_position(ARRAY['unaware', 'resistant', 'neutral', 'supportive', 'leading'], level) $$;

-- Reference data shared by every organisation.
CREATE TABLE guidelines (
    code        guideline_code PRIMARY KEY,
    position    smallint NOT NULL UNIQUE,
    short_name  text NOT NULL,
    description text NOT NULL
);

CREATE TABLE organisations (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug       text NOT NULL,
    name       text NOT NULL CHECK (btrim(name) <> ''),
    time_zone  text NOT NULL DEFAULT 'UTC',
    week_start smallint NOT NULL DEFAULT 1 CHECK (week_start BETWEEN 1 AND 7),
    settings   jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1,
    CONSTRAINT organisations_slug_key UNIQUE (slug),
    CONSTRAINT organisations_slug_shape CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$')
);

CREATE TABLE stakeholders (
    org_id             uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id                 uuid NOT NULL DEFAULT gen_random_uuid(),
    name               text NOT NULL CHECK (btrim(name) <> ''),
    email              text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$'),
    title              text,
    tier               stakeholder_tier NOT NULL,
    role               programme_role NOT NULL DEFAULT 'stakeholder',
    function           text,
    influence          scale_1_5,
    interest           scale_1_5,
    engagement         engagement_level,
    desired_engagement engagement_level,
    hr_owner_id        uuid,
    active             boolean NOT NULL DEFAULT true,
    left_on            date,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT stakeholders_email_key UNIQUE (org_id, email),
    CONSTRAINT stakeholders_hr_owner_fkey FOREIGN KEY (org_id, hr_owner_id) REFERENCES stakeholders (org_id, id),
    CONSTRAINT stakeholders_left_when_inactive CHECK (left_on IS NULL OR NOT active)
);
CREATE INDEX stakeholders_leaders_idx ON stakeholders (org_id, tier, role) WHERE active;

-- Global login identities; organisations are reached through memberships.
CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$'),
    display_name  text NOT NULL,
    password_hash text,
    disabled_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE memberships (
    org_id     uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       member_role NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id)
);

CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL,
    token_hash   bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
);

CREATE TABLE conversations (
    org_id       uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id           uuid NOT NULL DEFAULT gen_random_uuid(),
    ref          text NOT NULL CHECK (btrim(ref) <> ''),
    occurred_at  timestamptz NOT NULL,
    kind         conversation_kind NOT NULL,
    initiated_by uuid,
    notes        text,
    recorded_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT conversations_ref_key UNIQUE (org_id, ref),
    CONSTRAINT conversations_initiator_fkey FOREIGN KEY (org_id, initiated_by) REFERENCES stakeholders (org_id, id)
);
CREATE INDEX conversations_window_idx ON conversations (org_id, occurred_at);

CREATE TABLE conversation_participants (
    org_id          uuid NOT NULL,
    conversation_id uuid NOT NULL,
    stakeholder_id  uuid NOT NULL,
    attendance      attendance NOT NULL,
    engagement      engagement_level,
    -- Copied from the conversation by trigger, so "latest contact per stakeholder" is one index probe.
    occurred_at     timestamptz NOT NULL,
    PRIMARY KEY (org_id, conversation_id, stakeholder_id),
    CONSTRAINT participants_conversation_fkey FOREIGN KEY (org_id, conversation_id)
        REFERENCES conversations (org_id, id) ON DELETE CASCADE,
    CONSTRAINT participants_stakeholder_fkey FOREIGN KEY (org_id, stakeholder_id)
        REFERENCES stakeholders (org_id, id)
);
CREATE INDEX participants_latest_contact_idx
    ON conversation_participants (org_id, stakeholder_id, occurred_at DESC) INCLUDE (attendance, engagement);

CREATE TABLE conversation_guidelines (
    org_id          uuid NOT NULL,
    conversation_id uuid NOT NULL,
    guideline       guideline_code NOT NULL REFERENCES guidelines (code),
    PRIMARY KEY (org_id, conversation_id, guideline),
    CONSTRAINT conversation_guidelines_conversation_fkey FOREIGN KEY (org_id, conversation_id)
        REFERENCES conversations (org_id, id) ON DELETE CASCADE
);

CREATE TABLE fears (
    org_id          uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    stakeholder_id  uuid NOT NULL,
    conversation_id uuid,
    category        fear_category NOT NULL,
    statement       text NOT NULL CHECK (btrim(statement) <> ''),
    severity        fear_severity NOT NULL DEFAULT 'medium',
    status          fear_status NOT NULL DEFAULT 'open',
    mitigation      text,
    raised_on       date NOT NULL,
    resolved_on     date,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT fears_stakeholder_fkey FOREIGN KEY (org_id, stakeholder_id) REFERENCES stakeholders (org_id, id),
    CONSTRAINT fears_conversation_fkey FOREIGN KEY (org_id, conversation_id)
        REFERENCES conversations (org_id, id) ON DELETE SET NULL (conversation_id),
    CONSTRAINT fears_resolved_after_raised CHECK (resolved_on IS NULL OR resolved_on >= raised_on),
    CONSTRAINT fears_resolved_only_when_closed CHECK (resolved_on IS NULL OR status IN ('resolved', 'dismissed'))
);
CREATE INDEX fears_open_idx ON fears (org_id, stakeholder_id, raised_on) WHERE status IN ('open', 'addressing');

CREATE TABLE commitments (
    org_id          uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    owner_id        uuid NOT NULL,
    conversation_id uuid,
    description     text,
    made_on         date NOT NULL,
    due_on          date,
    status          commitment_status NOT NULL DEFAULT 'open',
    done_on         date,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT commitments_owner_fkey FOREIGN KEY (org_id, owner_id) REFERENCES stakeholders (org_id, id),
    CONSTRAINT commitments_conversation_fkey FOREIGN KEY (org_id, conversation_id)
        REFERENCES conversations (org_id, id) ON DELETE SET NULL (conversation_id),
    CONSTRAINT commitments_done_after_made CHECK (done_on IS NULL OR done_on >= made_on),
    CONSTRAINT commitments_done_only_when_done CHECK (done_on IS NULL OR status = 'done')
);
CREATE INDEX commitments_owner_idx ON commitments (org_id, owner_id, due_on) WHERE status = 'open';

CREATE TABLE initiatives (
    org_id          uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    ref             text NOT NULL CHECK (btrim(ref) <> ''),
    title           text NOT NULL CHECK (btrim(title) <> ''),
    kind            initiative_kind NOT NULL,
    owner_id        uuid,
    starts_on       date NOT NULL,
    ends_on         date,
    status          initiative_status NOT NULL DEFAULT 'planned',
    success_measure text,
    outcome         text,
    evidence        text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT initiatives_ref_key UNIQUE (org_id, ref),
    CONSTRAINT initiatives_owner_fkey FOREIGN KEY (org_id, owner_id) REFERENCES stakeholders (org_id, id),
    CONSTRAINT initiatives_ends_after_start CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX initiatives_window_idx ON initiatives (org_id, starts_on, ends_on);

-- A business priority and how coaching supports it in one function (G01).
CREATE TABLE business_priorities (
    org_id             uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id                 uuid NOT NULL DEFAULT gen_random_uuid(),
    priority           text NOT NULL CHECK (btrim(priority) <> ''),
    function           text NOT NULL CHECK (btrim(function) <> ''),
    how_coaching_helps text,
    endorsed_by        uuid,
    recorded_on        date NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT business_priorities_key UNIQUE (org_id, priority, function),
    CONSTRAINT business_priorities_endorser_fkey FOREIGN KEY (org_id, endorsed_by)
        REFERENCES stakeholders (org_id, id)
);

-- The default rule catalogue, shipped by migrations; each organisation works on its own editable copy.
CREATE TABLE default_rules (
    code                 text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
    position             smallint NOT NULL,
    name                 text NOT NULL,
    guideline            guideline_code NOT NULL REFERENCES guidelines (code),
    subject_kind         subject_kind NOT NULL,
    condition            text NOT NULL,
    severity             flag_severity NOT NULL,
    escalation_condition text,
    escalation_severity  flag_severity,
    message_template     text NOT NULL,
    next_step            text NOT NULL,
    enabled              boolean NOT NULL DEFAULT true,
    CHECK ((escalation_condition IS NULL) = (escalation_severity IS NULL))
);

CREATE TABLE rules (
    org_id               uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    code                 text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
    position             smallint NOT NULL DEFAULT 1000,
    name                 text NOT NULL,
    guideline            guideline_code NOT NULL REFERENCES guidelines (code),
    subject_kind         subject_kind NOT NULL,
    condition            text NOT NULL,
    severity             flag_severity NOT NULL,
    escalation_condition text,
    escalation_severity  flag_severity,
    message_template     text NOT NULL,
    next_step            text NOT NULL,
    enabled              boolean NOT NULL DEFAULT true,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    version              integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, code),
    CHECK ((escalation_condition IS NULL) = (escalation_severity IS NULL))
);

-- A flag is one rule holding for one subject; it lives from first raised to resolved and may reopen.
CREATE TABLE flags (
    org_id          uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    rule_code       text NOT NULL,
    guideline       guideline_code NOT NULL REFERENCES guidelines (code),
    subject_kind    subject_kind NOT NULL,
    -- The subject's id, or the organisation's id for organisation-wide flags.
    subject_id      uuid NOT NULL,
    severity        flag_severity NOT NULL,
    status          flag_status NOT NULL DEFAULT 'open',
    message         text NOT NULL,
    next_step       text NOT NULL,
    evidence        jsonb NOT NULL DEFAULT '{}',
    first_raised_at timestamptz NOT NULL,
    last_raised_at  timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    resolved_at     timestamptz,
    reopen_count    integer NOT NULL DEFAULT 0,
    acknowledged_by text,
    acknowledged_at timestamptz,
    snoozed_until   date,
    status_reason   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    CONSTRAINT flags_subject_key UNIQUE (org_id, rule_code, subject_kind, subject_id),
    CONSTRAINT flags_rule_fkey FOREIGN KEY (org_id, rule_code) REFERENCES rules (org_id, code) ON DELETE CASCADE,
    CONSTRAINT flags_snooze_has_date CHECK (status <> 'snoozed' OR snoozed_until IS NOT NULL)
);
CREATE INDEX flags_open_idx ON flags (org_id, status, severity) WHERE status <> 'resolved';

-- Every change in a flag's life, so any past week's digest can be re-created exactly.
CREATE TABLE flag_events (
    org_id      uuid NOT NULL,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    flag_id     uuid NOT NULL,
    occurred_at timestamptz NOT NULL,
    event       text NOT NULL CHECK (event IN ('raised', 'reopened', 'escalated', 'resolved', 'acknowledged',
                                               'snoozed', 'unsnoozed')),
    severity    flag_severity NOT NULL,
    actor       text,
    reason      text,
    PRIMARY KEY (org_id, id),
    CONSTRAINT flag_events_flag_fkey FOREIGN KEY (org_id, flag_id) REFERENCES flags (org_id, id) ON DELETE CASCADE
);
CREATE INDEX flag_events_window_idx ON flag_events (org_id, occurred_at);
CREATE INDEX flag_events_flag_idx ON flag_events (org_id, flag_id, occurred_at);

-- One engagement score per stakeholder per ISO week (week_start is that week's Monday).
CREATE TABLE engagement_snapshots (
    org_id         uuid NOT NULL,
    stakeholder_id uuid NOT NULL,
    week_start     date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
    score          numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
    components     jsonb NOT NULL DEFAULT '{}',
    computed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, stakeholder_id, week_start),
    CONSTRAINT engagement_snapshots_stakeholder_fkey FOREIGN KEY (org_id, stakeholder_id)
        REFERENCES stakeholders (org_id, id) ON DELETE CASCADE
);

CREATE TABLE digests (
    org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    week_start  date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
    iso_week    text NOT NULL CHECK (iso_week ~ '^[0-9]{4}-W[0-9]{2}$'),
    as_of       timestamptz NOT NULL,
    content     jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT digests_week_key UNIQUE (org_id, week_start)
);

-- Where an organisation's digests go: e-mail, a webhook or a directory of files.
CREATE TABLE delivery_channels (
    org_id     uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    id         uuid NOT NULL DEFAULT gen_random_uuid(),
    kind       text NOT NULL CHECK (kind IN ('email', 'webhook', 'directory')),
    target     text NOT NULL CHECK (btrim(target) <> ''),
    enabled    boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT delivery_channels_target_key UNIQUE (org_id, kind, target)
);

-- The delivery outbox: one row per digest and channel, sent at least once, marked when sent.
CREATE TABLE digest_deliveries (
    org_id          uuid NOT NULL,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    digest_id       uuid NOT NULL,
    channel_id      uuid NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT digest_deliveries_once UNIQUE (org_id, digest_id, channel_id),
    CONSTRAINT digest_deliveries_digest_fkey FOREIGN KEY (org_id, digest_id)
        REFERENCES digests (org_id, id) ON DELETE CASCADE,
    CONSTRAINT digest_deliveries_channel_fkey FOREIGN KEY (org_id, channel_id)
        REFERENCES delivery_channels (org_id, id) ON DELETE CASCADE
);
CREATE INDEX digest_deliveries_due_idx ON digest_deliveries (next_attempt_at) WHERE status = 'pending';

-- Append-only record of every write: who, what, which row, which fields. Never field values of notes or fears.
CREATE TABLE audit_events (
    org_id         uuid REFERENCES organisations (id) ON DELETE CASCADE,
    id             bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    actor          text NOT NULL,
    action         text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'erase', 'import', 'login')),
    entity         text NOT NULL,
    entity_id      text,
    changed_fields text[] NOT NULL DEFAULT '{}',
    details        jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (id)
);
CREATE INDEX audit_events_entity_idx ON audit_events (org_id, entity, entity_id, occurred_at);
