package io.bucketbrigade.profiles;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One kind of file in a dataset profile.
 *
 * @param role     what the file is (barcodes, matrix, core-metadata, image, …)
 * @param match    regular expression on the key's {@code path} group; its named groups become template variables
 * @param groups   the named groups of {@code match}
 * @param required whether a complete dataset must have this file
 * @param gzip     store the file gzipped in source, compressing it when it arrives uncompressed
 * @param name     the standardized file name ({@code {name}} in targets)
 * @param target   where the file goes in source
 * @param checks   content checks the file must pass, by name
 * @param warn     rules of file problems that are only warnings for this role (the dataset's verdict records them
 *                 without failing), e.g. {@code duplicate-ids} for 10x features, which Cellenics makes unique
 * @param mayBeEmpty whether a file of 0 bytes is taken (the profile's {@code complete.marker}, as Hadoop's empty
 *                 {@code _SUCCESS}); any other empty file is refused ({@code empty-file})
 */
public record FileRule(String role, Pattern match, Set<String> groups, boolean required, boolean gzip, Template name,
        Template target, List<String> checks, Set<String> warn, boolean mayBeEmpty) {

    public FileRule {
        warn = Set.copyOf(warn);
    }

    /** A rule whose files must not be empty. */
    public FileRule(String role, Pattern match, Set<String> groups, boolean required, boolean gzip, Template name,
            Template target, List<String> checks, Set<String> warn) {
        this(role, match, groups, required, gzip, name, target, checks, warn, false);
    }
}
