-- orgexport schema v1. Additive changes only from here on: a new migration per change.
-- Times are timestamptz (UTC instants); ids of orgs are the operator's own stable ids.

-- Orgs come from orgs.yaml. Orgs missing from a later file are disabled, never deleted,
-- so their runs and audit history stay.
CREATE TABLE org (
    id            text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    region        text        NOT NULL CHECK (length(region) BETWEEN 1 AND 100),
    client_id     text        NOT NULL CHECK (length(client_id) BETWEEN 1 AND 200),
    -- A reference (env:NAME or file:/path), never the secret itself.
    secret_ref    text        NOT NULL CHECK (secret_ref ~ '^(env:[A-Za-z_][A-Za-z0-9_]*|file:/.+)$'),
    enabled       boolean     NOT NULL DEFAULT true,
    paused        boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE export_schedule (
    org_id            text        NOT NULL REFERENCES org (id),
    kind              text        NOT NULL CHECK (kind IN ('conversation-details', 'user-details', 'audit-events')),
    every             interval    NOT NULL CHECK (every > interval '0'),
    lag               interval    NOT NULL DEFAULT interval '0' CHECK (lag >= interval '0'),
    catch_up          interval    NOT NULL CHECK (catch_up >= interval '0'),
    -- Start of the next window to create; windows are [start, start + every).
    next_window_start timestamptz NOT NULL,
    enabled           boolean     NOT NULL DEFAULT true,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, kind)
);
CREATE INDEX export_schedule_due ON export_schedule (next_window_start) WHERE enabled;

-- One row per (org, kind, window). run_id is a UUID derived from org, kind and window start,
-- so creating the same window twice is a no-op, whoever tries.
CREATE TABLE export_run (
    run_id            uuid        PRIMARY KEY,
    org_id            text        NOT NULL REFERENCES org (id),
    kind              text        NOT NULL CHECK (kind IN ('conversation-details', 'user-details', 'audit-events')),
    window_start      timestamptz NOT NULL,
    window_end        timestamptz NOT NULL,
    state             text        NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'RETRY_WAIT', 'FAILED', 'CANCELLED')),
    attempt           integer     NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    next_attempt_at   timestamptz,
    lease_owner       text,
    lease_expires_at  timestamptz,
    platform_job_id   text,
    platform_job_submitted_at timestamptz,
    result_location   text,
    record_count      bigint      CHECK (record_count >= 0),
    byte_count        bigint      CHECK (byte_count >= 0),
    sha256            text        CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    last_failure_kind text,
    last_failure_message text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    CONSTRAINT export_run_window_order CHECK (window_end > window_start),
    CONSTRAINT export_run_one_window UNIQUE (org_id, kind, window_start),
    CONSTRAINT export_run_lease_pair CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL)),
    CONSTRAINT export_run_succeeded_has_result CHECK (
        state <> 'SUCCEEDED' OR (result_location IS NOT NULL AND record_count IS NOT NULL
                                 AND byte_count IS NOT NULL AND sha256 IS NOT NULL))
);
CREATE INDEX export_run_org_state ON export_run (org_id, state);
CREATE INDEX export_run_retry_due ON export_run (next_attempt_at) WHERE state = 'RETRY_WAIT';
CREATE INDEX export_run_lease_expiry ON export_run (lease_expires_at) WHERE state = 'RUNNING';

-- Transactional outbox: written in the same transaction as the rows it announces,
-- published to Kafka in id order by the relay.
CREATE TABLE outbox (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic        text        NOT NULL CHECK (length(topic) BETWEEN 1 AND 249),
    record_key   text        NOT NULL,
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- The cluster-visible breaker state of an org: while a row is live, every worker skips the org.
CREATE TABLE org_quarantine (
    org_id   text        PRIMARY KEY REFERENCES org (id),
    reason   text        NOT NULL,
    since    timestamptz NOT NULL,
    until    timestamptz NOT NULL,
    set_by   text        NOT NULL,
    CONSTRAINT org_quarantine_period CHECK (until > since)
);

-- Mirrors the platform's AuditLogMessage so operators read both trails the same way,
-- plus our own context. Append-only: see the trigger below. Never a secret or a token.
CREATE TABLE audit_event (
    id                uuid        PRIMARY KEY,
    event_date        timestamptz NOT NULL,
    org_id            text,
    service_name      text        NOT NULL,
    level             text        NOT NULL CHECK (level IN ('USER', 'SYSTEM')),
    action            text        NOT NULL,
    entity_type       text        NOT NULL,
    entity_id         text,
    entity_name       text,
    status            text        NOT NULL CHECK (status IN ('SUCCESS', 'FAILURE', 'WARNING')),
    message_code      text        NOT NULL,
    message           text        NOT NULL,
    region            text,
    host              text,
    http_status       integer     CHECK (http_status BETWEEN 100 AND 599),
    error_code        text,
    correlation_id    text,
    failure_kind      text,
    diagnosis         text,
    run_id            uuid,
    attempt           integer,
    worker_id         text
);
CREATE INDEX audit_event_org_date ON audit_event (org_id, event_date);
CREATE INDEX audit_event_date ON audit_event (event_date);

CREATE FUNCTION audit_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
