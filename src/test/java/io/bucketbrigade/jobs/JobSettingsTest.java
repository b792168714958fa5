package io.bucketbrigade.jobs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketbrigade.support.InProcessServer;
import org.junit.jupiter.api.Test;

/**
 * A job setting that can never work stops the server's start with a message naming it, instead of failing at the
 * job's first tick.
 */
class JobSettingsTest {

    static final String ENV = "--brigade.env=settings";

    @Test
    void aCronThatDoesNotParseStopsTheStart() {
        assertThatThrownBy(() -> InProcessServer.start(ENV, "--brigade.jobs.verify.cron=0 0 3 * *"))
                .rootCause().hasMessageStartingWith("brigade.jobs.verify.cron: '0 0 3 * *' is not a cron expression");
    }

    @Test
    void theOriginalBucketAmongTheIndexersBucketsStopsTheStart() {
        assertThatThrownBy(() -> InProcessServer.start(ENV,
                "--brigade.jobs.docdb-to-s3.buckets=brigade-processed-settings,brigade-original-settings"))
                .rootCause().hasMessageStartingWith("brigade.jobs.docdb-to-s3.buckets: bucket brigade-original-settings"
                        + " is the original bucket");
    }
}
