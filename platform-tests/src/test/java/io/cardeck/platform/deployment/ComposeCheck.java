package io.cardeck.platform.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.devstack.KafkaAcls;
import io.cardeck.devstack.LocalPlatform;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * docker-compose.yml and its GPU override, docker-compose.gpu.yml: every service is there, built
 * from its own Dockerfile, configured only with variables it reads, pointed at peers on their
 * ports, health-checked on its readiness path and started after the healthy peers it points at;
 * only the gateway publishes a port, and it does, with the command line's key as its admin key, and
 * only the gateway is on a network that is not internal. The
 * broker requires logins and ACLs, a set-up runs the generated script before the services start and
 * gives each the Kafka password it logs in with, and the services share one service credential.
 */
final class ComposeCheck {

    private static final String BASE = DeploymentFiles.COMPOSE;
    private static final String GPU_OVERRIDE = DeploymentFiles.COMPOSE_GPU;
    private static final String READINESS = "/q/health/ready";
    private static final String CUDA = "cuda";
    private static final String COMPLETED = "service_completed_successfully";
    private static final String KAFKA_PASSWORD = ServiceSettings.environmentName("cardeck.kafka.password");
    private static final String SERVICE_CREDENTIAL = ServiceSettings.environmentName("cardeck.service.credential");
    /** What the command line sends as its API key (cli's GatewayKeyOption). */
    private static final String COMMAND_LINE_KEY_VARIABLE = "CARDECK_API_KEY";
    /** ${CARDECK_API_KEY}, with or without a default. */
    private static final Pattern COMMAND_LINE_KEY = Pattern.compile("\\$\\{" + COMMAND_LINE_KEY_VARIABLE + "(:?-[^}]*)?}");

    private final DeploymentFiles files;
    private final ServiceCatalog catalog;
    private final Problems problems = new Problems();

    private ComposeCheck(DeploymentFiles files, ServiceCatalog catalog) {
        this.files = files;
        this.catalog = catalog;
    }

    static List<String> problems(DeploymentFiles files, ServiceCatalog catalog) throws IOException {
        ComposeCheck check = new ComposeCheck(files, catalog);
        JsonNode compose = Yaml.read(files.resolve(DeploymentFiles.COMPOSE));
        JsonNode services = compose.path("services");
        check.checkBase(services);
        check.checkNetworks(services, compose.path("networks"));
        check.checkAccess(services);
        check.checkGpuOverride(services, Yaml.read(files.resolve(DeploymentFiles.COMPOSE_GPU)).path("services"));
        return check.problems.list();
    }

    private void checkBase(JsonNode services) {
        for (Map.Entry<String, JsonNode> entry : services.properties()) {
            checkPublishedPorts(entry.getKey(), entry.getValue());
            checkDependencies(services, entry.getKey(), entry.getValue());
        }
        for (ServiceSettings settings : catalog.services()) {
            JsonNode service = services.path(settings.module());
            if (service.isMissingNode()) {
                problems.add(BASE, "no service " + settings.module());
                continue;
            }
            checkBuild(settings.module(), service, DeploymentFiles.dockerfile(settings.module()));
            checkHealthcheck(settings, service.path("healthcheck"));
            JsonNode expose = service.path("expose");
            for (JsonNode port : expose) {
                if (!port.asText().equals(String.valueOf(settings.httpPort()))) {
                    problems.add(BASE, settings.module() + " exposes " + port.asText() + ", but listens on " + settings.httpPort());
                }
            }
            checkEnvironment(settings, services, service);
        }
        checkGatewayReachable(services.path(ServiceCatalog.PUBLIC_SERVICE));
    }

    /**
     * The command line, the demo included, reaches the platform through the gateway alone: its port is
     * published, and the key a user exports for the command line ($CARDECK_API_KEY) is its admin key.
     */
    private void checkGatewayReachable(JsonNode gateway) {
        if (gateway.isMissingNode()) {
            return;
        }
        String name = ServiceCatalog.PUBLIC_SERVICE;
        if (gateway.path("ports").isEmpty()) {
            problems.add(BASE, name + " publishes no port; it is the platform's only entry, for every client and the demo");
        }
        String key = environment(gateway.path("environment")).get(LocalPlatform.ADMIN_KEY_VARIABLE);
        if (key == null || !COMMAND_LINE_KEY.matcher(key).matches()) {
            problems.add(BASE, name + " takes its admin key " + LocalPlatform.ADMIN_KEY_VARIABLE + " from " + key
                    + ", not from ${" + COMMAND_LINE_KEY_VARIABLE + "}, the key the command line sends");
        }
    }

    /**
     * Only the public service can be reached from outside the host: every other service is on
     * internal networks only (Compose's default network is not internal), and the public one is on an
     * internal network too, to reach them.
     */
    private void checkNetworks(JsonNode services, JsonNode networks) {
        Set<String> internal = new TreeSet<>();
        networks.properties().forEach(network -> {
            if (network.getValue().path("internal").asBoolean(false)) {
                internal.add(network.getKey());
            }
        });
        for (Map.Entry<String, JsonNode> entry : services.properties()) {
            String name = entry.getKey();
            List<String> joined = StreamSupport.stream(entry.getValue().path("networks").spliterator(), false)
                    .map(JsonNode::asText).toList();
            if (entry.getValue().path("networks").isObject()) {
                joined = new ArrayList<>();
                entry.getValue().path("networks").fieldNames().forEachRemaining(joined::add);
            }
            if (joined.isEmpty()) {
                problems.add(BASE, name + " names no networks, so it joins Compose's default network, which is not internal");
                continue;
            }
            if (name.equals(ServiceCatalog.PUBLIC_SERVICE)) {
                if (joined.stream().noneMatch(internal::contains)) {
                    problems.add(BASE, name + " is on no internal network " + internal + ", where the services it calls are");
                }
                continue;
            }
            for (String network : joined) {
                if (!internal.contains(network)) {
                    problems.add(BASE, name + " is on network '" + network + "', which is not internal; only "
                            + ServiceCatalog.PUBLIC_SERVICE + " may be reachable from outside the host");
                }
            }
        }
    }

    /** Only the public service publishes ports, and only its own. */
    private void checkPublishedPorts(String name, JsonNode service) {
        JsonNode ports = service.path("ports");
        if (ports.isMissingNode() || ports.isEmpty()) {
            return;
        }
        Integer ownPort = catalog.service(name).map(ServiceSettings::httpPort).orElse(null);
        if (!name.equals(ServiceCatalog.PUBLIC_SERVICE)) {
            problems.add(BASE, name + " publishes ports " + ports + "; only " + ServiceCatalog.PUBLIC_SERVICE + " is reachable from outside");
            return;
        }
        for (JsonNode port : ports) {
            String target = containerPort(port);
            if (ownPort != null && !target.equals(String.valueOf(ownPort))) {
                problems.add(BASE, name + " publishes container port " + target + ", but listens on " + ownPort);
            }
        }
    }

    /** The container side of a port mapping: short form {@code [ip:]published:target[/proto]} or long form. */
    private static String containerPort(JsonNode port) {
        if (port.isObject()) {
            return port.path("target").asText();
        }
        String text = port.asText().replaceFirst("/(tcp|udp)$", "");
        return text.substring(text.lastIndexOf(':') + 1);
    }

    /** depends_on in the long form, each on a service that exists, has a health check, and is healthy first. */
    private void checkDependencies(JsonNode services, String name, JsonNode service) {
        JsonNode dependsOn = service.path("depends_on");
        if (dependsOn.isArray()) {
            problems.add(BASE, name + " lists depends_on without conditions; use the long form with condition: service_healthy");
            return;
        }
        for (Map.Entry<String, JsonNode> dependency : dependsOn.properties()) {
            JsonNode peer = services.path(dependency.getKey());
            String condition = dependency.getValue().path("condition").asText();
            if (peer.isMissingNode()) {
                problems.add(BASE, name + " depends on " + dependency.getKey() + ", which is no service here");
            } else if (condition.equals(COMPLETED)) {
                continue; // a one-shot set-up, which runs to its end rather than staying healthy
            } else if (peer.path("healthcheck").isMissingNode()) {
                problems.add(BASE, name + " waits for " + dependency.getKey() + " to be healthy, which has no healthcheck");
            }
            if (!condition.equals("service_healthy")) {
                problems.add(BASE, name + " depends on " + dependency.getKey() + " with condition '" + condition
                        + "', not service_healthy (or " + COMPLETED + " for a one-shot set-up)");
            }
        }
    }

    private void checkBuild(String module, JsonNode service, String dockerfile) {
        JsonNode build = service.path("build");
        String context = build.path("context").asText(".");
        if (!files.root().resolve(context).normalize().equals(files.root().normalize())) {
            problems.add(BASE, module + " builds in context " + context + ", not the repository root (.) its Dockerfile expects");
        }
        String named = build.path("dockerfile").asText();
        if (!named.equals(dockerfile)) {
            problems.add(BASE, module + " builds from '" + named + "', not " + dockerfile);
        }
    }

    private void checkHealthcheck(ServiceSettings settings, JsonNode healthcheck) {
        List<URI> urls = urls(healthcheck.path("test"));
        if (urls.isEmpty()) {
            problems.add(BASE, settings.module() + " has no HTTP healthcheck on " + READINESS);
        }
        for (URI url : urls) {
            if (url.getPort() != settings.httpPort() || !READINESS.equals(url.getPath())) {
                problems.add(BASE, settings.module() + " is health-checked at " + url + ", not on its port "
                        + settings.httpPort() + " and Quarkus's readiness path " + READINESS);
            }
        }
    }

    /** The http URLs in a healthcheck's test (exec form list, or a shell string). */
    private static List<URI> urls(JsonNode test) {
        List<String> words = test.isArray()
                ? StreamSupport.stream(test.spliterator(), false).map(JsonNode::asText).toList()
                : List.of(test.asText().split("\\s+"));
        return words.stream().filter(word -> word.startsWith("http://")).map(URI::create).toList();
    }

    private void checkEnvironment(ServiceSettings settings, JsonNode services, JsonNode service) {
        Map<String, String> environment = environment(service.path("environment"));
        Set<String> dependencies = new TreeSet<>();
        service.path("depends_on").fieldNames().forEachRemaining(dependencies::add);
        EnvironmentRules.checkAccepted(problems, BASE, settings, environment.keySet());
        EnvironmentRules.checkSecretsGiven(problems, BASE, settings, environment.keySet());
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String value = variable.getValue();
            if (EnvironmentRules.isSecret(variable.getKey()) && !value.startsWith("${")) {
                problems.add(BASE, settings.module() + " has " + variable.getKey() + " written in the file; take it from the environment (${...})");
            }
            for (Endpoint endpoint : Endpoint.in(value)) {
                String peer = endpoint.serviceName();
                if (services.path(peer).isMissingNode()) {
                    problems.add(BASE, settings.module() + "'s " + variable.getKey() + " points at " + endpoint + ", but there is no service " + peer);
                    continue;
                }
                catalog.service(peer).filter(target -> target.httpPort() != endpoint.port()).ifPresent(target ->
                        problems.add(BASE, settings.module() + "'s " + variable.getKey() + " points at " + endpoint
                                + ", but " + peer + " listens on " + target.httpPort()));
                if (!dependencies.contains(peer)) {
                    problems.add(BASE, settings.module() + " uses " + peer + " (" + variable.getKey() + ") without depends_on " + peer);
                }
            }
        }
    }

    private void checkAccess(JsonNode services) {
        JsonNode broker = services.path(KafkaAccessRules.BROKER);
        if (broker.isMissingNode()) {
            problems.add(BASE, "no service " + KafkaAccessRules.BROKER + ", the broker the services' KAFKA_BOOTSTRAP_SERVERS name");
        } else {
            KafkaAccessRules.checkBroker(problems, BASE, environment(broker.path("environment")));
        }
        String setup = null;
        for (Map.Entry<String, JsonNode> service : services.properties()) {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.isObject() ? volume.path("source").asText() : volume.asText().split(":")[0];
                if (files.root().resolve(source).normalize().equals(files.resolve(KafkaAccessRules.SCRIPT).normalize())) {
                    setup = service.getKey();
                }
            }
        }
        if (setup == null) {
            problems.add(BASE, "no service runs " + KafkaAccessRules.SCRIPT + ", so the services have no Kafka users or ACLs");
        }
        Map<String, String> setupEnvironment = setup == null ? Map.of() : environment(services.path(setup).path("environment"));
        Set<String> credentials = new TreeSet<>();
        for (ServiceSettings settings : catalog.services()) {
            String module = settings.module();
            JsonNode service = services.path(module);
            if (service.isMissingNode()) {
                continue;
            }
            Map<String, String> environment = environment(service.path("environment"));
            String password = environment.get(KAFKA_PASSWORD);
            if (setup != null && password != null) {
                if (!service.path("depends_on").path(setup).path("condition").asText().equals(COMPLETED)) {
                    problems.add(BASE, module + " does not wait for " + setup + " (" + COMPLETED + "), which gives it its Kafka user");
                }
                String given = setupEnvironment.get(KafkaAcls.passwordVariable(module));
                if (!password.equals(given)) {
                    problems.add(BASE, module + " logs in to Kafka with " + password + ", but " + setup + " gives its user "
                            + given + " (" + KafkaAcls.passwordVariable(module) + ")");
                }
            }
            Optional.ofNullable(environment.get(SERVICE_CREDENTIAL)).ifPresent(credentials::add);
        }
        if (credentials.size() > 1) {
            problems.add(BASE, "the services are given different service credentials " + credentials + "; they share one");
        }
    }

    /**
     * The GPU override adds to services of the base file only (a new name would start a second,
     * half-configured service): the CUDA image from Dockerfile.gpu, an NVIDIA device reservation,
     * and CARDECK_DEVICE=cuda, for each service that reads CARDECK_DEVICE.
     */
    private void checkGpuOverride(JsonNode baseServices, JsonNode gpuServices) {
        for (Map.Entry<String, JsonNode> entry : gpuServices.properties()) {
            if (baseServices.path(entry.getKey()).isMissingNode()) {
                problems.add(GPU_OVERRIDE, "overrides " + entry.getKey() + ", which is no service of " + BASE);
            }
        }
        for (ServiceSettings settings : catalog.gpuServices()) {
            JsonNode service = gpuServices.path(settings.module());
            if (service.isMissingNode()) {
                problems.add(GPU_OVERRIDE, "does not give " + settings.module() + " a GPU, though it reads " + ServiceCatalog.DEVICE_VARIABLE);
                continue;
            }
            String dockerfile = DeploymentFiles.gpuDockerfile(settings.module());
            String named = service.path("build").path("dockerfile").asText();
            if (!named.equals(dockerfile)) {
                problems.add(GPU_OVERRIDE, settings.module() + " builds from '" + named + "', not " + dockerfile);
            }
            String image = service.path("image").asText();
            if (image.isEmpty() || image.equals(baseServices.path(settings.module()).path("image").asText())) {
                problems.add(GPU_OVERRIDE, settings.module() + " needs an image name of its own (" + image
                        + "), or the CUDA build replaces the CPU image of the same name");
            }
            Map<String, String> environment = environment(service.path("environment"));
            EnvironmentRules.checkAccepted(problems, GPU_OVERRIDE, settings, environment.keySet());
            if (!CUDA.equals(environment.get(ServiceCatalog.DEVICE_VARIABLE))) {
                problems.add(GPU_OVERRIDE, settings.module() + " does not set " + ServiceCatalog.DEVICE_VARIABLE + "=" + CUDA);
            }
            boolean reservesGpu = false;
            for (JsonNode device : service.path("deploy").path("resources").path("reservations").path("devices")) {
                reservesGpu |= device.path("driver").asText().equals("nvidia")
                        && device.path("capabilities").toString().contains("\"gpu\"");
            }
            if (!reservesGpu) {
                problems.add(GPU_OVERRIDE, settings.module() + " reserves no device with driver nvidia and capability gpu");
            }
        }
    }

    /** A service's environment: a mapping, or a list of NAME=value. */
    private static Map<String, String> environment(JsonNode node) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (node.isArray()) {
            for (JsonNode entry : node) {
                String[] parts = entry.asText().split("=", 2);
                environment.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        } else {
            node.properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        }
        return environment;
    }
}
