package io.bucketbrigade.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bucketbrigade.profiles.Classification;
import io.bucketbrigade.records.Catalogue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ingest hop for curators: what was refused and why, and what a key would become before it is uploaded. */
@RestController
@RequestMapping("/api")
@Tag(name = "ingest", description = "The original → source hop")
class IngestController {

    private final Catalogue catalogue;
    private final ObjectClassifier classifier;

    IngestController(Catalogue catalogue, ObjectClassifier classifier) {
        this.catalogue = catalogue;
        this.classifier = classifier;
    }

    @GetMapping("/rejections")
    @Operation(summary = "Rejected objects, newest first: bucket, key, ETag, profile, rule, message, time")
    List<Document> rejections(
            @Parameter(description = "only this dataset") @RequestParam(required = false) String dataset,
            @Parameter(description = "only this rule, e.g. whitespace") @RequestParam(required = false) String rule,
            @Parameter(description = "only since this time (ISO-8601)") @RequestParam(required = false)
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
            @Parameter(description = "at most this many (1-1000)") @RequestParam(defaultValue = "100") int limit) {
        return catalogue.rejections(dataset, rule, since, Math.max(1, Math.min(limit, 1000)));
    }

    /** What the naming rules and profiles make of a key, before any content is read. */
    record KeyView(String key, boolean rejected, String profile, String datasetId, String sampleId, String role,
            String target, String rule, String message) {}

    @GetMapping("/ingest/classify")
    @Operation(summary = "What ingest would make of a key: profile, dataset, role and key in source, or the rule it"
            + " breaks (content rules apply when the file arrives)")
    KeyView classify(@RequestParam String key) {
        Classification result = classifier.classify(key);
        if (result instanceof Classification.Rejected r) {
            return new KeyView(key, true, r.profile(), r.datasetId(), null, null, null, r.rule(), r.message());
        }
        Classification.Accepted a = (Classification.Accepted) result;
        return new KeyView(key, false, a.profile(), a.datasetId(), a.sampleId(), a.role(),
                a.targetKey(Map.of()), null, null);
    }
}
