package io.bucketbrigade.promote;

import java.util.List;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.profiles.DatasetProfile;
import io.bucketbrigade.profiles.ProfileCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deletes from production the versions before the previous one, once the new manifest is in place, and only for
 * profiles that allow deletes ({@code promote.deletes: true}): the current and the previous version stay.
 */
@Component("olderVersions")
class OlderVersions {

    private static final Logger LOG = LoggerFactory.getLogger(OlderVersions.class);

    private final S3Client s3;
    private final ProfileCatalog profiles;
    private final String production;

    OlderVersions(S3Client s3, ProfileCatalog profiles, BrigadeProperties names) {
        this.s3 = s3;
        this.profiles = profiles;
        this.production = names.buckets().get("production");
    }

    public Publication remove(Publication publication) {
        if (publication.plan().currentVersion() == null
                || !profiles.profile(publication.profile()).map(DatasetProfile::deletes).orElse(false)) {
            return publication;
        }
        String datasetId = publication.datasetId();
        int oldestKept = publication.version() - 1;
        List<String> older = VersionObjects.of(s3, production, datasetId).headMap(oldestKept).values().stream()
                .flatMap(List::stream).toList();
        older.forEach(key -> publication.plan().gate().request().operations().apply("DELETE s3://" + production
                + "/" + key + " (older version)", () -> s3.deleteObject(d -> d.bucket(production).key(key))));
        if (!older.isEmpty() && !publication.dryRun()) {
            LOG.info("Dataset {}: {} object(s) of versions before {} deleted from production", datasetId,
                    older.size(), oldestKept);
        }
        return publication;
    }
}
