-- orgexport schema v6 (balance): every org has a partition slot, a small number handed out in
-- turn as orgs are added (0, 1, 2, ...). The outbox relay sends every record keyed by an org id to
-- partition slot % (the topic's actual partition count), so orgs spread evenly over partitions
-- (per-partition org counts differ by at most 1 while no org was disabled) and each org stays on
-- one partition, hence on one worker at a time (one token per org). Hashing org ids instead left
-- some partitions with twice the orgs of others when orgs are few.
--
-- Existing rows: slots in the order the orgs were added (created_at, then id), stable across
-- databases with the same history. New rows: the trigger below takes max + 1 when the insert
-- gives no slot, so every writer (apply, tests, tools) gets one without knowing about it.
-- Orgs are never deleted (apply disables them), so slots are never reused; a disabled org keeps
-- its slot and its partition simply has one busy org fewer. Two applies racing may give two orgs
-- the same slot: they then share a partition, which is safe (no uniqueness is needed for
-- correctness, only for balance).
ALTER TABLE org ADD COLUMN partition_slot integer CHECK (partition_slot >= 0);

UPDATE org SET partition_slot = numbered.slot
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS slot FROM org) AS numbered
WHERE org.id = numbered.id;

ALTER TABLE org ALTER COLUMN partition_slot SET NOT NULL;
CREATE INDEX org_partition_slot ON org (partition_slot);

CREATE FUNCTION org_assign_partition_slot() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.partition_slot IS NULL THEN
        -- Sees the rows inserted earlier in the same statement or transaction, so a batch of
        -- new orgs gets consecutive slots.
        SELECT coalesce(max(partition_slot) + 1, 0) INTO NEW.partition_slot FROM org;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER org_partition_slot BEFORE INSERT ON org
    FOR EACH ROW EXECUTE FUNCTION org_assign_partition_slot();
