package io.bucketbrigade.records;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A dataset's verdict, the status of its processed tier ({@code status.processed} of its experiment item,
 * {@code metadata_status} of its asset document and sidecar): {@code Valid}, {@code Invalid} (a check failed) or
 * {@code Missing} (a required file is not there). Each sample of a profile with samples has one too.
 */
public enum MetadataStatus {
    VALID("Valid"),
    INVALID("Invalid"),
    MISSING("Missing");

    private final String wire;

    MetadataStatus(String wire) {
        this.wire = wire;
    }

    /** As it is stored and shown: {@code Valid}, {@code Invalid}, {@code Missing}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** As {@link #wire()}, for logs and messages. */
    @Override
    public String toString() {
        return wire;
    }

    /** The status stored as {@code wire}. */
    public static MetadataStatus of(String wire) {
        for (MetadataStatus status : values()) {
            if (status.wire.equals(wire)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Not a metadata status: '" + wire + "'");
    }
}
