package io.bucketbrigade.routefiles;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the route files are and how they are watched.
 *
 * @param directory            folder of route files, read from the file system (relative to the working directory)
 * @param pattern              glob of the files to load in that folder
 * @param pollInterval         how often the folder is checked for changed, new and removed files
 * @param defaultConfiguration route configuration given to every route that names none (the error handling)
 */
@ConfigurationProperties("brigade.routes")
public record RouteFilesProperties(Path directory, String pattern, Duration pollInterval, String defaultConfiguration) {

    public RouteFilesProperties {
        directory = directory == null ? Path.of("routes") : directory;
        pattern = pattern == null ? "*.camel.yaml" : pattern;
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
    }
}
