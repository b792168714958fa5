package io.bucketbrigade.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.Assertions;

/**
 * The bounds of the property "a problem or facts, never an exception, within N ms and M MiB": one case runs on its
 * own thread, stopped after {@link #TIME}, and may allocate at most {@link #MEMORY} bytes (counted by the JVM per
 * thread, garbage included).
 */
public final class Bounded {

    public static final Duration TIME = Duration.ofSeconds(5);
    public static final long MEMORY = 256L * 1024 * 1024;
    /** {@code -Dbrigade.properties.long=true}: the long versions, 100,000 cases a reader. */
    public static final String LONG = "brigade.properties.long";
    public static final int LONG_TRIES = 100_000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Bounded() {
    }

    /** What {@code reader} returns, asserting it neither throws nor takes longer or allocates more than bounded. */
    public static <T> T call(Callable<T> reader) {
        Object[] result = new Object[2];
        Assertions.assertTimeoutPreemptively(TIME, () -> {
            long thread = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(thread);
            result[0] = reader.call();
            result[1] = THREADS.getThreadAllocatedBytes(thread) - before;
        });
        assertThat((long) result[1]).as("bytes allocated for one case").isLessThan(MEMORY);
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /** Skips a long version unless {@code -Dbrigade.properties.long=true}. */
    public static final class LongVersion implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Boolean.getBoolean(LONG) ? SkipResult.doNotSkip()
                    : SkipResult.skip("the long version runs with -D" + LONG + "=true");
        }
    }
}
