package io.bucketbrigade.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Something to tell subscribers: what happened ({@code type}), to which dataset ({@code subject}), and the facts
 * ({@code data}, a record written as JSON).
 *
 * @param profile    the dataset's profile (webhooks may subscribe to some profiles only), or null
 * @param occurrence what makes this happening one of its kind (a version, a checked state, an object version):
 *                   the same happening announced again has the same event id, so receivers can drop duplicates
 */
public record Notice(EventType type, String subject, String profile, String occurrence, Instant time, Object data) {

    /** The event id: the same for every delivery and every announcement of this happening. */
    public String id() {
        return UUID.nameUUIDFromBytes((type.type() + '\n' + subject + '\n' + occurrence)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code dataset.published}: the version, where its manifest is, its files and bytes. */
    public record Published(String datasetId, String profile, int version, String manifest, int files, long bytes,
            String publishedAt) {}

    /** {@code dataset.held} and {@code dataset.awaiting-approval}: the production status and why. */
    public record NotPublished(String datasetId, String profile, String status, String reason, long checkedVersion,
            long files, long bytes) {}

    /** {@code dataset.retracted}: why, who, when, the versions withdrawn, where the tombstone is. */
    public record Retracted(String datasetId, String profile, String reason, String by, String at,
            List<Integer> versions, String manifest, boolean objectsDeleted) {}

    /** {@code object.rejected}: the object version refused, and the rule that refused it. */
    public record Rejected(String datasetId, String profile, String bucket, String key, String eTag, long size,
            String rule, String message) {}
}
