package io.bucketbrigade.promote;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.jobs.Operations;
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
    // a manifest with fields this version does not know (written by a newer instance) is still read
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
                        c.file().size(), c.file().sha256())).toList(), null, plan.deprecated());
        String sha256 = put(manifest, "version " + version + ", " + plan.files().size() + " files",
                plan.gate().request().operations());
        return new Publication(plan, manifest, "s3://" + production + "/" + Manifest.key(datasetId), sha256);
    }

    /** The current version as published (its manifest read again), for a plan that found it unchanged. */
    public Publication published(VersionPlan plan) {
        String datasetId = plan.datasetId();
        byte[] bytes = s3.getObjectAsBytes(g -> g.bucket(production).key(Manifest.key(datasetId))).asByteArray();
        try {
            return new Publication(plan, json.readValue(bytes, Manifest.class), "s3://" + production + "/"
                    + Manifest.key(datasetId), Checksums.sha256Hex(bytes));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("The manifest of " + datasetId + " is not readable: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces a retracted dataset's manifest by its tombstone: no files, the last version withdrawn, and why, who,
     * when and which versions.
     *
     * @return the tombstone's SHA-256
     */
    public String tombstone(RetractionPlan plan) {
        Manifest current = plan.current();
        Manifest tombstone = new Manifest(plan.datasetId(), plan.profile(), current.version(), current.publishedAt(),
                null, List.of(), new Manifest.Withdrawal(plan.request().reason(), plan.request().by(), plan.at(),
                        plan.withdrawn()), current.deprecated());
        return put(tombstone, "tombstone: retracted, versions " + plan.withdrawn(), plan.request().operations());
    }

    /**
     * Marks an older published version deprecated in the current manifest (its objects stay): readers of the
     * manifest see which version, why, who and when.
     *
     * @throws IllegalArgumentException no such version is in production
     * @throws IllegalStateException    the dataset is not published, or the version is the current one
     */
    public Manifest deprecate(String datasetId, int version, String reason, String by) {
        Manifest current = current(datasetId).filter(m -> !m.tombstone()).orElseThrow(() ->
                new IllegalStateException("Dataset '" + datasetId + "' is not published"));
        if (version == current.version()) {
            throw new IllegalStateException("Version " + version + " is the current version of '" + datasetId
                    + "': retract the dataset (POST /api/datasets/" + datasetId + "/retraction) or publish a newer"
                    + " one");
        }
        if (version < 1 || version > current.version()) {
            throw new IllegalArgumentException("Dataset '" + datasetId + "' has no version " + version
                    + " (current: " + current.version() + ")");
        }
        Manifest deprecated = current.deprecating(new Manifest.Deprecation(version, reason, by,
                clock.instant().toString()));
        put(deprecated, "version " + version + " deprecated", new Operations(false));
        return deprecated;
    }

    /** Writes a dataset's manifest, with its version and SHA-256 as metadata; returns that SHA-256. */
    private String put(Manifest manifest, String what, Operations operations) {
        byte[] bytes = bytes(manifest);
        String sha256 = Checksums.sha256Hex(bytes);
        String key = Manifest.key(manifest.datasetId());
        operations.apply("WRITE s3://" + production + "/" + key + " (" + what + ")",
                () -> s3.putObject(p -> p.bucket(production).key(key).contentType("application/json")
                        .metadata(Map.of("version", Integer.toString(manifest.version()), "sha256", sha256))
                        .checksumSHA256(Checksums.s3Sha256(sha256)),
                        RequestBody.fromBytes(bytes)));
        return sha256;
    }

    private byte[] bytes(Manifest manifest) {
        try {
            return (json.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
