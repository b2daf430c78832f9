package dev.orgexport.simulator.faults;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The platform's bad days that the simulator plays on demand (fidelity review §2 items 2, 4-6),
 * each answered the way the public sources describe. Which requests a fault hits is a
 * {@link WireFaultRule}.
 */
public enum WireFault {
    /** A gateway's 502 with an HTML body instead of an ErrorBody (S1: SDKs retry 502). */
    GATEWAY_502,
    /** A gateway's 504 with an HTML body. */
    GATEWAY_504,
    /** 504 ErrorBody {@code request.timeout} (S7, S8). */
    REQUEST_TIMEOUT,
    /** 429 {@code too.many.requests.retry.after} without a {@code Retry-After} header or seconds in the message (S1 L1647). */
    RATE_LIMIT_NO_RETRY_AFTER,
    /** 429 {@code too.many.requests}, "Rate limit exceeded the maximum [N] requests within [M] seconds", no header (S7, S8). */
    TOO_MANY_REQUESTS,
    /** 429 with a daily limit's long {@code Retry-After} (S1 L1655: "few minutes to hours"). */
    DAILY_LIMIT,
    /** Submit: the job is created, then the answer is lost (a gateway 504 with an HTML body). */
    LOST_SUBMIT_ANSWER,
    /** Results: the next page's cursor is the cursor just asked for, so a naive client loops (S1 81fad0a4). */
    REPEAT_CURSOR,
    /** Results: after the last record, empty pages that always carry a new cursor (S1 4bf22f7c). */
    ENDLESS_CURSOR,
    /** Audit results: 302 with {@code downloadUrl} on the download host, "Result set too large" (S4, S2). */
    AUDIT_REDIRECT;

    /** Parses {@code GATEWAY_502}, {@code gateway-502} or {@code gateway_502}. */
    public static WireFault parse(String value) {
        String normalized = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (WireFault fault : values()) {
            if (fault.name().equals(normalized)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("fault must be one of " + Arrays.stream(values()).map(Enum::name)
                .collect(Collectors.joining(", ")) + ", but was '" + value + "'");
    }
}
