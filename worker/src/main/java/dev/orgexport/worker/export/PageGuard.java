package dev.orgexport.worker.export;

import dev.orgexport.platform.api.ResultsPage;
import dev.orgexport.schema.run.RunFailure;
import java.util.HashSet;
import java.util.Set;

/**
 * Bounds the paging of one job's results, so a platform that never ends a cursor cannot keep an
 * attempt (and its temporary file) growing forever (reliability review M6; the official CLI has
 * the same guards, fidelity review §2 item 2). The attempt ends with a {@link JobTroubleException}
 * whose kind names the guard:
 * <ul>
 *   <li>{@link RunFailure#CURSOR_REPEATED}: a page names a cursor already followed;</li>
 *   <li>{@link RunFailure#CURSOR_ENDLESS}: {@value #MAX_EMPTY_PAGES} empty pages in a row that
 *       still carry a cursor;</li>
 *   <li>{@link RunFailure#PAGE_LIMIT} / {@link RunFailure#BYTES_LIMIT}: more pages or bytes than
 *       {@code worker.max-pages-per-job} / {@code worker.max-bytes-per-job}.</li>
 * </ul>
 * Not thread-safe: one execution's steps never overlap.
 */
final class PageGuard {

    static final int MAX_EMPTY_PAGES = 3;

    private final int maxPages;
    private final long maxBytes;
    private final Set<String> followed = new HashSet<>();
    private int pages;
    private int emptyInARow;

    PageGuard(int maxPages, long maxBytes) {
        this.maxPages = maxPages;
        this.maxBytes = maxBytes;
    }

    /**
     * Checks a page that was just written.
     *
     * @param bytesSoFar uncompressed bytes written for this job so far, this page included
     * @throws JobTroubleException when a guard trips
     */
    void check(String jobId, ResultsPage page, long bytesSoFar) {
        pages++;
        if (bytesSoFar > maxBytes) {
            throw new JobTroubleException(RunFailure.BYTES_LIMIT, "platform job " + jobId + " results passed "
                    + maxBytes + " bytes (worker.max-bytes-per-job) after " + pages + " pages");
        }
        if (page.last()) {
            return;
        }
        if (pages >= maxPages) {
            throw new JobTroubleException(RunFailure.PAGE_LIMIT, "platform job " + jobId + " still had a next page after "
                    + pages + " pages (worker.max-pages-per-job)");
        }
        emptyInARow = page.records().isEmpty() ? emptyInARow + 1 : 0;
        if (emptyInARow >= MAX_EMPTY_PAGES) {
            throw new JobTroubleException(RunFailure.CURSOR_ENDLESS, "platform job " + jobId + " returned "
                    + emptyInARow + " empty pages in a row that still carry a cursor, after " + pages + " pages");
        }
        if (!followed.add(page.nextCursor())) {
            throw new JobTroubleException(RunFailure.CURSOR_REPEATED, "platform job " + jobId
                    + " returned a cursor it had returned before, after " + pages + " pages; the results would loop");
        }
    }
}
