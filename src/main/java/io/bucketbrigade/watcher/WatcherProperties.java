package io.bucketbrigade.watcher;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bucket watcher, for buckets that send no event notifications (third-party buckets, the local stack).
 *
 * @param enabled  whether the watcher route starts (on in {@code local}; on AWS, S3 notifications are used)
 * @param buckets  the buckets to watch; empty means the original bucket
 * @param period   time between two listings
 * @param minAge   objects younger than this are left for a later listing (uploads still settling)
 * @param pageSize keys per listing page (and per state query)
 */
@ConfigurationProperties("brigade.watcher")
public record WatcherProperties(boolean enabled, List<String> buckets, Duration period, Duration minAge,
        int pageSize) {

    public WatcherProperties {
        buckets = buckets == null ? List.of() : List.copyOf(buckets);
        period = period == null ? Duration.ofSeconds(10) : period;
        minAge = minAge == null ? Duration.ZERO : minAge;
        pageSize = pageSize <= 0 ? 1000 : Math.min(pageSize, 1000);
    }
}
