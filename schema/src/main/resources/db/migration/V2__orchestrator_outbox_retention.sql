-- orgexport schema v2 (orchestrator): published outbox rows are deleted once older than the
-- retention; this index lets the sweeper find them without scanning the whole table.
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
