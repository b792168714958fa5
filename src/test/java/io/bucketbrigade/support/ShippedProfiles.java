package io.bucketbrigade.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.bucketbrigade.profiles.KnownChecks;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.profiles.ProfilesProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The profiles in profiles/, as operators get them, loaded without a server (destroy the catalogue after use). */
public final class ShippedProfiles {

    private ShippedProfiles() {
    }

    public static ProfileCatalog load() {
        ProfileCatalog catalog = new ProfileCatalog(
                new ProfilesProperties(Path.of(System.getProperty("brigade.repo.dir", ".")).resolve("profiles"),
                        Duration.ofHours(1)),
                new KnownChecks() {
                    @Override
                    public Map<String, Set<String>> variablesByCheck() {
                        return Map.of("matrix-market", Set.of(), "barcodes", Set.of(), "json", Set.of(), "mrc",
                                Set.of("voxelSpacing"));
                    }

                    @Override
                    public Set<String> datasetChecks() {
                        return Set.of("tenx", "aind", "cellpainting", "cryoet");
                    }
                },
                new SimpleMeterRegistry());
        catalog.afterPropertiesSet();
        return catalog;
    }
}
