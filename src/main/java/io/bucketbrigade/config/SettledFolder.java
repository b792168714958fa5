package io.bucketbrigade.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A watched folder read at each tick of its watcher, a file's change taken only once the file reads the same at two
 * ticks in a row: a file that an editor, {@code cp} or {@code cat >} is still writing is not loaded half-written (an
 * empty route file would stop that file's routes until the next tick). An edit is so taken one tick later.
 */
public final class SettledFolder {

    /**
     * A read of the folder: the files that are settled, by name, and the names of those that changed since the
     * previous read (written, created or removed), to be left as they are until they settle.
     */
    public record Snapshot(Map<String, String> contents, Set<String> changing) {

        /** Whether the file {@code name} is gone from the folder, and stays so (not being written again). */
        public boolean gone(String name) {
            return !contents.containsKey(name) && !changing.contains(name);
        }
    }

    private final Path directory;
    private final String glob;
    /** The folder at the previous read; null before the first. */
    private Map<String, String> previous;

    public SettledFolder(Path directory, String glob) {
        this.directory = directory;
        this.glob = glob;
    }

    /** The folder now, the files that changed since the previous read kept back (none at the first read). */
    public synchronized Snapshot settled() {
        Map<String, String> now = WatchedFolder.read(directory, glob);
        Set<String> changing = new TreeSet<>();
        if (previous != null) {
            Set<String> names = new TreeSet<>(now.keySet());
            names.addAll(previous.keySet());
            for (String name : names) {
                if (!Objects.equals(now.get(name), previous.get(name))) {
                    changing.add(name);
                }
            }
        }
        previous = now;
        Map<String, String> contents = new TreeMap<>(now);
        contents.keySet().removeAll(changing);
        return new Snapshot(contents, changing);
    }

    /** The folder now, every file taken as it is (an operator asked for it: "scan now", a rollback). */
    public synchronized Snapshot now() {
        previous = WatchedFolder.read(directory, glob);
        return new Snapshot(previous, Set.of());
    }
}
