package io.bucketbrigade.routefiles;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.camel.model.RouteTemplateDefinition;

/**
 * The route templates that route files can instantiate with {@code templatedRoute}: those declared by the template
 * files as last accepted, kept as text (file name to content). Each look-up parses the text again, so that routes
 * made from one template share no model objects with each other or with an earlier version of the template.
 */
final class RouteTemplates {

    static final RouteTemplates NONE = new RouteTemplates(null, Map.of());

    private final RouteFileParser parser;
    private final Map<String, String> files;

    RouteTemplates(RouteFileParser parser, Map<String, String> files) {
        this.parser = parser;
        this.files = Map.copyOf(files);
    }

    /** The template files, by name. */
    Map<String, String> files() {
        return files;
    }

    RouteTemplates with(String file, String content) {
        Map<String, String> next = new TreeMap<>(files);
        next.put(file, content);
        return new RouteTemplates(parser, next);
    }

    RouteTemplates without(String file) {
        Map<String, String> next = new TreeMap<>(files);
        next.remove(file);
        return new RouteTemplates(parser, next);
    }

    /** A new definition of the template with this id, or empty when no template file declares it. */
    Optional<RouteTemplateDefinition> find(String id) {
        for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
            for (RouteTemplateDefinition template : parser.parse(file.getKey(), file.getValue(), NONE).templates()) {
                if (id.equals(template.getId())) {
                    return Optional.of(template);
                }
            }
        }
        return Optional.empty();
    }

    /** The file that declares the template with this id. */
    Optional<String> fileOf(String id) {
        for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
            if (parser.parse(file.getKey(), file.getValue(), NONE).templateIds().contains(id)) {
                return Optional.of(file.getKey());
            }
        }
        return Optional.empty();
    }
}
