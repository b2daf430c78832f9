package dev.orgexport.schema.org;

import java.util.List;

/**
 * Per-org settings from orgs.yaml that override the process-wide ones; a null member means "use
 * the process setting".
 *
 * @param apiBudgetPerMinute the org's platform API budget (requests per minute), 1 to 100,000
 * @param serviceNames       audit-events exports ask only for these services; null or empty: all
 */
public record OrgOverrides(Integer apiBudgetPerMinute, List<String> serviceNames) {

    public static final OrgOverrides NONE = new OrgOverrides(null, null);
    public static final int MAX_API_BUDGET_PER_MINUTE = 100_000;

    public OrgOverrides {
        if (apiBudgetPerMinute != null && (apiBudgetPerMinute < 1 || apiBudgetPerMinute > MAX_API_BUDGET_PER_MINUTE)) {
            throw new IllegalArgumentException("apiBudgetPerMinute must be between 1 and " + MAX_API_BUDGET_PER_MINUTE
                    + ", but was " + apiBudgetPerMinute);
        }
        serviceNames = serviceNames == null || serviceNames.isEmpty() ? null : List.copyOf(serviceNames);
    }
}
