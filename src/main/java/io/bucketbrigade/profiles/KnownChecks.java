package io.bucketbrigade.profiles;

import java.util.Map;
import java.util.Set;

/** The content checks profiles may name, each with the template variables it finds in the content. */
public interface KnownChecks {

    Map<String, Set<String>> variablesByCheck();

    /** The dataset checks profiles may name ({@code datasetChecks}); none by default. */
    default Set<String> datasetChecks() {
        return Set.of();
    }
}
