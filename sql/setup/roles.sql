-- Cluster-level setup, run once by `radar setup` as a superuser (or a role with CREATEROLE) connected to the
-- product's database. Idempotent: safe to run again.
--
-- radar_owner  owns the schema and runs migrations.
-- radar_app    owns nothing, cannot bypass row-level security, and is the role every tenant transaction runs
--              as (`SET LOCAL ROLE radar_app`), whichever login the connection used.
-- radar_service  the login of `radar serve` and the tenant commands: a member of radar_app and of nothing else,
--              owning nothing, so SQL injected into the service could never become the owner. Give it a password
--              (psql: \password radar_service) or another way to authenticate in pg_hba.conf.
-- Roles belong to the cluster, and setups of several databases in one cluster may run at once (the test suite
-- does). Whichever setup loses a race to create a role or grant the membership finds it done, and goes on.
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'radar_owner') THEN
        BEGIN
            CREATE ROLE radar_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'radar_app') THEN
        BEGIN
            CREATE ROLE radar_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'radar_service') THEN
        BEGIN
            CREATE ROLE radar_service LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS INHERIT;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END
$roles$;

-- Changes below are made only when needed, so that concurrent setups rarely meet.
DO $membership$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'radar_app' AND (rolsuper OR rolbypassrls)) THEN
        ALTER ROLE radar_app NOSUPERUSER NOBYPASSRLS;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'radar_service' AND (rolsuper OR rolbypassrls)) THEN
        ALTER ROLE radar_service NOSUPERUSER NOBYPASSRLS;
    END IF;
    -- The service's login acts as the application role and as nothing else.
    IF NOT pg_has_role('radar_service', 'radar_app', 'MEMBER') THEN
        BEGIN
            GRANT radar_app TO radar_service;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    -- The owner may act as the application role inside a transaction; the reverse is never granted.
    IF NOT pg_has_role('radar_owner', 'radar_app', 'MEMBER') THEN
        BEGIN
            GRANT radar_app TO radar_owner;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END
$membership$;

DO $database$
BEGIN
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO radar_app', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO radar_service', current_database());
    EXECUTE format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO radar_owner', current_database());
END
$database$;

-- Only the owner creates objects in the schema: not PUBLIC (PostgreSQL before 15 granted it), so neither the
-- application role nor any other login of the cluster can plant a function or table that shadows ours.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO radar_owner;
GRANT USAGE ON SCHEMA public TO radar_app;
-- pgcrypto-free: gen_random_uuid() is built in since PostgreSQL 13.
