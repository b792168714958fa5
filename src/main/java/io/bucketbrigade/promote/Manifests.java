package io.bucketbrigade.promote;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.config.BrigadeProperties;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The datasets' manifests in production ({@code <dataset>/manifest.json}): the current one, and a new version's,
 * written once all its files are verified in place, so readers see a version whole or not at all.
 */
@Component("manifests")
public class Manifests {

    private final S3Client s3;
    private final String production;
    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    Manifests(S3Client s3, BrigadeProperties names) {
        this.s3 = s3;
        this.production = names.buckets().get("production");
    }

    /** The manifest production holds for the dataset now, if any. */
    public Optional<Manifest> current(String datasetId) {
        try {
            byte[] bytes = s3.getObjectAsBytes(g -> g.bucket(production).key(Manifest.key(datasetId))).asByteArray();
            return Optional.of(json.readValue(bytes, Manifest.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("The manifest of " + datasetId + " is not readable: " + e.getMessage(), e);
        }
    }

    /** Writes the planned version's manifest (its files verified in production before): the last write. */
    public Publication write(VersionPlan plan) {
        String datasetId = plan.datasetId();
        int version = plan.version();
        Manifest manifest = new Manifest(datasetId, plan.gate().profile(), version, clock.instant().toString(),
                plan.prefix(), plan.copies().stream().map(c -> new Manifest.File(c.file().key(), c.target(),
                        c.file().size(), c.file().sha256())).toList());
        byte[] bytes = bytes(manifest);
        String sha256 = Checksums.sha256Hex(bytes);
        plan.gate().request().operations().apply("WRITE s3://" + production + "/" + Manifest.key(datasetId)
                + " (version " + version + ", " + plan.files().size() + " files)",
                () -> s3.putObject(p -> p.bucket(production).key(Manifest.key(datasetId))
                        .contentType("application/json")
                        .metadata(Map.of("version", Integer.toString(version), "sha256", sha256)),
                        RequestBody.fromBytes(bytes)));
        return new Publication(plan, manifest, "s3://" + production + "/" + Manifest.key(datasetId), sha256);
    }

    private byte[] bytes(Manifest manifest) {
        try {
            return (json.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
