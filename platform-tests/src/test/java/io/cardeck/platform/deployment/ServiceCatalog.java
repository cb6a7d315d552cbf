package io.cardeck.platform.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's four services (the product's design) and the settings of each, read from its
 * module in the repository. A module without its files is a problem, and the checks skip it.
 */
final class ServiceCatalog {

    static final List<String> SERVICES = List.of("pruner-service", "evaluator-service", "ensemble-service", "gateway");
    /** The one service reachable from outside. */
    static final String PUBLIC_SERVICE = "gateway";
    /** A service that reads this variable runs inference, on a GPU when it says cuda. */
    static final String DEVICE_VARIABLE = "CARDECK_DEVICE";

    private final Map<String, ServiceSettings> settings;
    private final List<String> problems;

    private ServiceCatalog(Map<String, ServiceSettings> settings, List<String> problems) {
        this.settings = settings;
        this.problems = List.copyOf(problems);
    }

    static ServiceCatalog read(Path repository) throws IOException {
        Map<String, ServiceSettings> settings = new LinkedHashMap<>();
        Problems problems = new Problems();
        for (String module : SERVICES) {
            Path properties = repository.resolve(module).resolve("src/main/resources/application.properties");
            Path classes = repository.resolve(module).resolve("target/classes");
            if (!Files.isRegularFile(properties)) {
                problems.add(module, "no " + repository.relativize(properties) + ", so nothing to check its deployment against");
            } else if (!Files.isDirectory(classes)) {
                problems.add(module, "no " + repository.relativize(classes) + ": compile it first (./mvnw -pl " + module
                        + " compile), its @ConfigMapping settings are read from there");
            } else {
                settings.put(module, ServiceSettings.read(module, properties, classes));
            }
        }
        return new ServiceCatalog(settings, problems.list());
    }

    /** The services whose settings could be read, in {@link #SERVICES} order. */
    List<ServiceSettings> services() {
        return List.copyOf(settings.values());
    }

    /** The services that run inference on a device of their choice (CPU, or CUDA on a GPU). */
    List<ServiceSettings> gpuServices() {
        return settings.values().stream().filter(service -> service.reads(DEVICE_VARIABLE)).toList();
    }

    Optional<ServiceSettings> service(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    /** Modules missing or not compiled. */
    List<String> problems() {
        return problems;
    }

}
