package io.bucketbrigade.watcher;

import java.time.Instant;

/** An object the watcher found and has not announced yet (in this version), and the queue to announce it on. */
public record Announcement(String bucket, String key, String eTag, long size, Instant lastModified, String queue) {
}
