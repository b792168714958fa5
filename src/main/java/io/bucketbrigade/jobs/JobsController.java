package io.bucketbrigade.jobs;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Jobs: what they are, their schedule and progress, and running one now (with a dry run). */
@RestController
@RequestMapping("/api")
@Tag(name = "jobs", description = "Reconcile, verify, promote and re-drive jobs")
class JobsController {

    private final Jobs jobs;

    JobsController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/jobs")
    @Operation(summary = "Every job: description, schedule, switched on or off, the run in progress and the last")
    List<Map<String, Object>> jobs() {
        return jobs.names().stream().map(this::view).toList();
    }

    @GetMapping("/jobs/{name}")
    @Operation(summary = "One job, its run in progress (done/total, rate) and its latest runs")
    Map<String, Object> job(@PathVariable String name) {
        Map<String, Object> view = view(name);
        view.put("history", jobs.history(name, 10));
        return view;
    }

    @PostMapping("/jobs/{name}")
    @Operation(summary = "Run a job now. dryRun lists the planned operations, one per line, and writes nothing;"
            + " wait=false returns at once (202) and the run shows under GET /api/jobs/{name}")
    ResponseEntity<Map<String, Object>> run(@PathVariable String name,
            @RequestParam(defaultValue = "false") boolean dryRun, @RequestParam(defaultValue = "true") boolean wait,
            @RequestBody(required = false) Map<String, String> parameters) {
        JobRun run = launch(name, dryRun, wait, parameters);
        return ResponseEntity.status(wait ? HttpStatus.OK : HttpStatus.ACCEPTED).body(run.view());
    }

    @PostMapping(path = "/jobs/{name}", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "Run a job now and return its operations (with dryRun: planned), one per line")
    String runAsText(@PathVariable String name, @RequestParam(defaultValue = "false") boolean dryRun,
            @RequestBody(required = false) Map<String, String> parameters) {
        return launch(name, dryRun, true, parameters).operations().lines().stream().map(line -> line + "\n")
                .collect(Collectors.joining());
    }

    @PostMapping("/jobs/{name}/enabled")
    @Operation(summary = "Switch a job on (value=true) or off (value=false) on every instance, restarts included,"
            + " until switched again (kept in DynamoDB; it overrides brigade.jobs.{name}.enabled)")
    Map<String, Object> switchTo(@PathVariable String name, @RequestParam boolean value, Principal principal) {
        try {
            jobs.switchTo(name, value, principal != null ? principal.getName() : "api");
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        return view(name);
    }

    private JobRun launch(String name, boolean dryRun, boolean wait, Map<String, String> parameters) {
        Map<String, String> given = parameters == null ? Map.of() : parameters;
        try {
            return wait ? jobs.run(name, "api", dryRun, given) : jobs.start(name, "api", dryRun, given);
        } catch (NoSuchElementException | IllegalArgumentException | IllegalStateException e) {
            throw JobRequestErrors.of(e);
        }
    }

    private Map<String, Object> view(String name) {
        return jobs.view(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No job named '" + name + "'"));
    }
}
