package dev.orgexport.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One page of a job's results.
 *
 * <p>Each record is the platform's JSON object as a Jackson tree with its fields in wire order,
 * so writing it back compactly (any {@code ObjectMapper.writeValueAsBytes}) reproduces the bytes
 * the server wrote, as long as the server writes JSON the way Jackson does by default (no
 * whitespace, non-ASCII unescaped), as the simulator does.
 *
 * @param records              the page's records ({@code conversations}, {@code userDetails} or
 *                             {@code entities}), possibly empty
 * @param nextCursor           the cursor of the next page, or null on the last page
 * @param dataAvailabilityDate the page's {@code dataAvailabilityDate}, or null (audit pages have none)
 */
public record ResultsPage(List<JsonNode> records, String nextCursor, Instant dataAvailabilityDate) {

    public ResultsPage {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        nextCursor = nextCursor == null || nextCursor.isEmpty() ? null : nextCursor;
    }

    /** True when there is no further page. */
    public boolean last() {
        return nextCursor == null;
    }
}
