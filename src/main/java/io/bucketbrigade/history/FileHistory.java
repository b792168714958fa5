package io.bucketbrigade.history;

/**
 * Where the server writes down each version of a watched file (a route file, a profile file) as it meets it:
 * loaded, rejected or removed, with its content.
 */
@FunctionalInterface
public interface FileHistory {

    /** Writes nothing: for a folder read outside the server (tests, tools). */
    FileHistory NONE = (folder, file, version, content, outcome, error) -> { };

    /** The folders whose files are kept. */
    enum Folder {
        ROUTES, PROFILES
    }

    /** What the server did with a version. */
    enum Outcome {
        LOADED, REJECTED, REMOVED
    }

    /**
     * Writes down that the server met this version of a file; never blocks on the store nor throws.
     *
     * @param version the SHA-256 of the content, null when removed
     * @param content null when removed
     * @param error   why it was rejected, else null
     */
    void record(Folder folder, String file, String version, String content, Outcome outcome, String error);
}
