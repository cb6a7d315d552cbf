package io.cardeck.platform.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks reject broken deployment files: each test breaks a copy of the repository's files in
 * one way and expects the problem it introduced (compared with the unbroken copy, so that a problem
 * the repository already has, such as a module not written yet, neither hides nor fakes one).
 */
class BrokenDeploymentFilesTest {

    private static final DeploymentFiles REPOSITORY = DeploymentFiles.repository();
    private static ServiceCatalog catalog;

    @TempDir
    Path copy;

    private DeploymentFiles files;
    private List<String> before;

    @BeforeAll
    static void readServices() throws IOException {
        catalog = ServiceCatalog.read(REPOSITORY.root());
    }

    @BeforeEach
    void copyTheRepositoryFiles() throws IOException {
        files = REPOSITORY.copyTo(copy, ServiceCatalog.SERVICES);
        before = problems();
    }

    @Test
    void aComposeServiceCheckedOrPublishedOnAnotherPort() throws IOException {
        editCompose(DeploymentFiles.COMPOSE, "gateway", gateway -> {
            gateway.putArray("ports").add("8080:9090");
            gateway.withObjectProperty("healthcheck").putArray("test").add("CMD").add("curl").add("http://localhost:9090/q/health/ready");
        });

        assertIntroduced("docker-compose.yml: gateway publishes container port 9090, but listens on 8080",
                "docker-compose.yml: gateway is health-checked at http://localhost:9090/q/health/ready, not on its port 8080");
    }

    @Test
    void aComposeVariableThatConfiguresNothing() throws IOException {
        editCompose(DeploymentFiles.COMPOSE, "evaluator-service", evaluator -> evaluator.withObjectProperty("environment")
                .put("CARDECK_EVALUATOR_SAMPLES_PER_CELL", "100")
                .put("CARDECK_EVALUATOR_SAMPLES_PER_CEL", "100"));

        // The first is the environment form of cardeck.evaluator.samples-per-cell; the second a typo of it.
        assertIntroduced("docker-compose.yml: evaluator-service is given CARDECK_EVALUATOR_SAMPLES_PER_CEL, which configures nothing of it");
    }

    @Test
    void aComposePortPublishedByAnInternalService() throws IOException {
        editCompose(DeploymentFiles.COMPOSE, "pruner-service", pruner -> pruner.putArray("ports").add("8081:8081"));

        assertIntroduced("docker-compose.yml: pruner-service publishes ports [\"8081:8081\"]; only gateway is reachable from outside");
    }

    @Test
    void aComposeServiceOnANetworkThatIsNotInternal() throws IOException {
        editCompose(DeploymentFiles.COMPOSE, "pruner-service", pruner -> pruner.putArray("networks").add("platform").add("edge"));
        editCompose(DeploymentFiles.COMPOSE, "postgres", postgres -> postgres.remove("networks"));
        assertIntroduced("docker-compose.yml: pruner-service is on network 'edge', which is not internal; only gateway may be"
                        + " reachable from outside the host",
                "docker-compose.yml: postgres names no networks, so it joins Compose's default network, which is not internal");
    }

    @Test
    void aComposeGatewayThatPublishesNothingAndTakesAnotherKey() throws IOException {
        editCompose(DeploymentFiles.COMPOSE, "gateway", gateway -> {
            gateway.remove("ports");
            gateway.withObjectProperty("environment").put("CARDECK_GATEWAY_ADMIN_KEY", "${GATEWAY_KEY}");
        });

        assertIntroduced("docker-compose.yml: gateway publishes no port; it is the platform's only entry",
                "docker-compose.yml: gateway takes its admin key CARDECK_GATEWAY_ADMIN_KEY from ${GATEWAY_KEY}, not from"
                        + " ${CARDECK_API_KEY}, the key the command line sends");
    }

    @Test
    void aComposePeerUsedBeforeItIsHealthy() throws IOException {
        editCompose(DeploymentFiles.COMPOSE, "evaluator-service", evaluator -> {
            ObjectNode dependsOn = evaluator.withObjectProperty("depends_on");
            dependsOn.remove("pruner-service");
            dependsOn.withObjectProperty("kafka").put("condition", "service_started");
            evaluator.withObjectProperty("environment").put("CARDECK_EVALUATOR_REGISTRY_URL", "http://pruner-service:8082");
        });

        assertIntroduced("docker-compose.yml: evaluator-service depends on kafka with condition 'service_started', not service_healthy",
                "docker-compose.yml: evaluator-service uses pruner-service (CARDECK_EVALUATOR_REGISTRY_URL) without depends_on pruner-service",
                "docker-compose.yml: evaluator-service's CARDECK_EVALUATOR_REGISTRY_URL points at pruner-service:8082, but pruner-service listens on 8081");
    }

    @Test
    void aComposeGpuOverrideOfAServiceThatDoesNotExist() throws IOException {
        Path gpu = files.resolve(DeploymentFiles.COMPOSE_GPU);
        ObjectNode override = (ObjectNode) Yaml.read(gpu);
        ObjectNode services = override.withObjectProperty("services");
        services.set("evaluator", services.remove("evaluator-service"));
        Yaml.write(gpu, List.of(override));

        assertIntroduced("docker-compose.gpu.yml: overrides evaluator, which is no service of docker-compose.yml",
                "docker-compose.gpu.yml: does not give evaluator-service a GPU, though it reads CARDECK_DEVICE");
    }

    @Test
    void aKubernetesContainerPortThatIsNotTheService() throws IOException {
        editDeploymentContainer("k8s/base/gateway.yaml", "gateway",
                gateway -> ((ObjectNode) gateway.path("ports").get(0)).put("containerPort", 8089));

        // The probes and the Service name the port "http", which now leads to 8089.
        assertIntroduced("k8s/base/gateway.yaml: gateway declares container port 8089, but listens on quarkus.http.port 8080",
                "k8s/base/gateway.yaml: gateway's startupProbe asks port http, but the service listens on 8080",
                "k8s/base/gateway.yaml: gateway's readinessProbe asks port http, but the service listens on 8080",
                "k8s/base/gateway.yaml: gateway's livenessProbe asks port http, but the service listens on 8080",
                "k8s/base/gateway.yaml: Service gateway maps port 8080 to http; both must lead to quarkus.http.port 8080");
    }

    @Test
    void kubernetesProbesOnPathsThatAreNotTheirs() throws IOException {
        editDeploymentContainer("k8s/base/pruner-service.yaml", "pruner-service", pruner -> {
            pruner.withObjectProperty("livenessProbe").withObjectProperty("httpGet").put("path", "/q/health/ready");
            pruner.withObjectProperty("readinessProbe").withObjectProperty("httpGet").put("path", "/health");
        });

        assertIntroduced("k8s/base/pruner-service.yaml: pruner-service's livenessProbe asks '/q/health/ready', not Quarkus's /q/health/live",
                "k8s/base/pruner-service.yaml: pruner-service's readinessProbe asks '/health', not Quarkus's /q/health/ready");
    }

    @Test
    void aKubernetesPeerOnTheWrongPortAndAPasswordInPlainText() throws IOException {
        editDeploymentContainer("k8s/base/gateway.yaml", "gateway", gateway -> {
            for (JsonNode variable : gateway.path("env")) {
                if (variable.path("name").asText().equals("CARDECK_GATEWAY_PRUNER_URL")) {
                    ((ObjectNode) variable).put("value", "http://pruner-service:8080");
                }
                if (variable.path("name").asText().equals("CARDECK_DB_PASSWORD")) {
                    ((ObjectNode) variable).remove("valueFrom");
                    ((ObjectNode) variable).put("value", "secret");
                }
            }
        });

        assertIntroduced("k8s/base/gateway.yaml: gateway's CARDECK_GATEWAY_PRUNER_URL points at pruner-service:8080, but Service pruner-service has ports [8081]",
                "k8s/base/gateway.yaml: gateway gets CARDECK_DB_PASSWORD in plain text; take it from a Secret (secretKeyRef)");
    }

    @Test
    void aKustomizationListingAFileThatDoesNotExist() throws IOException {
        Path kustomization = files.resolve(DeploymentFiles.KUBERNETES_BASE).resolve("kustomization.yaml");
        ObjectNode definition = (ObjectNode) Yaml.read(kustomization);
        definition.withArrayProperty("resources").add("monitoring.yaml");
        Yaml.write(kustomization, List.of(definition));

        assertIntroduced("k8s/base/kustomization.yaml: lists resource monitoring.yaml, which does not exist");
    }

    @Test
    void aManifestLeftOutOfTheKustomizationAndAServiceThatSelectsNoPods() throws IOException {
        Files.writeString(files.resolve("k8s/base/monitoring.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: monitoring\n");
        edit("k8s/base/postgres.yaml", "Service", "postgres",
                service -> service.withObjectProperty("spec").withObjectProperty("selector").put("app.kubernetes.io/name", "postgresql"));

        assertIntroduced("k8s/base/monitoring.yaml: is not listed in kustomization.yaml, so kustomize leaves it out",
                "k8s/base/postgres.yaml: Service postgres selects {\"app.kubernetes.io/name\":\"postgresql\"}, the pods of no Deployment or StatefulSet");
    }

    @Test
    void aKubernetesBaseWithoutAnIngressToTheGateway() throws IOException {
        Path gateway = files.resolve("k8s/base/gateway.yaml");
        List<JsonNode> documents = new ArrayList<>(Yaml.documents(gateway));
        assertTrue(documents.removeIf(document -> document.path("kind").asText().equals("Ingress")));
        Yaml.write(gateway, documents);

        assertIntroduced("k8s/base: no Ingress leads to gateway; from outside the cluster the platform would be reached"
                + " only by port-forward");
    }

    @Test
    void anAutoscaledDeploymentThatSetsItsReplicas() throws IOException {
        edit("k8s/base/ensemble-service.yaml", "Deployment", "ensemble-service", deployment -> deployment.withObjectProperty("spec").put("replicas", 2));

        assertIntroduced("k8s/base/ensemble-service.yaml: ensemble-service sets spec.replicas, which every apply would reset under its autoscaler");
    }

    @Test
    void anAutoscalerOfADeploymentThatDoesNotExist() throws IOException {
        edit("k8s/base/ensemble-service.yaml", "HorizontalPodAutoscaler", "ensemble-service",
                hpa -> hpa.withObjectProperty("spec").withObjectProperty("scaleTargetRef").put("name", "ensemble"));

        assertIntroduced("k8s/base: no HorizontalPodAutoscaler scales ensemble-service",
                "k8s/base/ensemble-service.yaml: HorizontalPodAutoscaler ensemble-service scales {\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"ensemble\"}, which the base does not define");
    }

    @Test
    void anEvaluatorAutoscalerOnAnotherMetricOrAWholeValue() throws IOException {
        edit("k8s/base/evaluator-service.yaml", "HorizontalPodAutoscaler", "evaluator-service", hpa -> {
            ObjectNode external = (ObjectNode) hpa.path("spec").path("metrics").get(0).path("external");
            external.withObjectProperty("metric").put("name", "kafka_consumergroup_lag");
            external.withObjectProperty("target").put("type", "Value");
        });

        assertIntroduced("k8s/base/evaluator-service.yaml: HorizontalPodAutoscaler evaluator-service does not scale evaluator-service on cardeck_evaluator_cells_pending",
                "k8s/base/evaluator-service.yaml: HorizontalPodAutoscaler evaluator-service scales on external metric kafka_consumergroup_lag with a target of type 'Value'");
    }

    @Test
    void aGpuPatchWithoutGpuOrCuda() throws IOException {
        edit("k8s/overlays/gpu/evaluator-service-gpu.yaml", "Deployment", "evaluator-service", patch -> {
            JsonNode container = patch.path("spec").path("template").path("spec").path("containers").get(0);
            ((ObjectNode) container.path("resources").path("limits")).remove("nvidia.com/gpu");
            ((ObjectNode) container.path("env").get(0)).put("value", "cpu");
        });

        assertIntroduced("k8s/overlays/gpu/evaluator-service-gpu.yaml: evaluator-service gets no nvidia.com/gpu limit",
                "k8s/overlays/gpu/evaluator-service-gpu.yaml: evaluator-service does not get CARDECK_DEVICE=cuda");
    }

    @Test
    void aGpuPatchOfADeploymentThatDoesNotExist() throws IOException {
        edit("k8s/overlays/gpu/evaluator-service-gpu.yaml", "Deployment", "evaluator-service",
                patch -> patch.withObjectProperty("metadata").put("name", "evaluator"));

        assertIntroduced("k8s/overlays/gpu/evaluator-service-gpu.yaml: is applied to {\"kind\":\"Deployment\",\"name\":\"evaluator-service\"} but describes Deployment evaluator",
                "k8s/overlays/gpu/evaluator-service-gpu.yaml: patches Deployment evaluator, which the base does not define",
                "k8s/overlays/gpu/kustomization.yaml: gives evaluator-service no GPU, though it reads CARDECK_DEVICE");
    }

    @Test
    void aDockerfileExposingAnotherPortAndCopyingAnotherModule() throws IOException {
        editText("pruner-service/src/main/docker/Dockerfile.jvm", text -> text
                .replace("EXPOSE 8081", "EXPOSE 9999")
                .replace("pruner-service/target/quarkus-app/app/", "gateway/target/quarkus-app/app/"));

        assertIntroduced("pruner-service/src/main/docker/Dockerfile.jvm: EXPOSE 9999, but pruner-service listens on quarkus.http.port 8081",
                "pruner-service/src/main/docker/Dockerfile.jvm: copies gateway/target/quarkus-app/app/, which is not pruner-service's own build output",
                "pruner-service/src/main/docker/Dockerfile.jvm: does not copy pruner-service/target/quarkus-app/app/");
    }

    @Test
    void anImageWithoutTheDatasetItsServiceReads() throws IOException {
        editText("pruner-service/src/main/docker/Dockerfile.jvm", text -> text
                .replace("COPY --from=fashion-mnist /usr/share/datasets/fashion-mnist/ /usr/share/datasets/fashion-mnist/", ""));

        assertIntroduced("pruner-service/src/main/docker/Dockerfile.jvm: pruner-service reads Fashion-MNIST (it depends on cardeck-data),"
                + " but the image does not hold /usr/share/datasets/fashion-mnist");
    }

    @Test
    void aGpuDockerfileWithoutCuda12() throws IOException {
        editText("evaluator-service/src/main/docker/Dockerfile.gpu", text -> text
                .replaceAll("FROM nvidia/cuda:\\S+", "FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04")
                .replace("USER 1001", "USER root"));

        assertIntroduced("evaluator-service/src/main/docker/Dockerfile.gpu: starts from nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04, not an nvidia/cuda:12.x image with cuDNN",
                "evaluator-service/src/main/docker/Dockerfile.gpu: runs as root");
    }

    @Test
    void aComposeServiceLoggingInWithAnotherServicesKafkaPasswordAndWithoutTheServiceCredential() throws IOException {
        editCompose(DeploymentFiles.COMPOSE, "evaluator-service", evaluator -> {
            ObjectNode environment = evaluator.withObjectProperty("environment");
            environment.put("CARDECK_KAFKA_PASSWORD", "${CARDECK_KAFKA_PASSWORD_GATEWAY:?see docs/deployment.md}");
            environment.remove("CARDECK_SERVICE_CREDENTIAL");
        });

        assertIntroduced("docker-compose.yml: evaluator-service logs in to Kafka with ${CARDECK_KAFKA_PASSWORD_GATEWAY:?see"
                        + " docs/deployment.md}, but kafka-setup gives its user ${CARDECK_KAFKA_PASSWORD_EVALUATOR_SERVICE",
                "docker-compose.yml: evaluator-service is not given CARDECK_SERVICE_CREDENTIAL");
    }

    @Test
    void aComposeBrokerThatLetsInWithoutALoginOrAnAclAndAServiceStartedBeforeItsUserExists() throws IOException {
        editCompose(DeploymentFiles.COMPOSE, "kafka", kafka -> {
            ObjectNode environment = kafka.withObjectProperty("environment");
            environment.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:SASL_PLAINTEXT,CLIENT:PLAINTEXT");
            environment.remove("KAFKA_AUTHORIZER_CLASS_NAME");
        });
        editCompose(DeploymentFiles.COMPOSE, "pruner-service", pruner -> pruner.withObjectProperty("depends_on").remove("kafka-setup"));

        assertIntroduced("docker-compose.yml: the broker's listener CLIENT is PLAINTEXT: clients need no login there",
                "docker-compose.yml: the broker has no authorizer",
                "docker-compose.yml: pruner-service does not wait for kafka-setup (service_completed_successfully)");
    }

    @Test
    void aComposeServiceCredentialWrittenInTheFile() throws IOException {
        editCompose(DeploymentFiles.COMPOSE, "gateway", gateway -> gateway.withObjectProperty("environment")
                .put("CARDECK_SERVICE_CREDENTIAL", "x".repeat(40)));

        assertIntroduced("docker-compose.yml: gateway has CARDECK_SERVICE_CREDENTIAL written in the file",
                "docker-compose.yml: the services are given different service credentials");
    }

    @Test
    void aKubernetesServiceLoggingInWithAnotherServicesKafkaPasswordOrWithoutTheServiceCredential() throws IOException {
        editDeploymentContainer("k8s/base/ensemble-service.yaml", "ensemble-service", ensemble -> {
            for (JsonNode variable : ensemble.path("env")) {
                if (variable.path("name").asText().equals("CARDECK_KAFKA_PASSWORD")) {
                    ((ObjectNode) variable.path("valueFrom").path("secretKeyRef")).put("key", "gateway");
                }
            }
        });
        editDeploymentContainer("k8s/base/pruner-service.yaml", "pruner-service", pruner -> {
            var variables = pruner.withArrayProperty("env");
            for (int i = variables.size() - 1; i >= 0; i--) {
                if (variables.get(i).path("name").asText().equals("CARDECK_SERVICE_CREDENTIAL")) {
                    variables.remove(i);
                }
            }
        });

        assertIntroduced("k8s/base/ensemble-service.yaml: ensemble-service logs in to Kafka with Secret cardeck-kafka/gateway,"
                        + " but the set-up gives its user Secret cardeck-kafka/ensemble-service (CARDECK_KAFKA_PASSWORD_ENSEMBLE_SERVICE)",
                "k8s/base/pruner-service.yaml: pruner-service is not given CARDECK_SERVICE_CREDENTIAL");
    }

    @Test
    void aKubernetesBrokerThatAllowsWhatNoAclNamesWithAPasswordInTheFileAndASecretWithoutAKey() throws IOException {
        edit("k8s/base/kafka.yaml", "StatefulSet", "kafka", kafka -> {
            for (JsonNode variable : kafka.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
                String name = variable.path("name").asText();
                if (name.equals("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")) {
                    ((ObjectNode) variable).put("value", "true");
                }
                if (name.equals("KAFKA_LISTENER_NAME_SETUP_PLAIN_SASL_JAAS_CONFIG")) {
                    ((ObjectNode) variable).put("value", variable.path("value").asText()
                            .replace("password=\"$(CARDECK_KAFKA_ADMIN_PASSWORD)\"", "password=\"s3cret-0123456789\""));
                }
            }
        });
        edit("k8s/base/cardeck-kafka-secret.yaml", "Secret", "cardeck-kafka",
                secret -> secret.withObjectProperty("stringData").remove("gateway"));

        assertIntroduced("k8s/base/kafka.yaml: the broker does not set KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND to false",
                "k8s/base/kafka.yaml: the broker's KAFKA_LISTENER_NAME_SETUP_PLAIN_SASL_JAAS_CONFIG holds a password written in the file",
                "k8s/base/gateway.yaml: Secret cardeck-kafka has no key gateway",
                "k8s/base/kafka.yaml: Secret cardeck-kafka has no key gateway");
    }

    @Test
    void networkPoliciesThatLetInAServiceThatIsNoCallerOrCoverNoService() throws IOException {
        edit("k8s/base/network-policies.yaml", "NetworkPolicy", "evaluator-service", policy -> {
            ObjectNode from = (ObjectNode) policy.path("spec").path("ingress").get(0).path("from").get(0);
            from.withObjectProperty("podSelector").withObjectProperty("matchLabels").put("app.kubernetes.io/name", "ensemble-service");
        });
        edit("k8s/base/network-policies.yaml", "NetworkPolicy", "ensemble-service", policy -> policy.withObjectProperty("spec")
                .withObjectProperty("podSelector").withObjectProperty("matchLabels").put("app.kubernetes.io/name", "ensemble"));

        assertIntroduced("k8s/base/network-policies.yaml: NetworkPolicy evaluator-service lets ensemble-service reach"
                        + " evaluator-service, which only [gateway] call",
                "k8s/base: no NetworkPolicy lets gateway reach evaluator-service, which it calls",
                "k8s/base: no NetworkPolicy selects the pods of ensemble-service, so every pod of the cluster reaches it");
    }

    @Test
    void aScrapedServiceWithoutTheMetricsKeyOrOutOfTheScrapersReach() throws IOException {
        editDeploymentContainer("k8s/base/evaluator-service.yaml", "evaluator-service", evaluator -> {
            ArrayNode env = evaluator.withArrayProperty("env");
            for (int i = env.size() - 1; i >= 0; i--) {
                if (env.get(i).path("name").asText().equals("CARDECK_SERVICE_METRICS_KEY")) {
                    env.remove(i);
                }
            }
        });
        edit("k8s/base/network-policies.yaml", "NetworkPolicy", "ensemble-service", policy -> {
            ArrayNode ingress = policy.withObjectProperty("spec").withArrayProperty("ingress");
            ingress.remove(ingress.size() - 1);
        });

        assertIntroduced("k8s/base/evaluator-service.yaml: evaluator-service is scraped but not given CARDECK_SERVICE_METRICS_KEY",
                "k8s/base: ensemble-service is annotated for scraping, but no NetworkPolicy lets the namespace monitoring reach it");
    }

    @Test
    void networkPoliciesThatLetInAnotherNamespaceOrTheScraperWhereNothingIsScraped() throws IOException {
        edit("k8s/base/network-policies.yaml", "NetworkPolicy", "pruner-service", policy -> {
            ObjectNode from = (ObjectNode) policy.path("spec").path("ingress").get(1).path("from").get(0);
            from.withObjectProperty("namespaceSelector").withObjectProperty("matchLabels")
                    .put("kubernetes.io/metadata.name", "default");
        });
        edit("k8s/base/network-policies.yaml", "NetworkPolicy", "postgres", policy -> {
            ObjectNode rule = policy.withObjectProperty("spec").withArrayProperty("ingress").addObject();
            rule.withArrayProperty("from").addObject().putObject("namespaceSelector").putObject("matchLabels")
                    .put("kubernetes.io/metadata.name", "monitoring");
            rule.withArrayProperty("ports").addObject().put("port", 5432);
        });

        assertIntroduced("k8s/base/network-policies.yaml: NetworkPolicy pruner-service lets in {\"namespaceSelector\"",
                "k8s/base: pruner-service is annotated for scraping, but no NetworkPolicy lets the namespace monitoring reach it",
                "k8s/base/network-policies.yaml: NetworkPolicy postgres lets the namespace monitoring reach postgres, whose pods"
                        + " are not scraped");
    }

    @Test
    void networkPoliciesOfTheBrokerAndTheDatabaseMissingOrTooWide() throws IOException {
        Path policies = files.resolve("k8s/base/network-policies.yaml");
        List<JsonNode> documents = new ArrayList<>(Yaml.documents(policies));
        assertTrue(documents.removeIf(document -> document.path("metadata").path("name").asText().equals("kafka")));
        Yaml.write(policies, documents);
        edit("k8s/base/network-policies.yaml", "NetworkPolicy", "postgres", policy -> {
            ObjectNode rule = (ObjectNode) policy.path("spec").path("ingress").get(0);
            rule.withArrayProperty("from").addObject().putObject("podSelector");
            rule.withArrayProperty("ports").addObject().put("port", 8080);
        });

        assertIntroduced("k8s/base: no NetworkPolicy selects the pods of kafka, so every pod of the cluster reaches it",
                "k8s/base/network-policies.yaml: NetworkPolicy postgres lets every pod of the namespace reach postgres, which only"
                        + " [pruner-service, evaluator-service, ensemble-service, gateway] call",
                "k8s/base/network-policies.yaml: NetworkPolicy postgres opens port 8080 of postgres, whose Service leads to [5432]");
    }

    @Test
    void aKubernetesAdminKeyWrittenInTheFile() throws IOException {
        editAdminKey(variable -> {
            variable.remove("valueFrom");
            variable.put("value", "cdk_" + "x".repeat(43));
        });

        assertIntroduced("k8s/base/gateway.yaml: gateway gets CARDECK_GATEWAY_ADMIN_KEY in plain text; take it from a Secret");
    }

    @Test
    void aKubernetesAdminKeyFromASecretThatMustExist() throws IOException {
        editAdminKey(variable -> ((ObjectNode) variable.path("valueFrom").path("secretKeyRef")).put("optional", false));

        assertIntroduced("k8s/base/gateway.yaml: refers to Secret cardeck-gateway, which the base does not define");
    }

    @Test
    void aKubernetesAdminKeyThatTheBaseShips() throws IOException {
        Path secrets = files.resolve("k8s/base/cardeck-service-secret.yaml");
        List<JsonNode> documents = new ArrayList<>(Yaml.documents(secrets));
        ObjectNode secret = ((ObjectNode) documents.get(0)).deepCopy();
        secret.withObjectProperty("metadata").put("name", "cardeck-gateway");
        secret.remove("stringData");
        secret.withObjectProperty("stringData").put("admin-key", "cdk_" + "x".repeat(43));
        documents.add(secret);
        Yaml.write(secrets, documents);

        assertIntroduced("k8s/base/gateway.yaml: gateway takes its admin key from Secret cardeck-gateway of the base, which"
                + " everyone who reads the repository knows");
    }

    @Test
    void anIngressThatRoutesQuarkusOwnPagesAndASetupScriptEditedByHand() throws IOException {
        edit("k8s/base/gateway.yaml", "Ingress", "gateway", ingress -> ((ObjectNode) ingress.path("spec").path("rules").get(0)
                .path("http").path("paths").get(0)).put("path", "/"));
        editText(KafkaAccessRules.SCRIPT, text -> text + "allow --allow-principal User:evaluator-service --operation Write"
                + " --topic cardeck.prune.requests\n");

        assertIntroduced("k8s/base/gateway.yaml: Ingress gateway routes /, which holds /q/ (metrics, OpenAPI, health detail)",
                "k8s/base/kafka-access.sh: is not what KafkaAcls generates from libs/events' TopicAccess");
    }

    /** Each expected problem begins one of the problems that the edit added, and the edit added only expected ones. */
    private void assertIntroduced(String... expected) throws IOException {
        List<String> introduced = new ArrayList<>(problems());
        introduced.removeAll(before);
        for (String problem : expected) {
            assertTrue(introduced.stream().anyMatch(found -> found.startsWith(problem)),
                    () -> "expected a problem starting with\n  " + problem + "\namong those introduced:\n  " + String.join("\n  ", introduced));
        }
        assertEquals(expected.length, introduced.size(), () -> "introduced:\n  " + String.join("\n  ", introduced)
                + "\nexpected:\n  " + String.join("\n  ", Arrays.asList(expected)));
    }

    private List<String> problems() throws IOException {
        List<String> problems = new ArrayList<>(DockerfileCheck.problems(files, catalog));
        problems.addAll(ComposeCheck.problems(files, catalog));
        problems.addAll(KubernetesCheck.problems(files, catalog));
        return problems;
    }

    private void editCompose(String file, String service, Consumer<ObjectNode> change) throws IOException {
        Path path = files.resolve(file);
        ObjectNode compose = (ObjectNode) Yaml.read(path);
        change.accept(compose.withObjectProperty("services").withObjectProperty(service));
        Yaml.write(path, List.of(compose));
    }

    /** Edits the object of that kind and name in a (multi-document) manifest file. */
    private void edit(String file, String kind, String name, Consumer<ObjectNode> change) throws IOException {
        Path path = files.resolve(file);
        List<JsonNode> documents = Yaml.documents(path);
        boolean found = false;
        for (JsonNode document : documents) {
            if (document.path("kind").asText().equals(kind) && document.path("metadata").path("name").asText().equals(name)) {
                change.accept((ObjectNode) document);
                found = true;
            }
        }
        assertTrue(found, () -> file + " has no " + kind + " " + name);
        Yaml.write(path, documents);
    }

    private void editDeploymentContainer(String file, String deployment, Consumer<ObjectNode> change) throws IOException {
        edit(file, "Deployment", deployment, object -> {
            for (JsonNode container : object.path("spec").path("template").path("spec").path("containers")) {
                if (container.path("name").asText().equals(deployment)) {
                    change.accept((ObjectNode) container);
                }
            }
        });
    }

    /** Edits the gateway's CARDECK_GATEWAY_ADMIN_KEY entry in k8s/base. */
    private void editAdminKey(Consumer<ObjectNode> change) throws IOException {
        editDeploymentContainer("k8s/base/gateway.yaml", "gateway", gateway -> {
            boolean found = false;
            for (JsonNode variable : gateway.path("env")) {
                if (variable.path("name").asText().equals("CARDECK_GATEWAY_ADMIN_KEY")) {
                    change.accept((ObjectNode) variable);
                    found = true;
                }
            }
            assertTrue(found, "the gateway's Deployment has no CARDECK_GATEWAY_ADMIN_KEY");
        });
    }

    private void editText(String file, UnaryOperator<String> change) throws IOException {
        Path path = files.resolve(file);
        String original = Files.readString(path);
        String changed = change.apply(original);
        assertTrue(!changed.equals(original), () -> "the edit changed nothing in " + file);
        Files.writeString(path, changed);
    }
}
