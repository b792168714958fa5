package io.bucketbrigade.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bucketbrigade.datasets.DatasetViews;
import io.bucketbrigade.idempotency.ObjectBusyException;
import io.bucketbrigade.profiles.DatasetProfile;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.promote.Approvals;
import io.bucketbrigade.promote.Manifest;
import io.bucketbrigade.promote.Manifests;
import io.bucketbrigade.promote.RetractionPlan;
import io.bucketbrigade.promote.Withdrawals;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.Lineage;
import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's datasets: the table (filtered by profile, status and tier, counted per tier, a page at a time) and a
 * dataset's page (files per tier, checks, versions, approval, retraction, and a file's lineage drawn).
 */
@Controller
class DatasetPages {

    static final int PAGE_SIZE = 50;

    private final Catalogue catalogue;
    private final DatasetRecords datasets;
    private final DatasetViews views;
    private final ProfileCatalog profiles;
    private final Manifests manifests;
    private final Lineage lineage;
    private final Approvals approvals;
    private final Withdrawals withdrawals;
    private final LineagePictures pictures;

    DatasetPages(Catalogue catalogue, DatasetRecords datasets, DatasetViews views, ProfileCatalog profiles,
            Manifests manifests, Lineage lineage, Approvals approvals, Withdrawals withdrawals,
            LineagePictures pictures) {
        this.catalogue = catalogue;
        this.datasets = datasets;
        this.views = views;
        this.profiles = profiles;
        this.manifests = manifests;
        this.lineage = lineage;
        this.approvals = approvals;
        this.withdrawals = withdrawals;
        this.pictures = pictures;
    }

    /** A row of the datasets table: the catalogue's entry, and the production status from the dataset's record. */
    record Row(String id, String profile, String verdict, String production, String tier, Integer version,
            Date lastModified) {}

    @GetMapping("/")
    String table(@RequestParam(required = false) String profile, @RequestParam(required = false) String status,
            @RequestParam(required = false) String tier, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int page, Model model) {
        page = Math.max(0, Math.min(page, Integer.MAX_VALUE / PAGE_SIZE - 1));
        Catalogue.DatasetQuery query = new Catalogue.DatasetQuery(blankToNull(profile), blankToNull(status),
                blankToNull(tier), blankToNull(q));
        if (query.tier() != null && !Catalogue.TIERS.contains(query.tier())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "No tier '" + tier + "': the tiers are "
                    + Catalogue.TIERS);
        }
        Catalogue.DatasetPage found = catalogue.datasets(query, page, PAGE_SIZE);
        Map<String, DatasetRecord> records = datasets.findAll(found.rows().stream().map(r -> r.getString("name"))
                .toList());
        List<Row> rows = found.rows().stream().map(asset -> row(asset, records.get(asset.getString("name"))))
                .toList();
        model.addAttribute("query", query);
        model.addAttribute("self", link(query, query.tier(), page));
        Map<String, String> tierLinks = new LinkedHashMap<>();
        tierLinks.put("all", link(query, null, 0));
        Catalogue.TIERS.forEach(t -> tierLinks.put(t, link(query, t, 0)));
        model.addAttribute("tierLinks", tierLinks);
        model.addAttribute("previous", page > 0 ? link(query, query.tier(), page - 1) : null);
        model.addAttribute("next", (long) (page + 1) * PAGE_SIZE < found.total() ? link(query, query.tier(), page + 1)
                : null);
        model.addAttribute("rows", rows);
        model.addAttribute("total", found.total());
        model.addAttribute("perTier", found.perTier());
        model.addAttribute("page", page);
        model.addAttribute("pages", Math.max(1, (found.total() + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("profiles", profiles.profiles().stream().map(DatasetProfile::name).sorted().toList());
        model.addAttribute("statuses", List.of("Valid", "Invalid", "Unknown", "published", "retracted"));
        return "console/datasets";
    }

    /** The table's address with this query, tier and page. */
    private static String link(Catalogue.DatasetQuery query, String tier, int page) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/");
        if (query.profile() != null) {
            uri.queryParam("profile", query.profile());
        }
        if (query.status() != null) {
            uri.queryParam("status", query.status());
        }
        if (tier != null) {
            uri.queryParam("tier", tier);
        }
        if (query.search() != null) {
            uri.queryParam("q", query.search());
        }
        if (page > 0) {
            uri.queryParam("page", page);
        }
        return uri.encode().build().toUriString();
    }

    private static Row row(Document asset, DatasetRecord record) {
        String tier = Catalogue.tierOf(asset);
        String production = record == null || record.status().production() == null ? null
                : record.status().production().wire();
        return new Row(asset.getString("name"), asset.getString("profile"), asset.getString("metadata_status"),
                production, tier, asset.getInteger("version"), asset.getDate("last_modified"));
    }

    @GetMapping("/datasets/{*id}")
    String dataset(@PathVariable String id, @RequestParam(required = false) String upload, Model model) {
        String datasetId = id.replaceFirst("^/", "");
        // read once here for the view and for the page's files and versions
        Document asset = catalogue.asset(datasetId).orElse(new Document());
        Manifest manifest = manifests.current(datasetId).orElse(null);
        Map<String, Object> view = views.of(datasetId, asset, manifest).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "No dataset '" + datasetId + "': it has no record. Datasets appear once a"
                + " file of theirs is received; check the id, or look for its uploads under Problems."));
        List<Document> events = lineage.ofDataset(datasetId);
        // each upload's first step that names the dataset (the copy to source) stands for the upload
        Map<String, Document> byUpload = new LinkedHashMap<>();
        events.stream().filter(e -> e.getString("upload") != null)
                .forEach(e -> byUpload.putIfAbsent(e.getString("upload"), e));
        List<Document> uploads = List.copyOf(byUpload.values());
        // shown first: a file that reached source, rather than one refused
        String shown = upload != null ? upload : events.stream().filter(e -> "copied".equals(e.getString("step")))
                .map(e -> e.getString("upload")).findFirst()
                .orElse(uploads.isEmpty() ? null : uploads.get(0).getString("upload"));
        model.addAttribute("d", view);
        model.addAttribute("files", asset.getList("files", Document.class, List.of()));
        model.addAttribute("versions", newestFirst(events.stream()
                .filter(e -> "published".equals(e.getString("step"))).toList()));
        model.addAttribute("history", newestFirst(events.stream().filter(e -> e.getString("upload") == null)
                .toList()));
        model.addAttribute("uploads", uploads);
        model.addAttribute("upload", shown);
        model.addAttribute("chain", shown == null ? List.of() : pictures.of(lineage.ofUpload(shown)));
        model.addAttribute("manifest", manifest);
        return "console/dataset";
    }

    /** The dataset's manifest in production, as readers see it. */
    @GetMapping(path = "/manifest", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Manifest> manifest(@RequestParam String dataset) {
        return ResponseEntity.ok(manifests.current(dataset).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "Dataset '" + dataset + "' has no manifest in production")));
    }

    @PostMapping("/datasets/{*path}")
    String act(@PathVariable String path, @RequestParam(required = false) String decision,
            @RequestParam(required = false) String reason, @RequestParam(defaultValue = "true") boolean dryRun,
            Authentication user, Model model, RedirectAttributes redirect) {
        String target = path.replaceFirst("^/", "");
        String by = user == null ? "console" : user.getName();
        try {
            if (target.endsWith("/approval")) {
                String datasetId = target.substring(0, target.length() - "/approval".length());
                if (!"approve".equals(decision) && !"reject".equals(decision)) {
                    throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The decision is 'approve' or"
                            + " 'reject', not '" + decision + "'");
                }
                approvals.decide(datasetId, decision.equals("approve"), by, blankToNull(reason));
                redirect.addFlashAttribute("notice", "Dataset " + datasetId + " " + decision + "d by " + by
                        + (decision.equals("approve") ? ": the promote hop publishes it now." : "."));
                return "redirect:/datasets/" + encode(datasetId);
            }
            if (target.endsWith("/retraction")) {
                String datasetId = target.substring(0, target.length() - "/retraction".length());
                if (blankToNull(reason) == null) {
                    throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A retraction needs a reason: it is"
                            + " recorded, and readers of the manifest see it");
                }
                RetractionPlan plan = withdrawals.retract(datasetId, reason, by, dryRun);
                switch (plan.verdict()) {
                    case NO_DATASET -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, plan.detail());
                    case NOT_PUBLISHED -> throw new ResponseStatusException(HttpStatus.CONFLICT, plan.detail());
                    default -> { }
                }
                if (dryRun) {
                    redirect.addFlashAttribute("dryRun", Map.of("reason", reason, "outcome", plan.outcome(),
                            "operations", plan.operations()));
                } else {
                    redirect.addFlashAttribute("notice", "Dataset " + datasetId + " retracted by " + by + ": "
                            + plan.outcome());
                }
                return "redirect:/datasets/" + encode(datasetId);
            }
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IllegalStateException | ObjectBusyException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
        throw new ResponseStatusException(HttpStatus.NOT_FOUND, "The console's dataset actions are approval and"
                + " retraction");
    }

    private static <T> List<T> newestFirst(List<T> inOrder) {
        List<T> reversed = new ArrayList<>(inOrder);
        Collections.reverse(reversed);
        return reversed;
    }

    static String encode(String datasetId) {
        return URLEncoder.encode(datasetId, StandardCharsets.UTF_8).replace("%2F", "/").replace("+", "%20");
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
