package dev.orgexport.cli.operator;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The progress and summary of a command acting on many items (orgs, or org and kind pairs): one
 * progress line per item as it finishes ({@code [3/150] acme-us audit-events: ...}), then a
 * summary with how many succeeded, were skipped and failed, and the failures again so they are
 * not lost in a long output. Not thread-safe: one command, one thread.
 */
final class BatchReport {

    private final PrintWriter out;
    private final String command;
    private final int total;
    private final long began = System.nanoTime();
    private final List<String> failures = new ArrayList<>();
    private int done;
    private int succeeded;
    private int skipped;

    BatchReport(PrintWriter out, String command, int total) {
        this.out = out;
        this.command = command;
        this.total = total;
    }

    void succeeded(String item, String outcome) {
        succeeded++;
        line(item, outcome);
    }

    void skipped(String item, String why) {
        skipped++;
        line(item, "skipped: " + why);
    }

    void failed(String item, String why) {
        failures.add(item + ": " + why);
        line(item, "FAILED: " + why);
    }

    private void line(String item, String text) {
        done++;
        out.println("[" + done + "/" + total + "] " + item + ": " + text);
        out.flush();
    }

    /** Prints the summary (with {@code totals} such as "3600 runs created"); returns the exit code. */
    int finish(String totals) {
        double seconds = (System.nanoTime() - began) / 1e9;
        out.printf("%s: %d of %d done in %.1f s: %d succeeded, %d skipped, %d failed%s%n", command, done, total, seconds,
                succeeded, skipped, failures.size(), totals == null || totals.isEmpty() ? "" : "; " + totals);
        if (!failures.isEmpty()) {
            out.println("failed:");
            failures.forEach(failure -> out.println("  " + failure));
        }
        out.flush();
        return failures.isEmpty() ? 0 : 1;
    }
}
