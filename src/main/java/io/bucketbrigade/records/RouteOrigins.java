package io.bucketbrigade.records;

import java.util.Optional;

/**
 * Where a route comes from: the route file that defines it and that file's version (its SHA-256), for the lineage
 * of the steps the route takes. Implemented where route files are loaded, so that records need not know how.
 */
public interface RouteOrigins {

    Optional<String> fileOfRoute(String routeId);

    Optional<String> versionOfRoute(String routeId);
}
