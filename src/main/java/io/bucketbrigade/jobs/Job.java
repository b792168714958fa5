package io.bucketbrigade.jobs;

import java.util.Map;

/** A job operators run on a schedule and on demand (API, JMX): reconcile, verify, promote, re-drive … */
public interface Job {

    /** The name in URLs, properties ({@code brigade.jobs.<name>.*}) and JMX. */
    String name();

    String description();

    /** Whether the job changes anything (a dry run then lists what it would change). */
    default boolean mutating() {
        return true;
    }

    /**
     * Checks a run's parameters before it starts.
     *
     * @throws IllegalArgumentException a parameter the job cannot run with, and why
     */
    default void check(Map<String, String> parameters) {
    }

    /** Runs once; single records that fail are recorded as errors of the run, never stop it. */
    void run(JobRun run) throws Exception;
}
