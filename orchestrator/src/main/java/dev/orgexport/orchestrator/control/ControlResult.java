package dev.orgexport.orchestrator.control;

/**
 * What an operator control did.
 *
 * @param orgId   the org
 * @param action  the audit action written ({@code PauseOrg}, {@code ResumeOrg}, {@code ReleaseOrg})
 * @param changed whether the org's state changed (false: it already was so)
 * @param message one line for the operator, also the audit row's message
 */
public record ControlResult(String orgId, String action, boolean changed, String message) {

    public String render() {
        return message;
    }
}
