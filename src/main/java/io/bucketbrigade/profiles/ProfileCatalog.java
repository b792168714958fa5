package io.bucketbrigade.profiles;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.bucketbrigade.config.Background;
import io.bucketbrigade.config.SettledFolder;
import io.bucketbrigade.config.WatchedFolder;
import io.bucketbrigade.history.FileHistory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The dataset profiles in the profiles folder, tried in ascending {@code order} for each key. Operators edit them
 * while the server runs: an edit that does not load is rejected (logged with file and error, shown in
 * {@link #statuses()}, health, metrics and JMX) and the file's previous version stays in use. The folder is read
 * every {@code brigade.profiles.poll-interval}; a change is taken once the file reads the same at two reads in a
 * row ({@link SettledFolder}).
 */
@Component
public class ProfileCatalog implements InitializingBean, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileCatalog.class);
    private static final String PATTERN = "*.{yaml,yml}";

    /** One profile file: the version in use and, when the last edit was refused, why. */
    public record FileStatus(String file, String profile, String version, Instant loadedAt, String error,
            String failedVersion) {
        public boolean failed() {
            return error != null;
        }
    }

    private final ProfilesProperties properties;
    private final ProfileLoader loader;
    private final FileHistory history;
    private final Map<String, FileStatus> files = new TreeMap<>();
    private final Map<String, DatasetProfile> loaded = new TreeMap<>();
    private final Map<String, String> seen = new TreeMap<>();
    private final SettledFolder folder;
    private volatile List<DatasetProfile> ordered = List.of();
    private final ScheduledExecutorService watcher = Background.thread("brigade-profiles");

    /** A catalog that keeps no history of its files (tests, tools). */
    public ProfileCatalog(ProfilesProperties properties, KnownChecks checks, MeterRegistry meters) {
        this(properties, checks, meters, FileHistory.NONE);
    }

    @Autowired
    public ProfileCatalog(ProfilesProperties properties, KnownChecks checks, MeterRegistry meters,
            FileHistory history) {
        this.properties = properties;
        this.history = history;
        this.folder = new SettledFolder(properties.directory(), PATTERN);
        this.loader = new ProfileLoader(checks.variablesByCheck(), checks.datasetChecks());
        Gauge.builder("brigade.profile.files.failed", this, catalog -> catalog.failedCount())
                .description("Profile files whose last edit was rejected (their previous version stays in use)")
                .register(meters);
    }

    @Override
    public void afterPropertiesSet() {
        scan();
        if (ordered.isEmpty()) {
            LOG.warn("No dataset profiles loaded from {}: every deposit will be rejected",
                    properties.directory().toAbsolutePath());
        }
        long period = properties.pollInterval().toMillis();
        watcher.scheduleWithFixedDelay(this::scanQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /** The first profile, in order, that claims the key: where it goes or why it is refused. */
    public Classification classify(String key) {
        for (DatasetProfile profile : ordered) {
            Optional<Classification> result = profile.classify(key);
            if (result.isPresent()) {
                return result.get();
            }
        }
        return new Classification.Rejected(null, null, "no-profile", "No dataset profile takes this key (profiles "
                + ordered.stream().map(DatasetProfile::name).toList() + "): a deposit's keys start with its"
                + " dataset folder, e.g. <datasetId>/<file>.");
    }

    /** What an object an external pipeline wrote to processed is: its dataset and role, by the first profile. */
    public Optional<Classification.Accepted> classifyOutput(String key) {
        for (DatasetProfile profile : ordered) {
            Optional<Classification.Accepted> result = profile.classifyOutput(key);
            if (result.isPresent()) {
                return result;
            }
        }
        return Optional.empty();
    }

    public List<DatasetProfile> profiles() {
        return ordered;
    }

    public Optional<DatasetProfile> profile(String name) {
        return ordered.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public synchronized List<FileStatus> statuses() {
        return List.copyOf(files.values());
    }

    public synchronized int failedCount() {
        return (int) files.values().stream().filter(FileStatus::failed).count();
    }

    /** Loads what changed in the folder now: new, edited and removed profile files ("scan now"). */
    public synchronized void scan() {
        apply(folder.now());
    }

    /** Loads what changed in the folder and has settled since the watcher's previous tick. */
    private synchronized void scanSettled() {
        apply(folder.settled());
    }

    private void apply(SettledFolder.Snapshot snapshot) {
        Map<String, String> contents = snapshot.contents();
        boolean changed = false;
        for (Map.Entry<String, String> file : contents.entrySet()) {
            String version = WatchedFolder.version(file.getValue());
            if (!version.equals(seen.get(file.getKey()))) {
                seen.put(file.getKey(), version);
                load(file.getKey(), file.getValue(), version);
                changed = true;
            }
        }
        for (String name : List.copyOf(seen.keySet())) {
            if (snapshot.gone(name)) {
                seen.remove(name);
                files.remove(name);
                loaded.remove(name);
                history.record(FileHistory.Folder.PROFILES, name, null, null, FileHistory.Outcome.REMOVED, null);
                LOG.warn("Profile file {} was removed", name);
                changed = true;
            }
        }
        if (changed) {
            List<DatasetProfile> next = new ArrayList<>(loaded.values());
            next.sort(Comparator.comparingInt(DatasetProfile::order).thenComparing(DatasetProfile::name));
            ordered = List.copyOf(next);
            LOG.info("Dataset profiles, in the order they are tried: {}", ordered);
        }
    }

    /**
     * Writes {@code content} as the profile file {@code name} (an earlier version from its history) and loads it as
     * an edit: refused like any edit if it does not load, the version in use staying.
     *
     * @throws IllegalArgumentException when {@code name} is not a profile file name of the folder
     * @throws java.io.UncheckedIOException when the folder cannot be written (read-only, as a mounted ConfigMap)
     */
    public synchronized FileStatus restore(String name, String content) {
        WatchedFolder.write(properties.directory(), PATTERN, name, content);
        scan();
        return files.get(name);
    }

    private void load(String file, String content, String version) {
        FileStatus previous = files.get(file);
        try {
            DatasetProfile profile = loader.load(file, content);
            loaded.put(file, profile);
            files.put(file, new FileStatus(file, profile.name(), version, Instant.now(), null, null));
            history.record(FileHistory.Folder.PROFILES, file, version, content, FileHistory.Outcome.LOADED, null);
            LOG.info("Profile file {} loaded, version {}", file, version.substring(0, 12));
        } catch (ProfileException e) {
            files.put(file, new FileStatus(file, previous == null ? null : previous.profile(),
                    previous == null ? null : previous.version(), previous == null ? null : previous.loadedAt(),
                    e.getMessage(), version));
            history.record(FileHistory.Folder.PROFILES, file, version, content, FileHistory.Outcome.REJECTED,
                    e.getMessage());
            LOG.error("Profile file {} rejected (version {}): {}. {}", file, version.substring(0, 12), e.getMessage(),
                    loaded.containsKey(file) ? "Its previous version stays in use." : "It is not in use.");
        }
    }

    private void scanQuietly() {
        try {
            scanSettled();
        } catch (RuntimeException e) {
            LOG.error("Scanning profiles in {} failed: {}", properties.directory(), e.toString(), e);
        }
    }

    @Override
    public void destroy() {
        watcher.shutdownNow();
    }
}
