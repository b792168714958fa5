package io.bucketbrigade.profiles;

import java.util.Map;
import java.util.Set;

/** The content checks profiles may name, each with the template variables it finds in the content. */
public interface KnownChecks {

    Map<String, Set<String>> variablesByCheck();
}
