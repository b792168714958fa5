package io.bucketbrigade.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stand-in behind a delay, as a service in an AWS region is some milliseconds away (--latency): clients connect to
 * the advertised port, and each request waits {@code latencyMs} before it is passed on to the stand-in, which
 * listens on a port of its own. A request is what a client sends after the service's last answer, so a request
 * sent in many packets waits once, and an answer is not delayed.
 */
final class DelayedService implements Service {

    private static final int BUFFER = 64 * 1024;

    private final Service inner;
    private final String host;
    private final int port;
    private final long latencyMs;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    /** @param inner the stand-in, on a port of its own */
    DelayedService(Service inner, String host, int port, long latencyMs) {
        this.inner = inner;
        this.host = host;
        this.port = port;
        this.latencyMs = latencyMs;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String url() {
        return inner.url().replace(":" + inner.port(), ":" + port);
    }

    @Override
    public void start() throws Exception {
        inner.start();
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(host, port));
        server = socket;
        Thread accept = new Thread(this::accept, "delay-" + name());
        accept.setDaemon(true);
        accept.start();
    }

    @Override
    public void stop() throws Exception {
        ServerSocket socket = server;
        if (socket != null) {
            socket.close();
        }
        for (Socket s : sockets) {
            s.close();
        }
        inner.stop();
    }

    private void accept() {
        ServerSocket socket = server;
        while (!socket.isClosed()) {
            Socket client = null;
            try {
                client = socket.accept();
                Socket service = new Socket(host, inner.port());
                client.setTcpNoDelay(true);
                service.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(service);
                AtomicBoolean answered = new AtomicBoolean(true); // the next bytes from the client begin a request
                pump(client, service, answered, true);
                pump(service, client, answered, false);
            } catch (IOException e) {
                if (client != null) {
                    close(client);
                }
                if (!socket.isClosed()) {
                    System.err.println("brigade-localstack: " + name() + " delay: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean answered, boolean requests) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[BUFFER];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    if (requests && answered.getAndSet(false)) {
                        Thread.sleep(latencyMs);
                    } else if (!requests) {
                        answered.set(true);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side closed, or the stack stops
            } finally {
                close(from);
                close(to);
            }
        }, "delay-" + name() + (requests ? "-requests" : "-answers"));
        thread.setDaemon(true);
        thread.start();
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
