package io.bucketbrigade.profiles;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a dataset profile makes of an object key: accepted into a dataset, or rejected with a rule and a reason. */
public sealed interface Classification permits Classification.Accepted, Classification.Rejected {

    /** The profile that claimed the key; null when none did. */
    String profile();

    /** The dataset the key belongs to; null when no profile claimed it. */
    String datasetId();

    boolean rejected();

    /**
     * A key that fits a profile's layout.
     *
     * @param sampleId  the sample, for profiles that have samples (10x); else null
     * @param variables every template variable known from the key (groups, {@code file}, {@code stem}, …)
     * @param naming    the profile's naming rules, which the key made for source must meet too
     */
    record Accepted(String profile, String datasetId, String sampleId, FileRule rule, Map<String, String> variables,
            NamingRules naming) implements Classification {

        public Accepted {
            variables = Map.copyOf(variables);
        }

        public Accepted(String profile, String datasetId, String sampleId, FileRule rule,
                Map<String, String> variables) {
            this(profile, datasetId, sampleId, rule, variables, NamingRules.PORTABLE);
        }

        public String role() {
            return rule.role();
        }

        public boolean gzip() {
            return rule.gzip();
        }

        public List<String> checks() {
            return rule.checks();
        }

        /**
         * Whether taking the file needs its bytes read: a content check to run, gzip to apply, or a name ending in
         * {@code .gz} whose promise (a whole gzip stream) is proven only by reading it.
         */
        public boolean needsRead() {
            String file = variables.getOrDefault("file", "");
            return !checks().isEmpty() || gzip() || file.toLowerCase(Locale.ROOT).endsWith(".gz");
        }

        /** The key in source, given what the content checks found (e.g. {@code voxelSpacing} from an MRC header). */
        public String targetKey(Map<String, String> found) {
            Map<String, String> all = new HashMap<>(variables);
            all.putAll(found);
            all.put("name", rule.name().render(all));
            return rule.target().render(all);
        }

        @Override
        public boolean rejected() {
            return false;
        }
    }

    /**
     * @param rule    the rule that was broken, a stable identifier (metrics, filters)
     * @param message what a curator needs to know to fix the deposit
     */
    record Rejected(String profile, String datasetId, String rule, String message) implements Classification {
        @Override
        public boolean rejected() {
            return true;
        }
    }
}
