package io.bucketbrigade.ingest.content;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

/** Every content check this server knows, by the name profiles use. */
@Component
public class ContentChecks {

    private final Map<String, ContentCheck> checks = new LinkedHashMap<>();

    public ContentChecks(List<ContentCheck> checks) {
        checks.forEach(check -> this.checks.put(check.name(), check));
    }

    public ContentCheck get(String name) {
        ContentCheck check = checks.get(name);
        if (check == null) {
            throw new IllegalArgumentException("no content check named '" + name + "'");
        }
        return check;
    }

    /** Each check's name, with the variables it finds. */
    public Map<String, Set<String>> variablesByCheck() {
        Map<String, Set<String>> variables = new LinkedHashMap<>();
        checks.forEach((name, check) -> variables.put(name, check.variables()));
        return variables;
    }
}
