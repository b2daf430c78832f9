-- orgexport schema v4 (reliability, issue 11).

-- The dead letters of the task topic, one row per source record: the key (topic, partition,
-- offset) makes a redelivered poison record a no-op, so each is dead-lettered and audited once.
-- The record's bytes go to the DLQ topic (truncated when oversized); here only their facts.
CREATE TABLE dead_letter (
    source_topic     text        NOT NULL,
    source_partition integer     NOT NULL CHECK (source_partition >= 0),
    source_offset    bigint      NOT NULL CHECK (source_offset >= 0),
    reason           text        NOT NULL,
    message          text        NOT NULL,
    org_id           text,
    run_id           uuid,
    value_size       integer     NOT NULL CHECK (value_size >= 0),
    value_sha256     text        NOT NULL CHECK (value_sha256 ~ '^[0-9a-f]{64}$'),
    value_truncated  boolean     NOT NULL,
    -- true when NUL or unpaired UTF-16 surrogates in the text were replaced by U+FFFD
    text_sanitized   boolean     NOT NULL DEFAULT false,
    worker_id        text        NOT NULL,
    rejected_at      timestamptz NOT NULL,
    -- when the copy on the DLQ topic was acknowledged; null while it is still to be sent
    published_at     timestamptz,
    PRIMARY KEY (source_topic, source_partition, source_offset)
);
CREATE INDEX dead_letter_rejected ON dead_letter (rejected_at);

-- An audit row whose text had NUL or unpaired surrogates replaced says so.
ALTER TABLE audit_event ADD COLUMN text_sanitized boolean NOT NULL DEFAULT false;

-- Operator actions every worker must act on within seconds (release closes each worker's
-- breaker of the org). Workers read the rows after the last seq they saw.
CREATE TABLE org_control (
    seq      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id   text        NOT NULL REFERENCES org (id),
    action   text        NOT NULL CHECK (action IN ('RELEASE', 'PAUSE', 'RESUME')),
    operator text        NOT NULL,
    at       timestamptz NOT NULL
);

-- The sweeper's "stranded QUEUED" case looks runs up by how long they have been QUEUED.
CREATE INDEX export_run_queued_since ON export_run (updated_at) WHERE state = 'QUEUED';
