package io.bucketbrigade.datasets;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bucketbrigade.enrich.TamperedOutputs;
import io.bucketbrigade.idempotency.ObjectBusyException;
import io.bucketbrigade.promote.Approvals;
import io.bucketbrigade.promote.Manifest;
import io.bucketbrigade.promote.RetractionPlan;
import io.bucketbrigade.promote.Withdrawals;
import io.bucketbrigade.records.Approval;
import io.bucketbrigade.records.DatasetRecords;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Datasets for curators and operators: status per tier, checks, published versions, approval; and the approval
 * itself. Dataset ids may hold '/' (Cell Painting's {@code <project>/<source>}): the id is the rest of the path.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "datasets", description = "Status, checks, versions and approval of datasets")
class DatasetsController {

    private final DatasetRecords datasets;
    private final DatasetViews views;
    private final Approvals approvals;
    private final TamperedOutputs tamperedOutputs;
    private final Withdrawals withdrawals;

    DatasetsController(DatasetRecords datasets, DatasetViews views, Approvals approvals,
            TamperedOutputs tamperedOutputs, Withdrawals withdrawals) {
        this.datasets = datasets;
        this.views = views;
        this.approvals = approvals;
        this.tamperedOutputs = tamperedOutputs;
        this.withdrawals = withdrawals;
    }

    /** An operator's decision or action: approve or reject, retract (dry run first), deprecate a version. */
    record Decision(String decision, String reason, String by, Boolean dryRun) {}

    private static final Pattern DEPRECATION = Pattern.compile("^(.+)/versions/(\\d+)/deprecation$");

    @GetMapping("/datasets/{*id}")
    @Operation(summary = "A dataset: status per tier, files and bytes per tier, checks, summary, each sample's"
            + " verdict, published version, approval, and what it waits on when it has stalled")
    Map<String, Object> dataset(@PathVariable String id) {
        String datasetId = id.replaceFirst("^/", "");
        return views.of(datasetId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No dataset '" + datasetId + "'"));
    }

    @PostMapping("/datasets/{*path}")
    @Operation(summary = "POST /api/datasets/{id}/approval: approve or reject a dataset whose profile needs"
            + " approval ({\"decision\": \"approve\"|\"reject\", \"reason\": …}); recorded with who and when."
            + " POST /api/datasets/{id}/check: an operator checked the dataset again; ends its hold for tampered"
            + " outputs (recorded with who and when) and asks the promote hop to look."
            + " POST /api/datasets/{id}/retraction ({\"reason\": …, \"dryRun\": true|false}): the manifest becomes a"
            + " tombstone; published again only once a later state is checked (and approved where required)."
            + " POST /api/datasets/{id}/versions/{n}/deprecation ({\"reason\": …}): readers of the manifest see an"
            + " older version deprecated")
    Object post(@PathVariable String path, @RequestBody(required = false) Decision decision, Principal principal) {
        try {
            return act(path.replaceFirst("^/", ""), decision, principal);
        } catch (ObjectBusyException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "The dataset is being published or retracted;"
                    + " try again: " + e.getMessage());
        }
    }

    private Object act(String target, Decision decision, Principal principal) {
        if (target.endsWith("/check")) {
            return check(target.replaceFirst("/check$", ""), principal);
        }
        if (target.endsWith("/retraction")) {
            return retraction(target.replaceFirst("/retraction$", ""), decision, principal);
        }
        Matcher deprecation = DEPRECATION.matcher(target);
        if (deprecation.matches()) {
            return deprecation(deprecation.group(1), deprecation.group(2), decision, principal);
        }
        if (!target.endsWith("/approval")) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "POST /api/datasets/{id}/approval,"
                    + " /check, /retraction or /versions/{n}/deprecation only");
        }
        return approval(target, decision, principal);
    }

    private Map<String, Object> retraction(String datasetId, Decision request, Principal principal) {
        String reason = reasonOf(request);
        boolean dryRun = request.dryRun() != null && request.dryRun();
        RetractionPlan plan = withdrawals.retract(datasetId, reason, who(request, principal), dryRun);
        return switch (plan.verdict()) {
            case NO_DATASET -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, plan.detail());
            case NOT_PUBLISHED -> throw new ResponseStatusException(HttpStatus.CONFLICT, plan.detail());
            case RETRACTABLE, DELETES_LEFT -> {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("datasetId", datasetId);
                view.put("dryRun", dryRun);
                view.put("resumed", plan.verdict() == RetractionPlan.Verdict.DELETES_LEFT);
                view.put("retraction", plan.retraction().view());
                view.put("objectsDeleted", plan.deletesObjects());
                view.put("operations", plan.operations());
                yield view;
            }
        };
    }

    private Manifest deprecation(String datasetId, String version, Decision request, Principal principal) {
        String reason = reasonOf(request);
        if (datasets.find(datasetId).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No dataset '" + datasetId + "'");
        }
        try {
            return withdrawals.deprecate(datasetId, Integer.parseInt(version), reason, who(request, principal));
        } catch (IllegalArgumentException e) { // a version that is no number, or none production holds
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    private static String reasonOf(Decision request) {
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A reason is required ({\"reason\": …}):"
                    + " it is recorded and readers of the manifest see it");
        }
        return request.reason();
    }

    private static String who(Decision request, Principal principal) {
        return principal != null ? principal.getName() : request.by() != null ? request.by() : "anonymous";
    }

    private Map<String, Object> check(String datasetId, Principal principal) {
        if (datasets.find(datasetId).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No dataset '" + datasetId + "'");
        }
        String by = principal != null ? principal.getName() : "anonymous";
        Map<String, String> released = tamperedOutputs.checked(datasetId, by);
        approvals.requestPromotion(datasetId);
        return Map.of("datasetId", datasetId, "checkedBy", by, "released", released);
    }

    private Approval approval(String path, Decision decision, Principal principal) {
        String datasetId = path.replaceFirst("^/", "").replaceFirst("/approval$", "");
        if (decision == null || decision.decision() == null
                || !(decision.decision().equals("approve") || decision.decision().equals("reject"))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "decision must be 'approve' or 'reject'");
        }
        try {
            return approvals.decide(datasetId, decision.decision().equals("approve"), who(decision, principal),
                    decision.reason());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }
}
