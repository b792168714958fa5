package io.bucketbrigade.profiles;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a deposit of a profile is complete, so that its dataset is considered for publication: after a quiet period
 * with no new file ({@code complete.settle}), once the depositor's marker file is there ({@code complete.marker}, a
 * role of the profile's files), or both. A file that arrives later still makes a new version.
 *
 * @param settle how long no new file may reach the dataset before it counts as complete (zero: at once)
 * @param marker the role of the file a depositor sends last, or null when the profile has none
 */
public record Completion(Duration settle, String marker) {

    /** Complete as soon as what arrived is checked: no quiet period, no marker. */
    public static final Completion AT_ONCE = new Completion(Duration.ZERO, null);

    public Completion {
        if (settle == null || settle.isNegative()) {
            throw new IllegalArgumentException("settle must be zero or more, not " + settle);
        }
    }

    /** The same completion with its quiet period at most {@code limit} (null: no limit). */
    public Completion settleAtMost(Duration limit) {
        return limit == null || settle.compareTo(limit) <= 0 ? this : new Completion(limit, marker);
    }

    /**
     * When a dataset whose last file arrived at {@code lastArrival} settles, if that is after {@code now}: its quiet
     * period plus {@code lag} (how far behind the arrivals are) after that file; empty once it has settled (or when
     * there is no quiet period, or no file arrived yet).
     */
    public Optional<Instant> settlesAt(Instant lastArrival, Duration lag, Instant now) {
        if (settle.isZero() || lastArrival == null) {
            return Optional.empty();
        }
        Instant settled = lastArrival.plus(settle).plus(lag);
        return settled.isAfter(now) ? Optional.of(settled) : Optional.empty();
    }

    /** The quiet period as a profile writes it: {@code 10m}, {@code 1h}, {@code 90s}, {@code 500ms}. */
    public String settleText() {
        if (settle.toMillis() % 1000 != 0) {
            return settle.toMillis() + "ms";
        }
        long seconds = settle.toSeconds();
        return seconds % 3600 == 0 && seconds > 0 ? seconds / 3600 + "h"
                : seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
