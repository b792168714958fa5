package io.bucketbrigade.cluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.LockItem;
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
        elections = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "leader-election-" + getNamespace());
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(100, leaseMillis / 3);
        elections.scheduleWithFixedDelay(this::elect, 0, period, TimeUnit.MILLISECONDS);
    }

    private void elect() {
        try {
            LockItem held = lock;
            if (held != null && held.isExpired()) {
                lock = null;
                LOG.warn("Lost the leadership of '{}' (lease expired)", getNamespace());
                fireLeadershipChangedEvent(Optional.empty());
            }
            if (lock == null) {
                Optional<LockItem> taken = locks.tryAcquireLock(AcquireLockOptions.builder(getNamespace())
                        .withShouldSkipBlockingWait(true).withDeleteLockOnRelease(false).build());
                if (taken.isPresent()) {
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

    @Override
    protected void doStop() {
        if (elections != null) {
            elections.shutdownNow();
        }
        LockItem held = lock;
        lock = null;
        if (held != null) {
            try {
                locks.releaseLock(held);
            } catch (RuntimeException e) {
                LOG.debug("Releasing the lock of '{}': {}", getNamespace(), e.toString());
            }
        }
    }
}
