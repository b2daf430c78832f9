-- Issue 12: a window re-exported after late changes gets a new version of its file; no version is
-- ever replaced. One row per version of a run's export, append-only like audit_event. The run row
-- keeps pointing at the newest version.
CREATE TABLE export_run_version (
    run_id       uuid        NOT NULL REFERENCES export_run (run_id),
    version      integer     NOT NULL CHECK (version >= 1),
    location     text        NOT NULL,
    records      bigint      NOT NULL CHECK (records >= 0),
    bytes        bigint      NOT NULL CHECK (bytes >= 0),
    sha256       text        NOT NULL,
    exported_at  timestamptz NOT NULL,
    attempt      integer     NOT NULL,
    worker_id    text        NOT NULL,
    PRIMARY KEY (run_id, version)
);

CREATE FUNCTION export_run_version_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'export_run_version is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER export_run_version_no_change BEFORE UPDATE OR DELETE ON export_run_version
    FOR EACH ROW EXECUTE FUNCTION export_run_version_append_only();

-- Runs that succeeded before this migration: their file is version 1.
INSERT INTO export_run_version (run_id, version, location, records, bytes, sha256, exported_at, attempt, worker_id)
SELECT run_id, 1, result_location, record_count, byte_count, sha256, COALESCE(finished_at, updated_at), attempt, 'before-V5'
FROM export_run WHERE state = 'SUCCEEDED';
