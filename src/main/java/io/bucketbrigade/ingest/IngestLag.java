package io.bucketbrigade.ingest;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How far behind the ingest hop of this instance is: from the upload of the object it took last (the event's time)
 * to when it took it. It counts while objects keep coming: once this instance has taken nothing for as long as that
 * lag, or for {@link #CAUGHT_UP_AFTER} at most, its queue has caught up and the lag is zero (so an old object taken
 * once, a re-driven dead letter say, does not hold the lag up). The promotion gate adds it to a deposit's quiet
 * period, so that files still waiting on the ingest queue are not taken for the end of the deposit. Gauge
 * {@code brigade.ingest.lag} (seconds).
 */
@Component("ingestLag")
public class IngestLag {

    /** Taking nothing for this long means the queue has caught up, whatever the last lag was. */
    static final Duration CAUGHT_UP_AFTER = Duration.ofMinutes(1);

    private record Taken(Duration lag, Instant at) {}

    private volatile Taken last = new Taken(Duration.ZERO, Instant.EPOCH);

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
        last = new Taken(behind.isNegative() ? Duration.ZERO : behind, now);
    }

    /** The lag at {@code now}: zero once nothing was taken for as long as the last lag, or a minute. */
    public Duration at(Instant now) {
        Taken taken = last;
        Duration counts = taken.lag().compareTo(CAUGHT_UP_AFTER) < 0 ? taken.lag() : CAUGHT_UP_AFTER;
        return taken.at().plus(counts).isAfter(now) ? taken.lag() : Duration.ZERO;
    }
}
