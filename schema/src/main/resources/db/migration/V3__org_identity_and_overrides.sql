-- orgexport schema v3 (identity): an org has two ids. org.id stays the operator's own stable key
-- (Kafka keys, output files, CLI); organization_id is the platform's organization id (a UUID on
-- Genesys Cloud) that every token of the org must belong to. V1's comment "ids of orgs are the
-- operator's own stable ids" means org.id only; see README "Org identity".
--
-- organization_id: given in orgs.yaml (organizationId), or null.
-- pinned_*: the organization of the org's first verified token, set once by a guarded
--   UPDATE ... WHERE pinned_organization_id IS NULL (two workers race safely) and recorded in an
--   audit row (action PinOrganization). Existing rows start unpinned and are pinned on first use.
-- api_budget_per_minute, service_names: per-org overrides from orgs.yaml (null: the process-wide
--   setting; service_names filters audit-events exports).
ALTER TABLE org
    ADD COLUMN organization_id          text CHECK (length(organization_id) BETWEEN 1 AND 100),
    ADD COLUMN pinned_organization_id   text CHECK (length(pinned_organization_id) BETWEEN 1 AND 100),
    ADD COLUMN pinned_organization_name text CHECK (length(pinned_organization_name) <= 200),
    ADD COLUMN pinned_at                timestamptz,
    ADD COLUMN pinned_client_id         text,
    ADD COLUMN pinned_region            text,
    ADD COLUMN api_budget_per_minute    integer CHECK (api_budget_per_minute BETWEEN 1 AND 100000),
    ADD COLUMN service_names            text[],
    ADD CONSTRAINT org_pin_complete CHECK ((pinned_organization_id IS NULL) = (pinned_at IS NULL));
