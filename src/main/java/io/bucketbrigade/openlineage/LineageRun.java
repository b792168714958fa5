package io.bucketbrigade.openlineage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One OpenLineage run event of a hop: the route that took the step (the job), the run it belongs to, its state, and
 * the objects it read and wrote. A run's id is derived from what it works on (an upload, a source version, a dataset
 * version), so every event of one run, and every redelivery of it, names the same run.
 *
 * @param job     the route id
 * @param failure why the run failed (FAIL only)
 */
public record LineageRun(String job, UUID runId, State state, Instant at, List<S3Dataset> inputs,
        List<S3Dataset> outputs, String failure) {

    /** The run states a hop reports (OpenLineage's START, COMPLETE, FAIL). */
    public enum State { START, COMPLETE, FAIL }

    public LineageRun {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * @param job the route id
     * @param of  what the run works on, unique within the job (an upload id, a dataset version …)
     */
    public static LineageRun started(String job, String of, Instant at, List<S3Dataset> inputs) {
        return new LineageRun(job, runId(job, of), State.START, at, inputs, List.of(), null);
    }

    public static LineageRun completed(String job, String of, Instant at, List<S3Dataset> inputs,
            List<S3Dataset> outputs) {
        return new LineageRun(job, runId(job, of), State.COMPLETE, at, inputs, outputs, null);
    }

    public static LineageRun failed(String job, String of, Instant at, List<S3Dataset> inputs, String failure) {
        return new LineageRun(job, runId(job, of), State.FAIL, at, inputs, List.of(), failure);
    }

    static UUID runId(String job, String of) {
        return UUID.nameUUIDFromBytes((job + "\n" + of).getBytes(StandardCharsets.UTF_8));
    }
}
