package io.bucketbrigade.promote;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one published version of a dataset holds: written last, it is what readers of production go by. A
 * dataset's current manifest is {@code <dataset>/manifest.json}; version {@code N}'s objects are under
 * {@code <dataset>/v<N>/}.
 *
 * @param files each file by its key within the dataset: where it is ({@code object}), its size and SHA-256
 */
public record Manifest(String datasetId, String profile, int version, String publishedAt, String prefix,
        List<File> files) {

    /** One published file. */
    public record File(String key, String object, long size, String sha256) {}

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
