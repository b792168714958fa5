package io.bucketbrigade.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;

import org.springframework.stereotype.Component;

/** Who this server instance is ({@code host-pid}) and since when: in heartbeats, leases and lineage. */
@Component
public class InstanceIdentity {

    private final String id = hostName() + "-" + ProcessHandle.current().pid();
    private final Instant startedAt = Instant.now();

    public String id() {
        return id;
    }

    public Instant startedAt() {
        return startedAt;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
