package io.bucketbrigade.routefiles;

import java.time.Instant;
import java.util.List;

/**
 * What an operator needs to know about one route file.
 *
 * @param file           the file name in the routes folder
 * @param state          {@code LOADED}, {@code FAILED} (the last edit was rejected; the previous version keeps
 *                       running) or {@code REMOVED}
 * @param version        SHA-256 of the file content whose routes are running (null when none ever loaded)
 * @param routeIds       the routes this file runs (those made from templates included)
 * @param templateIds    the route templates this file declares
 * @param loadedAt       when the running version was loaded
 * @param error          why the last edit was rejected (null when the running version is the file's content)
 * @param failedVersion  SHA-256 of the rejected content
 * @param failedAt       when it was rejected
 */
public record RouteFileStatus(
        String file,
        String state,
        String version,
        List<String> routeIds,
        List<String> configurationIds,
        List<String> templateIds,
        Instant loadedAt,
        String error,
        String failedVersion,
        Instant failedAt) {

    public boolean failed() {
        return error != null;
    }
}
