package io.bucketbrigade.console;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.bucketbrigade.jobs.JobRequestErrors;
import io.bucketbrigade.jobs.Jobs;
import io.bucketbrigade.ops.RouteControl;
import io.bucketbrigade.routefiles.RouteFiles;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Jobs (progress, history, run now) and routes (state, route files, stop and start). */
@Controller
class OperationsPages {

    private final Jobs jobs;
    private final RouteControl routes;
    private final RouteFiles routeFiles;

    OperationsPages(Jobs jobs, RouteControl routes, RouteFiles routeFiles) {
        this.jobs = jobs;
        this.routes = routes;
        this.routeFiles = routeFiles;
    }

    @GetMapping("/jobs")
    String jobs(Model model) {
        jobsTable(model);
        return "console/jobs";
    }

    /** The jobs' table alone: the page asks for it again while a run is in progress. */
    @GetMapping("/jobs/table")
    String jobsTable(Model model) {
        List<Map<String, Object>> views = jobs.names().stream().map(name -> jobs.view(name).orElseThrow()).toList();
        model.addAttribute("jobs", views);
        model.addAttribute("history", jobs.names().stream().collect(java.util.stream.Collectors.toMap(name -> name,
                name -> jobs.history(name, 5))));
        model.addAttribute("running", views.stream().anyMatch(view -> view.get("running") != null));
        return "console/jobs :: table";
    }

    @PostMapping("/jobs/{name}/run")
    String run(@PathVariable String name, @RequestParam(defaultValue = "false") boolean dryRun,
            Authentication user, RedirectAttributes redirect) {
        try {
            var run = jobs.start(name, "console" + (user == null ? "" : ":" + user.getName()), dryRun, Map.of());
            redirect.addFlashAttribute("notice", "Job " + name + (dryRun ? " (dry run)" : "") + " started: run "
                    + run.id());
        } catch (NoSuchElementException | IllegalArgumentException | IllegalStateException e) {
            throw JobRequestErrors.of(e);
        }
        return "redirect:/jobs";
    }

    @GetMapping("/routes")
    String routes(Model model) {
        model.addAttribute("routes", routes.routes());
        model.addAttribute("files", routeFiles.statuses());
        return "console/routes";
    }

    @PostMapping("/routes/{id}/{action:stop|start}")
    String control(@PathVariable String id, @PathVariable String action, RedirectAttributes redirect)
            throws Exception {
        try {
            RouteControl.RouteView route = action.equals("stop") ? routes.stop(id) : routes.start(id);
            redirect.addFlashAttribute("notice", "Route " + id + " is " + route.state());
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        return "redirect:/routes";
    }
}
