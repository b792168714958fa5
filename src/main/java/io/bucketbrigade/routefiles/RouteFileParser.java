package io.bucketbrigade.routefiles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.DefaultRouteTemplateContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.StringHelper;

/**
 * Turns the text of a route file into route and route-configuration definitions without touching the running
 * routes. Rules that keep operators' edits safe are checked here: every route and configuration has an explicit
 * id, ids are unique in the file, and a route without a route configuration gets the default one, so that error
 * handling declared once applies to every route.
 * <p>
 * Route templates ({@code routeTemplate}) live in files of their own. A {@code templatedRoute} is made into its route
 * here, from the templates given, as Camel's model would make it (parameters with their defaults become the route's
 * local properties, {@code {{name}}} in the template); a template that does not exist, a required parameter left
 * out or a parameter the template does not declare is refused with the file's line.
 */
class RouteFileParser {

    private final CamelContext camel;
    private final String defaultConfigurationId;

    RouteFileParser(CamelContext camel, String defaultConfigurationId) {
        this.camel = camel;
        this.defaultConfigurationId = defaultConfigurationId;
    }

    /**
     * @param fileName the file's name, whose extension selects the DSL ({@code .camel.yaml})
     * @throws RouteFileException when the text does not parse or breaks a rule above
     */
    ParsedRouteFile parse(String fileName, String content) {
        return parse(fileName, content, RouteTemplates.NONE);
    }

    /**
     * @param templates the templates the file's {@code templatedRoute}s may name
     * @throws RouteFileException when the text does not parse or breaks a rule above
     */
    ParsedRouteFile parse(String fileName, String content, RouteTemplates templates) {
        if (content.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"))) {
            return ParsedRouteFile.EMPTY; // a file just created, or all commented out: no routes
        }
        checkNesting(content);
        Resource resource = ResourceHelper.fromString("file:" + fileName, content);
        List<RouteDefinition> routes = new ArrayList<>();
        List<RouteConfigurationDefinition> configurations = new ArrayList<>();
        List<RouteTemplateDefinition> declaredTemplates = new ArrayList<>();
        List<TemplatedRouteDefinition> templated = new ArrayList<>();
        RoutesDefinition collection = new RoutesDefinition();
        try {
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
                if (builder instanceof RouteConfigurationBuilder configurationBuilder) {
                    // configurations first: the YAML builder then skips those nodes when it reads the routes
                    configurationBuilder.setCamelContext(camel);
                    configurationBuilder.getRouteConfigurationCollection().setCamelContext(camel);
                    configurationBuilder.configuration();
                    configurations.addAll(configurationBuilder.getRouteConfigurationCollection().getRouteConfigurations());
                }
                if (builder instanceof RouteBuilder routeBuilder) {
                    // configure() builds the definitions; they are prepared (route configurations applied) only
                    // when deployed, once the configurations they name are in Camel
                    routeBuilder.setCamelContext(camel);
                    routeBuilder.getRouteCollection().setCamelContext(camel);
                    routeBuilder.configure();
                    rejectUnsupported(routeBuilder);
                    collection = routeBuilder.getRouteCollection();
                    routes.addAll(collection.getRoutes());
                    declaredTemplates.addAll(routeBuilder.getRouteTemplateCollection().getRouteTemplates());
                    templated.addAll(routeBuilder.getTemplatedRouteCollection().getTemplatedRoutes());
                } else {
                    throw new RouteFileException("holds a kind of routes builder this server cannot reload: "
                            + builder.getClass().getName());
                }
            }
        } catch (RouteFileException e) {
            throw e;
        } catch (Exception e) {
            throw new RouteFileException("does not parse: " + RouteFileException.describe(e), e);
        }
        if (!declaredTemplates.isEmpty() && !(routes.isEmpty() && configurations.isEmpty() && templated.isEmpty())) {
            throw new RouteFileException("declares route templates beside routes; keep templates in a file of their"
                    + " own, so that editing one rebuilds only the routes made from it");
        }
        checkTemplates(declaredTemplates, content);
        Set<String> used = new LinkedHashSet<>();
        for (TemplatedRouteDefinition wanted : templated) {
            routes.add(instantiate(wanted, templates, content));
            used.add(wanted.getRouteTemplateRef());
        }
        checkIds(routes, configurations);
        for (RouteDefinition route : routes) {
            if (route.getRouteConfigurationId() == null && defaultConfigurationId != null) {
                route.setRouteConfigurationId(defaultConfigurationId);
            }
        }
        return new ParsedRouteFile(collection, List.copyOf(routes), List.copyOf(configurations),
                List.copyOf(declaredTemplates), List.copyOf(used));
    }

    /** Makes the route a {@code templatedRoute} asks for, as Camel's model does when it adds one. */
    private RouteDefinition instantiate(TemplatedRouteDefinition wanted, RouteTemplates templates, String content) {
        String templateId = wanted.getRouteTemplateRef();
        String routeId = wanted.getRouteId();
        if (routeId == null || routeId.isBlank()) {
            throw new RouteFileException("has a templatedRoute of template '" + templateId + "' without a routeId"
                    + at(content, "routeTemplateRef", templateId) + "; give every route an id");
        }
        String where = "has templatedRoute '" + routeId + "'" + at(content, "routeId", routeId);
        if (templateId == null || templateId.isBlank()) {
            throw new RouteFileException(where + " without a routeTemplateRef");
        }
        RouteTemplateDefinition template = templates.find(templateId).orElseThrow(() -> new RouteFileException(
                where + " naming route template '" + templateId + "', which no template file declares"));
        Map<String, String> declared = new LinkedHashMap<>();
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (RouteTemplateParameterDefinition parameter : parameters(template)) {
            declared.put(parameter.getName(), parameter.getDefaultValue());
            if (parameter.getDefaultValue() != null) {
                defaults.put(parameter.getName(), parameter.getDefaultValue());
            }
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (TemplatedRouteParameterDefinition parameter : wanted.getParameters()) {
            if (!declared.containsKey(parameter.getName())) {
                throw new RouteFileException(where + " setting parameter '" + parameter.getName()
                        + "', which route template '" + templateId + "' does not declare (it has " + declared.keySet()
                        + ")");
            }
            if (given.put(parameter.getName(), parameter.getValue()) != null) {
                throw new RouteFileException(where + " setting parameter '" + parameter.getName() + "' twice");
            }
        }
        List<String> missing = parameters(template).stream()
                .filter(p -> p.isRequired() && p.getDefaultValue() == null && given.get(p.getName()) == null)
                .map(RouteTemplateParameterDefinition::getName).toList();
        if (!missing.isEmpty()) {
            throw new RouteFileException(where + " without the required parameter" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + " of route template '" + templateId + "'");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        defaults.forEach((name, value) -> putBothStyles(values, name, value));
        given.forEach((name, value) -> putBothStyles(values, name, value));
        // a default may name other parameters ({{brigade.jobs.{{job}}.cron}}): filled in before Camel reads it
        values.replaceAll((name, value) -> value instanceof String text ? fill(text, values) : value);

        DefaultRouteTemplateContext context = new DefaultRouteTemplateContext(camel);
        values.forEach(context::setParameter);
        RouteDefinition route = template.asRouteDefinition();
        route.routeId(routeId);
        route.setTemplate(true);
        route.setNodePrefixId(wanted.getPrefixId() == null ? routeId + "-" : wanted.getPrefixId());
        route.setTemplateParameters(values);
        route.setTemplateDefaultParameters(defaults);
        route.setRouteTemplateContext(context);
        route.setResource(wanted.getResource());
        // the route's own settings are read before Camel builds it (status, auto-start): filled in here
        route.setDescription(fill(template.getRoute().getDescription(), values));
        route.setAutoStartup(fill(route.getAutoStartup(), values));
        route.setRouteConfigurationId(fill(route.getRouteConfigurationId(), values));
        route.setGroup(fill(route.getGroup(), values));
        return route;
    }

    private static List<RouteTemplateParameterDefinition> parameters(RouteTemplateDefinition template) {
        return template.getTemplateParameters() == null ? List.of() : template.getTemplateParameters();
    }

    /** Camel takes a parameter by its camelCase and its kebab-case name alike. */
    private static void putBothStyles(Map<String, Object> values, String name, Object value) {
        values.put(name, value);
        values.put(StringHelper.dashToCamelCase(name), value);
        values.put(StringHelper.camelCaseToDash(name), value);
    }

    /** Levels of nesting a route file may have (the shipped ones use about 15). */
    static final int MAX_DEPTH = 100;

    private static final YAMLFactory YAML = new YAMLFactory();

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}?:]+)}}");

    /** Replaces {@code {{parameter}}} by the parameter's value; other placeholders stay for Camel to resolve. */
    private static String fill(String text, Map<String, Object> values) {
        String filled = text;
        for (int pass = 0; pass < 5 && filled != null; pass++) { // parameters within parameters, a few deep
            String next = fillOnce(filled, values);
            if (next.equals(filled)) {
                break;
            }
            filled = next;
        }
        return filled;
    }

    private static String fillOnce(String text, Map<String, Object> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            Object value = values.get(matcher.group(1).strip());
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value == null ? matcher.group() : value.toString()));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    /** " (line N)" for the first line that sets {@code key} to {@code value}, or nothing when none does. */
    private static String at(String content, String key, String value) {
        if (value == null) {
            return "";
        }
        Pattern line = Pattern.compile("^\\s*(- )?" + Pattern.quote(key) + ":\\s*[\"']?" + Pattern.quote(value)
                + "[\"']?\\s*(#.*)?$");
        List<String> lines = content.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (line.matcher(lines.get(i)).matches()) {
                return " (line " + (i + 1) + ")";
            }
        }
        return "";
    }

    private static void checkTemplates(List<RouteTemplateDefinition> templates, String content) {
        Set<String> seen = new HashSet<>();
        for (RouteTemplateDefinition template : templates) {
            if (template.getId() == null || template.getId().isBlank()) {
                throw new RouteFileException("has a routeTemplate without an id");
            }
            String where = "has route template '" + template.getId() + "'" + at(content, "id", template.getId());
            if (!seen.add(template.getId())) {
                throw new RouteFileException("declares route template '" + template.getId() + "' twice");
            }
            if (template.getRoute() == null || template.getRoute().getInput() == null) {
                throw new RouteFileException(where + " without a route (from)");
            }
            Set<String> names = new HashSet<>();
            for (RouteTemplateParameterDefinition parameter : parameters(template)) {
                if (parameter.getName() == null || parameter.getName().isBlank()) {
                    throw new RouteFileException(where + " with a parameter without a name");
                }
                if (!names.add(parameter.getName())) {
                    throw new RouteFileException(where + " declaring parameter '" + parameter.getName() + "' twice");
                }
            }
        }
    }

    /**
     * Refuses a file nested deeper than any route needs before Camel's YAML reader sees it: that reader recurses
     * once a level, and thousands of {@code [} overflow its stack (an Error, not a parse failure). Text that is not
     * YAML is left to Camel, whose message names what is wrong.
     */
    static void checkNesting(String content) {
        try (JsonParser yaml = YAML.createParser(content)) {
            int depth = 0;
            for (JsonToken token = yaml.nextToken(); token != null; token = yaml.nextToken()) {
                if (token.isStructStart() && ++depth > MAX_DEPTH) {
                    throw new RouteFileException("nested more than " + MAX_DEPTH + " levels deep at line "
                            + yaml.currentLocation().getLineNr() + "; a route file needs far fewer");
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
        } catch (IOException | RuntimeException notYaml) {
            if (notYaml instanceof RouteFileException refused) {
                throw refused;
            }
        }
    }

    private static void rejectUnsupported(RouteBuilder builder) {
        if (!builder.getRestCollection().getRests().isEmpty()) {
            throw new RouteFileException("declares rest services, which route files here may not (use /api)");
        }
    }

    private static void checkIds(List<RouteDefinition> routes, List<RouteConfigurationDefinition> configurations) {
        Set<String> seen = new HashSet<>();
        for (RouteDefinition route : routes) {
            if (!route.hasCustomIdAssigned()) {
                throw new RouteFileException("has a route without an id (from " + route.getEndpointUrl()
                        + "); give every route an 'id' so operators can find it in JMX and logs");
            }
            if (!seen.add(route.getRouteId())) {
                throw new RouteFileException("declares route id '" + route.getRouteId() + "' twice");
            }
        }
        for (RouteConfigurationDefinition configuration : configurations) {
            if (!configuration.hasCustomIdAssigned()) {
                throw new RouteFileException("has a routeConfiguration without an id");
            }
            if (!seen.add(configuration.getId())) {
                throw new RouteFileException("declares id '" + configuration.getId() + "' twice");
            }
        }
    }
}
