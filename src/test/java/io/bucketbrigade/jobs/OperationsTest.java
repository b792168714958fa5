package io.bucketbrigade.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OperationsTest {

    @Nested
    class Apply {

        @Test
        void carriesOutAndRecords() {
            Operations operations = new Operations(false);
            AtomicInteger done = new AtomicInteger();

            operations.apply("COPY a -> b", done::incrementAndGet);

            assertThat(done).hasValue(1);
            assertThat(operations.lines()).containsExactly("COPY a -> b");
        }

        @Test
        void aDryRunOnlyRecords() {
            Operations operations = new Operations(true);
            AtomicInteger done = new AtomicInteger();

            operations.apply("COPY a -> b", done::incrementAndGet);

            assertThat(done).hasValue(0);
            assertThat(operations.lines()).containsExactly("COPY a -> b");
            assertThat(operations.count()).isEqualTo(1);
        }
    }

    @Nested
    class Attempt {

        @Test
        void recordsTheLineWhenTheOperationHappened() {
            Operations operations = new Operations(false);

            assertThat(operations.attempt("DELETE x", "SKIP x (changed)", () -> true, () -> false)).isTrue();
            assertThat(operations.lines()).containsExactly("DELETE x");
        }

        @Test
        void recordsTheSkipWhenItDidNot() {
            Operations operations = new Operations(false);

            assertThat(operations.attempt("DELETE x", "SKIP x (changed)", () -> false, () -> true)).isFalse();
            assertThat(operations.lines()).containsExactly("SKIP x (changed)");
        }

        @Test
        void aDryRunAsksWhetherItWouldAndCarriesOutNothing() {
            Operations operations = new Operations(true);
            AtomicInteger done = new AtomicInteger();

            boolean would = operations.attempt("PUT y", "SKIP y (another's)", () -> done.incrementAndGet() > 0,
                    () -> false);

            assertThat(would).isFalse();
            assertThat(done).hasValue(0);
            assertThat(operations.lines()).containsExactly("SKIP y (another's)");
        }
    }
}
