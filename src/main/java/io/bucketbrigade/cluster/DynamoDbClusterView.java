package io.bucketbrigade.cluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.LockItem;
import com.amazonaws.services.dynamodbv2.ReleaseLockOptions;
import com.amazonaws.services.dynamodbv2.model.LockCurrentlyUnavailableException;
import io.bucketbrigade.config.Background;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of {@link DynamoDbClusterService}: tries, every part of a lease, to take the namespace's lock,
 * and tells Camel when this instance gains or loses the leadership.
 */
public class DynamoDbClusterView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbClusterView.class);

    private final AmazonDynamoDBLockClient locks;
    private final Member local;
    private final long leaseMillis;
    private ScheduledExecutorService elections;
    private volatile LockItem lock;

    DynamoDbClusterView(CamelClusterService service, String namespace, AmazonDynamoDBLockClient locks,
            String memberId, long leaseMillis) {
        super(service, namespace);
        this.locks = locks;
        this.leaseMillis = leaseMillis;
        this.local = new Member(memberId);
    }

    /** This instance in the namespace. */
    final class Member implements CamelClusterMember {
        private final String id;

        Member(String id) {
            this.id = id;
        }

        @Override
        public boolean isLeader() {
            LockItem held = lock;
            return held != null && !held.isExpired();
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public String getId() {
            return id;
        }
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return local.isLeader() ? Optional.of(local) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return List.of(local);
    }

    @Override
    protected void doStart() {
        elections = Background.thread("leader-election-" + getNamespace());
        elections.execute(this::electAndReschedule);
    }

    /** How often a view without the lock tries to take it. */
    private long period() {
        return Math.max(100, leaseMillis / 3);
    }

    /** How long before its lease runs out a leader steps down if the lock client has not renewed it. */
    private long margin() {
        return Math.max(50, leaseMillis / 10);
    }

    /** Milliseconds the lease of {@code held} still lasts, by the lock client's clock. */
    private static long remaining(LockItem held) {
        return held.getLookupTime() + held.getLeaseDuration() - System.nanoTime() / 1_000_000;
    }

    private void electAndReschedule() {
        try {
            elect();
        } finally {
            reschedule();
        }
    }

    private void reschedule() {
        // a leader checks again no later than when it must step down, so that it stops leading before its lease
        // runs out (another instance may take the lock only after that); the others try every period
        LockItem held = lock;
        long delay = held == null ? period() : Math.max(10, Math.min(period(), remaining(held) - margin()));
        try {
            elections.schedule(this::electAndReschedule, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    private void elect() {
        try {
            LockItem held = lock;
            if (held != null && !stillHeld(held)) {
                lock = null;
                LOG.warn("Lost the leadership of '{}' (lease expired or not renewed in time)", getNamespace());
                fireLeadershipChangedEvent(Optional.empty());
                // the lock client must forget the lock too: else its heartbeat thread may renew it (a heartbeat
                // sent before the lease ran out can succeed after it), and then the item looks held for ever by
                // an instance that does not lead, and nobody, this instance included, can ever take it
                release(held);
            }
            if (lock == null && isRunAllowed()) {
                forgetOrphan();
                Optional<LockItem> taken = tryAcquire();
                if (taken.isPresent()) {
                    if (!isRunAllowed()) { // stopped meanwhile: the lock must not outlive the view
                        release(taken.get());
                        return;
                    }
                    lock = taken.get();
                    LOG.info("Leader of '{}' is now this instance ({})", getNamespace(), local.getId());
                    fireLeadershipChangedEvent(local);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("Leader election of '{}' failed this time: {}", getNamespace(), e.toString());
        }
    }

    /**
     * Whether this instance still leads on {@code held}: the lock client still renews it (it drops a lock whose
     * heartbeat found another owner), and more than a margin of its lease is left, so this instance stops leading
     * before the lease runs out, i.e. before another instance may take the lock.
     */
    private boolean stillHeld(LockItem held) {
        return !held.isExpired() && locks.hasLock(getNamespace(), Optional.empty()) && remaining(held) > margin();
    }

    /**
     * Takes the lock if it is free, released, or was left unchanged by its holder for longer than its lease (the
     * lock client remembers the record version it saw: a holder that died stops changing it). Never waits.
     */
    private Optional<LockItem> tryAcquire() throws InterruptedException {
        try {
            return locks.tryAcquireLock(AcquireLockOptions.builder(getNamespace())
                    .withShouldSkipBlockingWait(true).withDeleteLockOnRelease(false)
                    .withAdditionalTimeToWaitForLock(0L).withRefreshPeriod(0L).withTimeUnit(TimeUnit.MILLISECONDS)
                    .build());
        } catch (LockCurrentlyUnavailableException e) {
            return Optional.empty(); // held by someone (1.4.0 throws it past tryAcquireLock)
        }
    }

    /**
     * A lock the lock client renews but this view does not hold (it cannot happen after {@link #release}, but if
     * it ever did, nobody could lead the namespace): released, so that an election can take it.
     */
    private void forgetOrphan() {
        if (locks.hasLock(getNamespace(), Optional.empty())) {
            locks.getLock(getNamespace(), Optional.empty()).ifPresent(orphan -> {
                LOG.warn("Releasing a lock of '{}' that this instance renewed without leading", getNamespace());
                release(orphan);
            });
        }
    }

    /**
     * Releases a lock in the lock client and, if DynamoDB can be reached, in the table. The client stops renewing
     * it whatever happens (it waits for a heartbeat under way to end first; a heartbeat its thread had already
     * picked up may still renew it once, which leaves a released item released), so the item is either marked
     * released (free at once) or left with a record version that no longer changes (free one lease later). The
     * release is conditional on this instance still owning that version: it never touches another's lock.
     */
    private void release(LockItem held) {
        try {
            locks.releaseLock(ReleaseLockOptions.builder(held).withDeleteLock(false).withBestEffort(true).build());
        } catch (RuntimeException e) {
            LOG.debug("Releasing the lock of '{}' in DynamoDB failed (it is no longer renewed): {}", getNamespace(),
                    e.toString());
        }
    }

    @Override
    protected void doStop() {
        if (elections != null) {
            elections.shutdownNow();
            try {
                elections.awaitTermination(leaseMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LockItem held = lock;
        lock = null;
        if (held != null) {
            release(held);
        }
    }
}
