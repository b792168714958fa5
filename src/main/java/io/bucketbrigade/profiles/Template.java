package io.bucketbrigade.profiles;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key template such as {@code {dataset}/{sample}/{name}}: text with {@code {variable}} placeholders. A variable
 * without a value (an optional group that did not match) renders as nothing.
 */
public final class Template {

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final String text;
    private final List<String> parts = new ArrayList<>(); // even: literal, odd: variable name
    private final Set<String> variables = new LinkedHashSet<>();

    private Template(String text) {
        this.text = text;
        Matcher m = VARIABLE.matcher(text);
        int at = 0;
        while (m.find()) {
            parts.add(text.substring(at, m.start()));
            parts.add(m.group(1));
            variables.add(m.group(1));
            at = m.end();
        }
        parts.add(text.substring(at));
        for (int i = 0; i < parts.size(); i += 2) {
            if (parts.get(i).contains("{") || parts.get(i).contains("}")) {
                throw new IllegalArgumentException("'" + text + "' has a brace that is not part of a {variable}");
            }
        }
    }

    /** @throws IllegalArgumentException when the text has stray braces */
    public static Template of(String text) {
        return new Template(text);
    }

    public Set<String> variables() {
        return variables;
    }

    public String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 0) {
                out.append(parts.get(i));
            } else {
                String value = values.get(parts.get(i));
                out.append(value == null ? "" : value);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
