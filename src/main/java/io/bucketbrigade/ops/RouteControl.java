package io.bucketbrigade.ops;

import java.util.List;
import java.util.NoSuchElementException;

import io.bucketbrigade.routefiles.RouteFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.stereotype.Component;

/** The routes as operators see them, and stopping and starting one: for the API, the console and JMX alike. */
@Component
public class RouteControl {

    /** One route: its state, and the route file (and version) it comes from. */
    public record RouteView(String id, String description, String state, String file, String fileVersion,
            String from, long uptimeMillis) {}

    private final CamelContext camel;
    private final RouteFiles routeFiles;

    RouteControl(CamelContext camel, RouteFiles routeFiles) {
        this.camel = camel;
        this.routeFiles = routeFiles;
    }

    public List<RouteView> routes() {
        return camel.getRoutes().stream().map(this::view).toList();
    }

    /** @throws NoSuchElementException no route has this id */
    public RouteView route(String id) {
        return view(find(id));
    }

    /** Stops a route; messages for it wait until it is started again. */
    public RouteView stop(String id) throws Exception {
        camel.getRouteController().stopRoute(find(id).getRouteId());
        return route(id);
    }

    public RouteView start(String id) throws Exception {
        camel.getRouteController().startRoute(find(id).getRouteId());
        return route(id);
    }

    private Route find(String id) {
        Route route = camel.getRoute(id);
        if (route == null) {
            throw new NoSuchElementException("No route with id '" + id + "'");
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
