package io.bucketbrigade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.bucketbrigade.support.LocalStackProcess;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

/**
 * The manifests of deploy/kubernetes are what the API server would accept: each built-in kind read into the
 * Kubernetes API's own types (fabric8's model, generated from the Kubernetes OpenAPI schemas), with no field those
 * types do not know; the KEDA kinds checked against KEDA's CRD schemas; and they fit together (selectors, names,
 * the queues KEDA watches, the probes on the actuator's groups, every file in the kustomization).
 */
class KubernetesManifestsTest {

    static final Path FOLDER = LocalStackProcess.repoDir().resolve("deploy/kubernetes");
    static final YAMLMapper YAML = new YAMLMapper();
    /** The API types, strict: an unknown field goes to a type's additionalProperties, checked below. */
    static final ObjectMapper TYPES = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    static final Map<String, Class<? extends HasMetadata>> BUILT_IN = Map.of(
            "ServiceAccount", ServiceAccount.class, "Deployment", Deployment.class, "Service", Service.class,
            "PodDisruptionBudget", PodDisruptionBudget.class);
    /** The trigger metadata KEDA's aws-sqs-queue scaler reads (pkg/scalers/aws_sqs_queue_scaler.go, v2.20.2). */
    static final Set<String> SQS_SCALER_METADATA = Set.of("queueLength", "activationQueueLength", "queueURL",
            "awsRegion", "awsEndpoint", "scaleOnInFlight", "scaleOnDelayed", "identityOwner");

    @Test
    void everyManifestIsValidForItsKind() throws Exception {
        List<JsonNode> manifests = manifests();
        assertThat(manifests).extracting(m -> m.get("kind").asText()).containsExactlyInAnyOrder("ServiceAccount",
                "Deployment", "Service", "PodDisruptionBudget", "TriggerAuthentication", "ScaledObject");

        for (JsonNode manifest : manifests) {
            String kind = manifest.get("kind").asText();
            if (BUILT_IN.containsKey(kind)) {
                HasMetadata object = TYPES.treeToValue(manifest, BUILT_IN.get(kind));
                assertThat(unknownFields(object, "")).as(kind + ": fields the Kubernetes API does not know")
                        .isEmpty();
            } else {
                Schema schema = crdSchema(kind);
                assertThat(schema.validate(manifest.get("spec"))).as(kind + " against KEDA's CRD").isEmpty();
            }
        }
    }

    @Test
    void theManifestsFitTogetherAndTheServer() throws Exception {
        Map<String, JsonNode> byKind = new java.util.HashMap<>();
        manifests().forEach(m -> byKind.put(m.get("kind").asText(), m));
        Deployment deployment = TYPES.treeToValue(byKind.get("Deployment"), Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
        assertThat(TYPES.treeToValue(byKind.get("Service"), Service.class).getSpec().getSelector())
                .isEqualTo(podLabels);
        assertThat(TYPES.treeToValue(byKind.get("PodDisruptionBudget"), PodDisruptionBudget.class).getSpec()
                .getSelector().getMatchLabels()).isEqualTo(podLabels);
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(byKind.get("ServiceAccount").at("/metadata/name").asText());

        Container server = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(server.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(server.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(server.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/app/routes",
                "/app/profiles");
        assertThat(server.getEnv()).anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue())
                .isEqualTo("BRIGADE_ROUTES_DIR=/app/routes"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("preStop, the web server's 30 s and Camel's 45 s").isGreaterThanOrEqualTo(80L);

        JsonNode scaled = byKind.get("ScaledObject");
        assertThat(scaled.at("/spec/scaleTargetRef/name").asText())
                .isEqualTo(deployment.getMetadata().getName());
        List<String> queues = new ArrayList<>();
        for (JsonNode trigger : scaled.at("/spec/triggers")) {
            assertThat(trigger.get("type").asText()).isEqualTo("aws-sqs-queue");
            assertThat(trigger.at("/authenticationRef/name").asText())
                    .isEqualTo(byKind.get("TriggerAuthentication").at("/metadata/name").asText());
            trigger.get("metadata").fieldNames().forEachRemaining(name -> assertThat(SQS_SCALER_METADATA)
                    .as("a setting the SQS scaler reads").contains(name));
            String url = trigger.at("/metadata/queueURL").asText();
            queues.add(url.substring(url.lastIndexOf('/') + 1));
        }
        assertThat(queues).containsExactly("ingest-production", "enrich-production");

        JsonNode kustomization = YAML.readTree(FOLDER.resolve("kustomization.yaml").toFile());
        List<String> listed = new ArrayList<>();
        kustomization.get("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(FOLDER)) {
            assertThat(listed).containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString())
                    .filter(f -> !f.equals("kustomization.yaml")).toList());
        }
    }

    static List<JsonNode> manifests() throws IOException {
        List<JsonNode> manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).toList()) {
                try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class)
                        .readValues(new YAMLFactory().createParser(file.toFile()))) {
                    documents.forEachRemaining(manifests::add);
                }
            }
        }
        return manifests;
    }

    /** The openAPIV3Schema of the KEDA CRD that defines this kind, as a JSON Schema. */
    static Schema crdSchema(String kind) throws IOException {
        String file = "/kubernetes/keda/keda.sh_" + kind.toLowerCase() + "s.yaml";
        JsonNode crd = YAML.readTree(KubernetesManifestsTest.class.getResourceAsStream(file));
        assertThat(crd.at("/spec/names/kind").asText()).isEqualTo(kind);
        JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schema);
    }

    /** Every field a Kubernetes type did not know, by its path: what the API server would refuse. */
    static List<String> unknownFields(Object object, String path) throws Exception {
        return unknownFields(object, path, new IdentityHashMap<>());
    }

    private static List<String> unknownFields(Object object, String path, Map<Object, Boolean> seen)
            throws Exception {
        List<String> unknown = new ArrayList<>();
        if (object == null || seen.put(object, true) != null) {
            return unknown;
        }
        if (object instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]", seen));
            }
            return unknown;
        }
        if (object instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknown.addAll(unknownFields(entry.getValue(), path + "." + entry.getKey(), seen));
            }
            return unknown;
        }
        if (!object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return unknown;
        }
        for (PropertyDescriptor property : Introspector.getBeanInfo(object.getClass(), Object.class)
                .getPropertyDescriptors()) {
            if (property.getReadMethod() == null) {
                continue;
            }
            Object value = property.getReadMethod().invoke(object);
            if (property.getName().equals("additionalProperties")) {
                ((Map<?, ?>) value).keySet().forEach(key -> unknown.add(path + "." + key));
            } else {
                unknown.addAll(unknownFields(value, path + "." + property.getName(), seen));
            }
        }
        return unknown;
    }
}
