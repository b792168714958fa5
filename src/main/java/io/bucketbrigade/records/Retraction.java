package io.bucketbrigade.records;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A published dataset withdrawn by an operator: why, who, when, the versions withdrawn, and the checked state it
 * was withdrawn in ({@code checkedVersion}): it is published again only once a later state is checked (and, where
 * its profile needs one, approved). Stored as the map {@code retraction} of the experiment item.
 */
public record Retraction(String reason, String by, String at, long checkedVersion, List<Integer> withdrawn) {

    public Retraction {
        withdrawn = List.copyOf(withdrawn);
    }

    /** The stored map, and what the API shows. */
    public Map<String, Object> view() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("reason", reason);
        plain.put("by", by);
        plain.put("at", at);
        plain.put("checkedVersion", checkedVersion);
        plain.put("withdrawn", withdrawn);
        return plain;
    }

    static Retraction from(Map<?, ?> plain) {
        List<Integer> withdrawn = ((List<?>) plain.get("withdrawn")).stream().map(v -> ((Number) v).intValue())
                .toList();
        return new Retraction((String) plain.get("reason"), (String) plain.get("by"), (String) plain.get("at"),
                ((Number) plain.get("checkedVersion")).longValue(), withdrawn);
    }
}
