package io.bucketbrigade.localstack;

import java.nio.file.Path;
import java.util.Map;

/** Command line and environment options. The command line wins over the environment. */
final class Options {

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar brigade-localstack.jar [options]",
            "Runs S3 (S3Proxy), DynamoDB (DynamoDB Local), SQS (ElasticMQ) and MongoDB (mongo-java-server) in one JVM.",
            "",
            "  --host HOST            address to listen on            [BRIGADE_LOCAL_HOST]    default 127.0.0.1",
            "  --s3-port PORT         S3 port                         [BRIGADE_S3_PORT]       default 9000",
            "  --dynamodb-port PORT   DynamoDB port                   [BRIGADE_DYNAMODB_PORT] default 8000",
            "  --sqs-port PORT        SQS port                        [BRIGADE_SQS_PORT]      default 9324",
            "  --mongodb-port PORT    MongoDB port                    [BRIGADE_MONGODB_PORT]  default 27017",
            "  --data-dir DIR         where all data is kept          [BRIGADE_DATA_DIR]      default ./data",
            "  --reset                delete the stored data first    [BRIGADE_RESET=true]",
            "  --parent-pid PID       stop as soon as process PID is gone",
            "  --latency MS           delay every request by MS milliseconds, as an AWS region is that far",
            "  --help                 print this help",
            "",
            "S3 credentials: access key 'test', secret key 'test' (AWS signature v2 or v4, path-style).",
            "Prints one line 'brigade-localstack ready s3=... dynamodb=... sqs=... mongodb=... data=...' when all four are up.");

    String host = "127.0.0.1";
    int s3Port = 9000;
    int dynamoDbPort = 8000;
    int sqsPort = 9324;
    int mongoDbPort = 27017;
    Path dataDir = Path.of("data");
    boolean reset;
    long parentPid = -1;
    long latencyMs;
    boolean help;

    /** @throws IllegalArgumentException with a message fit for the user */
    static Options parse(String[] args, Map<String, String> env) {
        Options o = new Options();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "BRIGADE_LOCAL_HOST" -> o.host = nonEmpty(e.getKey(), v);
                case "BRIGADE_S3_PORT" -> o.s3Port = port(e.getKey(), v);
                case "BRIGADE_DYNAMODB_PORT" -> o.dynamoDbPort = port(e.getKey(), v);
                case "BRIGADE_SQS_PORT" -> o.sqsPort = port(e.getKey(), v);
                case "BRIGADE_MONGODB_PORT" -> o.mongoDbPort = port(e.getKey(), v);
                case "BRIGADE_DATA_DIR" -> o.dataDir = Path.of(nonEmpty(e.getKey(), v));
                case "BRIGADE_RESET" -> o.reset = bool(e.getKey(), v);
                default -> { }
            }
        }
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            switch (name) {
                case "--help", "-h" -> o.help = true;
                case "--reset" -> o.reset = value == null || bool(name, value);
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("missing value for " + name);
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--host" -> o.host = nonEmpty(name, value);
                        case "--s3-port" -> o.s3Port = port(name, value);
                        case "--dynamodb-port" -> o.dynamoDbPort = port(name, value);
                        case "--sqs-port" -> o.sqsPort = port(name, value);
                        case "--mongodb-port" -> o.mongoDbPort = port(name, value);
                        case "--data-dir" -> o.dataDir = Path.of(nonEmpty(name, value));
                        case "--parent-pid" -> o.parentPid = pid(name, value);
                        case "--latency" -> o.latencyMs = latency(name, value);
                        default -> throw new IllegalArgumentException("unknown option " + name);
                    }
                }
            }
        }
        int[] ports = {o.s3Port, o.dynamoDbPort, o.sqsPort, o.mongoDbPort};
        for (int i = 0; i < ports.length; i++) {
            for (int j = i + 1; j < ports.length; j++) {
                if (ports[i] == ports[j]) {
                    throw new IllegalArgumentException("two services on the same port " + ports[i]);
                }
            }
        }
        o.dataDir = o.dataDir.toAbsolutePath().normalize();
        return o;
    }

    private static String nonEmpty(String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value.trim();
    }

    private static long latency(String name, String value) {
        try {
            long ms = Long.parseLong(value.trim());
            if (ms >= 0 && ms <= 10_000) {
                return ms;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException(name + " must be milliseconds from 0 to 10000, not '" + value + "'");
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException(name + " must be a port number between 1 and 65535, not '" + value + "'");
    }

    private static long pid(String name, String value) {
        try {
            long pid = Long.parseLong(value.trim());
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException(name + " must be a process id, not '" + value + "'");
    }

    private static boolean bool(String name, String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no", "" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        };
    }
}
