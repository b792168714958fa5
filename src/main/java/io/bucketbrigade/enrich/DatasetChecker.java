package io.bucketbrigade.enrich;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.enrich.checks.DatasetCheck;
import io.bucketbrigade.enrich.checks.DatasetState;
import io.bucketbrigade.enrich.checks.FileProblems;
import io.bucketbrigade.enrich.checks.FileState;
import io.bucketbrigade.enrich.checks.Verdict;
import io.bucketbrigade.idempotency.DynamoDbIdempotentRepository;
import io.bucketbrigade.profiles.Classification;
import io.bucketbrigade.profiles.DatasetProfile;
import io.bucketbrigade.profiles.FileRule;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.records.AindRecords;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.records.ObjectLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks a whole dataset once its files are all processed, and again whenever one changes: required files, each
 * file's problems, then the profile's dataset checks. Writes the metadata sidecars (only those whose bytes changed)
 * and records the verdict ({@code Valid}, {@code Invalid} or {@code Missing}, with every failure) in the
 * experiment item and the asset document.
 *
 * <p>Runs of one dataset take turns (a lock in DynamoDB), and a run for a state already checked (the dataset's
 * change version) does nothing, so a burst of arrivals costs one check per state, and a dataset checked again
 * unchanged writes nothing new. The checked version is recorded last, and the request to the promotion gate is
 * recorded once sent, so a server stopped anywhere in between leaves a check that is redone or a request that is
 * sent again.
 */
@Component("datasetChecker")
public class DatasetChecker {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetChecker.class);
    private static final String CHECKED_VERSION = "brigadeCheckedVersion";

    private final ObjectLedger ledger;
    private final Catalogue catalogue;
    private final Lineage lineage;
    private final ProfileCatalog profiles;
    private final Map<String, DatasetCheck> checks;
    private final SidecarWriter sidecars;
    private final DynamoDbIdempotentRepository locks;
    private final MeterRegistry meters;
    private final String processed;

    DatasetChecker(ObjectLedger ledger, Catalogue catalogue, Lineage lineage, ProfileCatalog profiles,
            List<DatasetCheck> checks, SidecarWriter sidecars,
            @Qualifier("datasetLocks") DynamoDbIdempotentRepository locks, MeterRegistry meters,
            BrigadeProperties names) {
        this.ledger = ledger;
        this.catalogue = catalogue;
        this.lineage = lineage;
        this.profiles = profiles;
        this.checks = checks.stream().collect(Collectors.toMap(DatasetCheck::name, Function.identity()));
        this.sidecars = sidecars;
        this.locks = locks;
        this.meters = meters;
        this.processed = names.buckets().get("processed");
    }

    /**
     * @return what happened, for the log: the status (a verdict the promotion gate needs to hear of), or why nothing
     *         was done
     */
    public String check(String datasetId, Exchange exchange) {
        String lock = "check:" + datasetId;
        locks.add(lock); // waits for a run of the same dataset elsewhere, or fails to be retried
        try {
            return checkLocked(datasetId.strip(), exchange);
        } finally {
            locks.remove(lock);
        }
    }

    /**
     * Records that the promotion gate was asked about the verdict this exchange's check gave: until then, a check
     * of the same state (the message delivered again after a crash) asks again.
     */
    public void promotionRequested(String datasetId, Exchange exchange) {
        Long version = exchange.getProperty(CHECKED_VERSION, Long.class);
        if (version != null) {
            ledger.promotionRequested(datasetId.strip(), version);
        }
    }

    private String checkLocked(String datasetId, Exchange exchange) {
        Optional<Map<String, AttributeValue>> experiment = ledger.experiment(datasetId);
        if (experiment.isEmpty()) {
            return "no such dataset";
        }
        long version = number(experiment.get(), "changeVersion", 0);
        long checked = number(experiment.get(), "checkedVersion", -1);
        if (checked >= version) {
            String status = ObjectLedger.status(experiment.get(), "processed");
            if (status != null && number(experiment.get(), "promotionRequestedVersion", -1) < checked) {
                // checked, but the server stopped before it asked for the promotion: ask again
                exchange.setProperty(CHECKED_VERSION, checked);
                return status;
            }
            return "unchanged since its last check";
        }
        // a dataset whose every file was refused at ingest has no asset yet: its profile is the experiment's
        Document asset = catalogue.asset(datasetId).orElse(null);
        Optional<DatasetProfile> profile = profiles.profile(asset != null ? asset.getString("profile")
                : Optional.ofNullable(experiment.get().get("profile")).map(AttributeValue::s).orElse(null));
        if (profile.isEmpty()) {
            return "no asset or profile for it yet";
        }
        List<LedgerEntry> copied = ledger.dataset(datasetId).stream()
                .filter(e -> LedgerEntry.COPIED.equals(e.state())).toList();
        Map<String, Document> files = new HashMap<>();
        if (asset != null) {
            asset.getList("files", Document.class, List.of()).forEach(f -> files.put(f.getString("key"), f));
        }
        Map<String, String> colliding = collisions(copied);
        long pending = copied.stream().filter(e -> !colliding.containsKey(e.objectKey()))
                .filter(e -> !e.sourceSha256().equals(Optional.ofNullable(files.get(e.objectKey()))
                        .map(f -> f.get("processed", Document.class)).map(p -> p.getString("sha256")).orElse(null)))
                .count();
        if (pending > 0) {
            LOG.info("Dataset {}: {} file(s) not processed yet; checked once they are", datasetId, pending);
            return pending + " file(s) not processed yet";
        }
        DatasetState state = state(datasetId, profile.get(), asset, copied, files, colliding);
        Verdict verdict = verdict(state);
        writeSidecars(datasetId, verdict.sidecars(), verdict, exchange);
        record(datasetId, version, state, verdict, experiment.get(), exchange);
        exchange.setProperty(CHECKED_VERSION, version);
        if (!verdict.recordSidecars().isEmpty()) { // of the catalogued record: none while no file passed ingest
            catalogue.asset(datasetId).ifPresent(recorded -> {
                Map<String, Map<String, Object>> records = new LinkedHashMap<>();
                verdict.recordSidecars().forEach(key -> records.put(key, AindRecords.of(recorded)));
                writeSidecars(datasetId, records, verdict, exchange);
            });
        }
        return verdict.status();
    }

    /**
     * Deposited files that stand for one file of the dataset (a GEO-prefixed {@code GSM1_barcodes.tsv.gz} beside a
     * {@code barcodes.tsv}, say): source holds one of them at their common key, so none of them is taken as the
     * dataset's file; each gets the problem {@code duplicate-role}, which fails the dataset (and its sample).
     *
     * @return original key to the problem's message
     */
    static Map<String, String> collisions(List<LedgerEntry> copied) {
        Map<String, String> colliding = new HashMap<>();
        copied.stream().collect(Collectors.groupingBy(LedgerEntry::sourceKey, TreeMap::new, Collectors.toList()))
                .forEach((sourceKey, entries) -> {
                    if (entries.size() > 1) {
                        List<String> keys = entries.stream().map(LedgerEntry::objectKey).sorted().toList();
                        keys.forEach(key -> colliding.put(key, String.join(" and ", keys) + " both stand for "
                                + sourceKey + "; keep one of them."));
                    }
                });
        return colliding;
    }

    private DatasetState state(String datasetId, DatasetProfile profile, Document asset, List<LedgerEntry> copied,
            Map<String, Document> files, Map<String, String> colliding) {
        List<FileState> states = new ArrayList<>();
        for (LedgerEntry entry : copied) {
            Map<String, String> variables = profiles.classify(entry.objectKey()) instanceof Classification.Accepted a
                    ? a.variables() : Map.of();
            if (colliding.containsKey(entry.objectKey())) {
                states.add(new FileState(entry.sourceKey(), entry.objectKey(), entry.role(), entry.sampleId(),
                        variables, entry.sourceSha256(), entry.sourceSize(), Map.of(), List.of(Map.of("rule",
                                "duplicate-role", "message", colliding.get(entry.objectKey()))),
                        entry.updatedAt(), false));
                continue;
            }
            Document file = files.get(entry.objectKey());
            Document done = file.get("processed", Document.class);
            states.add(new FileState(done.getString("key") == null ? entry.sourceKey() : done.getString("key"),
                    entry.objectKey(), entry.role(), entry.sampleId(), variables, done.getString("sha256"),
                    done.get("size", Number.class).longValue(), done.get("facts", Document.class),
                    problems(done), updated(file), false));
        }
        for (Document file : files.values()) {
            if ("external".equals(file.getString("origin"))) {
                Map<String, String> variables = profiles.classifyOutput(file.getString("key"))
                        .map(Classification.Accepted::variables).orElse(Map.of());
                states.add(new FileState(file.getString("key"), null, file.getString("role"), null, variables,
                        file.getString("sha256"), file.get("size", Number.class).longValue(),
                        file.get("facts", Document.class), problems(file), updated(file), true));
            }
        }
        states.sort(Comparator.comparing(FileState::key));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("_id", Catalogue.assetId(datasetId));
        record.put("name", datasetId);
        record.put("created", asset == null || asset.getDate("created") == null ? null
                : asset.getDate("created").toInstant().toString());
        record.put("location", "s3://" + processed + "/" + datasetId);
        return new DatasetState(datasetId, profile, List.copyOf(states), record);
    }

    Verdict verdict(DatasetState state) {
        Verdict verdict = new Verdict();
        requiredFiles(state, verdict);
        FileProblems.check(state, verdict);
        for (String name : state.profile().datasetChecks()) {
            checks.get(name).check(state, verdict);
        }
        verdict.summarize(state.bySample().keySet());
        for (String name : state.profile().datasetChecks()) {
            checks.get(name).sidecars(state, verdict);
        }
        String key = state.profile().sidecarKey(state.datasetId());
        if (!verdict.sidecars().containsKey(key) && !verdict.recordSidecars().contains(key)) {
            verdict.sidecar(key, datasetSidecar(state, verdict));
        }
        return verdict;
    }

    /**
     * Every required role present: per sample for profiles with samples, else in the dataset; and at least one file
     * (a dataset whose every file was refused at ingest has nothing to publish).
     */
    private static void requiredFiles(DatasetState state, Verdict verdict) {
        if (state.files().isEmpty()) {
            verdict.missing("required-files", "the dataset has no file that passed ingest (see its rejections).");
            return;
        }
        List<String> required = state.profile().requiredFiles().stream().map(FileRule::role).toList();
        if (state.profile().hasSamples()) {
            state.bySample().forEach((sample, files) -> {
                Set<String> present = files.stream().map(FileState::role).collect(Collectors.toSet());
                required.stream().filter(role -> !present.contains(role)).forEach(role -> verdict.missing(sample,
                        "required-files", "sample " + sample + " has no " + role + " file."));
            });
        } else {
            Set<String> present = state.files().stream().map(FileState::role).collect(Collectors.toSet());
            required.stream().filter(role -> !present.contains(role)).forEach(role -> verdict.missing(
                    "required-files", "the dataset has no " + role + " file."));
        }
    }

    /** The dataset sidecar: the verdict, depositor-supplied metadata, and every file with its checksum and facts. */
    private static Map<String, Object> datasetSidecar(DatasetState state, Verdict verdict) {
        Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("dataset_id", state.datasetId());
        sidecar.put("profile", state.profile().name());
        sidecar.put("metadata_status", verdict.status());
        sidecar.put("checks", verdict.failures().stream().map(Verdict.Failure::message).toList());
        sidecar.put("summary", verdict.summary());
        sidecar.put("unknown_objects", verdict.unknown());
        Map<String, Object> metadata = new TreeMap<>();
        List<Map<String, Object>> files = new ArrayList<>();
        for (FileState file : state.files()) {
            Map<String, Object> facts = new TreeMap<>(file.facts());
            Object document = facts.remove("document");
            if (document != null && !file.external()) {
                metadata.put(file.fileName(), document);
            }
            facts.remove("sha256");
            facts.remove("size");
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", file.key());
            entry.put("original_key", file.originalKey());
            entry.put("role", file.role());
            entry.put("sample", file.sampleId());
            entry.put("sha256", file.sha256());
            entry.put("size", file.size());
            entry.put("origin", file.external() ? "external" : "deposit");
            entry.put("facts", facts);
            files.add(entry);
        }
        sidecar.put("metadata", metadata);
        sidecar.put("files", files);
        sidecar.put("last_updated_at", state.lastUpdated().toString());
        return sidecar;
    }

    private void writeSidecars(String datasetId, Map<String, Map<String, Object>> contents, Verdict verdict,
            Exchange exchange) {
        contents.forEach((key, content) -> {
            SidecarWriter.Outcome outcome = sidecars.write(key, content, datasetId);
            if (outcome == SidecarWriter.Outcome.CONFLICT) {
                verdict.fail("sidecar", "processed already holds an object that another pipeline wrote at " + key
                        + "; the sidecar is not written over it.");
            } else if (outcome == SidecarWriter.Outcome.WRITTEN) {
                String sha256 = SidecarWriter.sha256(sidecars.bytes(content));
                lineage.recordDataset(exchange, datasetId, "sidecar-written", sha256, new Document("bucket", processed)
                        .append("key", key).append("sha256", sha256));
                LOG.info("Sidecar s3://{}/{} written", processed, key);
            }
        });
    }

    private void record(String datasetId, long version, DatasetState state, Verdict verdict,
            Map<String, AttributeValue> experiment, Exchange exchange) {
        List<String> failures = verdict.failures().stream().map(Verdict.Failure::message).toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", verdict.status());
        result.put("checks", failures);
        result.put("summary", verdict.summary());
        result.put("unknown", verdict.unknown());
        result.put("record", verdict.recordFields());
        String sha256 = SidecarWriter.sha256(sidecars.bytes(result));
        AttributeValue previous = experiment.get("verdictSha256");
        boolean changed = previous == null || !previous.s().equals(sha256);
        if (changed) {
            catalogue.recordVerdict(datasetId, "s3://" + processed + "/" + datasetId, verdict.status(), failures,
                    verdict.summary(), verdict.unknown(), verdict.recordFields());
            lineage.recordDataset(exchange, datasetId, "checked", sha256, new Document("status", verdict.status())
                    .append("checks", failures).append("files", state.files().size())
                    .append("lastUpdated", Date.from(state.lastUpdated())));
        }
        // last: the experiment item's checked version says the check is done (a check stopped before is redone)
        ledger.recordVerdict(datasetId, version, verdict.status(), failures, verdict.summary(), sha256);
        if (!changed) {
            LOG.info("Dataset {} checked again: {}, unchanged", datasetId, verdict.status());
            return;
        }
        Counter.builder("brigade.enrich.datasets").tag("status", verdict.status())
                .description("Dataset checks by outcome").register(meters).increment();
        if (failures.isEmpty()) {
            LOG.info("Dataset {} is {}", datasetId, verdict.status());
        } else {
            LOG.warn("Dataset {} is {}: {}", datasetId, verdict.status(), String.join(" ", failures));
        }
    }

    private static List<Map<String, String>> problems(Document document) {
        return document.getList("problems", Document.class, List.of()).stream()
                .map(p -> Map.of("rule", p.getString("rule"), "message", p.getString("message"))).toList();
    }

    private static Instant updated(Document file) {
        Date updated = file.getDate("updated");
        return updated == null ? Instant.EPOCH : updated.toInstant();
    }

    private static long number(Map<String, AttributeValue> item, String name, long absent) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? absent : Long.parseLong(value.n());
    }
}
