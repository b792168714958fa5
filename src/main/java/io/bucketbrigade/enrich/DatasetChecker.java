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

import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.openlineage.LineageRun;
import io.bucketbrigade.openlineage.OpenLineageEmitter;
import io.bucketbrigade.openlineage.S3Dataset;
import io.bucketbrigade.enrich.checks.DatasetCheck;
import io.bucketbrigade.enrich.checks.DatasetState;
import io.bucketbrigade.enrich.checks.FileProblems;
import io.bucketbrigade.enrich.checks.FileState;
import io.bucketbrigade.enrich.checks.Verdict;
import io.bucketbrigade.idempotency.DatasetLock;
import io.bucketbrigade.profiles.Classification;
import io.bucketbrigade.profiles.DatasetProfile;
import io.bucketbrigade.profiles.FileRule;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.records.AindRecords;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.records.ObjectLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks a whole dataset once its files are all processed, and again whenever one changes: required files, each
 * file's problems, then the profile's dataset checks. Writes the metadata sidecars (only those whose bytes changed)
 * and records the verdict ({@code Valid}, {@code Invalid} or {@code Missing}, with every failure) in the
 * experiment item and the asset document. Returns a {@link DatasetCheckResult} for the route to branch on.
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
    private final ObjectLedger ledger;
    private final DatasetRecords datasets;
    private final Catalogue catalogue;
    private final Lineage lineage;
    private final OpenLineageEmitter openLineage;
    private final ProfileCatalog profiles;
    private final Map<String, DatasetCheck> checks;
    private final SidecarWriter sidecars;
    private final DatasetLock locks;
    private final MeterRegistry meters;
    private final String processed;

    DatasetChecker(ObjectLedger ledger, DatasetRecords datasets, Catalogue catalogue, Lineage lineage,
            OpenLineageEmitter openLineage, ProfileCatalog profiles, List<DatasetCheck> checks,
            SidecarWriter sidecars, DatasetLock locks, MeterRegistry meters, BrigadeProperties names) {
        this.ledger = ledger;
        this.datasets = datasets;
        this.catalogue = catalogue;
        this.lineage = lineage;
        this.openLineage = openLineage;
        this.profiles = profiles;
        this.checks = checks.stream().collect(Collectors.toMap(DatasetCheck::name, Function.identity()));
        this.sidecars = sidecars;
        this.locks = locks;
        this.meters = meters;
        this.processed = names.buckets().get("processed");
    }

    /**
     * Checks the dataset, one run of it at a time.
     *
     * @param routeId the route that runs the check, for its lineage
     */
    public DatasetCheckResult check(String datasetId, String routeId) {
        String id = datasetId.strip();
        return locks.holding("check", id, () -> checkLocked(id, routeId));
    }

    /**
     * Records that the promotion gate was asked about the verdict this check gave: until then, a check of the same
     * state (the message delivered again after a crash) asks again.
     */
    public void promotionRequested(DatasetCheckResult checked) {
        datasets.promotionRequested(checked.datasetId(), checked.checkedVersion());
    }

    private DatasetCheckResult checkLocked(String datasetId, String routeId) {
        Optional<DatasetRecord> found = datasets.find(datasetId);
        if (found.isEmpty()) {
            return DatasetCheckResult.nothing(datasetId, DatasetCheckResult.Outcome.NO_SUCH_DATASET,
                    "no such dataset");
        }
        DatasetRecord experiment = found.get();
        long version = experiment.changeVersion();
        long checked = experiment.checkedVersion();
        if (checked >= version) {
            if (experiment.checked() && !experiment.promotionRequested()) {
                // checked, but the server stopped before it asked for the promotion: ask again
                return DatasetCheckResult.verdict(datasetId, DatasetCheckResult.Outcome.GATE_NOT_ASKED,
                        experiment.status().processed(), checked);
            }
            return DatasetCheckResult.nothing(datasetId, DatasetCheckResult.Outcome.UNCHANGED,
                    "unchanged since its last check");
        }
        // a dataset whose every file was refused at ingest has no asset yet: its profile is the experiment's
        Document asset = catalogue.asset(datasetId).orElse(null);
        Optional<DatasetProfile> profile = profiles.profile(asset != null ? asset.getString("profile")
                : experiment.profile());
        if (profile.isEmpty()) {
            return DatasetCheckResult.nothing(datasetId, DatasetCheckResult.Outcome.NO_PROFILE,
                    "no asset or profile for it yet");
        }
        List<LedgerEntry> copied = ledger.dataset(datasetId).stream()
                .filter(e -> e.state() == LedgerEntry.State.COPIED).toList();
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
            return DatasetCheckResult.nothing(datasetId, DatasetCheckResult.Outcome.FILES_PENDING,
                    pending + " file(s) not processed yet");
        }
        DatasetState state = state(datasetId, profile.get(), asset, copied, files, colliding);
        Verdict verdict = verdict(state);
        writeSidecars(datasetId, verdict.sidecars(), verdict, state.files(), routeId);
        record(datasetId, version, state, verdict, experiment, routeId);
        if (!verdict.recordSidecars().isEmpty()) { // of the catalogued record: none while no file passed ingest
            catalogue.asset(datasetId).ifPresent(recorded -> {
                Map<String, Map<String, Object>> records = new LinkedHashMap<>();
                verdict.recordSidecars().forEach(key -> records.put(key, AindRecords.of(recorded)));
                writeSidecars(datasetId, records, verdict, state.files(), routeId);
            });
        }
        return DatasetCheckResult.verdict(datasetId, DatasetCheckResult.Outcome.VERDICT_RECORDED, verdict.status(),
                version);
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
        sidecar.put("metadata_status", verdict.status().wire());
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

    /** Writes each sidecar whose bytes changed; its OpenLineage run reads the dataset's files in processed. */
    private void writeSidecars(String datasetId, Map<String, Map<String, Object>> contents, Verdict verdict,
            List<FileState> inputs, String routeId) {
        contents.forEach((key, content) -> {
            SidecarWriter.Outcome outcome = sidecars.write(key, content, datasetId);
            if (outcome == SidecarWriter.Outcome.CONFLICT) {
                verdict.fail("sidecar", "processed already holds an object that another pipeline wrote at " + key
                        + "; the sidecar is not written over it.");
            } else if (outcome == SidecarWriter.Outcome.WRITTEN) {
                byte[] bytes = sidecars.bytes(content);
                String sha256 = io.bucketbrigade.checksum.Checksums.sha256Hex(bytes);
                lineage.recordDataset(routeId, datasetId, "sidecar-written", sha256, new Document("bucket", processed)
                        .append("key", key).append("sha256", sha256));
                List<S3Dataset> read = inputs.stream()
                        .map(file -> new S3Dataset(processed, file.key(), file.sha256(), file.size())).toList();
                String run = datasetId + "/" + key + "/" + sha256;
                Instant now = Instant.now();
                openLineage.emit(LineageRun.started(routeId, run, now, read), LineageRun.completed(routeId, run, now,
                        read, List.of(new S3Dataset(processed, key, sha256, (long) bytes.length))));
                LOG.info("Sidecar s3://{}/{} written", processed, key);
            }
        });
    }

    private void record(String datasetId, long version, DatasetState state, Verdict verdict,
            DatasetRecord experiment, String routeId) {
        List<String> failures = verdict.failures().stream().map(Verdict.Failure::message).toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", verdict.status().wire());
        result.put("checks", failures);
        result.put("summary", verdict.summary());
        result.put("unknown", verdict.unknown());
        result.put("record", verdict.recordFields());
        String sha256 = Checksums.sha256Hex(sidecars.bytes(result));
        boolean changed = !sha256.equals(experiment.verdictSha256());
        if (changed) {
            catalogue.recordVerdict(datasetId, "s3://" + processed + "/" + datasetId, verdict.status(), failures,
                    verdict.summary(), verdict.unknown(), verdict.recordFields());
            lineage.recordDataset(routeId, datasetId, "checked", sha256, new Document("status",
                    verdict.status().wire()).append("checks", failures).append("files", state.files().size())
                    .append("lastUpdated", Date.from(state.lastUpdated())));
        }
        // last: the experiment item's checked version says the check is done (a check stopped before is redone)
        datasets.recordVerdict(datasetId, version, verdict.status(), failures, verdict.summary(), sha256,
                completeMarker(state).orElse(null));
        if (!changed) {
            LOG.info("Dataset {} checked again: {}, unchanged", datasetId, verdict.status());
            return;
        }
        Counter.builder("brigade.enrich.datasets").tag("status", verdict.status().wire())
                .description("Dataset checks by outcome").register(meters).increment();
        if (failures.isEmpty()) {
            LOG.info("Dataset {} is {}", datasetId, verdict.status());
        } else {
            LOG.warn("Dataset {} is {}: {}", datasetId, verdict.status(), String.join(" ", failures));
        }
    }

    /** The deposited file that marks the deposit complete, when the profile names one and it is there. */
    static Optional<String> completeMarker(DatasetState state) {
        String marker = state.profile().completion().marker();
        return marker == null ? Optional.empty() : state.files().stream()
                .filter(file -> !file.external() && marker.equals(file.role())).map(FileState::originalKey)
                .sorted().findFirst();
    }

    private static List<Map<String, String>> problems(Document document) {
        return document.getList("problems", Document.class, List.of()).stream()
                .map(p -> Map.of("rule", p.getString("rule"), "message", p.getString("message"))).toList();
    }

    private static Instant updated(Document file) {
        Date updated = file.getDate("updated");
        return updated == null ? Instant.EPOCH : updated.toInstant();
    }
}
