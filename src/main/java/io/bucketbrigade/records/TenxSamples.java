package io.bucketbrigade.records;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.bucketbrigade.config.BrigadeProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The samples of datasets whose profile has samples (10x Chromium), in {@code samples-{env}}: one item per dataset
 * with the map {@code samples} of sample id to its files by role, its file names and whether every required role is
 * there, in the layout Cellenics reads.
 */
@Component
public class TenxSamples {

    /**
     * One sample as stored.
     *
     * @param files role to the file's attributes ({@code name} and what the ingest hop recorded)
     */
    public record Sample(String id, String name, String type, boolean complete, boolean error,
            List<String> fileNames, Map<String, Map<String, String>> files, Instant created, Instant lastModified) {

        static Sample from(String id, Map<String, AttributeValue> sample) {
            Map<String, Map<String, String>> files = new TreeMap<>();
            if (sample.containsKey("files") && sample.get("files").hasM()) {
                sample.get("files").m().forEach((role, file) -> {
                    Map<String, String> attributes = new TreeMap<>();
                    file.m().forEach((name, value) -> attributes.put(name, value.s()));
                    files.put(role, attributes);
                });
            }
            return new Sample(id, s(sample, "name"), s(sample, "type"), bool(sample, "complete"),
                    bool(sample, "error"), sample.containsKey("fileNames")
                            ? sample.get("fileNames").l().stream().map(AttributeValue::s).toList() : List.of(),
                    files, instant(s(sample, "createdDate")), instant(s(sample, "lastModified")));
        }

        private static String s(Map<String, AttributeValue> item, String name) {
            AttributeValue value = item.get(name);
            return value == null ? null : value.s();
        }

        private static boolean bool(Map<String, AttributeValue> item, String name) {
            AttributeValue value = item.get(name);
            return value != null && Boolean.TRUE.equals(value.bool());
        }

        private static Instant instant(String text) {
            return text == null ? null : Instant.parse(text);
        }
    }

    private final DynamoDbClient dynamoDb;
    private final String samples;
    private final Clock clock;

    @Autowired
    TenxSamples(DynamoDbClient dynamoDb, BrigadeProperties names) {
        this(dynamoDb, names, Clock.systemUTC());
    }

    TenxSamples(DynamoDbClient dynamoDb, BrigadeProperties names, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.samples = names.tables().get("samples").name();
        this.clock = clock;
    }

    /**
     * Records one file of a sample (profiles with samples): the sample's file by role, its file names, and whether
     * every required role is there. Idempotent.
     */
    public void recordFile(String datasetId, String sampleId, String role, String fileName,
            Map<String, String> file, Set<String> requiredRoles) {
        String now = clock.instant().toString();
        Map<String, AttributeValue> key = Map.of("experimentId", AttributeValue.fromS(datasetId));
        dynamoDb.updateItem(u -> u.tableName(samples).key(key)
                .updateExpression("SET #samples = if_not_exists(#samples, :empty),"
                        + " projectUuid = if_not_exists(projectUuid, :project)")
                .expressionAttributeNames(Map.of("#samples", "samples"))
                .expressionAttributeValues(Map.of(":empty", AttributeValue.fromM(Map.of()),
                        ":project", AttributeValue.fromS(datasetId))));
        Map<String, AttributeValue> sample = new HashMap<>();
        sample.put("name", AttributeValue.fromS(sampleId));
        sample.put("uuid", AttributeValue.fromS(sampleId));
        sample.put("type", AttributeValue.fromS("10X Chromium"));
        sample.put("species", AttributeValue.fromNul(true));
        sample.put("createdDate", AttributeValue.fromS(now));
        sample.put("lastModified", AttributeValue.fromS(now));
        sample.put("complete", AttributeValue.fromBool(false));
        sample.put("error", AttributeValue.fromBool(false));
        sample.put("fileNames", AttributeValue.fromL(List.of()));
        sample.put("files", AttributeValue.fromM(Map.of()));
        sample.put("metadata", AttributeValue.fromM(Map.of()));
        dynamoDb.updateItem(u -> u.tableName(samples).key(key)
                .updateExpression("SET #samples.#s = if_not_exists(#samples.#s, :sample)")
                .expressionAttributeNames(Map.of("#samples", "samples", "#s", sampleId))
                .expressionAttributeValues(Map.of(":sample", AttributeValue.fromM(sample))));
        Map<String, AttributeValue> fileItem = new HashMap<>();
        fileItem.put("name", AttributeValue.fromS(fileName));
        file.forEach((name, value) -> fileItem.put(name, AttributeValue.fromS(value)));
        Map<String, AttributeValue> updated = dynamoDb.updateItem(u -> u.tableName(samples).key(key)
                .updateExpression("SET #samples.#s.#files.#role = :file, #samples.#s.lastModified = :now")
                .expressionAttributeNames(Map.of("#samples", "samples", "#s", sampleId, "#files", "files",
                        "#role", role))
                .expressionAttributeValues(Map.of(":file", AttributeValue.fromM(fileItem),
                        ":now", AttributeValue.fromS(now)))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        Map<String, AttributeValue> files = updated.get("samples").m().get(sampleId).m().get("files").m();
        TreeSet<String> names = new TreeSet<>();
        files.values().forEach(f -> names.add(f.m().get("name").s()));
        boolean complete = files.keySet().containsAll(requiredRoles);
        dynamoDb.updateItem(u -> u.tableName(samples).key(key)
                .updateExpression("SET #samples.#s.fileNames = :names, #samples.#s.#complete = :complete")
                .expressionAttributeNames(Map.of("#samples", "samples", "#s", sampleId, "#complete", "complete"))
                .expressionAttributeValues(Map.of(":names",
                        AttributeValue.fromL(names.stream().map(AttributeValue::fromS).toList()),
                        ":complete", AttributeValue.fromBool(complete))));
    }

    /** The samples of a dataset by id, if it has any. */
    public Optional<Map<String, Sample>> of(String datasetId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(samples).consistentRead(true)
                .key(Map.of("experimentId", AttributeValue.fromS(datasetId)))).item();
        if (item == null || item.isEmpty() || !item.containsKey("samples")) {
            return Optional.empty();
        }
        Map<String, Sample> byId = new TreeMap<>();
        item.get("samples").m().forEach((id, sample) -> byId.put(id, Sample.from(id, sample.m())));
        return Optional.of(byId);
    }
}
