package io.bucketbrigade.routefiles;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Turns the text of a route file into route and route-configuration definitions without touching the running
 * routes. Rules that keep operators' edits safe are checked here: every route and configuration has an explicit
 * id, ids are unique in the file, and a route without a route configuration gets the default one, so that error
 * handling declared once applies to every route.
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
        if (content.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"))) {
            return ParsedRouteFile.EMPTY; // a file just created, or all commented out: no routes
        }
        Resource resource = ResourceHelper.fromString("file:" + fileName, content);
        List<RouteDefinition> routes = new ArrayList<>();
        List<RouteConfigurationDefinition> configurations = new ArrayList<>();
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
        checkIds(routes, configurations);
        for (RouteDefinition route : routes) {
            if (route.getRouteConfigurationId() == null && defaultConfigurationId != null) {
                route.setRouteConfigurationId(defaultConfigurationId);
            }
        }
        return new ParsedRouteFile(collection, List.copyOf(routes), List.copyOf(configurations));
    }

    private static void rejectUnsupported(RouteBuilder builder) {
        if (!builder.getRestCollection().getRests().isEmpty()) {
            throw new RouteFileException("declares rest services, which route files here may not (use /api)");
        }
        if (!builder.getRouteTemplateCollection().getRouteTemplates().isEmpty()
                || !builder.getTemplatedRouteCollection().getTemplatedRoutes().isEmpty()) {
            throw new RouteFileException("declares route templates, which hot-reloadable route files do not support yet");
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
