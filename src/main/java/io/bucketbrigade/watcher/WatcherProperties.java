package io.bucketbrigade.watcher;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bucket watcher, for buckets that send no event notifications (third-party buckets, the local stack).
 *
 * @param enabled  whether the watcher route starts (on in {@code local}; on AWS, S3 notifications are used)
 * @param watches  each bucket to list and the queue its events go to
 * @param period   time between two listings
 * @param minAge   objects younger than this are left for a later listing (uploads still settling)
 * @param pageSize keys per listing page (and per state query)
 */
@ConfigurationProperties("brigade.watcher")
public record WatcherProperties(boolean enabled, List<Watch> watches, Duration period, Duration minAge,
        int pageSize) {

    /** A bucket to list, and the queue (name) that gets the S3 events of its new objects. */
    public record Watch(String bucket, String queue) {}

    public WatcherProperties {
        watches = watches == null ? List.of() : List.copyOf(watches);
        period = period == null ? Duration.ofSeconds(10) : period;
        minAge = minAge == null ? Duration.ZERO : minAge;
        pageSize = pageSize <= 0 ? 1000 : Math.min(pageSize, 1000);
    }
}
