package io.bucketbrigade.profiles;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the dataset profiles are.
 *
 * @param directory    folder of profile files ({@code *.yaml}), read from the file system
 * @param pollInterval how often the folder is checked for edits
 */
@ConfigurationProperties("brigade.profiles")
public record ProfilesProperties(Path directory, Duration pollInterval) {

    public ProfilesProperties {
        directory = directory == null ? Path.of("profiles") : directory;
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
    }
}
