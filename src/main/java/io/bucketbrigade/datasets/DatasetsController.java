package io.bucketbrigade.datasets;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bucketbrigade.enrich.TamperedOutputs;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.promote.Approvals;
import io.bucketbrigade.promote.Promoter;
import io.bucketbrigade.records.Attributes;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.ObjectLedger;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Datasets for curators and operators: status per tier, checks, published versions, approval; and the approval
 * itself. Dataset ids may hold '/' (Cell Painting's {@code <project>/<source>}): the id is the rest of the path.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "datasets", description = "Status, checks, versions and approval of datasets")
class DatasetsController {

    private final ObjectLedger ledger;
    private final Catalogue catalogue;
    private final Promoter promoter;
    private final Approvals approvals;
    private final ProfileCatalog profiles;
    private final StalledDatasets stalled;
    private final TamperedOutputs tamperedOutputs;

    DatasetsController(ObjectLedger ledger, Catalogue catalogue, Promoter promoter, Approvals approvals,
            ProfileCatalog profiles, StalledDatasets stalled, TamperedOutputs tamperedOutputs) {
        this.tamperedOutputs = tamperedOutputs;
        this.ledger = ledger;
        this.catalogue = catalogue;
        this.promoter = promoter;
        this.approvals = approvals;
        this.profiles = profiles;
        this.stalled = stalled;
    }

    /** An operator's decision. */
    record Decision(String decision, String reason, String by) {}

    @GetMapping("/datasets/{*id}")
    @Operation(summary = "A dataset: status per tier, files and bytes per tier, checks, summary, each sample's"
            + " verdict, published version, approval, and what it waits on when it has stalled")
    Map<String, Object> dataset(@PathVariable String id) {
        String datasetId = id.replaceFirst("^/", "");
        Map<String, AttributeValue> experiment = ledger.experiment(datasetId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No dataset '" + datasetId + "'"));
        Document asset = catalogue.asset(datasetId).orElse(new Document());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("datasetId", datasetId);
        view.put("profile", plain(experiment, "profile"));
        view.put("location", asset.getString("location"));
        view.put("status", plain(experiment, "status"));
        view.put("metadataStatus", asset.getString("metadata_status"));
        view.put("checks", plain(experiment, "checks"));
        Object summary = plain(experiment, "summary");
        view.put("summary", summary);
        // each sample's own verdict (profiles with samples): one bad sample keeps the whole dataset unpublished
        view.put("samples", summary instanceof Map<?, ?> figures ? figures.get("samples") : null);
        Map<String, Object> files = new LinkedHashMap<>();
        Map<String, Object> bytes = new LinkedHashMap<>();
        for (String tier : new String[] {"original", "source", "processed", "production"}) {
            files.put(tier, plain(experiment, tier + "Files"));
            bytes.put(tier, plain(experiment, tier + "Bytes"));
        }
        files.put("rejected", plain(experiment, "rejectedFiles"));
        view.put("files", files);
        view.put("bytes", bytes);
        String profile = (String) plain(experiment, "profile");
        view.put("approvalRequired", profiles.profile(profile).map(p -> p.approvalRequired()).orElse(false));
        view.put("approval", plain(experiment, "approval"));
        view.put("tampered", ObjectLedger.tampered(experiment));
        view.put("published", promoter.manifest(datasetId).map(m -> Map.of("version", m.version(),
                "publishedAt", m.publishedAt(), "prefix", m.prefix(), "files", m.files().size())).orElse(null));
        view.put("stalled", stalled.of(experiment).map(Stall::view).orElse(null));
        view.put("createdDate", plain(experiment, "createdDate"));
        view.put("lastModified", plain(experiment, "lastModified"));
        return view;
    }

    @PostMapping("/datasets/{*path}")
    @Operation(summary = "POST /api/datasets/{id}/approval: approve or reject a dataset whose profile needs"
            + " approval ({\"decision\": \"approve\"|\"reject\", \"reason\": …}); recorded with who and when."
            + " POST /api/datasets/{id}/check: an operator checked the dataset again; ends its hold for tampered"
            + " outputs (recorded with who and when) and asks the promote hop to look")
    Object post(@PathVariable String path, @RequestBody(required = false) Decision decision, Principal principal) {
        if (path.endsWith("/check")) {
            return check(path.replaceFirst("^/", "").replaceFirst("/check$", ""), principal);
        }
        if (!path.endsWith("/approval")) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "POST /api/datasets/{id}/approval or"
                    + " /api/datasets/{id}/check only");
        }
        return approval(path, decision, principal);
    }

    private Map<String, Object> check(String datasetId, Principal principal) {
        if (ledger.experiment(datasetId).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No dataset '" + datasetId + "'");
        }
        String by = principal != null ? principal.getName() : "anonymous";
        Map<String, String> released = tamperedOutputs.checked(datasetId, by);
        approvals.requestPromotion(datasetId);
        return Map.of("datasetId", datasetId, "checkedBy", by, "released", released);
    }

    private Approvals.Approval approval(String path, Decision decision, Principal principal) {
        String datasetId = path.replaceFirst("^/", "").replaceFirst("/approval$", "");
        if (decision == null || decision.decision() == null
                || !(decision.decision().equals("approve") || decision.decision().equals("reject"))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "decision must be 'approve' or 'reject'");
        }
        String by = principal != null ? principal.getName() : decision.by() != null ? decision.by() : "anonymous";
        try {
            return approvals.decide(datasetId, decision.decision().equals("approve"), by, decision.reason());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    private static Object plain(Map<String, AttributeValue> item, String name) {
        return Attributes.plain(item.get(name));
    }
}
