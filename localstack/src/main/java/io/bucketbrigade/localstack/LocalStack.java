package io.bucketbrigade.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts S3, DynamoDB, SQS and MongoDB stand-ins in this JVM, prints one ready line on stdout, and stops them all
 * on SIGINT/SIGTERM or when the --parent-pid process is gone.
 */
public final class LocalStack {

    /** Sub-folders of the data folder, one per service: all that --reset deletes. */
    static final List<String> DATA_FOLDERS = List.of("s3", "dynamodb", "sqs", "mongodb");

    private static Logger log;

    private final List<Service> services;
    private boolean stopped;

    LocalStack(Options options) {
        Path data = options.dataDir;
        String host = options.host;
        long latency = options.latencyMs;
        this.services = List.of(
                delayed(new S3Service(host, inner(options.s3Port, latency), data.resolve("s3")), host, options.s3Port,
                        latency),
                delayed(new DynamoDbService(host, inner(options.dynamoDbPort, latency), data.resolve("dynamodb")), host,
                        options.dynamoDbPort, latency),
                delayed(new SqsService(host, inner(options.sqsPort, latency), data.resolve("sqs")), host,
                        options.sqsPort, latency),
                delayed(new MongoService(host, inner(options.mongoDbPort, latency),
                        data.resolve("mongodb").resolve("mongo.mv")), host, options.mongoDbPort, latency));
    }

    /** The port a stand-in listens on: the advertised one, or with --latency one of its own behind the delay. */
    private static int inner(int port, long latencyMs) {
        if (latencyMs == 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for a stand-in behind the delay", e);
        }
    }

    private static Service delayed(Service service, String host, int port, long latencyMs) {
        return latencyMs == 0 ? service : new DelayedService(service, host, port, latencyMs);
    }

    public static void main(String[] args) throws InterruptedException {
        // stdout carries only the ready line: whatever a stand-in prints goes to stderr
        PrintStream stdout = System.out;
        System.setOut(System.err);
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "brigade-localstack-logback.xml");
        }
        // our shutdown hook stops ElasticMQ's actor system itself, in order
        System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");

        Options options;
        try {
            options = Options.parse(args, System.getenv());
            InetAddress.getByName(options.host);
            if (options.parentPid > 0 && ProcessHandle.of(options.parentPid).isEmpty()) {
                throw new IllegalArgumentException("parent process " + options.parentPid + " is not running");
            }
        } catch (IllegalArgumentException | UnknownHostException e) {
            System.err.println("brigade-localstack: " + e.getMessage());
            System.err.println("Try --help.");
            System.exit(2);
            return;
        }
        if (options.help) {
            stdout.println(Options.USAGE);
            stdout.flush();
            return;
        }
        log = LoggerFactory.getLogger(LocalStack.class);
        new LocalStack(options).run(options, stdout);
    }

    private void run(Options options, PrintStream stdout) throws InterruptedException {
        long begin = System.nanoTime();
        String busy = services.stream().filter(s -> !portFree(options.host, s.port()))
                .map(s -> s.name() + " port " + s.port()).collect(Collectors.joining(", "));
        if (!busy.isEmpty()) {
            System.err.println("brigade-localstack: already in use on " + options.host + ": " + busy);
            System.exit(1);
        }
        try {
            if (options.reset) {
                reset(options.dataDir);
            }
            Files.createDirectories(options.dataDir);
        } catch (IOException e) {
            System.err.println("brigade-localstack: cannot prepare data folder " + options.dataDir + ": " + e);
            System.exit(1);
        }

        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "brigade-localstack-shutdown"));
        List<String> failures = startAll();
        if (!failures.isEmpty()) {
            failures.forEach(f -> System.err.println("brigade-localstack: " + f));
            System.exit(1);
        }

        log.info("started in {} ms, data in {}", (System.nanoTime() - begin) / 1_000_000, options.dataDir);
        if (options.latencyMs > 0) {
            log.info("every request waits {} ms before it reaches its stand-in (--latency)", options.latencyMs);
        }
        stdout.println("brigade-localstack ready "
                + services.stream().map(s -> s.name() + "=" + s.url()).collect(Collectors.joining(" "))
                + " data=" + options.dataDir);
        stdout.flush();

        if (options.parentPid > 0) {
            long pid = options.parentPid;
            ProcessHandle.of(pid).map(ProcessHandle::onExit)
                    .orElse(java.util.concurrent.CompletableFuture.completedFuture(null))
                    .thenRun(() -> {
                        log.info("parent process {} is gone", pid);
                        System.exit(0);
                    });
        }
        new CountDownLatch(1).await();
    }

    /** Starts every service in parallel; returns one message per service that failed. */
    private List<String> startAll() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(services.size());
        try {
            List<Future<?>> started = new ArrayList<>();
            for (Service service : services) {
                started.add(pool.submit(() -> {
                    service.start();
                    return null;
                }));
            }
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < services.size(); i++) {
                Service service = services.get(i);
                try {
                    started.get(i).get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (isBindFailure(cause)) {
                        failures.add("cannot start " + service.name() + ": port " + service.port() + " is already in use");
                    } else {
                        log.error("{} failed to start", service.name(), cause);
                        failures.add("cannot start " + service.name() + " on port " + service.port() + ": " + cause);
                    }
                }
            }
            return failures;
        } finally {
            pool.shutdown();
        }
    }

    /** Stops every service; runs once, from the shutdown hook. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (Service service : services) {
            try {
                service.stop();
            } catch (Exception | LinkageError e) {
                log.warn("{} did not stop cleanly", service.name(), e);
            }
        }
        log.info("stopped");
    }

    private static boolean isBindFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException || String.valueOf(c.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static boolean portFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void reset(Path dataDir) throws IOException {
        for (String folder : DATA_FOLDERS) {
            Path path = dataDir.resolve(folder);
            if (Files.exists(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
        log.info("reset: deleted {} under {}", DATA_FOLDERS, dataDir);
    }

    /** An IPv6 literal needs brackets in a URL. */
    static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
