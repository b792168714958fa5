package io.bucketbrigade.staging;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Staging sandboxes: copies of production datasets under a sandbox prefix in a non-production environment. */
@RestController
@RequestMapping("/api")
@Tag(name = "staging", description = "Stage and unstage datasets (Cellenics stage tool semantics)")
class StagingController {

    private final Stager stager;

    StagingController(Stager stager) {
        this.stager = stager;
    }

    /** A stage request; from defaults to production, to to staging. */
    record StageRequest(String sandboxId, List<String> datasets, String from, String to, boolean dryRun) {}

    /** An unstage request; env defaults to staging. */
    record UnstageRequest(String sandboxId, String env, boolean dryRun) {}

    @PostMapping("/stage")
    @Operation(summary = "Copy datasets from production into a staging sandbox (keys and ids prefixed"
            + " <sandboxId>-, same-ETag objects skipped, pipeline handles blanked); refuses any production target")
    Stager.Report stage(@RequestBody StageRequest request) {
        try {
            return stager.stage(request.sandboxId(), request.datasets(),
                    request.from() == null ? "production" : request.from(),
                    request.to() == null ? "staging" : request.to(), request.dryRun());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    @PostMapping("/unstage")
    @Operation(summary = "Delete every object and item of a sandbox from staging")
    Stager.Report unstage(@RequestBody UnstageRequest request) {
        try {
            return stager.unstage(request.sandboxId(), request.env() == null ? "staging" : request.env(),
                    request.dryRun());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }
}
