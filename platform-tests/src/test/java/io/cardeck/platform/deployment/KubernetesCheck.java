package io.cardeck.platform.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cardeck.devstack.KafkaAcls;
import io.cardeck.devstack.LocalPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The kustomize base (k8s/base) and the GPU overlay (k8s/overlays/gpu): every file a kustomization
 * lists exists; each service has a Deployment and a ClusterIP Service on its port, Quarkus's probe
 * paths, resource requests and limits, and only variables it reads, with ConfigMap and Secret
 * references that resolve and peers on their Services' ports; the autoscalers point at what exists
 * and scale the ensemble on CPU and the evaluator on its pending cells (per replica); the ingress
 * points at what exists and keeps Quarkus's /q/ inside; the broker requires logins and ACLs, the
 * set-up sidecar runs the generated script and gives each service the Kafka password it logs in with,
 * the services share one service credential, and a NetworkPolicy lets only its callers reach each
 * internal service, the broker and the database; the overlay gives each inference service a GPU, its CUDA image and
 * CARDECK_DEVICE=cuda, patching only Deployments and containers of the base.
 */
final class KubernetesCheck {

    private static final String KUSTOMIZATION = "kustomization.yaml";
    /** Which Quarkus health path each probe asks: a liveness probe on readiness would restart a pod whose Kafka is down. */
    private static final Map<String, String> PROBE_PATHS = Map.of(
            "startupProbe", "/q/health/started",
            "readinessProbe", "/q/health/ready",
            "livenessProbe", "/q/health/live");
    private static final List<String> REQUIRED_PROBES = List.of("readinessProbe", "livenessProbe");
    private static final List<String> REQUIRED_RESOURCES = List.of("requests.cpu", "requests.memory", "limits.memory");
    private static final String METRICS_PATH = "/q/metrics";
    /** What the evaluator-service scales on: the cells of running evaluations not stored yet, on its /q/metrics. */
    static final String PENDING_CELLS_METRIC = "cardeck_evaluator_cells_pending";
    /**
     * The services that scale, and on what (the product's design, docs/deployment.md): the ensemble with
     * inference load, its CPU; the evaluator with the work left, the pending cells every instance reports.
     */
    static final Map<String, String> AUTOSCALED = Map.of("ensemble-service", "cpu", "evaluator-service", PENDING_CELLS_METRIC);
    private static final String GPU_RESOURCE = "nvidia.com/gpu";
    private static final String CUDA = "cuda";
    private static final String KAFKA_PASSWORD = ServiceSettings.environmentName("cardeck.kafka.password");
    private static final String SERVICE_CREDENTIAL = ServiceSettings.environmentName("cardeck.service.credential");
    /** The key a scraper reads /q/metrics with: the internal services' property, and the gateway's. */
    private static final List<String> METRICS_KEY_PROPERTIES = List.of("cardeck.service.metrics-key", "cardeck.gateway.metrics-key");
    /** Where the cluster's Prometheus runs: the one namespace a NetworkPolicy may let in, to scrape. */
    static final String MONITORING_NAMESPACE = "monitoring";
    /** The ConfigMap that kustomize generates from the set-up script. */
    private static final String SCRIPT_CONFIG_MAP = "kafka-access";
    /** Quarkus's own pages (metrics, OpenAPI, health with its checks), which the public ingress must not route. */
    private static final String QUARKUS_PATHS = "/q/";

    /** A Kubernetes object and the file it came from. */
    private record Manifest(String file, JsonNode object) {
        String kind() {
            return object.path("kind").asText();
        }

        String name() {
            return object.path("metadata").path("name").asText();
        }
    }

    /** A variable of a container: its value, or null when it comes from a Secret. */
    private record Variable(String name, String value) {}

    private final DeploymentFiles files;
    private final ServiceCatalog catalog;
    private final Problems problems = new Problems();
    private final List<Manifest> base = new ArrayList<>();

    private KubernetesCheck(DeploymentFiles files, ServiceCatalog catalog) {
        this.files = files;
        this.catalog = catalog;
    }

    static List<String> problems(DeploymentFiles files, ServiceCatalog catalog) throws IOException {
        KubernetesCheck check = new KubernetesCheck(files, catalog);
        check.base.addAll(check.build(files.resolve(DeploymentFiles.KUBERNETES_BASE)));
        for (ServiceSettings service : catalog.services()) {
            check.checkService(service);
        }
        check.checkReferences();
        check.checkAutoscalers();
        check.checkIngresses();
        check.checkKafkaAccess();
        check.checkServiceCredentials();
        check.checkAdminKey();
        check.checkMetricsKeys();
        check.checkNetworkPolicies();
        check.checkGpuOverlay();
        return check.problems.list();
    }

    /** The objects of a kustomization's resources (files, or directories with a kustomization of their own). */
    private List<Manifest> build(Path directory) throws IOException {
        List<Manifest> objects = new ArrayList<>();
        Path kustomization = directory.resolve(KUSTOMIZATION);
        String where = files.name(kustomization);
        if (!Files.isRegularFile(kustomization)) {
            problems.add(files.name(directory), "no " + KUSTOMIZATION);
            return objects;
        }
        JsonNode definition = Yaml.read(kustomization);
        checkEveryManifestListed(directory, definition);
        for (JsonNode resource : definition.path("resources")) {
            Path path = directory.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(build(path));
            } else if (Files.isRegularFile(path)) {
                for (JsonNode object : Yaml.documents(path)) {
                    objects.add(new Manifest(files.name(path), object));
                }
            } else {
                problems.add(where, "lists resource " + resource.asText() + ", which does not exist");
            }
        }
        return objects;
    }

    /** A manifest in a kustomization's directory that it neither lists nor patches with would silently not be applied. */
    private void checkEveryManifestListed(Path directory, JsonNode definition) throws IOException {
        List<Path> listed = new ArrayList<>();
        definition.path("resources").forEach(resource -> listed.add(directory.resolve(resource.asText()).normalize()));
        definition.path("patches").forEach(patch -> listed.add(directory.resolve(patch.path("path").asText()).normalize()));
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path manifest : entries.filter(path -> path.toString().endsWith(".yaml") && !path.endsWith(KUSTOMIZATION)).toList()) {
                if (!listed.contains(manifest.normalize())) {
                    problems.add(files.name(manifest), "is not listed in " + KUSTOMIZATION + ", so kustomize leaves it out");
                }
            }
        }
    }

    private Optional<Manifest> find(String kind, String name) {
        return base.stream().filter(manifest -> manifest.kind().equals(kind) && manifest.name().equals(name)).findFirst();
    }

    private List<Manifest> all(String kind) {
        return base.stream().filter(manifest -> manifest.kind().equals(kind)).toList();
    }

    private void checkService(ServiceSettings service) {
        String module = service.module();
        Optional<Manifest> deployment = find("Deployment", module);
        if (deployment.isEmpty()) {
            problems.add(DeploymentFiles.KUBERNETES_BASE, "no Deployment " + module);
            return;
        }
        String where = deployment.get().file();
        JsonNode template = deployment.get().object().path("spec").path("template");
        JsonNode labels = template.path("metadata").path("labels");
        if (!selects(deployment.get().object().path("spec").path("selector").path("matchLabels"), labels)) {
            problems.add(where, "Deployment " + module + "'s selector does not match its pod labels " + labels);
        }
        checkMetricsAnnotations(where, service, template.path("metadata").path("annotations"));
        Optional<JsonNode> container = container(template, module);
        if (container.isEmpty()) {
            problems.add(where, "Deployment " + module + " has no container named " + module);
            return;
        }
        checkContainer(where, service, container.get());
        checkClusterService(service, labels, container.get());
    }

    private static Optional<JsonNode> container(JsonNode podTemplate, String name) {
        for (JsonNode container : podTemplate.path("spec").path("containers")) {
            if (container.path("name").asText().equals(name)) {
                return Optional.of(container);
            }
        }
        return Optional.empty();
    }

    /** A selector that is not empty and whose every label the pods carry. */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> label : selector.properties()) {
            if (!label.getValue().equals(labels.path(label.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private void checkMetricsAnnotations(String where, ServiceSettings service, JsonNode annotations) {
        JsonNode port = annotations.path("prometheus.io/port");
        if (!port.isMissingNode() && !port.asText().equals(String.valueOf(service.httpPort()))) {
            problems.add(where, service.module() + " is scraped on port " + port.asText() + ", but listens on " + service.httpPort());
        }
        JsonNode path = annotations.path("prometheus.io/path");
        if (!path.isMissingNode() && !path.asText().equals(METRICS_PATH)) {
            problems.add(where, service.module() + " is scraped at " + path.asText() + ", not Quarkus's " + METRICS_PATH);
        }
    }

    private void checkContainer(String where, ServiceSettings service, JsonNode container) {
        String module = service.module();
        JsonNode ports = container.path("ports");
        if (ports.isEmpty()) {
            problems.add(where, module + " declares no container port");
        }
        for (JsonNode port : ports) {
            if (port.path("containerPort").asInt() != service.httpPort()) {
                problems.add(where, module + " declares container port " + port.path("containerPort").asText()
                        + ", but listens on quarkus.http.port " + service.httpPort());
            }
        }
        for (Map.Entry<String, String> probe : PROBE_PATHS.entrySet()) {
            JsonNode httpGet = container.path(probe.getKey()).path("httpGet");
            if (container.path(probe.getKey()).isMissingNode()) {
                if (REQUIRED_PROBES.contains(probe.getKey())) {
                    problems.add(where, module + " has no " + probe.getKey());
                }
                continue;
            }
            if (!httpGet.path("path").asText().equals(probe.getValue())) {
                problems.add(where, module + "'s " + probe.getKey() + " asks '" + httpGet.path("path").asText()
                        + "', not Quarkus's " + probe.getValue());
            }
            if (containerPort(container, httpGet.path("port")) != service.httpPort()) {
                problems.add(where, module + "'s " + probe.getKey() + " asks port " + httpGet.path("port").asText()
                        + ", but the service listens on " + service.httpPort());
            }
        }
        for (String resource : REQUIRED_RESOURCES) {
            String[] path = resource.split("\\.");
            if (container.path("resources").path(path[0]).path(path[1]).isMissingNode()) {
                problems.add(where, module + " sets no resources." + resource);
            }
        }
        List<Variable> variables = variables(where, container);
        List<String> names = variables.stream().map(Variable::name).toList();
        EnvironmentRules.checkAccepted(problems, where, service, names);
        EnvironmentRules.checkSecretsGiven(problems, where, service, names);
        for (Variable variable : variables) {
            if (variable.value() == null) {
                continue;
            }
            if (EnvironmentRules.isSecret(variable.name())) {
                problems.add(where, module + " gets " + variable.name() + " in plain text; take it from a Secret (secretKeyRef)");
            }
            for (Endpoint endpoint : Endpoint.in(variable.value())) {
                checkEndpoint(where, module + "'s " + variable.name(), endpoint);
            }
        }
    }

    /** The number of a probe's or Service's port, given as a number or as the name of a container port; -1 if none. */
    private static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode declared : container.path("ports")) {
            if (declared.path("name").asText().equals(port.asText())) {
                return declared.path("containerPort").asInt();
            }
        }
        return -1;
    }

    /** A peer reached through a Service of the base, on one of its ports. */
    private void checkEndpoint(String where, String setting, Endpoint endpoint) {
        Optional<Manifest> target = find("Service", endpoint.serviceName());
        if (target.isEmpty()) {
            problems.add(where, setting + " points at " + endpoint + ", but there is no Service " + endpoint.serviceName());
            return;
        }
        List<Integer> ports = new ArrayList<>();
        target.get().object().path("spec").path("ports").forEach(port -> ports.add(port.path("port").asInt()));
        if (!ports.contains(endpoint.port())) {
            problems.add(where, setting + " points at " + endpoint + ", but Service " + endpoint.serviceName() + " has ports " + ports);
        }
    }

    /** A container's variables: env entries, and every key of the ConfigMaps and Secrets of envFrom. */
    private List<Variable> variables(String where, JsonNode container) {
        List<Variable> variables = new ArrayList<>();
        for (JsonNode source : container.path("envFrom")) {
            String prefix = source.path("prefix").asText();
            if (source.has("configMapRef")) {
                data(where, "ConfigMap", source.path("configMapRef").path("name").asText())
                        .forEach((key, value) -> variables.add(new Variable(prefix + key, value)));
            } else if (source.has("secretRef")) {
                data(where, "Secret", source.path("secretRef").path("name").asText())
                        .keySet().forEach(key -> variables.add(new Variable(prefix + key, null)));
            }
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            JsonNode from = variable.path("valueFrom");
            if (from.has("configMapKeyRef")) {
                variables.add(new Variable(name, key(where, "ConfigMap", from.path("configMapKeyRef"))));
            } else if (from.has("secretKeyRef")) {
                JsonNode reference = from.path("secretKeyRef");
                // An optional Secret the base leaves to the cluster (the gateway's admin key): the pod starts without it.
                if (!reference.path("optional").asBoolean() || find("Secret", reference.path("name").asText()).isPresent()) {
                    key(where, "Secret", reference);
                }
                variables.add(new Variable(name, null));
            } else {
                variables.add(new Variable(name, variable.path("value").asText()));
            }
        }
        return variables;
    }

    /** The value of a ConfigMap or Secret key that a variable refers to; a problem if either is missing. */
    private String key(String where, String kind, JsonNode reference) {
        String name = reference.path("name").asText();
        String key = reference.path("key").asText();
        Map<String, String> data = data(where, kind, name);
        if (!data.isEmpty() && !data.containsKey(key)) {
            problems.add(where, kind + " " + name + " has no key " + key);
        }
        return data.getOrDefault(key, "");
    }

    /** The keys and values of a ConfigMap or Secret (Secret values as written, stringData or base64 data). */
    private Map<String, String> data(String where, String kind, String name) {
        Optional<Manifest> manifest = find(kind, name);
        if (manifest.isEmpty()) {
            problems.add(where, "refers to " + kind + " " + name + ", which the base does not define");
            return Map.of();
        }
        Map<String, String> data = new LinkedHashMap<>();
        for (String field : List.of("data", "stringData")) {
            manifest.get().object().path(field).properties().forEach(entry -> data.put(entry.getKey(), entry.getValue().asText()));
        }
        return data;
    }

    /** A ClusterIP Service named as the module, selecting its pods, whose ports lead to the service's port. */
    private void checkClusterService(ServiceSettings service, JsonNode podLabels, JsonNode container) {
        String module = service.module();
        Optional<Manifest> manifest = find("Service", module);
        if (manifest.isEmpty()) {
            problems.add(DeploymentFiles.KUBERNETES_BASE, "no Service " + module);
            return;
        }
        String where = manifest.get().file();
        JsonNode spec = manifest.get().object().path("spec");
        String type = spec.path("type").asText("ClusterIP");
        if (!type.equals("ClusterIP")) {
            problems.add(where, "Service " + module + " is of type " + type + "; all are ClusterIP (the gateway is reached through the Ingress)");
        }
        if (!selects(spec.path("selector"), podLabels)) {
            problems.add(where, "Service " + module + "'s selector " + spec.path("selector") + " does not select the pods of Deployment " + module);
        }
        for (JsonNode port : spec.path("ports")) {
            JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
            if (port.path("port").asInt() != service.httpPort() || containerPort(container, target) != service.httpPort()) {
                problems.add(where, "Service " + module + " maps port " + port.path("port").asText() + " to " + target.asText()
                        + "; both must lead to quarkus.http.port " + service.httpPort());
            }
        }
    }

    /**
     * Every ConfigMap and Secret that a workload (Deployment, StatefulSet) refers to exists, with the
     * keys used, and every Service selects the pods of a workload.
     */
    private void checkReferences() {
        List<Manifest> workloads = workloads();
        for (Manifest workload : workloads) {
            for (JsonNode container : workload.object().path("spec").path("template").path("spec").path("containers")) {
                variables(workload.file(), container);
            }
        }
        for (Manifest service : all("Service")) {
            JsonNode selector = service.object().path("spec").path("selector");
            if (workloads.stream().noneMatch(workload -> selects(selector, podLabels(workload)))) {
                problems.add(service.file(), "Service " + service.name() + " selects " + selector + ", the pods of no Deployment or StatefulSet");
            }
        }
    }

    private void checkAutoscalers() {
        List<Manifest> autoscalers = all("HorizontalPodAutoscaler");
        for (Map.Entry<String, String> scaled : AUTOSCALED.entrySet()) {
            Optional<Manifest> autoscaler = autoscalers.stream()
                    .filter(hpa -> hpa.object().path("spec").path("scaleTargetRef").path("name").asText().equals(scaled.getKey()))
                    .findFirst();
            if (autoscaler.isEmpty()) {
                problems.add(DeploymentFiles.KUBERNETES_BASE, "no HorizontalPodAutoscaler scales " + scaled.getKey());
            } else if (!scalesOn(autoscaler.get(), scaled.getValue())) {
                problems.add(autoscaler.get().file(), "HorizontalPodAutoscaler " + autoscaler.get().name() + " does not scale "
                        + scaled.getKey() + " on " + scaled.getValue());
            }
        }
        for (Manifest hpa : autoscalers) {
            String where = hpa.file();
            JsonNode spec = hpa.object().path("spec");
            if (!hpa.object().path("apiVersion").asText().equals("autoscaling/v2")) {
                problems.add(where, "HorizontalPodAutoscaler " + hpa.name() + " is " + hpa.object().path("apiVersion").asText() + ", not autoscaling/v2");
            }
            if (spec.path("minReplicas").asInt(1) > spec.path("maxReplicas").asInt()) {
                problems.add(where, "HorizontalPodAutoscaler " + hpa.name() + " has minReplicas above maxReplicas");
            }
            String targetName = spec.path("scaleTargetRef").path("name").asText();
            Optional<Manifest> target = find(spec.path("scaleTargetRef").path("kind").asText(), targetName);
            if (target.isEmpty()) {
                problems.add(where, "HorizontalPodAutoscaler " + hpa.name() + " scales " + spec.path("scaleTargetRef") + ", which the base does not define");
                continue;
            }
            if (target.get().object().path("spec").has("replicas")) {
                problems.add(target.get().file(), targetName + " sets spec.replicas, which every apply would reset under its autoscaler");
            }
            for (JsonNode metric : spec.path("metrics")) {
                JsonNode external = metric.path("external");
                String type = external.path("target").path("type").asText();
                // Every evaluator reports the whole backlog: only a per-replica target scales with it.
                if (metric.path("type").asText().equals("External") && !type.equals("AverageValue")) {
                    problems.add(where, "HorizontalPodAutoscaler " + hpa.name() + " scales on external metric "
                            + external.path("metric").path("name").asText() + " with a target of type '" + type
                            + "'; use AverageValue, the figure per replica");
                }
            }
            if (spec.path("metrics").toString().contains("\"cpu\"")) {
                for (JsonNode container : target.get().object().path("spec").path("template").path("spec").path("containers")) {
                    if (container.path("resources").path("requests").path("cpu").isMissingNode()) {
                        problems.add(target.get().file(), targetName + " is scaled on CPU utilisation, but container "
                                + container.path("name").asText() + " requests no CPU");
                    }
                }
            }
        }
    }

    /** Whether the autoscaler has a metric named {@code metric}: a resource (cpu) or an external metric. */
    private static boolean scalesOn(Manifest autoscaler, String metric) {
        for (JsonNode entry : autoscaler.object().path("spec").path("metrics")) {
            if (entry.path("resource").path("name").asText().equals(metric)
                    || entry.path("external").path("metric").path("name").asText().equals(metric)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ingresses lead only to the public service, on one of its Service's ports, and not to Quarkus's /q/;
     * one leads there: clients outside the cluster, the demo among them, reach the platform through the
     * gateway alone.
     */
    private void checkIngresses() {
        boolean reached = all("Ingress").stream().flatMap(ingress -> ingress.object().findValues("service").stream())
                .anyMatch(backend -> backend.path("name").asText().equals(ServiceCatalog.PUBLIC_SERVICE));
        if (!reached) {
            problems.add(DeploymentFiles.KUBERNETES_BASE, "no Ingress leads to " + ServiceCatalog.PUBLIC_SERVICE
                    + "; from outside the cluster the platform would be reached only by port-forward");
        }
        for (Manifest ingress : all("Ingress")) {
            for (JsonNode path : ingress.object().findValues("path")) {
                String prefix = path.asText().endsWith("/") ? path.asText() : path.asText() + "/";
                if (QUARKUS_PATHS.startsWith(prefix) || prefix.startsWith(QUARKUS_PATHS)) {
                    problems.add(ingress.file(), "Ingress " + ingress.name() + " routes " + path.asText() + ", which holds "
                            + QUARKUS_PATHS + " (metrics, OpenAPI, health detail); route the API's paths only");
                }
            }
            for (JsonNode backend : ingress.object().findValues("service")) {
                String name = backend.path("name").asText();
                if (!name.equals(ServiceCatalog.PUBLIC_SERVICE)) {
                    problems.add(ingress.file(), "Ingress " + ingress.name() + " exposes " + name + "; only " + ServiceCatalog.PUBLIC_SERVICE + " is public");
                }
                JsonNode port = backend.path("port");
                boolean known = find("Service", name).stream()
                        .flatMap(service -> StreamSupport.stream(service.object().path("spec").path("ports").spliterator(), false))
                        .anyMatch(declared -> port.has("name") ? declared.path("name").equals(port.path("name"))
                                : declared.path("port").equals(port.path("number")));
                if (!known) {
                    problems.add(ingress.file(), "Ingress " + ingress.name() + " leads to port " + port + " of " + name + ", which that Service does not have");
                }
            }
        }
    }

    /**
     * The broker requires logins and ACLs; the container that mounts the set-up script's ConfigMap gives
     * each service's user the password from the Secret key the service logs in with.
     */
    private void checkKafkaAccess() throws IOException {
        KafkaAccessRules.checkScript(problems, files);
        Path kustomization = files.resolve(DeploymentFiles.KUBERNETES_BASE).resolve(KUSTOMIZATION);
        boolean generated = false;
        for (JsonNode generator : Yaml.read(kustomization).path("configMapGenerator")) {
            for (JsonNode file : generator.path("files")) {
                generated |= generator.path("name").asText().equals(SCRIPT_CONFIG_MAP)
                        && file.asText().replaceFirst("^[^=]*=", "").equals(Path.of(KafkaAccessRules.SCRIPT).getFileName().toString());
            }
        }
        if (!generated) {
            problems.add(files.name(kustomization), "generates no ConfigMap " + SCRIPT_CONFIG_MAP + " from "
                    + Path.of(KafkaAccessRules.SCRIPT).getFileName() + ", so the services get no Kafka users or ACLs");
        }
        Optional<JsonNode> broker = find("StatefulSet", KafkaAccessRules.BROKER)
                .flatMap(kafka -> container(kafka.object().path("spec").path("template"), KafkaAccessRules.BROKER));
        if (broker.isEmpty()) {
            problems.add(DeploymentFiles.KUBERNETES_BASE, "no StatefulSet " + KafkaAccessRules.BROKER + " with its container");
        } else {
            Map<String, String> environment = new LinkedHashMap<>();
            variables(find("StatefulSet", KafkaAccessRules.BROKER).get().file(), broker.get())
                    .forEach(variable -> environment.put(variable.name(), variable.value()));
            KafkaAccessRules.checkBroker(problems, find("StatefulSet", KafkaAccessRules.BROKER).get().file(), environment);
        }
        Optional<JsonNode> setup = base.stream().flatMap(workload -> scriptRunners(workload.object()).stream()).findFirst();
        if (setup.isEmpty()) {
            problems.add(DeploymentFiles.KUBERNETES_BASE, "no container mounts ConfigMap " + SCRIPT_CONFIG_MAP
                    + " to run the set-up script, so the services have no Kafka users or ACLs");
            return;
        }
        for (ServiceSettings service : catalog.services()) {
            Optional<JsonNode> container = find("Deployment", service.module())
                    .flatMap(deployment -> container(deployment.object().path("spec").path("template"), service.module()));
            Optional<String> password = container.flatMap(c -> source(c, KAFKA_PASSWORD));
            if (password.isEmpty()) {
                continue;
            }
            String variable = KafkaAcls.passwordVariable(service.module());
            Optional<String> given = source(setup.get(), variable);
            if (!password.equals(given)) {
                problems.add(find("Deployment", service.module()).get().file(), service.module() + " logs in to Kafka with "
                        + password.get() + ", but the set-up gives its user " + given.orElse("nothing") + " (" + variable + ")");
            }
        }
    }

    /** The containers of a workload that mount the set-up script's ConfigMap. */
    private static List<JsonNode> scriptRunners(JsonNode workload) {
        JsonNode pod = workload.path("spec").path("template").path("spec");
        List<String> volumes = new ArrayList<>();
        pod.path("volumes").forEach(volume -> {
            if (volume.path("configMap").path("name").asText().equals(SCRIPT_CONFIG_MAP)) {
                volumes.add(volume.path("name").asText());
            }
        });
        List<JsonNode> runners = new ArrayList<>();
        for (JsonNode container : pod.path("containers")) {
            for (JsonNode mount : container.path("volumeMounts")) {
                if (volumes.contains(mount.path("name").asText())) {
                    runners.add(container);
                }
            }
        }
        return runners;
    }

    /** Where a container's variable comes from: {@code Secret name/key}, or its value; empty when it has none. */
    private static Optional<String> source(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
                return Optional.of(secret.isMissingNode() ? variable.path("value").asText()
                        : "Secret " + secret.path("name").asText() + "/" + secret.path("key").asText());
            }
        }
        return Optional.empty();
    }

    /** The services share one service credential: the internal ones require what the gateway sends. */
    private void checkServiceCredentials() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (ServiceSettings service : catalog.services()) {
            find("Deployment", service.module())
                    .flatMap(deployment -> container(deployment.object().path("spec").path("template"), service.module()))
                    .flatMap(container -> source(container, SERVICE_CREDENTIAL))
                    .ifPresent(source -> sources.put(service.module(), source));
        }
        if (sources.values().stream().distinct().count() > 1) {
            problems.add(DeploymentFiles.KUBERNETES_BASE, "the services take " + SERVICE_CREDENTIAL + " from different places "
                    + sources + "; they share one");
        }
    }

    /**
     * The gateway takes its admin key from a Secret that the base leaves to the cluster, marked optional:
     * a cluster creates it with the key its clients send, or leaves it out and issues keys with
     * {@code cardeck keys create}. A key in the base would be known to everyone who reads the repository.
     */
    private void checkAdminKey() {
        String gateway = ServiceCatalog.PUBLIC_SERVICE;
        Optional<Manifest> deployment = find("Deployment", gateway);
        Optional<JsonNode> container = deployment.flatMap(found -> container(found.object().path("spec").path("template"), gateway));
        if (container.isEmpty()) {
            return;
        }
        String where = deployment.get().file();
        for (JsonNode variable : container.get().path("env")) {
            JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
            if (variable.path("name").asText().equals(LocalPlatform.ADMIN_KEY_VARIABLE) && find("Secret", secret.path("name").asText()).isPresent()) {
                problems.add(where, gateway + " takes its admin key from Secret " + secret.path("name").asText() + " of the base,"
                        + " which everyone who reads the repository knows; leave that Secret to the cluster (optional: true)");
            }
        }
        if (source(container.get(), LocalPlatform.ADMIN_KEY_VARIABLE).isEmpty()) {
            problems.add(where, gateway + " is not given " + LocalPlatform.ADMIN_KEY_VARIABLE + " from a Secret (optional), so"
                    + " a cluster cannot give it the key its clients send");
        }
    }

    /**
     * Every service whose pods are annotated for scraping takes the metrics key, from one Secret the base
     * leaves to the cluster (optional, as the admin key): with the service credential in its place a
     * scraper would open every route.
     */
    private void checkMetricsKeys() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (ServiceSettings service : catalog.services()) {
            Optional<Manifest> deployment = find("Deployment", service.module());
            if (deployment.isEmpty() || !scraped(deployment.get())) {
                continue;
            }
            Optional<JsonNode> container = container(deployment.get().object().path("spec").path("template"), service.module());
            Optional<String> variable = METRICS_KEY_PROPERTIES.stream().filter(service.properties()::contains)
                    .map(ServiceSettings::environmentName).findFirst();
            Optional<String> source = container.flatMap(found -> variable.flatMap(name -> source(found, name)));
            if (variable.isPresent() && source.isEmpty()) {
                problems.add(deployment.get().file(), service.module() + " is scraped but not given " + variable.get()
                        + ", so only the service credential or an admin key reads its metrics");
            }
            source.ifPresent(found -> sources.put(service.module(), found));
        }
        if (sources.values().stream().distinct().count() > 1) {
            problems.add(DeploymentFiles.KUBERNETES_BASE, "the services take their metrics key from different places " + sources
                    + "; one scraper reads them all with one");
        }
    }

    /** Whether the workload's pods are annotated for Prometheus to scrape. */
    private static boolean scraped(Manifest workload) {
        return workload.object().path("spec").path("template").path("metadata").path("annotations")
                .path("prometheus.io/scrape").asText().equals("true");
    }

    /** A source of the form {@code namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}, alone. */
    private static boolean isMonitoringNamespace(JsonNode from) {
        JsonNode selector = from.path("namespaceSelector");
        return from.size() == 1 && selector.size() == 1
                && selector.path("matchLabels").equals(JsonNodeFactory.instance.objectNode()
                        .put("kubernetes.io/metadata.name", MONITORING_NAMESPACE));
    }

    /**
     * What the workloads reach through a Service of the base (the internal services, the broker, the
     * database), and each internal service, has a NetworkPolicy that lets in only the pods of the
     * workloads whose variables point at that Service, on the container ports the Service leads to.
     */
    private void checkNetworkPolicies() {
        Map<String, JsonNode> podLabels = new LinkedHashMap<>();
        Map<String, List<String>> callers = new LinkedHashMap<>();
        for (Manifest workload : workloads()) {
            podLabels.put(workload.name(), podLabels(workload));
            for (JsonNode container : workload.object().path("spec").path("template").path("spec").path("containers")) {
                for (Variable variable : variables(workload.file(), container)) {
                    Endpoint.in(variable.value() == null ? "" : variable.value()).forEach(endpoint ->
                            callers.computeIfAbsent(endpoint.serviceName(), peer -> new ArrayList<>()).add(workload.name()));
                }
            }
        }
        List<String> protectedServices = new ArrayList<>();
        catalog.services().stream().map(ServiceSettings::module)
                .filter(module -> !module.equals(ServiceCatalog.PUBLIC_SERVICE)).forEach(protectedServices::add);
        callers.keySet().stream().filter(name -> find("Service", name).isPresent() && !protectedServices.contains(name))
                .forEach(protectedServices::add);
        for (String name : protectedServices) {
            Optional<Manifest> target = find("Service", name).flatMap(this::workloadOf);
            if (target.isEmpty()) {
                continue;
            }
            List<String> expected = callers.getOrDefault(name, List.of()).stream()
                    .filter(caller -> !caller.equals(target.get().name())).distinct().toList();
            checkNetworkPolicy(name, target.get(), servicePorts(find("Service", name).get(), target.get()), expected, podLabels);
        }
    }

    /** The Deployments and StatefulSets of the base. */
    private List<Manifest> workloads() {
        return base.stream().filter(manifest -> manifest.kind().equals("Deployment") || manifest.kind().equals("StatefulSet")).toList();
    }

    private static JsonNode podLabels(Manifest workload) {
        return workload.object().path("spec").path("template").path("metadata").path("labels");
    }

    /** The workload whose pods a Service selects. */
    private Optional<Manifest> workloadOf(Manifest service) {
        return workloads().stream().filter(workload -> selects(service.object().path("spec").path("selector"), podLabels(workload)))
                .findFirst();
    }

    /** The container ports of {@code workload} that a Service's ports lead to. */
    private static List<Integer> servicePorts(Manifest service, Manifest workload) {
        List<Integer> ports = new ArrayList<>();
        for (JsonNode port : service.object().path("spec").path("ports")) {
            ports.add(podPort(workload, port.has("targetPort") ? port.path("targetPort") : port.path("port")));
        }
        return ports;
    }

    /** A port of a workload's pods, given as a number or as the name of one of its containers' ports; -1 if none. */
    private static int podPort(Manifest workload, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode container : workload.object().path("spec").path("template").path("spec").path("containers")) {
            int number = containerPort(container, port);
            if (number >= 0) {
                return number;
            }
        }
        return -1;
    }

    /**
     * The NetworkPolicies that select {@code target}'s pods let in exactly {@code expected}'s pods, on
     * {@code ports}, and the namespace monitoring where the pods are scraped.
     */
    private void checkNetworkPolicy(String name, Manifest target, List<Integer> ports, List<String> expected,
                                    Map<String, JsonNode> podLabels) {
        List<Manifest> policies = all("NetworkPolicy").stream()
                .filter(policy -> selects(policy.object().path("spec").path("podSelector").path("matchLabels"), podLabels(target)))
                .toList();
        if (policies.isEmpty()) {
            problems.add(DeploymentFiles.KUBERNETES_BASE, "no NetworkPolicy selects the pods of " + name
                    + ", so every pod of the cluster reaches it");
            return;
        }
        List<String> allowed = new ArrayList<>();
        boolean scrapedFromMonitoring = false;
        for (Manifest policy : policies) {
            JsonNode spec = policy.object().path("spec");
            if (!spec.path("policyTypes").toString().contains("\"Ingress\"")) {
                problems.add(policy.file(), "NetworkPolicy " + policy.name() + " does not list Ingress in its policyTypes");
            }
            for (JsonNode rule : spec.path("ingress")) {
                if (rule.path("from").isEmpty()) {
                    problems.add(policy.file(), "NetworkPolicy " + policy.name() + " lets every source reach " + name
                            + " (a rule without from)");
                }
                for (JsonNode from : rule.path("from")) {
                    if (isMonitoringNamespace(from)) {
                        if (!scraped(target)) {
                            problems.add(policy.file(), "NetworkPolicy " + policy.name() + " lets the namespace "
                                    + MONITORING_NAMESPACE + " reach " + name + ", whose pods are not scraped");
                        }
                        scrapedFromMonitoring = true;
                        continue;
                    }
                    if (from.has("namespaceSelector") || from.has("ipBlock") || !from.has("podSelector")) {
                        problems.add(policy.file(), "NetworkPolicy " + policy.name() + " lets in " + from
                                + "; only pods of this namespace's workloads that call " + name + ", and the namespace "
                                + MONITORING_NAMESPACE + " where they are scraped");
                        continue;
                    }
                    JsonNode selector = from.path("podSelector").path("matchLabels");
                    List<String> selected = podLabels.entrySet().stream()
                            .filter(labels -> selects(selector, labels.getValue()))
                            .map(Map.Entry::getKey).toList();
                    // An empty selector selects every pod of the namespace.
                    String unknown = selector.isEmpty() ? "every pod of the namespace" : from.path("podSelector").toString();
                    for (String caller : selected.isEmpty() ? List.of(unknown) : selected) {
                        if (!expected.contains(caller)) {
                            problems.add(policy.file(), "NetworkPolicy " + policy.name() + " lets " + caller + " reach "
                                    + name + ", which only " + expected + " call");
                        }
                    }
                    allowed.addAll(selected);
                }
                if (rule.path("ports").isEmpty()) {
                    problems.add(policy.file(), "NetworkPolicy " + policy.name() + " opens every port of " + name);
                }
                for (JsonNode port : rule.path("ports")) {
                    if (!ports.contains(podPort(target, port.path("port")))) {
                        problems.add(policy.file(), "NetworkPolicy " + policy.name() + " opens port " + port.path("port").asText()
                                + " of " + name + ", whose Service leads to " + ports);
                    }
                }
            }
        }
        for (String caller : expected) {
            if (!allowed.contains(caller)) {
                problems.add(DeploymentFiles.KUBERNETES_BASE, "no NetworkPolicy lets " + caller + " reach " + name
                        + ", which it calls");
            }
        }
        if (scraped(target) && !scrapedFromMonitoring) {
            problems.add(DeploymentFiles.KUBERNETES_BASE, name + " is annotated for scraping, but no NetworkPolicy lets the"
                    + " namespace " + MONITORING_NAMESPACE + " reach it");
        }
    }

    private void checkGpuOverlay() throws IOException {
        Path overlay = files.resolve(DeploymentFiles.GPU_OVERLAY);
        Path kustomization = overlay.resolve(KUSTOMIZATION);
        String where = files.name(kustomization);
        if (!Files.isRegularFile(kustomization)) {
            problems.add(DeploymentFiles.GPU_OVERLAY, "no " + KUSTOMIZATION);
            return;
        }
        JsonNode definition = Yaml.read(kustomization);
        Path basePath = files.resolve(DeploymentFiles.KUBERNETES_BASE).normalize();
        boolean overBase = false;
        for (JsonNode resource : definition.path("resources")) {
            Path path = overlay.resolve(resource.asText()).normalize();
            overBase |= path.equals(basePath);
            if (!Files.exists(path)) {
                problems.add(where, "lists resource " + resource.asText() + ", which does not exist");
            }
        }
        if (!overBase) {
            problems.add(where, "does not build on " + DeploymentFiles.KUBERNETES_BASE);
        }
        Map<String, Manifest> patched = new LinkedHashMap<>();
        for (JsonNode patch : definition.path("patches")) {
            Path path = overlay.resolve(patch.path("path").asText()).normalize();
            if (!Files.isRegularFile(path)) {
                problems.add(where, "lists patch " + patch.path("path").asText() + ", which does not exist");
                continue;
            }
            for (JsonNode object : Yaml.documents(path)) {
                Manifest manifest = new Manifest(files.name(path), object);
                checkPatchTarget(patch.path("target"), manifest);
                patched.put(manifest.name(), manifest);
            }
        }
        for (ServiceSettings service : catalog.gpuServices()) {
            Manifest patch = patched.get(service.module());
            if (patch == null) {
                problems.add(where, "gives " + service.module() + " no GPU, though it reads " + ServiceCatalog.DEVICE_VARIABLE);
            } else {
                checkGpuPatch(service, patch);
            }
        }
    }

    /** A patch changes an object of the base, and containers the base has (a new name would add a container). */
    private void checkPatchTarget(JsonNode target, Manifest patch) {
        String where = patch.file();
        if (!target.isMissingNode() && !(target.path("kind").asText().equals(patch.kind()) && target.path("name").asText().equals(patch.name()))) {
            problems.add(where, "is applied to " + target + " but describes " + patch.kind() + " " + patch.name());
        }
        Optional<Manifest> original = find(patch.kind(), patch.name());
        if (original.isEmpty()) {
            problems.add(where, "patches " + patch.kind() + " " + patch.name() + ", which the base does not define");
            return;
        }
        for (JsonNode container : patch.object().path("spec").path("template").path("spec").path("containers")) {
            String name = container.path("name").asText();
            if (container(original.get().object().path("spec").path("template"), name).isEmpty()) {
                problems.add(where, "patches container " + name + ", which " + patch.kind() + " " + patch.name() + " does not have");
            }
        }
    }

    private void checkGpuPatch(ServiceSettings service, Manifest patch) {
        String where = patch.file();
        String module = service.module();
        JsonNode template = patch.object().path("spec").path("template");
        JsonNode pod = template.path("spec");
        Optional<JsonNode> container = container(template, module);
        if (container.isEmpty()) {
            problems.add(where, "the GPU patch of " + module + " has no container " + module);
            return;
        }
        JsonNode gpus = container.get().path("resources").path("limits").path(GPU_RESOURCE);
        if (!(gpus.canConvertToInt() && gpus.asInt() > 0 || gpus.isTextual() && gpus.asText().matches("[1-9][0-9]*"))) {
            problems.add(where, module + " gets no " + GPU_RESOURCE + " limit of one or more GPUs");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        container.get().path("env").forEach(variable -> environment.put(variable.path("name").asText(), variable.path("value").asText()));
        EnvironmentRules.checkAccepted(problems, where, service, environment.keySet());
        if (!CUDA.equals(environment.get(ServiceCatalog.DEVICE_VARIABLE))) {
            problems.add(where, module + " does not get " + ServiceCatalog.DEVICE_VARIABLE + "=" + CUDA);
        }
        String image = container.get().path("image").asText();
        String cpuImage = find("Deployment", module).flatMap(deployment -> container(deployment.object().path("spec").path("template"), module))
                .map(original -> original.path("image").asText()).orElse("");
        if (image.isEmpty() || image.equals(cpuImage)) {
            problems.add(where, module + " keeps the CPU image " + cpuImage + " on its GPU node; use the image of Dockerfile.gpu");
        }
        if (pod.path("nodeSelector").isEmpty()) {
            problems.add(where, module + " has no nodeSelector for GPU nodes");
        }
        boolean tolerated = false;
        for (JsonNode toleration : pod.path("tolerations")) {
            tolerated |= toleration.path("key").asText().equals(GPU_RESOURCE);
        }
        if (!tolerated) {
            problems.add(where, module + " does not tolerate the " + GPU_RESOURCE + " taint of GPU nodes");
        }
    }
}
