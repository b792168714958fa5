package io.bucketbrigade.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The IAM policies in {@code docs/} (see docs/security.md), read as files: no Spring, no network. Each is an
 * identity policy of Allow statements named by their route family, with exact actions (no wildcards) and resources
 * written with the placeholders NAMESPACE, ENV (FROM_ENV and TO_ENV for staging), REGION and ACCOUNT_ID. No
 * statement lets the server write to, delete from, abort uploads in or restore objects of an original bucket, but
 * for staging sandboxes in the target environment's original bucket, and there only under conditions (writes carry
 * the sandbox tag, deletes name the ETag read); the staging policy writes nothing in the environment it copies from;
 * and the server's policy names every bucket, table and queue that application.yaml declares.
 */
class IamPolicyTest {

    static final Path REPO = Path.of(System.getProperty("brigade.repo.dir", ".")).toAbsolutePath().normalize();
    static final String SERVER_POLICY = "iam-policy.json";
    static final String PROVISIONING_POLICY = "iam-policy-provisioning.json";
    static final String STAGING_POLICY = "iam-policy-staging.json";

    static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Action", "Resource");
    /** Conditions are allowed only in the staging policy, for sandbox objects. */
    static final String CONDITION = "Condition";
    /** The tag every object a sandbox writes carries, and the condition on writes in the staging original bucket. */
    static final String SANDBOX_TAG = "s3:RequestObjectTag/brigade-sandbox";
    /** Reads, lists and look-ups: what the staging policy may do in the environment it copies from. */
    static final Pattern READ_ONLY = Pattern.compile("s3:(Get|List)[A-Za-z]*|dynamodb:(DescribeTable|Query|GetItem)");
    static final Pattern SID = Pattern.compile("[A-Za-z0-9]+");
    static final Pattern ACTION = Pattern.compile("(s3|dynamodb|sqs):[A-Za-z]+");
    /** What must never be allowed on an original bucket. */
    static final Pattern ORIGINAL_FORBIDDEN = Pattern.compile("s3:(Put|Delete|Abort|Restore).*",
            Pattern.CASE_INSENSITIVE);
    static final List<String> PLACEHOLDERS = List.of("NAMESPACE", "ENV", "REGION", "ACCOUNT_ID");

    final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {SERVER_POLICY, PROVISIONING_POLICY, STAGING_POLICY})
    void isAPolicyOfNamedAllowStatementsWithActionsAndResources(String file) throws IOException {
        JsonNode policy = policy(file);

        assertThat(policy.isObject()).as(file).isTrue();
        assertThat(fieldNames(policy)).as(file).containsExactlyInAnyOrder("Version", "Statement");
        assertThat(policy.path("Version").asText()).as(file).isEqualTo("2012-10-17");
        assertThat(policy.path("Statement").isArray()).as(file).isTrue();
        assertThat(policy.path("Statement")).as(file).isNotEmpty();
        Set<String> sids = new HashSet<>();
        for (JsonNode statement : policy.path("Statement")) {
            String sid = statement.path("Sid").asText("");
            assertThat(sid).as(file + ": a statement's Sid").matches(SID);
            assertThat(sids.add(sid)).as(file + ": Sid " + sid + " is unique").isTrue();
            for (String placeholder : PLACEHOLDERS) {
                assertThat(sid).as(file + ": Sid " + sid + " must not contain a placeholder")
                        .doesNotContain(placeholder);
            }
            List<String> keys = fieldNames(statement);
            if (file.equals(STAGING_POLICY) && keys.contains(CONDITION)) {
                keys.remove(CONDITION);
                assertThat(statement.path(CONDITION).isObject()).as(file + ": condition of " + sid).isTrue();
            }
            assertThat(keys).as(file + ": " + sid).containsExactlyInAnyOrderElementsOf(STATEMENT_KEYS);
            assertThat(statement.path("Effect").asText()).as(file + ": " + sid).isEqualTo("Allow");
            assertThat(strings(statement.path("Action"))).as(file + ": actions of " + sid).isNotEmpty()
                    .doesNotHaveDuplicates();
            assertThat(strings(statement.path("Resource"))).as(file + ": resources of " + sid).isNotEmpty()
                    .doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SERVER_POLICY, PROVISIONING_POLICY, STAGING_POLICY})
    void actionsAreNamedExactlyAndEachStatementIsAboutOneService(String file) throws IOException {
        for (JsonNode statement : policy(file).path("Statement")) {
            String sid = statement.path("Sid").asText();
            List<String> actions = strings(statement.path("Action"));
            for (String action : actions) {
                assertThat(action).as(file + ": " + sid).isNotEqualTo("*").doesNotEndWith("*").doesNotContain("*", "?")
                        .matches(ACTION);
            }
            String service = service(actions.get(0));
            assertThat(actions).as(file + ": " + sid + " mixes services").allMatch(a -> service(a).equals(service));
            for (String resource : strings(statement.path("Resource"))) {
                assertThat(resource).as(file + ": " + sid + " (" + service + ")")
                        .startsWith(service.equals("s3") ? "arn:aws:s3:::" : "arn:aws:" + service + ":");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SERVER_POLICY, PROVISIONING_POLICY, STAGING_POLICY})
    void resourcesAreArnsWithThePlaceholdersOperatorsSubstitute(String file) throws IOException {
        String env = file.equals(STAGING_POLICY) ? "(FROM_ENV|TO_ENV)" : "ENV";
        Pattern arn = Pattern.compile("arn:aws:s3:::NAMESPACE-(original|source|processed|production)-" + env
                + "(/[A-Za-z0-9_./-]*\\*?)?"
                + "|arn:aws:dynamodb:REGION:ACCOUNT_ID:table/[a-z][a-z0-9-]*-" + env
                + "|arn:aws:sqs:REGION:ACCOUNT_ID:([a-z][a-z0-9-]*-" + env + "|\\*)");
        for (JsonNode statement : policy(file).path("Statement")) {
            for (String resource : strings(statement.path("Resource"))) {
                assertThat(resource).as(file + ": " + statement.path("Sid").asText()).matches(arn);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SERVER_POLICY, PROVISIONING_POLICY, STAGING_POLICY})
    void noStatementMayWriteDeleteAbortOrRestoreInAnOriginalBucket(String file) throws IOException {
        List<String> originals = new ArrayList<>();
        for (String env : List.of("ENV", "FROM_ENV", "TO_ENV")) {
            originals.add("arn:aws:s3:::NAMESPACE-original-" + env);
            originals.add("arn:aws:s3:::NAMESPACE-original-" + env + "/0123456789abcdef0123456789abcdef/s1/genes.tsv");
            originals.add("arn:aws:s3:::NAMESPACE-original-" + env + "/_reports/verify/all/x.json");
        }
        for (JsonNode statement : policy(file).path("Statement")) {
            List<String> forbidden = strings(statement.path("Action")).stream()
                    .filter(action -> ORIGINAL_FORBIDDEN.matcher(action).matches()).toList();
            if (forbidden.isEmpty()) {
                continue;
            }
            for (String resource : strings(statement.path("Resource"))) {
                for (String original : originals) {
                    if (!matches(resource, original)) {
                        continue;
                    }
                    boolean sandboxOriginal = file.equals(STAGING_POLICY)
                            && original.startsWith("arn:aws:s3:::NAMESPACE-original-TO_ENV/");
                    assertThat(sandboxOriginal)
                            .as("%s: %s grants %s on %s, which covers %s", file, statement.path("Sid").asText(),
                                    forbidden, resource, original)
                            .isTrue();
                    for (String action : forbidden) {
                        assertThat(guarded(statement, action))
                                .as("%s: %s grants %s on %s without the sandbox's condition", file,
                                        statement.path("Sid").asText(), action, original)
                                .isTrue();
                    }
                }
            }
        }
    }

    /**
     * Writes in the staging original bucket only of objects carrying the sandbox tag; deletes only conditional on
     * the ETag the server read (IAM does not evaluate s3:ExistingObjectTag for DeleteObject or PutObject, so the
     * marker itself is checked by the server in that read); no abort or restore there at all.
     */
    static boolean guarded(JsonNode statement, String action) {
        JsonNode condition = statement.path(CONDITION);
        if (action.equals("s3:PutObject") || action.equals("s3:PutObjectTagging")) {
            return fieldNames(condition).equals(List.of("StringLike"))
                    && fieldNames(condition.path("StringLike")).equals(List.of(SANDBOX_TAG))
                    && condition.path("StringLike").path(SANDBOX_TAG).asText().equals("?*");
        }
        if (action.equals("s3:DeleteObject")) {
            return fieldNames(condition).equals(List.of("Null"))
                    && fieldNames(condition.path("Null")).equals(List.of("s3:if-match"))
                    && condition.path("Null").path("s3:if-match").asText().equals("false");
        }
        return false;
    }

    @Test
    void theStagingPolicyWritesInTheStagingOriginalBucketOnlyWhereTheSandboxConditionHolds() throws IOException {
        JsonNode policy = policy(STAGING_POLICY);
        String sandboxObject = "arn:aws:s3:::NAMESPACE-original-TO_ENV/sb1-0123456789abcdef0123456789abcdef/s1/m.mtx";
        List<JsonNode> puts = statementsAllowing(policy, "s3:PutObject", sandboxObject);
        List<JsonNode> deletes = statementsAllowing(policy, "s3:DeleteObject", sandboxObject);

        assertThat(puts).as("statements allowing a sandbox's writes there").isNotEmpty()
                .allMatch(s -> guarded(s, "s3:PutObject"));
        assertThat(deletes).as("statements allowing a sandbox's deletes there").isNotEmpty()
                .allMatch(s -> guarded(s, "s3:DeleteObject"));
        assertThat(statementsAllowing(policy, "s3:AbortMultipartUpload", sandboxObject)).isEmpty();
        assertThat(allows(policy, "s3:GetObject", sandboxObject)).as("HEAD before a write or delete").isTrue();
    }

    /** Production is the environment staging copies from: nothing there is written, deleted or created. */
    @Test
    void theStagingPolicyOnlyReadsTheEnvironmentItCopiesFrom() throws IOException {
        for (JsonNode statement : policy(STAGING_POLICY).path("Statement")) {
            boolean fromEnv = strings(statement.path("Resource")).stream().anyMatch(r -> r.contains("FROM_ENV"));
            if (fromEnv) {
                assertThat(strings(statement.path("Action"))).as(statement.path("Sid").asText())
                        .allMatch(action -> READ_ONLY.matcher(action).matches());
            }
        }
    }

    /** The check above would pass for nothing if resource matching were broken: the server does read originals. */
    @Test
    void theServerReadsAndListsTheOriginalBucket() throws IOException {
        JsonNode policy = policy(SERVER_POLICY);

        assertThat(allows(policy, "s3:GetObject", "arn:aws:s3:::NAMESPACE-original-ENV/d/s1/genes.tsv")).isTrue();
        assertThat(allows(policy, "s3:ListBucket", "arn:aws:s3:::NAMESPACE-original-ENV")).isTrue();
        assertThat(allows(policy, "s3:PutObject", "arn:aws:s3:::NAMESPACE-source-ENV/d/s1/features.tsv.gz")).isTrue();
        assertThat(allows(policy, "s3:PutObject", "arn:aws:s3:::NAMESPACE-original-ENV/d/s1/genes.tsv")).isFalse();
        assertThat(allows(policy, "s3:DeleteObject", "arn:aws:s3:::NAMESPACE-original-ENV/d/s1/genes.tsv")).isFalse();
        assertThat(allows(policy, "s3:PutObject", "arn:aws:s3:::NAMESPACE-processed-ENV/_reports/verify/all/t.json"))
                .isTrue();
    }

    @Test
    void theServerPolicyNamesEveryBucketTableAndQueueOfTheConfiguration() throws IOException {
        assertCovers(SERVER_POLICY, configuredResources());
    }

    @Test
    void theProvisioningPolicyNamesEveryBucketTableAndQueueItCreates() throws IOException {
        assertCovers(PROVISIONING_POLICY, configuredResources());
    }

    @Test
    void securityDocDescribesEveryStatement() throws IOException {
        String doc = Files.readString(REPO.resolve("docs/security.md"));
        for (String file : List.of(SERVER_POLICY, PROVISIONING_POLICY, STAGING_POLICY)) {
            assertThat(doc).as("docs/security.md names " + file).contains(file);
            for (JsonNode statement : policy(file).path("Statement")) {
                assertThat(doc).as("docs/security.md describes " + file + " " + statement.path("Sid").asText())
                        .contains("`" + statement.path("Sid").asText() + "`");
            }
        }
    }

    private void assertCovers(String file, Set<String> arns) throws IOException {
        Set<String> resources = new HashSet<>();
        policy(file).path("Statement").forEach(s -> resources.addAll(strings(s.path("Resource"))));
        assertThat(arns).as("names from application.yaml").hasSizeGreaterThanOrEqualTo(4 + 7 + 10);
        assertThat(resources).as(file + " covers every configured bucket, table and queue").containsAll(arns);
    }

    /** The ARN, with placeholders, of every bucket, table, queue and dead-letter queue in application.yaml. */
    static Set<String> configuredResources() throws IOException {
        JsonNode brigade = new ObjectMapper(new YAMLFactory())
                .readTree(REPO.resolve("src/main/resources/application.yaml").toFile()).path("brigade");
        Set<String> arns = new LinkedHashSet<>();
        assertThat(brigade.path("buckets").size()).as("bucket tiers").isEqualTo(4);
        brigade.path("buckets").forEach(bucket -> arns.add("arn:aws:s3:::" + resolve(bucket.asText())));
        assertThat(brigade.path("tables")).as("tables").isNotEmpty();
        brigade.path("tables").forEach(table -> arns.add("arn:aws:dynamodb:REGION:ACCOUNT_ID:table/"
                + resolve(table.path("name").asText())));
        assertThat(brigade.path("queues")).as("queues").isNotEmpty();
        brigade.path("queues").forEach(queue -> {
            arns.add("arn:aws:sqs:REGION:ACCOUNT_ID:" + resolve(queue.path("name").asText()));
            arns.add("arn:aws:sqs:REGION:ACCOUNT_ID:" + resolve(queue.path("dead-letter-name").asText()));
        });
        return arns;
    }

    /** {@code ${brigade.namespace}-original-${brigade.env}} as the policies write it: NAMESPACE-original-ENV. */
    static String resolve(String name) {
        assertThat(name).as("a configured name").isNotBlank();
        Matcher placeholder = Pattern.compile("\\$\\{([^}:]+)(:[^}]*)?}").matcher(name);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            String token = Map.of("brigade.namespace", "NAMESPACE", "brigade.env", "ENV").get(placeholder.group(1));
            assertThat(token).as("placeholder ${%s} in %s has no policy placeholder", placeholder.group(1), name)
                    .isNotNull();
            placeholder.appendReplacement(resolved, token);
        }
        placeholder.appendTail(resolved);
        return resolved.toString();
    }

    /**
     * Whether some statement allows the action on this ARN, under its conditions or not (Allow only: the policies
     * have no Deny).
     */
    static boolean allows(JsonNode policy, String action, String arn) {
        return !statementsAllowing(policy, action, arn).isEmpty();
    }

    /** The statements that allow the action on this ARN, whatever their conditions. */
    static List<JsonNode> statementsAllowing(JsonNode policy, String action, String arn) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            if (strings(statement.path("Action")).contains(action)
                    && strings(statement.path("Resource")).stream().anyMatch(r -> matches(r, arn))) {
                found.add(statement);
            }
        }
        return found;
    }

    /** IAM's resource matching: {@code *} any run of characters, {@code ?} one character, the rest literal. */
    static boolean matches(String resource, String arn) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : resource.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(arn).matches();
    }

    JsonNode policy(String file) throws IOException {
        return json.readTree(REPO.resolve("docs").resolve(file).toFile());
    }

    /** A string or an array of strings, as IAM allows for Action and Resource. */
    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(value -> {
                assertThat(value.isTextual()).as("%s holds only strings", node).isTrue();
                values.add(value.asText());
            });
        }
        return values;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static String service(String action) {
        return action.substring(0, action.indexOf(':'));
    }
}
