package io.bucketbrigade.ingest;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How far behind the ingest hop of this instance is: from the upload of the object it took last (the event's time)
 * to when it took it. It counts while it lasts: once this instance has taken nothing for as long as that lag, its
 * queue has caught up, and the lag is zero. The promotion gate adds it to a deposit's quiet period, so that files
 * still waiting on the ingest queue are not taken for the end of the deposit. Gauge {@code brigade.ingest.lag}
 * (seconds).
 */
@Component("ingestLag")
public class IngestLag {

    private volatile Duration lag = Duration.ZERO;
    private volatile Instant takenAt = Instant.EPOCH;

    @Autowired
    IngestLag(MeterRegistry meters) {
        Gauge.builder("brigade.ingest.lag", this, l -> l.at(Instant.now()).toMillis() / 1000.0)
                .description("Seconds from the upload of the object the ingest hop took last to when it took it")
                .baseUnit("seconds").register(meters);
    }

    /** A lag without a gauge (tests). */
    public IngestLag() {
    }

    /** This instance took an object uploaded at {@code uploaded}, at {@code now}. */
    public void taken(Instant uploaded, Instant now) {
        Duration behind = Duration.between(uploaded, now);
        lag = behind.isNegative() ? Duration.ZERO : behind;
        takenAt = now;
    }

    /** The lag at {@code now}: zero once nothing was taken for as long as the last lag. */
    public Duration at(Instant now) {
        Duration last = lag;
        return takenAt.plus(last).isAfter(now) ? last : Duration.ZERO;
    }
}
