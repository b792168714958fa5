package io.bucketbrigade.promote;

/**
 * A version written to production, manifest last (or, in a dry run, what would be).
 *
 * @param manifestUrl where readers find the manifest: {@code s3://<production>/<dataset>/manifest.json}
 * @param sha256      the manifest's SHA-256
 */
public record Publication(VersionPlan plan, Manifest manifest, String manifestUrl, String sha256)
        implements PromoteOutcome {

    public String datasetId() {
        return plan.datasetId();
    }

    public String profile() {
        return plan.gate().profile();
    }

    public int version() {
        return plan.version();
    }

    public boolean dryRun() {
        return plan.dryRun();
    }

    public long bytes() {
        return manifest.files().stream().mapToLong(Manifest.File::size).sum();
    }

    @Override
    public String outcome() {
        return (dryRun() ? "would publish version " : "published version ") + version();
    }
}
