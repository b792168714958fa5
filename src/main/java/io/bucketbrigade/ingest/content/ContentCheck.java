package io.bucketbrigade.ingest.content;

import java.util.Map;
import java.util.Set;

/**
 * A rule on a file's content, checked while the file streams through once. Profiles name checks in their file
 * rules; a check may also find values in the content that target keys use (e.g. {@code voxelSpacing}).
 */
public interface ContentCheck {

    /** The name profiles use. */
    String name();

    /** The template variables this check finds in the content. */
    default Set<String> variables() {
        return Set.of();
    }

    /** A fresh inspection for one file. */
    Inspection start(String fileName);

    /** One file's inspection; sees the content (decompressed when the file is gzipped) in order. */
    interface Inspection {

        /** @throws ContentRejectedException as soon as the content is known to break the rule */
        void update(byte[] bytes, int offset, int length);

        /**
         * After the last byte.
         *
         * @param contentBytes how many bytes of content there were
         * @throws ContentRejectedException when the content breaks the rule
         */
        void finish(long contentBytes);

        /** What the check found so far (variables for the target key). */
        default Map<String, String> found() {
            return Map.of();
        }
    }
}
