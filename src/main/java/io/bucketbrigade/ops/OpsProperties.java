package io.bucketbrigade.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operations surface: who may use it and where remote JMX listens.
 *
 * @param authentication whether the ops API, Hawtio, Jolokia and remote JMX require the ops user's credentials
 *                       (off only in the {@code local} profile)
 * @param user           the ops user name
 * @param password       the ops user's password, from the environment ({@code BRIGADE_OPS_PASSWORD}), never a file
 * @param jmx            remote JMX connector
 * @param viewer         an optional read-only user: the console and GET on the API, no action
 *                       ({@code BRIGADE_OPS_VIEWER_USER}, {@code BRIGADE_OPS_VIEWER_PASSWORD})
 */
@ConfigurationProperties("brigade.ops")
public record OpsProperties(boolean authentication, String user, String password, Jmx jmx, Viewer viewer) {

    public OpsProperties {
        jmx = jmx == null ? new Jmx(true, "127.0.0.1", 9010) : jmx;
        viewer = viewer == null ? new Viewer(null, null) : viewer;
    }

    /** The read-only user; none unless both are set. */
    public record Viewer(String user, String password) {

        boolean configured() {
            return user != null && !user.isBlank() && password != null && !password.isBlank();
        }
    }

    /** Remote JMX over RMI, registry and connector on one port. */
    public record Jmx(boolean enabled, String host, int port) {}

    public boolean hasCredentials() {
        return user != null && !user.isBlank() && password != null && !password.isBlank();
    }

    /** Fails start-up when authentication is required but no credentials are configured. */
    void requireCredentialsIfAuthenticating() {
        if (authentication && !hasCredentials()) {
            throw new IllegalStateException("brigade.ops.authentication is on but no ops credentials are set: set "
                    + "BRIGADE_OPS_USER and BRIGADE_OPS_PASSWORD (or run with the 'local' profile)");
        }
    }
}
