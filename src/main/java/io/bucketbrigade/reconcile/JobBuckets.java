package io.bucketbrigade.reconcile;

import java.util.Arrays;
import java.util.List;

import org.springframework.core.env.Environment;

/** The buckets an AIND indexer job runs on: its {@code buckets} parameter, else its setting, else the default. */
final class JobBuckets {

    private JobBuckets() {
    }

    /** @param parameter the run's comma-separated {@code buckets}, or null */
    static List<String> of(String parameter, Environment environment, String job, String defaultBucket) {
        String buckets = parameter != null ? parameter
                : environment.getProperty("brigade.jobs." + job + ".buckets", defaultBucket);
        return Arrays.stream(buckets.split(",")).map(String::strip).toList();
    }
}
