package io.bucketbrigade.ops;

import java.util.List;

import io.bucketbrigade.routefiles.RouteFileStatus;
import io.bucketbrigade.routefiles.RouteFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Routes and route files: what runs, from which file and version, and stop/start for operators. */
@RestController
@RequestMapping("/api")
@Tag(name = "routes", description = "Routes and the route files they come from")
class RoutesController {

    private final CamelContext camel;
    private final RouteFiles routeFiles;

    RoutesController(CamelContext camel, RouteFiles routeFiles) {
        this.camel = camel;
        this.routeFiles = routeFiles;
    }

    /** One route as operators see it. */
    record RouteView(String id, String description, String state, String file, String fileVersion,
            String from, long uptimeMillis) {}

    @GetMapping("/routes")
    @Operation(summary = "Every route, its state and the route file (and version) it comes from")
    List<RouteView> routes() {
        return camel.getRoutes().stream().map(this::view).toList();
    }

    @GetMapping("/routes/{id}")
    @Operation(summary = "One route")
    RouteView route(@PathVariable String id) {
        return view(find(id));
    }

    @PostMapping("/routes/{id}/stop")
    @Operation(summary = "Stop a route; messages for it wait until it is started again")
    RouteView stop(@PathVariable String id) throws Exception {
        camel.getRouteController().stopRoute(find(id).getRouteId());
        return route(id);
    }

    @PostMapping("/routes/{id}/start")
    @Operation(summary = "Start a stopped route")
    RouteView start(@PathVariable String id) throws Exception {
        camel.getRouteController().startRoute(find(id).getRouteId());
        return route(id);
    }

    @GetMapping("/route-files")
    @Operation(summary = "Every route file: state, running version, routes, and the error of a rejected edit")
    List<RouteFileStatus> routeFiles() {
        return routeFiles.statuses();
    }

    @PostMapping("/route-files/{file}/reload")
    @Operation(summary = "Load one route file again now")
    RouteFileStatus reload(@PathVariable String file) {
        try {
            return routeFiles.reload(file);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }

    private Route find(String id) {
        Route route = camel.getRoute(id);
        if (route == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No route with id '" + id + "'");
        }
        return route;
    }

    private RouteView view(Route route) {
        ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
        return new RouteView(route.getRouteId(), route.getDescription(), String.valueOf(status),
                routeFiles.fileOfRoute(route.getRouteId()).orElse(null),
                routeFiles.versionOfRoute(route.getRouteId()).orElse(null),
                route.getEndpoint().getEndpointBaseUri(), route.getUptimeMillis());
    }
}
