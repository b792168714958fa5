package io.bucketbrigade.routefiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.bucketbrigade.config.Background;
import io.bucketbrigade.config.SettledFolder;
import io.bucketbrigade.config.WatchedFolder;
import io.bucketbrigade.history.FileHistory;
import io.bucketbrigade.records.RouteOrigins;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Runs the routes declared in the files of the routes folder and keeps them in step with the files while the
 * server runs, safely for operators:
 * <ul>
 * <li>a file that fails to parse or to build leaves the routes it had running, untouched; the failure is logged
 * with the file name and the error, and shown in {@link #statuses()} (API, JMX, health and metrics);</li>
 * <li>a file's edit replaces only that file's routes; a route id owned by another file is refused;</li>
 * <li>a changed route configuration (error handling) rebuilds the routes that use it;</li>
 * <li>a changed route template rebuilds the routes made from it ({@code templatedRoute}); an edit that would leave
 * one of them unable to parse or to build is rejected, and they keep running from the previous version.</li>
 * </ul>
 * Files are checked by content hash, every {@code brigade.routes.poll-interval}; that hash is the file's version. A
 * change is taken once the file reads the same at two checks in a row, so that a file still being written is not
 * loaded half-written ({@link SettledFolder}); "scan now" takes the folder as it is.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class RouteFiles implements CamelContextConfiguration, DisposableBean, RouteOrigins {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);

    private final CamelContext camel;
    private final RouteFilesProperties properties;
    private final RouteFileParser parser;
    private final Clock clock;
    private final MeterRegistry meters;
    private final FileHistory history;
    private final SettledFolder folder;
    private final Map<String, FileState> files = new TreeMap<>();
    /**
     * The files' statuses as of the last load, rejection or removal, for the readers (API, JMX, health, the
     * heartbeat, and every lineage record, which names its route's file and version). They never wait for a scan:
     * a scan holds this instance while it stops routes, and a route stop waits for the exchanges in flight, some of
     * which read these.
     */
    private volatile List<RouteFileStatus> published = List.of();
    /** The templates of the template files as last accepted; guarded by this instance. */
    private RouteTemplates templates;
    private final ScheduledExecutorService watcher = Background.thread("brigade-route-files");

    @Autowired
    RouteFiles(CamelContext camel, RouteFilesProperties properties, MeterRegistry meters, FileHistory history) {
        this(camel, properties, meters, history, Clock.systemUTC());
    }

    RouteFiles(CamelContext camel, RouteFilesProperties properties, MeterRegistry meters, FileHistory history,
            Clock clock) {
        this.camel = camel;
        this.properties = properties;
        this.parser = new RouteFileParser(camel, properties.defaultConfiguration());
        this.templates = new RouteTemplates(parser, Map.of());
        this.folder = new SettledFolder(properties.directory(), properties.pattern());
        this.clock = clock;
        this.meters = meters;
        this.history = history;
        Gauge.builder("brigade.route.files.failed", this, RouteFiles::failedCount)
                .description("Route files whose last edit was rejected (their previous version keeps running)")
                .register(meters);
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // routes are added once Camel runs, file by file, so that one bad file cannot stop the server starting
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        LOG.info("Loading route files {} from {}", properties.pattern(), properties.directory().toAbsolutePath());
        scan();
        long period = properties.pollInterval().toMillis();
        watcher.scheduleWithFixedDelay(this::scanQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /** Loads what changed in the folder since the last scan now: new, edited and removed files ("scan now"). */
    public synchronized void scan() {
        warnIfNoFolder();
        apply(folder.now());
    }

    /** Loads what changed in the folder and has settled since the watcher's previous tick. */
    private synchronized void scanSettled() {
        apply(folder.settled());
    }

    private void apply(SettledFolder.Snapshot snapshot) {
        Map<String, String> contents = snapshot.contents();
        // route configurations first, then route templates, so that the routes that use them find them
        List<String> names = new ArrayList<>(contents.keySet());
        names.sort(Comparator.comparing((String name) -> !declaresConfiguration(contents.get(name)))
                .thenComparing(name -> !declaresTemplates(contents.get(name)))
                .thenComparing(Comparator.naturalOrder()));
        for (String name : names) {
            FileState file = files.computeIfAbsent(name, FileState::new);
            String content = contents.get(name);
            String version = sha256(content);
            if (!version.equals(file.seenVersion)) {
                file.seenVersion = version;
                deploy(file, content, version);
            }
        }
        for (FileState file : List.copyOf(files.values())) {
            if (snapshot.gone(file.name) && !file.removed && !GONE.equals(file.seenVersion)) {
                remove(file);
            }
        }
    }

    /** Loads one file again even if it did not change (JMX and API). */
    public synchronized RouteFileStatus reload(String name) {
        Path path = properties.directory().resolve(name).normalize();
        if (!path.getParent().equals(properties.directory().normalize()) || !Files.isRegularFile(path)) {
            throw new IllegalArgumentException("No route file named '" + name + "' in " + properties.directory());
        }
        String content = WatchedFolder.read(path);
        FileState file = files.computeIfAbsent(name, FileState::new);
        file.seenVersion = sha256(content);
        deploy(file, content, file.seenVersion);
        return file.status();
    }

    /**
     * Writes {@code content} as the route file {@code name} (an earlier version from its history) and loads it as
     * an edit: refused like any edit if it does not load, the running routes staying as they are.
     *
     * @throws IllegalArgumentException when {@code name} is not a route file name of the folder
     * @throws java.io.UncheckedIOException when the folder cannot be written (read-only, as a mounted ConfigMap)
     */
    public synchronized RouteFileStatus restore(String name, String content) {
        WatchedFolder.write(properties.directory(), properties.pattern(), name, content);
        return reload(name);
    }

    public List<RouteFileStatus> statuses() {
        return published;
    }

    public Optional<RouteFileStatus> status(String name) {
        return published.stream().filter(file -> file.file().equals(name)).findFirst();
    }

    /** The version (content SHA-256) of the file whose routes include this route id. */
    @Override
    public Optional<String> versionOfRoute(String routeId) {
        return fileRunning(routeId).map(RouteFileStatus::version);
    }

    /** The file whose routes include this route id. */
    @Override
    public Optional<String> fileOfRoute(String routeId) {
        return fileRunning(routeId).map(RouteFileStatus::file);
    }

    private Optional<RouteFileStatus> fileRunning(String routeId) {
        return published.stream().filter(file -> file.routeIds().contains(routeId)).findFirst();
    }

    int failedCount() {
        return (int) published.stream().filter(RouteFileStatus::failed).count();
    }

    /** Shows the readers the files as they stand now; called by the scan (holding this instance) after each change. */
    private void publish() {
        published = files.values().stream().map(FileState::status).toList();
    }

    private void scanQuietly() {
        try {
            scanSettled();
        } catch (RuntimeException e) {
            LOG.error("Scanning route files in {} failed: {}", properties.directory(), e.toString(), e);
        }
    }

    private void warnIfNoFolder() {
        if (!Files.isDirectory(properties.directory())) {
            LOG.warn("Route folder {} does not exist", properties.directory().toAbsolutePath());
        }
    }

    /** A top-level {@code - routeConfiguration:} item (a route naming one by routeConfigurationId is no such). */
    private static final Pattern CONFIGURATION = Pattern.compile("(?m)^\\s*-\\s*route(Configuration|-configuration):");
    private static final Pattern TEMPLATE = Pattern.compile("(?m)^\\s*-\\s*route(Template|-template):");

    private static boolean declaresConfiguration(String content) {
        return CONFIGURATION.matcher(content).find();
    }

    private static boolean declaresTemplates(String content) {
        return TEMPLATE.matcher(content).find();
    }

    static String sha256(String content) {
        return WatchedFolder.version(content);
    }

    /** @return whether the content was loaded (false: rejected, the previous version keeps running) */
    private boolean deploy(FileState file, String content, String version) {
        try {
            return load(file, content, version);
        } finally {
            publish();
        }
    }

    private boolean load(FileState file, String content, String version) {
        ParsedRouteFile next;
        try {
            next = parser.parse(file.name, content, templates);
            checkOwnership(file, next);
        } catch (RouteFileException e) {
            reject(file, content, version, e.getMessage());
            return false;
        }
        if (!next.templates().isEmpty() || !file.templateIds.isEmpty()) {
            return deployTemplates(file, content, version, next);
        }
        // parsed again rather than kept, with the templates it was made from: definitions that Camel built routes
        // from are not reused
        ParsedRouteFile previous = file.content == null ? ParsedRouteFile.EMPTY
                : parser.parse(file.name, file.content, file.templates);
        try {
            swap(file.routeIds, file.configurationIds, next);
        } catch (Exception e) {
            rollBack(next, previous);
            reject(file, content, version, e instanceof RouteFileException rule ? rule.getMessage()
                    : "fails to build: " + RouteFileException.describe(e));
            return false;
        }
        boolean configurationsChanged = !next.configurations().isEmpty() || !file.configurationIds.isEmpty();
        remember(file, content, version);
        file.loaded(content, version, next, templates, clock.instant());
        publish(); // at once: the new routes run already, and their lineage names this version
        counter("loaded").increment();
        LOG.info("Route file {} loaded, version {}: routes {}{}", file.name, shortVersion(version), next.routeIds(),
                next.configurations().isEmpty() ? "" : ", route configurations " + next.configurationIds());
        if (configurationsChanged) {
            rebuildRoutesUsing(file, next.configurationIds());
        }
        return true;
    }

    /**
     * Takes a new version of a file of route templates ({@code content} null when the file was deleted) only if
     * every route made from its templates can be made again and built from it: those routes are rebuilt with it,
     * and if one fails, the previous templates are put back and the routes rebuilt from them again.
     */
    private boolean deployTemplates(FileState file, String content, String version, ParsedRouteFile next) {
        List<String> changed = new ArrayList<>(file.templateIds);
        changed.addAll(next.templateIds());
        List<FileState> users = files.values().stream()
                .filter(other -> other != file && other.content != null
                        && other.usedTemplates.stream().anyMatch(changed::contains))
                .toList();
        RouteTemplates before = templates;
        RouteTemplates after = content == null || next.templates().isEmpty() ? templates.without(file.name)
                : templates.with(file.name, content);
        for (FileState user : users) {
            try {
                parser.parse(user.name, user.content, after);
            } catch (RouteFileException e) {
                reject(file, content, version, "would break " + user.name + ", which " + e.getMessage());
                return false;
            }
        }
        templates = after;
        for (FileState user : users) {
            LOG.info("Rebuilding the routes of {} with the new route templates of {}", user.name, file.name);
            if (!deploy(user, user.content, user.version)) {
                String error = user.error;
                templates = before;
                for (FileState rebuilt : users) {
                    deploy(rebuilt, rebuilt.content, rebuilt.version);
                }
                reject(file, content, version, "would break " + user.name + ", whose routes then " + error);
                return false;
            }
        }
        if (content == null) {
            file.removed(clock.instant());
            history.record(FileHistory.Folder.ROUTES, file.name, null, null, FileHistory.Outcome.REMOVED, null);
            LOG.warn("Route template file {} was removed: route templates {} are gone", file.name, file.templateIds);
            return true;
        }
        remember(file, content, version);
        file.loaded(content, version, next, templates, clock.instant());
        counter("loaded").increment();
        LOG.info("Route template file {} loaded, version {}: route templates {}", file.name, shortVersion(version),
                next.templateIds());
        for (FileState waiting : files.values()) {
            if (waiting.error != null && waiting.error.startsWith("has templatedRoute")
                    && waiting.error.contains(NO_SUCH_TEMPLATE)) {
                waiting.seenVersion = null; // rejected for want of a template: read again at the next scan
            }
        }
        return true;
    }

    /** Replaces the routes and configurations of a file by the parsed ones. */
    private void swap(List<String> oldRouteIds, List<String> oldConfigurationIds, ParsedRouteFile next) throws Exception {
        Model model = model();
        for (String routeId : oldRouteIds) {
            removeRoute(routeId);
        }
        for (String id : oldConfigurationIds) {
            RouteConfigurationDefinition existing = model.getRouteConfigurationDefinition(id);
            if (existing != null) {
                model.removeRouteConfiguration(existing);
            }
        }
        model.addRouteConfigurations(next.configurations());
        next.prepare();
        model.addRouteDefinitions(next.routes());
        start(next);
    }

    /**
     * Starts the routes just added. Camel's supervising route controller starts only the routes present when
     * the context starts; a route whose start fails here is handed to it and retried with back-off, as at start.
     */
    private void start(ParsedRouteFile added) {
        for (String routeId : added.autoStartupRouteIds(camel)) {
            if (camel.getRouteController().getRouteStatus(routeId) == ServiceStatus.Stopped) {
                try {
                    camel.getRouteController().startRoute(routeId);
                } catch (Exception e) {
                    LOG.warn("Route {} did not start ({}); it is retried with back-off",
                            routeId, RouteFileException.describe(e));
                }
            }
        }
    }

    /** Takes out whatever of the rejected version got in and puts the previous version back. */
    private void rollBack(ParsedRouteFile rejected, ParsedRouteFile previous) {
        try {
            for (String routeId : rejected.routeIds()) {
                removeRoute(routeId);
            }
            swap(List.of(), rejected.configurationIds(), previous);
        } catch (Exception e) {
            LOG.error("Restoring the previous routes {} failed: {}", previous.routeIds(), e.toString(), e);
        }
    }

    private void removeRoute(String routeId) throws Exception {
        if (camel.getRoute(routeId) != null) {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
    }

    private void checkOwnership(FileState file, ParsedRouteFile next) {
        for (FileState other : files.values()) {
            if (other == file) {
                continue;
            }
            for (String id : next.routeIds()) {
                if (other.routeIds.contains(id)) {
                    throw new RouteFileException("declares route id '" + id + "', which belongs to " + other.name);
                }
            }
            for (String id : next.configurationIds()) {
                if (other.configurationIds.contains(id)) {
                    throw new RouteFileException("declares route configuration '" + id + "', which belongs to "
                            + other.name);
                }
            }
            for (String id : next.templateIds()) {
                if (other.templateIds.contains(id)) {
                    throw new RouteFileException("declares route template '" + id + "', which belongs to "
                            + other.name);
                }
            }
        }
        for (String id : next.routeIds()) {
            if (camel.getRoute(id) != null && !file.routeIds.contains(id)) {
                throw new RouteFileException("declares route id '" + id + "', which a route outside the routes"
                        + " folder already uses");
            }
        }
    }

    private void rebuildRoutesUsing(FileState changed, List<String> configurationIds) {
        for (FileState file : files.values()) {
            if (file != changed && file.content != null && !file.routeIds.isEmpty()) {
                LOG.info("Rebuilding the routes of {} with the new route configurations {}", file.name,
                        configurationIds);
                deploy(file, file.content, file.version);
            }
        }
    }

    private void remove(FileState file) {
        try {
            removeRoutes(file);
        } finally {
            publish();
        }
    }

    private void removeRoutes(FileState file) {
        if (!file.templateIds.isEmpty()) {
            if (!deployTemplates(file, null, null, ParsedRouteFile.EMPTY)) {
                file.seenVersion = GONE; // reported once; the templates stay until the file is back or unused
            }
            return;
        }
        try {
            swap(file.routeIds, file.configurationIds, ParsedRouteFile.EMPTY);
            LOG.warn("Route file {} was removed: its routes {} are stopped and removed", file.name, file.routeIds);
            file.removed(clock.instant());
            history.record(FileHistory.Folder.ROUTES, file.name, null, null, FileHistory.Outcome.REMOVED, null);
        } catch (Exception e) {
            LOG.error("Removing the routes of deleted route file {} failed: {}", file.name, e.toString(), e);
        }
    }

    /** Writes down a version about to be loaded, unless it is the one running already (a rebuild). */
    private void remember(FileState file, String content, String version) {
        if (!version.equals(file.version) || file.error != null || file.removed) {
            history.record(FileHistory.Folder.ROUTES, file.name, version, content, FileHistory.Outcome.LOADED, null);
        }
    }

    private void reject(FileState file, String content, String version, String error) {
        file.rejected(version, error, clock.instant());
        history.record(FileHistory.Folder.ROUTES, file.name, version, content, FileHistory.Outcome.REJECTED, error);
        counter("rejected").increment();
        LOG.error("Route file {} rejected (version {}): {}. {}", file.name, shortVersion(version), error,
                file.content == null ? "It has no routes running."
                        : "Its routes " + file.routeIds + " keep running version " + shortVersion(file.version) + ".");
    }

    private Counter counter(String outcome) {
        return Counter.builder("brigade.route.file.loads").tag("outcome", outcome)
                .description("Route file loads by outcome").register(meters);
    }

    private Model model() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private static String shortVersion(String version) {
        return version == null ? "none" : version.substring(0, 12);
    }

    @Override
    public void destroy() {
        watcher.shutdownNow();
    }

    /** How the parser words a templatedRoute naming a template that no template file declares. */
    private static final String NO_SUCH_TEMPLATE = "which no template file declares";

    /** The seen version of a deleted template file whose removal was refused. */
    private static final String GONE = "gone";

    /** Mutable state of one file; guarded by the enclosing instance. */
    private static final class FileState {
        final String name;
        String seenVersion;
        String content;
        String version;
        List<String> routeIds = List.of();
        List<String> configurationIds = List.of();
        List<String> templateIds = List.of();
        /** The templates its routes were made from, and the templates those were (to rebuild them as they were). */
        List<String> usedTemplates = List.of();
        RouteTemplates templates = RouteTemplates.NONE;
        Instant loadedAt;
        String error;
        String failedVersion;
        Instant failedAt;
        boolean removed;

        FileState(String name) {
            this.name = name;
        }

        void loaded(String content, String version, ParsedRouteFile parsed, RouteTemplates templates, Instant now) {
            this.content = content;
            this.version = version;
            this.routeIds = parsed.routeIds();
            this.configurationIds = parsed.configurationIds();
            this.templateIds = parsed.templateIds();
            this.usedTemplates = parsed.usedTemplates();
            this.templates = templates;
            this.loadedAt = now;
            this.error = null;
            this.failedVersion = null;
            this.failedAt = null;
            this.removed = false;
        }

        void rejected(String version, String error, Instant now) {
            this.error = error;
            this.failedVersion = version;
            this.failedAt = now;
            this.removed = false;
        }

        void removed(Instant now) {
            this.content = null;
            this.version = null;
            this.routeIds = List.of();
            this.configurationIds = List.of();
            this.templateIds = List.of();
            this.usedTemplates = List.of();
            this.templates = RouteTemplates.NONE;
            this.loadedAt = now;
            this.error = null;
            this.seenVersion = null;
            this.removed = true;
        }

        RouteFileStatus status() {
            String state = removed ? "REMOVED" : error != null ? "FAILED" : "LOADED";
            return new RouteFileStatus(name, state, version, routeIds, configurationIds, templateIds, loadedAt, error,
                    failedVersion, failedAt);
        }
    }
}
