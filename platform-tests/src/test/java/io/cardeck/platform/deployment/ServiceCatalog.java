package io.cardeck.platform.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

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
    /**
     * The Quarkus-side modules that services share, by artifactId: a service that depends on one
     * reads its {@code @ConfigMapping} settings too.
     */
    static final Map<String, String> SHARED_MODULES = Map.of("cardeck-outbox-quarkus", "outbox-quarkus");

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
            if (!Files.isRegularFile(properties)) {
                problems.add(module, "no " + repository.relativize(properties) + ", so nothing to check its deployment against");
                continue;
            }
            List<String> compiled = new ArrayList<>(List.of(module));
            for (String artifactId : dependencies(repository.resolve(module).resolve("pom.xml"))) {
                Optional.ofNullable(SHARED_MODULES.get(artifactId)).ifPresent(compiled::add);
            }
            List<Path> classes = compiled.stream().map(m -> repository.resolve(m).resolve("target/classes")).toList();
            List<Path> missing = classes.stream().filter(directory -> !Files.isDirectory(directory)).toList();
            if (missing.isEmpty()) {
                settings.put(module, ServiceSettings.read(module, properties, classes));
            }
            for (Path directory : missing) {
                problems.add(module, "no " + repository.relativize(directory) + ": compile it first (./mvnw -pl " + module
                        + " -am compile), its @ConfigMapping settings are read from there");
            }
        }
        return new ServiceCatalog(settings, problems.list());
    }

    /** The artifactIds that a module's pom.xml names as its dependencies. */
    private static Set<String> dependencies(Path pom) throws IOException {
        Set<String> artifactIds = new HashSet<>();
        if (!Files.isRegularFile(pom)) {
            return artifactIds;
        }
        try {
            NodeList dependencies = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                    .getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                NodeList artifactId = ((Element) dependencies.item(i)).getElementsByTagName("artifactId");
                if (artifactId.getLength() > 0) {
                    artifactIds.add(artifactId.item(0).getTextContent().trim());
                }
            }
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read " + pom + ": " + e.getMessage(), e);
        }
        return artifactIds;
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
