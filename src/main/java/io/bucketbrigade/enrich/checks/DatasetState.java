package io.bucketbrigade.enrich.checks;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.bucketbrigade.profiles.DatasetProfile;

/**
 * A dataset's files, all processed, as the dataset checks see them.
 *
 * @param record the asset's identity in the catalogue: {@code _id}, {@code name}, {@code created},
 *               {@code location} (in processed)
 */
public record DatasetState(String datasetId, DatasetProfile profile, List<FileState> files, Map<String, Object> record) {

    public List<FileState> role(String role) {
        return files.stream().filter(f -> role.equals(f.role())).toList();
    }

    public Optional<FileState> first(String role) {
        return role(role).stream().findFirst();
    }

    /** Files grouped by sample, samples in name order. */
    public Map<String, List<FileState>> bySample() {
        return files.stream().filter(f -> f.sampleId() != null)
                .collect(Collectors.groupingBy(FileState::sampleId, TreeMap::new, Collectors.toList()));
    }

    /** When the newest file arrived: stable while the dataset does not change. */
    public Instant lastUpdated() {
        return files.stream().map(FileState::updated).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }
}
