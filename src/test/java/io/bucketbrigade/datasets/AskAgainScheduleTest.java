package io.bucketbrigade.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The stall scan asks again for a stalled dataset's check at once, then less and less often. */
class AskAgainScheduleTest {

    static final Instant SINCE = Instant.parse("2026-12-01T12:00:00Z");

    final AskAgainSchedule schedule = new AskAgainSchedule();

    static Stall stall(String dataset, Instant since) {
        return new Stall(dataset, Stall.Reason.CHECK_NOT_RUN, "changed (version 3) and not checked since version 2",
                since);
    }

    /** The minutes after the last progress at which a scan every minute from minute 10 to 100 asks again. */
    List<Integer> asksOfScansEveryMinute(Stall stall) {
        List<Integer> asked = new ArrayList<>();
        for (int minute = 10; minute <= 100; minute++) {
            if (schedule.due(stall, SINCE.plus(Duration.ofMinutes(minute)))) {
                asked.add(minute);
            }
        }
        return asked;
    }

    @Test
    void aStallIsAskedForWhenFoundThenEachTimeItsAgeHasDoubled() {
        assertThat(asksOfScansEveryMinute(stall("d1", SINCE))).containsExactly(10, 20, 40, 80);
    }

    @Test
    void eachDatasetHasItsOwnSchedule() {
        Instant minute10 = SINCE.plus(Duration.ofMinutes(10));
        assertThat(schedule.due(stall("d1", SINCE), minute10)).isTrue();
        assertThat(schedule.due(stall("d2", SINCE), minute10)).isTrue();
        assertThat(schedule.due(stall("d1", SINCE), minute10.plusSeconds(60))).isFalse();
    }

    @Test
    void aNewStallOfTheSameDatasetIsAskedForAtOnce() {
        assertThat(schedule.due(stall("d1", SINCE), SINCE.plus(Duration.ofMinutes(10)))).isTrue();
        // it moved at minute 12 (a check ran), and stalled again from there
        Instant since = SINCE.plus(Duration.ofMinutes(12));
        assertThat(schedule.due(stall("d1", since), since.plus(Duration.ofMinutes(10)))).isTrue();
    }

    @Test
    void aDatasetNoLongerStalledIsForgotten() {
        assertThat(schedule.due(stall("d1", SINCE), SINCE.plus(Duration.ofMinutes(10)))).isTrue();
        schedule.keepOnly(List.of("d2"));
        assertThat(schedule.due(stall("d1", SINCE), SINCE.plus(Duration.ofMinutes(11)))).isTrue();
    }
}
