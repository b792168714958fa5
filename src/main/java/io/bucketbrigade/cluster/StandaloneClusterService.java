package io.bucketbrigade.cluster;

import java.util.List;
import java.util.Optional;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

/**
 * The cluster service of a single instance ({@code brigade.cluster.enabled=false}): this instance leads every
 * namespace, so {@code master:} routes (the job schedules, the watcher) run here without a lock in DynamoDB.
 * Only for one instance on a stack: two such instances would both run every schedule.
 */
public class StandaloneClusterService extends AbstractCamelClusterService<StandaloneClusterService.View> {

    private final String memberId;

    public StandaloneClusterService(String memberId) {
        super("standalone-cluster");
        this.memberId = memberId;
    }

    @Override
    protected View createView(String namespace) {
        return new View(this, namespace, memberId);
    }

    /** A namespace where this instance is the only member, and so the leader while the view runs. */
    static final class View extends AbstractCamelClusterView {

        private final CamelClusterMember local;

        View(CamelClusterService service, String namespace, String memberId) {
            super(service, namespace);
            this.local = new CamelClusterMember() {
                @Override
                public boolean isLeader() {
                    return isRunAllowed();
                }

                @Override
                public boolean isLocal() {
                    return true;
                }

                @Override
                public String getId() {
                    return memberId;
                }
            };
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
            fireLeadershipChangedEvent(local);
        }

        @Override
        protected void doStop() {
            fireLeadershipChangedEvent((CamelClusterMember) null);
        }
    }
}
