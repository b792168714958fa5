package io.bucketbrigade.profiles;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of deposit: the keys it claims, the files it expects in a dataset, and where each goes in source.
 * Built from a YAML file in the profiles folder by {@link ProfileLoader}.
 */
public final class DatasetProfile {

    private final String name;
    private final int order;
    private final String description;
    private final Pattern key;
    private final Set<String> keyGroups;
    private final Template dataset;
    private final Template sample;
    private final List<FileRule> files;
    private final boolean acceptOtherFiles;
    private final Template otherFilesMessage;
    private final FileRule otherFiles;
    private final List<String> datasetChecks;
    private final Template sidecar;
    private final List<FileRule> outputs;
    private final boolean approvalRequired;
    private final boolean deletes;
    private final boolean retractionDeletes;
    private final NamingRules naming;
    private final Completion completion;

    DatasetProfile(String name, int order, String description, Pattern key, Set<String> keyGroups, Template dataset,
            Template sample, List<FileRule> files, boolean acceptOtherFiles, Template otherFilesMessage,
            FileRule otherFiles, List<String> datasetChecks, Template sidecar, List<FileRule> outputs,
            boolean approvalRequired, boolean deletes, boolean retractionDeletes, NamingRules naming,
            Completion completion) {
        this.name = name;
        this.order = order;
        this.description = description;
        this.key = key;
        this.keyGroups = keyGroups;
        this.dataset = dataset;
        this.sample = sample;
        this.files = List.copyOf(files);
        this.acceptOtherFiles = acceptOtherFiles;
        this.otherFilesMessage = otherFilesMessage;
        this.otherFiles = otherFiles;
        this.datasetChecks = List.copyOf(datasetChecks);
        this.sidecar = sidecar;
        this.outputs = List.copyOf(outputs);
        this.approvalRequired = approvalRequired;
        this.deletes = deletes;
        this.retractionDeletes = retractionDeletes;
        this.naming = naming;
        this.completion = completion;
    }

    /** When a deposit of this profile is complete ({@code complete}): a quiet period, a marker file, or neither. */
    public Completion completion() {
        return completion;
    }

    /** The naming rules of this profile's keys. */
    public NamingRules naming() {
        return naming;
    }

    /** The file rule of a role, when the profile declares it. */
    public Optional<FileRule> rule(String role) {
        return files.stream().filter(rule -> rule.role().equals(role)).findFirst();
    }

    /** Whether an operator must approve a valid dataset before it is published. */
    public boolean approvalRequired() {
        return approvalRequired;
    }

    /** Whether publishing may delete what an older version published and the new one dropped. */
    public boolean deletes() {
        return deletes;
    }

    /** A retracted dataset's objects leave production ({@code promote.retraction: delete}); by default they stay. */
    public boolean retractionDeletes() {
        return retractionDeletes;
    }

    /** The dataset checks of this profile, by name (enrich). */
    public List<String> datasetChecks() {
        return datasetChecks;
    }

    /** The key of a dataset's metadata sidecar in processed. */
    public String sidecarKey(String datasetId) {
        return sidecar.render(Map.of("dataset", datasetId));
    }

    /**
     * What an object that an external pipeline wrote to processed is, by the profile's {@code outputs} rules:
     * empty when the key is not this profile's; role {@code external} when no rule names it.
     */
    public Optional<Classification.Accepted> classifyOutput(String objectKey) {
        Matcher keyMatch = key.matcher(objectKey);
        if (!keyMatch.matches()) {
            return Optional.empty();
        }
        Map<String, String> variables = new HashMap<>();
        keyGroups.forEach(group -> putIfMatched(variables, group, keyMatch.group(group)));
        String file = objectKey.substring(objectKey.lastIndexOf('/') + 1);
        variables.put("key", objectKey);
        variables.put("file", file);
        String datasetId = dataset.render(variables);
        variables.put("dataset", datasetId);
        String path = variables.getOrDefault("path", "");
        for (FileRule rule : outputs) {
            Matcher fileMatch = rule.match().matcher(path);
            if (fileMatch.matches()) {
                rule.groups().forEach(group -> putIfMatched(variables, group, fileMatch.group(group)));
                return Optional.of(new Classification.Accepted(name, datasetId, null, rule, variables));
            }
        }
        FileRule external = new FileRule("external", Pattern.compile(".*"), Set.of(), false, false,
                Template.of("{file}"), Template.of("{key}"), List.of(), Set.of());
        return Optional.of(new Classification.Accepted(name, datasetId, null, external, variables));
    }

    public String name() {
        return name;
    }

    public int order() {
        return order;
    }

    public String description() {
        return description;
    }

    public List<FileRule> files() {
        return files;
    }

    public List<FileRule> requiredFiles() {
        return files.stream().filter(FileRule::required).toList();
    }

    public boolean hasSamples() {
        return sample != null;
    }

    public String keyPattern() {
        return key.pattern();
    }

    /** Empty when the key is not of this profile; otherwise where it goes, or why it is refused. */
    public Optional<Classification> classify(String objectKey) {
        Matcher keyMatch = key.matcher(objectKey);
        if (!keyMatch.matches()) {
            return Optional.empty();
        }
        Map<String, String> variables = new HashMap<>();
        keyGroups.forEach(group -> putIfMatched(variables, group, keyMatch.group(group)));
        String file = objectKey.substring(objectKey.lastIndexOf('/') + 1);
        variables.put("key", objectKey);
        variables.put("file", file);
        variables.put("stem", file.contains(".") ? file.substring(0, file.indexOf('.')) : file);
        String datasetId = dataset.render(variables);
        variables.put("dataset", datasetId);
        Optional<Classification.Rejected> badName = naming.check(objectKey);
        if (badName.isPresent()) {
            return Optional.of(new Classification.Rejected(name, datasetId, badName.get().rule(),
                    badName.get().message()));
        }
        String path = variables.getOrDefault("path", "");
        for (FileRule rule : files) {
            Matcher fileMatch = rule.match().matcher(path);
            if (fileMatch.matches()) {
                rule.groups().forEach(group -> putIfMatched(variables, group, fileMatch.group(group)));
                return Optional.of(accepted(rule, datasetId, variables));
            }
        }
        if (acceptOtherFiles) {
            return Optional.of(accepted(otherFiles, datasetId, variables));
        }
        return Optional.of(new Classification.Rejected(name, datasetId, "unknown-file",
                otherFilesMessage.render(variables)));
    }

    private Classification.Accepted accepted(FileRule rule, String datasetId, Map<String, String> variables) {
        return new Classification.Accepted(name, datasetId, sample == null ? null : sample.render(variables), rule,
                variables, naming);
    }

    private static void putIfMatched(Map<String, String> variables, String group, String value) {
        if (value != null) {
            variables.put(group, value);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
