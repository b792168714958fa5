package io.bucketbrigade.history;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.regex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.bucketbrigade.config.Background;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.config.InstanceIdentity;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The history of the watched files in the catalogue's {@code file-history} collection, one document per version an
 * instance met (with its content), shared by every instance. Written in the background and retried while the
 * catalogue cannot be reached, so that loading a file never waits on it.
 */
@Component
public class StoredFileHistory implements FileHistory, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(StoredFileHistory.class);
    /** Events kept in memory while the catalogue cannot be reached; the oldest go first beyond. */
    private static final int MAX_PENDING = 10_000;
    /** The newest events read for one file's history. */
    private static final int MAX_EVENTS = 5_000;
    private static final Pattern VERSION_REF = Pattern.compile("[0-9a-f]{6,64}");

    /** A version of a file and its content. */
    public record StoredVersion(String version, String content) {}

    private final MongoCollection<Document> events;
    private final String instanceId;
    private final AtomicLong sequence = new AtomicLong();
    /** Events not yet written; touched on the writer thread only. */
    private final Deque<Document> pending = new ArrayDeque<>();
    private boolean failing;
    private final ScheduledExecutorService writer = Background.thread("brigade-file-history");

    StoredFileHistory(MongoClient mongo, BrigadeProperties names, InstanceIdentity instance) {
        this.events = mongo.getDatabase(names.database()).getCollection(names.collections().get("file-history"));
        this.instanceId = instance.id();
        writer.scheduleWithFixedDelay(this::flush, 5, 5, TimeUnit.SECONDS);
    }

    @Override
    public void record(Folder folder, String file, String version, String content, Outcome outcome, String error) {
        Document event = new Document("_id", UUID.randomUUID().toString())
                .append("folder", folder.name())
                .append("file", file)
                .append("version", version)
                .append("outcome", outcome.name())
                .append("error", error)
                .append("at", new Date())
                .append("seq", sequence.incrementAndGet())
                .append("instance", instanceId)
                .append("lines", content == null ? 0 : content.lines().count())
                .append("content", content);
        writer.execute(() -> {
            if (pending.size() >= MAX_PENDING) {
                Document dropped = pending.removeFirst();
                LOG.warn("File history: {} events wait for the catalogue; the oldest ({} {}) is dropped",
                        MAX_PENDING, dropped.getString("file"), dropped.getString("outcome"));
            }
            pending.addLast(event);
            flush();
        });
    }

    /** Writes the pending events; on failure they stay for the next try. On the writer thread. */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Document> batch = new ArrayList<>(pending);
        try {
            events.insertMany(batch, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (!e.getWriteErrors().stream().allMatch(w -> ErrorCategory.fromErrorCode(w.getCode())
                    == ErrorCategory.DUPLICATE_KEY)) {
                failed(e);
                return;
            }
            // written by an earlier try whose answer was lost
        } catch (MongoException e) {
            failed(e);
            return;
        }
        batch.forEach(written -> pending.removeFirst());
        if (failing) {
            LOG.info("File history: written again ({} events)", batch.size());
            failing = false;
        }
    }

    private void failed(MongoException e) {
        if (!failing) {
            LOG.warn("File history: {} events not written yet, tried again every 5 s: {}", pending.size(),
                    e.toString());
            failing = true;
        }
    }

    /** The file's history, newest first. */
    public List<FileVersion> versions(Folder folder, String file) {
        List<Document> newestFirst = events.find(and(eq("folder", folder.name()), eq("file", file)))
                .sort(Sorts.descending("at", "seq")).limit(MAX_EVENTS)
                .projection(Projections.exclude("content")).into(new ArrayList<>());
        List<FileVersion> steps = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            Document event = newestFirst.get(i);
            FileVersion last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
            String version = event.getString("version");
            Outcome outcome = Outcome.valueOf(event.getString("outcome"));
            String instance = event.getString("instance");
            if (last != null && last.outcome() == outcome && Objects.equals(last.version(), version)) {
                if (!last.instances().contains(instance)) {
                    last.instances().add(instance);
                }
            } else {
                steps.add(new FileVersion(version, outcome, event.getString("error"),
                        event.getDate("at").toInstant(), new ArrayList<>(List.of(instance)),
                        ((Number) event.get("lines", 0L)).intValue()));
            }
        }
        Collections.reverse(steps);
        return steps;
    }

    /**
     * The version of the file that {@code ref} names: the whole SHA-256 or its first characters (6 at least), as
     * shown in the history and in the logs.
     *
     * @throws IllegalArgumentException  when {@code ref} is not such a prefix, or names several versions
     * @throws NoSuchVersionException    when no version of the file in its history starts so
     */
    public StoredVersion version(Folder folder, String file, String ref) {
        if (ref == null || !VERSION_REF.matcher(ref).matches()) {
            throw new IllegalArgumentException("'" + ref + "' is not a version: give the SHA-256 of the file's"
                    + " content in hex, or its first characters (6 at least), as the history lists it");
        }
        List<Document> found = events.find(and(eq("folder", folder.name()), eq("file", file),
                regex("version", "^" + ref), ne("content", null)))
                .projection(Projections.include("version", "content")).limit(100).into(new ArrayList<>());
        List<String> versions = found.stream().map(d -> d.getString("version")).distinct().toList();
        if (versions.isEmpty()) {
            throw new NoSuchVersionException("No version " + ref + " of " + file + " in its history");
        }
        if (versions.size() > 1) {
            throw new IllegalArgumentException("'" + ref + "' names " + versions.size() + " versions of " + file
                    + ": give more characters");
        }
        return new StoredVersion(versions.get(0), found.get(0).getString("content"));
    }

    /** A unified diff (3 lines of context) from one version of the file to another. */
    public String diff(Folder folder, String file, String from, String to) {
        StoredVersion before = version(folder, file, from);
        StoredVersion after = version(folder, file, to);
        List<String> original = before.content().lines().toList();
        List<String> revised = after.content().lines().toList();
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(file + "@" + before.version().substring(0, 12),
                file + "@" + after.version().substring(0, 12), original, DiffUtils.diff(original, revised), 3);
        return diff.isEmpty() ? "" : String.join("\n", diff) + "\n";
    }

    /** Waits up to {@code millis} for the events recorded so far to be written. */
    private boolean flushed(long millis) throws InterruptedException {
        var done = writer.submit(() -> {
            flush();
            return pending.isEmpty();
        });
        try {
            return done.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        if (!flushed(5_000)) {
            LOG.warn("File history: {} events not written at shutdown", pending.size());
        }
        writer.shutdownNow();
    }

    /** No such version of the file in its history. */
    public static class NoSuchVersionException extends RuntimeException {
        NoSuchVersionException(String message) {
            super(message);
        }
    }
}
