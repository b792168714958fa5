package io.bucketbrigade.promote;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bucketbrigade.records.ProductionStatus;

/**
 * What publishing an open dataset takes: its processed files (each with its size and SHA-256) as version
 * {@code version}, or nothing when they are what the current manifest holds.
 *
 * @param currentVersion the version production holds now, or null
 * @param files          the dataset's files in processed, by key within the dataset
 * @param uploads        the upload each file comes from, by its key in processed (for its lineage), where known
 * @param deprecated     the older versions the current manifest says are deprecated (the new one says so too)
 * @param copiedBefore   the keys under the new version's prefix that production already holds (an earlier attempt
 *                       at this version stopped before its manifest): only these are looked at before their copy
 */
public record VersionPlan(GateDecision gate, Integer currentVersion, int version, List<Manifest.File> files,
        Map<String, String> uploads, List<Manifest.Deprecation> deprecated, Set<String> copiedBefore)
        implements PromoteOutcome {

    /**
     * One file of the plan: where it goes in production, the upload it comes from (null if unknown), and whether
     * production holds an object at its target already (then the copy is skipped if it is this file).
     */
    public record FileCopy(PromoteRequest request, Manifest.File file, String target, int version, String upload,
            boolean targetTaken) {

        public String datasetId() {
            return request.datasetId();
        }
    }

    /** The files are those of the current version: nothing to publish. */
    public boolean unchanged() {
        return currentVersion != null && version == currentVersion;
    }

    /**
     * The files are those of the current version, and the dataset's record does not say so: a hold ended, or a
     * server stopped between the manifest and its records (then the version's records are written now).
     */
    public boolean republishes() {
        return unchanged() && (!ProductionStatus.PUBLISHED.equals(gate.productionStatus()) || recordsMissing());
    }

    /** The current version's manifest is in production but its records are not (a stop in between). */
    public boolean recordsMissing() {
        return unchanged() && gate.publishedVersion() < version;
    }

    public String datasetId() {
        return gate.datasetId();
    }

    public boolean dryRun() {
        return gate.dryRun();
    }

    public String prefix() {
        return Manifest.prefix(datasetId(), version);
    }

    /** What the route splits over: each file with its place in the new version. */
    public List<FileCopy> copies() {
        return files.stream().map(f -> new FileCopy(gate.request(), f, prefix() + f.key(), version,
                uploads.get(f.object()), copiedBefore.contains(prefix() + f.key()))).toList();
    }

    @Override
    public String outcome() {
        return unchanged() ? "already published as version " + currentVersion : "to publish version " + version;
    }
}
