package dev.orgexport.simulator.http;

import dev.orgexport.simulator.Endpoint;

/**
 * The endpoint a (method, path) below a region matched, with the path's id parameter (job or
 * query id) when it has one. {@link Endpoint#UNKNOWN} for any other path or method.
 */
record Route(Endpoint endpoint, String id) {

    private static final String CONVERSATION_JOBS = "/api/v2/analytics/conversations/details/jobs";
    private static final String USER_JOBS = "/api/v2/analytics/users/details/jobs";
    private static final String AUDIT_QUERY = "/api/v2/audits/query";
    static final String DOWNLOADS = "/downloads/";
    private static final String LIMITS = "/api/v2/organizations/limits/namespaces/";

    static final Route UNKNOWN = new Route(Endpoint.UNKNOWN, null);

    static Route of(String method, String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        switch (p) {
            case "/oauth/token":
                return is(method, "POST") ? new Route(Endpoint.OAUTH_TOKEN, null) : UNKNOWN;
            case "/api/v2/tokens/me":
                return is(method, "GET") ? new Route(Endpoint.TOKENS_ME, null) : UNKNOWN;
            case "/api/v2/organizations/me":
                return is(method, "GET") ? new Route(Endpoint.ORGANIZATIONS_ME, null) : UNKNOWN;
            default:
                break;
        }
        if (p.startsWith(DOWNLOADS) && p.length() > DOWNLOADS.length() && p.indexOf('/', DOWNLOADS.length()) < 0) {
            return is(method, "GET") ? new Route(Endpoint.AUDIT_DOWNLOAD, p.substring(DOWNLOADS.length())) : UNKNOWN;
        }
        if (p.startsWith(LIMITS) && p.length() > LIMITS.length() && p.indexOf('/', LIMITS.length()) < 0) {
            return is(method, "GET") ? new Route(Endpoint.ORGANIZATION_LIMITS, p.substring(LIMITS.length())) : UNKNOWN;
        }
        if (p.startsWith(CONVERSATION_JOBS)) {
            return jobs(method, p.substring(CONVERSATION_JOBS.length()), Endpoint.CONVERSATION_JOB_SUBMIT,
                    Endpoint.CONVERSATION_JOB_AVAILABILITY, Endpoint.CONVERSATION_JOB_STATUS,
                    Endpoint.CONVERSATION_JOB_CANCEL, Endpoint.CONVERSATION_JOB_RESULTS);
        }
        if (p.startsWith(USER_JOBS)) {
            return jobs(method, p.substring(USER_JOBS.length()), Endpoint.USER_JOB_SUBMIT, Endpoint.USER_JOB_AVAILABILITY,
                    Endpoint.USER_JOB_STATUS, Endpoint.USER_JOB_CANCEL, Endpoint.USER_JOB_RESULTS);
        }
        if (p.startsWith(AUDIT_QUERY)) {
            return jobs(method, p.substring(AUDIT_QUERY.length()), Endpoint.AUDIT_QUERY_SUBMIT, null,
                    Endpoint.AUDIT_QUERY_STATUS, null, Endpoint.AUDIT_QUERY_RESULTS);
        }
        return UNKNOWN;
    }

    private static Route jobs(String method, String rest, Endpoint submit, Endpoint availability, Endpoint status,
                              Endpoint cancel, Endpoint results) {
        if (rest.isEmpty()) {
            return is(method, "POST") ? new Route(submit, null) : UNKNOWN;
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (!rest.startsWith("/") || parts[0].isEmpty() || parts.length > 2) {
            return UNKNOWN;
        }
        if (parts.length == 1 && availability != null && parts[0].equals("availability")) {
            return is(method, "GET") ? new Route(availability, null) : UNKNOWN;
        }
        if (parts.length == 1) {
            if (is(method, "GET")) {
                return new Route(status, parts[0]);
            }
            return cancel != null && is(method, "DELETE") ? new Route(cancel, parts[0]) : UNKNOWN;
        }
        return parts[1].equals("results") && is(method, "GET") ? new Route(results, parts[0]) : UNKNOWN;
    }

    private static boolean is(String method, String expected) {
        return expected.equalsIgnoreCase(method);
    }
}
