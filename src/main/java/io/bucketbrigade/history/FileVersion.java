package io.bucketbrigade.history;

import java.time.Instant;
import java.util.List;

/**
 * One step in a file's history: a version and what the servers did with it, first at {@code at}; the same
 * version met again in a row (by another instance, after a restart) is the same step.
 *
 * @param version   SHA-256 of the content (null for a removal)
 * @param error     why it was rejected (null otherwise)
 * @param instances the instances that met it in this step
 * @param lines     lines of the content (0 for a removal)
 */
public record FileVersion(String version, FileHistory.Outcome outcome, String error, Instant at,
        List<String> instances, int lines) {
}
