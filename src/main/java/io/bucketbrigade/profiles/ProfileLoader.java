package io.bucketbrigade.profiles;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.springframework.boot.convert.DurationStyle;

/**
 * Reads one profile file (YAML) and checks everything that can be checked before a key arrives: regular
 * expressions compile, templates name only variables that exist, content checks are known, roles are unique.
 * Every error names the file and the setting.
 */
public final class ProfileLoader {

    /** Variables every template may use besides the groups of the regular expressions. */
    static final Set<String> BUILT_INS = Set.of("key", "file", "stem", "name", "dataset");

    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
    private static final Pattern PROFILE_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern RULE_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern CHARACTER_CLASS = Pattern.compile("\\[.+]");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, Set<String>> checks;
    private final Set<String> datasetChecks;

    /** @param checks the content checks this server knows, each with the variables it finds in the content */
    public ProfileLoader(Map<String, Set<String>> checks) {
        this(checks, Set.of());
    }

    /** @param datasetChecks the dataset checks this server knows */
    public ProfileLoader(Map<String, Set<String>> checks, Set<String> datasetChecks) {
        this.checks = Map.copyOf(checks);
        this.datasetChecks = Set.copyOf(datasetChecks);
    }

    record Definition(String name, Integer order, String description, String key, String dataset, String sample,
            String target, List<FileDefinition> files, OtherFiles otherFiles, List<String> datasetChecks,
            String sidecar, List<FileDefinition> outputs, Promote promote, Naming naming, Complete complete) {}

    record Complete(String settle, String marker) {}

    record Naming(String characters, Integer maxKeyBytes) {}

    record Promote(String approval, Boolean deletes, String retraction) {}

    record FileDefinition(String role, String match, Boolean required, Boolean gzip, String name, String target,
            List<String> checks, List<String> warn) {}

    record OtherFiles(Boolean accept, String role, String message) {}

    /** @throws ProfileException naming the file and what is wrong with it */
    public DatasetProfile load(String fileName, String yaml) {
        Definition definition;
        try {
            definition = YAML.readValue(yaml, Definition.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ProfileException(fileName + ": unknown setting '" + e.getPropertyName() + "' at line "
                    + lineOf(yaml, e.getPropertyName()) + " (known: " + new java.util.TreeSet<>(
                            e.getKnownPropertyIds().stream().map(String::valueOf).toList()) + ")");
        } catch (JsonProcessingException e) {
            throw new ProfileException(fileName + ": not a valid profile: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (definition == null) {
            throw new ProfileException(fileName + ": is empty");
        }
        return build(fileName, definition);
    }

    private DatasetProfile build(String file, Definition d) {
        String expectedName = file.replaceFirst("\\.ya?ml$", "");
        require(file, "name", d.name());
        if (!PROFILE_NAME.matcher(d.name()).matches()) {
            throw new ProfileException(file + ": name '" + d.name() + "' must be lowercase letters, digits and '-'");
        }
        if (!d.name().equals(expectedName)) {
            throw new ProfileException(file + ": name '" + d.name() + "' must match the file name ('" + expectedName
                    + "')");
        }
        if (d.order() == null) {
            throw new ProfileException(file + ": order is missing (profiles are tried in ascending order)");
        }
        require(file, "key", d.key());
        Pattern key = compile(file, "key", d.key());
        Set<String> keyGroups = groups(d.key());
        if (!keyGroups.contains("path")) {
            throw new ProfileException(file + ": key must have a named group 'path' (the part of the key that the"
                    + " file rules match), e.g. '^(?<dataset>[^/]+)/(?<path>.+)$'");
        }
        Template dataset = template(file, "dataset", d.dataset() == null ? "{dataset}" : d.dataset());
        requireKnown(file, "dataset", dataset, keyGroups);
        Template defaultTarget = template(file, "target", d.target() == null ? "{dataset}/{path}" : d.target());
        if (d.files() == null || d.files().isEmpty()) {
            throw new ProfileException(file + ": files is missing (list the kinds of file this profile accepts)");
        }
        List<FileRule> rules = new ArrayList<>();
        Set<String> roles = new LinkedHashSet<>();
        for (int i = 0; i < d.files().size(); i++) {
            FileRule rule = rule(file, "files[" + i + "]", d.files().get(i), keyGroups, defaultTarget,
                    d.complete() == null ? null : d.complete().marker());
            if (!roles.add(rule.role())) {
                throw new ProfileException(file + ": files[" + i + "]: role '" + rule.role() + "' is declared twice");
            }
            rules.add(rule);
        }
        Template sample = null;
        if (d.sample() != null) {
            sample = template(file, "sample", d.sample());
            for (FileRule rule : rules) {
                Set<String> known = new HashSet<>(keyGroups);
                known.addAll(rule.groups());
                requireKnown(file, "sample (for role " + rule.role() + ")", sample, known);
            }
        }
        OtherFiles other = d.otherFiles() == null ? new OtherFiles(false, null, null) : d.otherFiles();
        boolean accept = Boolean.TRUE.equals(other.accept());
        Set<String> keyVariables = new HashSet<>(keyGroups);
        keyVariables.addAll(BUILT_INS);
        Template message = template(file, "otherFiles.message", other.message() != null ? other.message()
                : "'{path}' is not one of the files a " + d.name() + " dataset holds ("
                        + String.join(", ", roles) + ").");
        requireKnown(file, "otherFiles.message", message, keyVariables);
        if (accept) {
            requireKnown(file, "target (for other files)", defaultTarget, keyVariables);
        }
        FileRule otherRule = new FileRule(other.role() == null ? "other" : other.role(), Pattern.compile(".*"),
                Set.of(), false, false, Template.of("{file}"), defaultTarget, List.of(), Set.of());
        List<String> profileChecks = d.datasetChecks() == null ? List.of() : List.copyOf(d.datasetChecks());
        for (String check : profileChecks) {
            if (!datasetChecks.contains(check)) {
                throw new ProfileException(file + ": datasetChecks: unknown dataset check '" + check + "' (known: "
                        + new java.util.TreeSet<>(datasetChecks) + ")");
            }
        }
        Template sidecar = template(file, "sidecar", d.sidecar() == null ? "{dataset}/dataset_metadata.json"
                : d.sidecar());
        requireKnown(file, "sidecar", sidecar, Set.of("dataset"));
        List<FileRule> outputs = new ArrayList<>();
        Set<String> outputRoles = new LinkedHashSet<>();
        List<FileDefinition> outputDefinitions = d.outputs() == null ? List.of() : d.outputs();
        for (int i = 0; i < outputDefinitions.size(); i++) {
            // an output stays where its pipeline wrote it: its target is its own key
            FileRule output = rule(file, "outputs[" + i + "]", outputDefinitions.get(i), keyGroups,
                    Template.of("{key}"), null);
            if (!outputRoles.add(output.role())) {
                throw new ProfileException(file + ": outputs[" + i + "]: role '" + output.role()
                        + "' is declared twice");
            }
            outputs.add(output);
        }
        Promote promote = d.promote() == null ? new Promote(null, null, null) : d.promote();
        String approval = promote.approval() == null ? "automatic" : promote.approval();
        if (!approval.equals("automatic") && !approval.equals("required")) {
            throw new ProfileException(file + ": promote.approval is '" + approval + "'; it is 'automatic' or"
                    + " 'required'");
        }
        String retraction = promote.retraction() == null ? "keep" : promote.retraction();
        if (!retraction.equals("keep") && !retraction.equals("delete")) {
            throw new ProfileException(file + ": promote.retraction is '" + retraction + "'; it is 'keep' (a"
                    + " retracted dataset's objects stay in production, under its tombstone) or 'delete'");
        }
        return new DatasetProfile(d.name(), d.order(), d.description() == null ? "" : d.description(), key,
                keyGroups, dataset, sample, rules, accept, message, otherRule, profileChecks, sidecar, outputs,
                approval.equals("required"), Boolean.TRUE.equals(promote.deletes()), retraction.equals("delete"),
                naming(file, d.naming()), completion(file, d.complete(), roles));
    }

    /** When a deposit is complete: a quiet period ({@code 30s}, {@code 5m}, {@code PT1H}), a marker role, both. */
    private static Completion completion(String file, Complete complete, Set<String> roles) {
        if (complete == null) {
            return Completion.AT_ONCE;
        }
        Duration settle = Duration.ZERO;
        if (complete.settle() != null) {
            try {
                settle = DurationStyle.detectAndParse(complete.settle().strip());
            } catch (IllegalArgumentException e) {
                throw new ProfileException(file + ": complete.settle is '" + complete.settle() + "'; it is a duration"
                        + " such as 30s, 5m or 1h");
            }
            if (settle.isNegative()) {
                throw new ProfileException(file + ": complete.settle is " + complete.settle() + "; it is zero or more");
            }
        }
        String marker = complete.marker();
        if (marker != null && !roles.contains(marker)) {
            throw new ProfileException(file + ": complete.marker is '" + marker + "', which is not a role of files"
                    + " (" + String.join(", ", roles) + "); declare the marker file as a file rule and name its role");
        }
        return new Completion(settle, marker);
    }

    /** The profile's naming rules: the portable ones unless it declares its own characters or a shorter limit. */
    private static NamingRules naming(String file, Naming naming) {
        if (naming == null) {
            return NamingRules.PORTABLE;
        }
        Pattern characters = NamingRules.PORTABLE.characters();
        if (naming.characters() != null) {
            if (!CHARACTER_CLASS.matcher(naming.characters()).matches()) {
                throw new ProfileException(file + ": naming.characters is '" + naming.characters() + "'; it is one"
                        + " regular expression character class, e.g. '[A-Za-z0-9_./-]'");
            }
            characters = compile(file, "naming.characters", naming.characters());
            if (!characters.matcher("/").matches()) {
                throw new ProfileException(file + ": naming.characters " + naming.characters() + " must allow '/'");
            }
        }
        int maxKeyBytes = naming.maxKeyBytes() == null ? NamingRules.MAX_KEY_BYTES : naming.maxKeyBytes();
        if (maxKeyBytes < 1 || maxKeyBytes > NamingRules.MAX_KEY_BYTES) {
            throw new ProfileException(file + ": naming.maxKeyBytes is " + maxKeyBytes + "; it is 1 to "
                    + NamingRules.MAX_KEY_BYTES + " (S3's limit)");
        }
        return new NamingRules(characters, maxKeyBytes);
    }

    /** @param marker the role of the profile's marker file (which may be empty), or null */
    private FileRule rule(String file, String where, FileDefinition f, Set<String> keyGroups, Template defaultTarget,
            String marker) {
        String at = file + ": " + where;
        if (f == null) {
            throw new ProfileException(at + " is empty");
        }
        require(file, where + ".role", f.role());
        require(file, where + ".match", f.match());
        Pattern match = compile(file, where + ".match", f.match());
        Set<String> groups = groups(f.match());
        List<String> ruleChecks = f.checks() == null ? List.of() : List.copyOf(f.checks());
        Set<String> known = new LinkedHashSet<>(keyGroups);
        known.addAll(groups);
        known.addAll(BUILT_INS);
        for (String check : ruleChecks) {
            if (!checks.containsKey(check)) {
                throw new ProfileException(at + ".checks: unknown check '" + check + "' (known: "
                        + new java.util.TreeSet<>(checks.keySet()) + ")");
            }
            known.addAll(checks.get(check));
        }
        boolean gzip = Boolean.TRUE.equals(f.gzip());
        Template name = template(file, where + ".name", f.name() != null ? f.name() : gzip ? "{file}.gz" : "{file}");
        requireKnown(file, where + ".name", name, without(known, "name"));
        Template target = f.target() == null ? defaultTarget : template(file, where + ".target", f.target());
        requireKnown(file, where + ".target", target, known);
        List<String> warn = f.warn() == null ? List.of() : f.warn();
        for (String problem : warn) {
            if (problem == null || !RULE_NAME.matcher(problem).matches()) {
                throw new ProfileException(at + ".warn: '" + problem + "' is not a problem rule (lowercase letters,"
                        + " digits and '-', e.g. duplicate-ids)");
            }
        }
        return new FileRule(f.role(), match, groups, Boolean.TRUE.equals(f.required()), gzip, name, target,
                ruleChecks, Set.copyOf(warn), f.role().equals(marker));
    }

    private static Set<String> without(Set<String> set, String element) {
        Set<String> copy = new HashSet<>(set);
        copy.remove(element);
        return copy;
    }

    private static void require(String file, String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new ProfileException(file + ": " + setting + " is missing");
        }
    }

    private static Pattern compile(String file, String setting, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ProfileException(file + ": " + setting + " is not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex() + " in '" + regex + "'");
        }
    }

    private static Template template(String file, String setting, String text) {
        try {
            return Template.of(text);
        } catch (IllegalArgumentException e) {
            throw new ProfileException(file + ": " + setting + ": " + e.getMessage());
        }
    }

    private static void requireKnown(String file, String setting, Template template, Set<String> known) {
        for (String variable : template.variables()) {
            if (!known.contains(variable)) {
                throw new ProfileException(file + ": " + setting + " uses {" + variable + "}, which is not a named"
                        + " group of the regular expressions or a known variable (" + new java.util.TreeSet<>(known)
                        + ")");
            }
        }
    }

    /** The line where a setting is written (1-based), for messages. */
    private static int lineOf(String yaml, String setting) {
        List<String> lines = yaml.lines().toList();
        Pattern written = Pattern.compile("^[\\s-]*" + Pattern.quote(setting) + "\\s*:");
        for (int i = 0; i < lines.size(); i++) {
            if (written.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    static Set<String> groups(String regex) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = NAMED_GROUP.matcher(regex);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
