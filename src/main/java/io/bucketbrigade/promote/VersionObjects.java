package io.bucketbrigade.promote;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The objects a dataset's versions hold in production ({@code <dataset>/v<N>/…}), by version. */
final class VersionObjects {

    private static final Pattern VERSION = Pattern.compile("/v(\\d+)/");

    private VersionObjects() {
    }

    /** Each version of the dataset found in the bucket, in ascending order, with its objects' keys. */
    static SortedMap<Integer, List<String>> of(S3Client s3, String bucket, String datasetId) {
        SortedMap<Integer, List<String>> versions = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(datasetId + "/v"))
                .contents()) {
            Matcher version = VERSION.matcher(object.key().substring(datasetId.length()));
            if (version.lookingAt()) {
                versions.computeIfAbsent(Integer.parseInt(version.group(1)), v -> new ArrayList<>())
                        .add(object.key());
            }
        }
        return versions;
    }

    /** The keys one version of the dataset holds in the bucket (one listing of its prefix). */
    static Set<String> of(S3Client s3, String bucket, String datasetId, int version) {
        Set<String> keys = new HashSet<>();
        s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(Manifest.prefix(datasetId, version))).contents()
                .forEach(object -> keys.add(object.key()));
        return keys;
    }
}
