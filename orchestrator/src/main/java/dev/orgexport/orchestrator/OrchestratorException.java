package dev.orgexport.orchestrator;

import dev.orgexport.schema.OrgexportException;

/**
 * A request to the orchestrator that cannot be carried out (an unknown org, a backfill outside
 * the schedule's window grid) or a database failure underneath. The message says which and why,
 * for the operator; it never contains a secret.
 */
public class OrchestratorException extends OrgexportException {
    private static final long serialVersionUID = 1L;

    public OrchestratorException(String message) {
        super(message);
    }

    public OrchestratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
