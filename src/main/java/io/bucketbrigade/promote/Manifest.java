package io.bucketbrigade.promote;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one published version of a dataset holds: written last, it is what readers of production go by. A
 * dataset's current manifest is {@code <dataset>/manifest.json}; version {@code N}'s objects are under
 * {@code <dataset>/v<N>/}.
 *
 * @param files      each file by its key within the dataset: where it is ({@code object}), its size and SHA-256
 * @param retracted  set in a tombstone, which replaces the manifest of a retracted dataset (no files then)
 * @param deprecated older versions readers should no longer use
 */
public record Manifest(String datasetId, String profile, int version, String publishedAt, String prefix,
        List<File> files, @JsonInclude(JsonInclude.Include.NON_NULL) Withdrawal retracted,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Deprecation> deprecated) {

    public Manifest {
        files = files == null ? List.of() : List.copyOf(files);
        deprecated = deprecated == null ? List.of() : List.copyOf(deprecated);
    }

    /** A published version's manifest. */
    public Manifest(String datasetId, String profile, int version, String publishedAt, String prefix,
            List<File> files) {
        this(datasetId, profile, version, publishedAt, prefix, files, null, List.of());
    }

    /** One published file. */
    public record File(String key, String object, long size, String sha256) {}

    /**
     * What a tombstone says in place of a manifest: the dataset was withdrawn, why, by whom, when, and which
     * versions went with it.
     */
    public record Withdrawal(String reason, String by, String at, List<Integer> versions) {}

    /** An older version that readers should no longer use, and why (its objects stay). */
    public record Deprecation(int version, String reason, String by, String at) {}

    /** A tombstone: the dataset was retracted, and no version is published. */
    public boolean tombstone() {
        return retracted != null;
    }

    /** The same manifest with one more deprecated version (replacing an earlier deprecation of it). */
    Manifest deprecating(Deprecation deprecation) {
        List<Deprecation> all = new java.util.ArrayList<>(deprecated.stream()
                .filter(d -> d.version() != deprecation.version()).toList());
        all.add(deprecation);
        all.sort(java.util.Comparator.comparingInt(Deprecation::version));
        return new Manifest(datasetId, profile, version, publishedAt, prefix, files, retracted, all);
    }

    public static String key(String datasetId) {
        return datasetId + "/manifest.json";
    }

    public static String prefix(String datasetId, int version) {
        return datasetId + "/v" + version + "/";
    }

    /** Each file's key to its SHA-256: two versions with the same contents are the same. */
    public Map<String, String> contents() {
        Map<String, String> contents = new TreeMap<>();
        files.forEach(f -> contents.put(f.key(), f.sha256()));
        return contents;
    }
}
