package io.bucketbrigade.routefiles;

import java.util.Arrays;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.support.CamelContextHelper;

/**
 * What one route file declares: its routes, its route configurations and its route templates, not yet added to
 * Camel. Routes made from templates ({@code templatedRoute}) are among the routes, already made.
 *
 * @param collection    the file's routes as the DSL built them, with any file-level onException or intercept
 * @param templates     the route templates the file declares (a file of templates declares nothing else)
 * @param usedTemplates the ids of the templates the file's {@code templatedRoute}s were made from
 */
record ParsedRouteFile(RoutesDefinition collection, List<RouteDefinition> routes,
        List<RouteConfigurationDefinition> configurations, List<RouteTemplateDefinition> templates,
        List<String> usedTemplates) {

    static final ParsedRouteFile EMPTY = new ParsedRouteFile(new RoutesDefinition(), List.of(), List.of(), List.of(),
            List.of());

    /**
     * Applies the route configurations each route names (error handling and the like), which must be in Camel
     * by now; a route naming a configuration that does not exist is refused rather than left without one.
     */
    void prepare() {
        for (RouteDefinition route : routes) {
            collection.prepareRoute(route);
            List<String> applied = route.getAppliedRouteConfigurationIds() == null ? List.of()
                    : List.copyOf(route.getAppliedRouteConfigurationIds());
            String named = route.getRouteConfigurationId() == null ? "" : route.getRouteConfigurationId();
            for (String wanted : Arrays.asList(named.split(","))) {
                if (!wanted.isBlank() && !wanted.contains("*") && !applied.contains(wanted.strip())) {
                    throw new RouteFileException("has route '" + route.getRouteId() + "' using route configuration '"
                            + wanted.strip() + "', which no route file declares");
                }
            }
        }
    }

    List<String> routeIds() {
        return routes.stream().map(RouteDefinition::getRouteId).toList();
    }

    /** The routes that start by themselves: all but those whose {@code autoStartup} resolves to false. */
    List<String> autoStartupRouteIds(CamelContext camel) {
        return routes.stream()
                .filter(route -> route.getAutoStartup() == null
                        || !Boolean.FALSE.equals(CamelContextHelper.parseBoolean(camel, route.getAutoStartup())))
                .map(RouteDefinition::getRouteId).toList();
    }

    List<String> configurationIds() {
        return configurations.stream().map(RouteConfigurationDefinition::getId).toList();
    }

    List<String> templateIds() {
        return templates.stream().map(RouteTemplateDefinition::getId).toList();
    }
}
