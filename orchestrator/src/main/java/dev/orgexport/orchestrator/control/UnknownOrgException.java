package dev.orgexport.orchestrator.control;

import dev.orgexport.orchestrator.OrchestratorException;

/** An operator named an org that the registry does not have. */
public final class UnknownOrgException extends OrchestratorException {
    private static final long serialVersionUID = 1L;

    public UnknownOrgException(String orgId) {
        super("no org '" + orgId + "' in the registry; see orgexport orgs list");
    }
}
