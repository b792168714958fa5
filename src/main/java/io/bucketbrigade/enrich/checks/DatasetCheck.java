package io.bucketbrigade.enrich.checks;

/**
 * A rule across the files of a dataset, named by profiles ({@code datasetChecks}). It adds failures, a summary and
 * entity sidecars to the verdict.
 */
public interface DatasetCheck {

    /** The name profiles use. */
    String name();

    void check(DatasetState dataset, Verdict verdict);

    /** Metadata sidecars of the profile's entities, once every check has run (the verdict is complete). */
    default void sidecars(DatasetState dataset, Verdict verdict) {
    }
}
