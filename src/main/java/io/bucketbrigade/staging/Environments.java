package io.bucketbrigade.staging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.bucketbrigade.config.BrigadeProperties;
import org.springframework.stereotype.Component;

/**
 * The names of another environment's buckets and tables, derived from this server's: every name ends in
 * {@code -<env>}, and staging and production differ only by that suffix.
 */
@Component
public class Environments {

    static final Pattern ENV = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");

    private final BrigadeProperties names;

    Environments(BrigadeProperties names) {
        this.names = names;
    }

    /** The names of environment {@code env}. */
    public BrigadeProperties of(String env) {
        if (env == null || !ENV.matcher(env).matches()) {
            throw new IllegalArgumentException("'" + env + "' is not an environment name (lowercase letters, digits,"
                    + " '-')");
        }
        String suffix = "-" + names.env();
        Map<String, String> buckets = new LinkedHashMap<>();
        names.buckets().forEach((tier, bucket) -> buckets.put(tier, rename(bucket, suffix, env)));
        Map<String, BrigadeProperties.Table> tables = new LinkedHashMap<>();
        names.tables().forEach((kind, t) -> tables.put(kind, new BrigadeProperties.Table(rename(t.name(), suffix, env),
                t.partitionKey(), t.sortKey(), t.ttlAttribute())));
        Map<String, BrigadeProperties.Queue> queues = new LinkedHashMap<>();
        names.queues().forEach((kind, q) -> queues.put(kind, new BrigadeProperties.Queue(rename(q.name(), suffix, env),
                rename(q.deadLetterName(), suffix, env), q.maxReceiveCount(), q.visibilityTimeout())));
        return new BrigadeProperties(names.namespace(), env, buckets, tables, queues,
                rename(names.database(), suffix, env), names.collections());
    }

    private static String rename(String name, String suffix, String env) {
        if (!name.endsWith(suffix)) {
            throw new IllegalStateException("'" + name + "' does not end in '" + suffix + "': other environments'"
                    + " names cannot be derived from it");
        }
        return name.substring(0, name.length() - suffix.length()) + "-" + env;
    }
}
