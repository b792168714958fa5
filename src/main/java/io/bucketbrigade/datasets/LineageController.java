package io.bucketbrigade.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bucketbrigade.records.Lineage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Where an object comes from: the chain of steps from its original upload to it. */
@RestController
@RequestMapping("/api")
@Tag(name = "lineage", description = "From any object back to its original upload")
class LineageController {

    private final Lineage lineage;
    private final S3Client s3;

    LineageController(Lineage lineage, S3Client s3) {
        this.lineage = lineage;
        this.s3 = s3;
    }

    @GetMapping("/lineage")
    @Operation(summary = "The chain from the original upload to this object: at each step bucket, key, ETag,"
            + " SHA-256, time, route id and route file version")
    Map<String, Object> lineage(@RequestParam String bucket, @RequestParam String key) {
        String upload = uploadOf(bucket, key);
        if (upload == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No lineage for s3://" + bucket + "/" + key);
        }
        List<Map<String, Object>> chain = new ArrayList<>();
        for (Document event : lineage.ofUpload(upload)) {
            Map<String, Object> step = new LinkedHashMap<>();
            for (String field : List.of("step", "time", "bucket", "key", "etag", "sha256", "read", "size", "target",
                    "datasetId", "routeId", "routeFile", "routeVersion", "instance")) {
                if (event.get(field) != null) {
                    step.put(field, event.get(field));
                }
            }
            chain.add(step);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("bucket", bucket);
        view.put("key", key);
        view.put("upload", upload);
        view.put("chain", chain);
        return view;
    }

    /** The object's upload: from its metadata ({@code upload-id}), or from the lineage event that wrote it. */
    private String uploadOf(String bucket, String key) {
        try {
            String upload = s3.headObject(h -> h.bucket(bucket).key(key)).metadata().get("upload-id");
            if (upload != null) {
                return upload;
            }
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        return lineage.uploadOf(bucket, key).orElse(null);
    }
}
