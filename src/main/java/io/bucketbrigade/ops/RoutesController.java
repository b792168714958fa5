package io.bucketbrigade.ops;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;

import io.bucketbrigade.routefiles.RouteFileStatus;
import io.bucketbrigade.routefiles.RouteFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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

    private final RouteControl routes;
    private final RouteFiles routeFiles;

    RoutesController(RouteControl routes, RouteFiles routeFiles) {
        this.routes = routes;
        this.routeFiles = routeFiles;
    }

    @GetMapping("/routes")
    @Operation(summary = "Every route, its state and the route file (and version) it comes from")
    List<RouteControl.RouteView> routes() {
        return routes.routes();
    }

    @GetMapping("/routes/{id}")
    @Operation(summary = "One route")
    RouteControl.RouteView route(@PathVariable String id) {
        return found(() -> routes.route(id));
    }

    @PostMapping("/routes/{id}/stop")
    @Operation(summary = "Stop a route; messages for it wait until it is started again")
    RouteControl.RouteView stop(@PathVariable String id) {
        return found(() -> routes.stop(id));
    }

    @PostMapping("/routes/{id}/start")
    @Operation(summary = "Start a stopped route")
    RouteControl.RouteView start(@PathVariable String id) {
        return found(() -> routes.start(id));
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

    private static RouteControl.RouteView found(Callable<RouteControl.RouteView> action) {
        try {
            return action.call();
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (Exception e) {
            throw new ResponseStatusException(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage(), e);
        }
    }
}
