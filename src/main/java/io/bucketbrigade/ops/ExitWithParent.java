package io.bucketbrigade.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Stops the server (gracefully, through the JVM's shutdown hooks) when the process that launched it is gone, so
 * that a launcher killed with SIGKILL (./run-local, a test) leaves no server behind. Set by
 * {@code brigade.parent-pid}; unset in production.
 */
@Component
@ConditionalOnProperty("brigade.parent-pid")
class ExitWithParent {

    private static final Logger LOG = LoggerFactory.getLogger(ExitWithParent.class);

    ExitWithParent(@Value("${brigade.parent-pid}") long parentPid) {
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> exit(parentPid)),
                () -> exit(parentPid));
    }

    private static void exit(long parentPid) {
        LOG.warn("Launching process {} is gone: shutting down", parentPid);
        new Thread(() -> System.exit(0), "exit-with-parent").start();
    }
}
