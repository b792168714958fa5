package io.bucketbrigade.enrich.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an extractor found in one file: named values (dimensions, counts, columns …) and the problems it met, each
 * a rule and a message for curators (a file whose content contradicts its name, a malformed header …).
 */
public final class Facts {

    /** A problem with one file. */
    public record Problem(String rule, String message) {}

    /** Messages are stored in records with size limits (a DynamoDB item is at most 400 KB). */
    static final int MAX_MESSAGE = 1_000;

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    public Facts put(String name, Object value) {
        values.put(name, value);
        return this;
    }

    /** A problem; a message longer than {@value #MAX_MESSAGE} characters is cut (it may quote the content). */
    public Facts problem(String rule, String message) {
        problems.add(new Problem(rule, message.length() <= MAX_MESSAGE ? message
                : message.substring(0, MAX_MESSAGE) + "… (" + message.length() + " characters)"));
        return this;
    }

    public Map<String, Object> values() {
        return values;
    }

    public List<Problem> problems() {
        return problems;
    }

    public Object get(String name) {
        return values.get(name);
    }

    public long number(String name) {
        Object value = values.get(name);
        return value instanceof Number n ? n.longValue() : -1;
    }
}
