package io.bucketbrigade.profiles;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/profiles}: the profiles in use and rejected profile edits. UP while at least one profile
 * is loaded (a rejected edit keeps the previous version); DOWN when none is, since every deposit would be refused.
 */
@Component("profiles")
class ProfilesHealthIndicator implements HealthIndicator {

    private final ProfileCatalog catalog;

    ProfilesHealthIndicator(ProfileCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Health health() {
        Health.Builder health = catalog.profiles().isEmpty() ? Health.down() : Health.up();
        return health.withDetail("profiles", catalog.profiles().stream().map(DatasetProfile::name).toList())
                .withDetail("failed", catalog.statuses().stream().filter(ProfileCatalog.FileStatus::failed)
                        .map(s -> s.file() + ": " + s.error()).toList())
                .build();
    }
}
