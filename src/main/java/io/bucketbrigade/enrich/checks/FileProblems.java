package io.bucketbrigade.enrich.checks;

import java.util.Map;
import java.util.Set;

import io.bucketbrigade.profiles.FileRule;

/**
 * Each file's problems (what the extractor met: a malformed header, a content that contradicts the name …) fail the
 * dataset, and the file's sample when it has one; except those its role's rule declares warnings ({@code warn}),
 * which are recorded as warnings of the dataset.
 */
public final class FileProblems {

    private FileProblems() {
    }

    public static void check(DatasetState dataset, Verdict verdict) {
        for (FileState file : dataset.files()) {
            Set<String> warn = dataset.profile().rule(file.role()).map(FileRule::warn).orElse(Set.of());
            for (Map<String, String> problem : file.problems()) {
                if (warn.contains(problem.get("rule"))) {
                    verdict.warn((file.sampleId() == null ? "" : "sample " + file.sampleId() + ": ")
                            + problem.get("message"));
                } else {
                    verdict.fail(file.sampleId(), "file", problem.get("message"));
                }
            }
        }
    }
}
