package io.bucketbrigade.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** A remote JMX client, as jconsole or jmxterm would connect from outside the server's JVM. */
public final class Jmx implements AutoCloseable {

    private final JMXConnector connector;

    private Jmx(JMXConnector connector) {
        this.connector = connector;
    }

    public static Jmx connect(int port, String user, String password) throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        Map<String, Object> environment = user == null ? Map.of()
                : Map.of(JMXConnector.CREDENTIALS, new String[] {user, password});
        return new Jmx(JMXConnectorFactory.connect(url, environment));
    }

    public MBeanServerConnection connection() {
        try {
            return connector.getMBeanServerConnection();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectName route(String routeId) throws Exception {
        return new ObjectName("org.apache.camel:context=brigade,type=routes,name=\"" + routeId + "\"");
    }

    public Object attribute(ObjectName name, String attribute) throws Exception {
        return connection().getAttribute(name, attribute);
    }

    public Object invoke(ObjectName name, String operation) throws Exception {
        return connection().invoke(name, operation, new Object[0], new String[0]);
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
