package io.bucketbrigade.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.security.auth.Subject;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Remote JMX for jconsole, jmxterm and other clients outside the JVM: RMI registry and connector on one port
 * ({@code brigade.ops.jmx.port}, 9010 by default), bound to {@code brigade.ops.jmx.host} (127.0.0.1 by default).
 * Outside the {@code local} profile a client must log in as the ops user.
 * Clients connect to {@code service:jmx:rmi:///jndi/rmi://HOST:PORT/jmxrmi}.
 */
@Component
@ConditionalOnProperty(name = "brigade.ops.jmx.enabled", havingValue = "true", matchIfMissing = true)
class JmxRemoteServer implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(JmxRemoteServer.class);

    private final OpsProperties ops;
    private Registry registry;
    private JMXConnectorServer connector;

    JmxRemoteServer(OpsProperties ops) {
        this.ops = ops;
        ops.requireCredentialsIfAuthenticating();
    }

    @Override
    public synchronized void start() {
        OpsProperties.Jmx jmx = ops.jmx();
        try {
            // the stubs handed to clients must carry the address they can reach
            System.setProperty("java.rmi.server.hostname", jmx.host());
            InetAddress address = InetAddress.getByName(jmx.host());
            RMIServerSocketFactory sockets = new BoundServerSocketFactory(address);
            registry = LocateRegistry.createRegistry(jmx.port(), null, sockets);
            Map<String, Object> environment = new HashMap<>();
            environment.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
            environment.put("jmx.remote.rmi.server.credentials.filter.pattern",
                    "java.lang.String;java.lang.String[];!*");
            if (ops.authentication()) {
                environment.put(JMXConnectorServer.AUTHENTICATOR, authenticator());
            }
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://" + jmx.host() + ":" + jmx.port()
                    + "/jndi/rmi://" + jmx.host() + ":" + jmx.port() + "/jmxrmi");
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            connector = JMXConnectorServerFactory.newJMXConnectorServer(url, environment, server);
            connector.start();
            LOG.info("Remote JMX listening at service:jmx:rmi:///jndi/rmi://{}:{}/jmxrmi (authentication {})",
                    jmx.host(), jmx.port(), ops.authentication() ? "required" : "off");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open remote JMX on " + jmx.host() + ":" + jmx.port()
                    + " (set brigade.ops.jmx.port to a free port): " + e.getMessage(), e);
        }
    }

    private JMXAuthenticator authenticator() {
        byte[] user = ops.user().getBytes(StandardCharsets.UTF_8);
        byte[] password = ops.password().getBytes(StandardCharsets.UTF_8);
        return credentials -> {
            if (credentials instanceof String[] pair && pair.length == 2 && pair[0] != null && pair[1] != null
                    && MessageDigest.isEqual(user, pair[0].getBytes(StandardCharsets.UTF_8))
                    && MessageDigest.isEqual(password, pair[1].getBytes(StandardCharsets.UTF_8))) {
                return new Subject(true, Set.of(new JMXPrincipal(pair[0])), Set.of(), Set.of());
            }
            throw new SecurityException("Invalid JMX credentials");
        };
    }

    @Override
    public synchronized void stop() {
        try {
            if (connector != null) {
                connector.stop();
            }
            if (registry != null) {
                UnicastRemoteObject.unexportObject(registry, true);
            }
        } catch (IOException e) {
            LOG.warn("Closing remote JMX: {}", e.toString());
        } finally {
            connector = null;
            registry = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return connector != null && connector.isActive();
    }

    /** Server sockets bound to one address, so that JMX is not exposed on every interface. */
    private record BoundServerSocketFactory(InetAddress address) implements RMIServerSocketFactory {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new ServerSocket(port, 50, address);
        }
    }
}
