package io.bucketbrigade.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What a mutating job does, one operation at a time: each is described by one line in a stable format
 * ({@code VERB target [-> target] [(why)]}) and carried out unless this is a dry run. A dry run returns the lines
 * and writes nothing.
 */
public class Operations {

    /** At most this many lines are kept for the report; the count goes on. */
    static final int KEPT = 10_000;

    private final boolean dryRun;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private volatile long count;

    public Operations(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** Carries out one operation (unless a dry run) and records its line. */
    public void apply(String line, Runnable operation) {
        if (!dryRun) {
            operation.run();
        }
        record(line);
    }

    /**
     * Carries out an operation that may find it must not happen (a condition on the store); a dry run only asks
     * whether it would. Records {@code line} when it happened (or would), {@code skipped} when not.
     *
     * @return whether it happened (in a dry run: would)
     */
    public boolean attempt(String line, String skipped, BooleanSupplier operation, BooleanSupplier wouldHappen) {
        boolean happened = dryRun ? wouldHappen.getAsBoolean() : operation.getAsBoolean();
        record(happened ? line : skipped);
        return happened;
    }

    /** Records an operation carried out elsewhere, or planned only. */
    public void record(String line) {
        count++;
        if (lines.size() < KEPT) {
            lines.add(line);
        }
    }

    public boolean dryRun() {
        return dryRun;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public long count() {
        return count;
    }
}
