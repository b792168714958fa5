package io.bucketbrigade.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The original → source hop.
 *
 * @param partSize  bytes held in memory per object being copied (one multipart part; at least 5 MB)
 * @param lease     how long an instance may work on one object version before another may take it over (at
 *                  least the queue's visibility timeout)
 * @param retention how long processed object versions are remembered, so that a late duplicate event is ignored
 * @param busyWait  how long to wait for another consumer that is processing the same object version
 */
@ConfigurationProperties("brigade.ingest")
public record IngestProperties(DataSize partSize, Duration lease, Duration retention, Duration busyWait) {

    public IngestProperties {
        partSize = partSize == null ? DataSize.ofMegabytes(8) : partSize;
        lease = lease == null ? Duration.ofMinutes(5) : lease;
        retention = retention == null ? Duration.ofDays(30) : retention;
        busyWait = busyWait == null ? Duration.ofSeconds(30) : busyWait;
    }
}
