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
    static final Map<String, String> SHARED_MODULES = Map.of("cardeck-outbox-quarkus", "outbox-quarkus",
            "cardeck-internal-access-quarkus", "internal-access-quarkus");
    /** The library that reads datasets from disk (libs/data): a service that depends on it, directly or not, reads them. */
    static final String DATASET_LIBRARY = "cardeck-data";

    private final Map<String, ServiceSettings> settings;
    private final Set<String> datasetReaders;
    private final List<String> problems;

    private ServiceCatalog(Map<String, ServiceSettings> settings, Set<String> datasetReaders, List<String> problems) {
        this.settings = settings;
        this.datasetReaders = Set.copyOf(datasetReaders);
        this.problems = List.copyOf(problems);
    }

    static ServiceCatalog read(Path repository) throws IOException {
        Map<String, ServiceSettings> settings = new LinkedHashMap<>();
        Set<String> datasetReaders = new HashSet<>();
        Map<String, Set<String>> repositoryModules = repositoryModules(repository);
        Problems problems = new Problems();
        for (String module : SERVICES) {
            if (dependsOn(dependencies(repository.resolve(module).resolve("pom.xml")), DATASET_LIBRARY, repositoryModules,
                    new HashSet<>())) {
                datasetReaders.add(module);
            }
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
        return new ServiceCatalog(settings, datasetReaders, problems.list());
    }

    /** Each of the repository's Maven modules (by its artifactId) with the artifactIds it depends on. */
    private static Map<String, Set<String>> repositoryModules(Path repository) throws IOException {
        Map<String, Set<String>> modules = new LinkedHashMap<>();
        // Modules sit at most two folders down (libs/data/pom.xml).
        try (var poms = Files.find(repository, 3, (path, attributes) -> path.getFileName().toString().equals("pom.xml")
                && !path.toString().contains("/target/"))) {
            for (Path pom : poms.toList()) {
                Optional<String> id = artifactId(pom);
                if (id.isPresent()) {
                    modules.put(id.get(), dependencies(pom));
                }
            }
        }
        return modules;
    }

    private static boolean dependsOn(Set<String> dependencies, String library, Map<String, Set<String>> modules, Set<String> seen) {
        for (String dependency : dependencies) {
            if (dependency.equals(library) || (seen.add(dependency)
                    && dependsOn(modules.getOrDefault(dependency, Set.of()), library, modules, seen))) {
                return true;
            }
        }
        return false;
    }

    /** The module's own artifactId (the project's, not its parent's). */
    private static Optional<String> artifactId(Path pom) throws IOException {
        try {
            NodeList children = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                    .getDocumentElement().getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element element && element.getTagName().equals("artifactId")) {
                    return Optional.of(element.getTextContent().trim());
                }
            }
            return Optional.empty();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read " + pom + ": " + e.getMessage(), e);
        }
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

    /** Whether the service reads datasets from disk (it depends on {@link #DATASET_LIBRARY}). */
    boolean readsDatasets(String module) {
        return datasetReaders.contains(module);
    }

    Optional<ServiceSettings> service(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    /** Modules missing or not compiled. */
    List<String> problems() {
        return problems;
    }

}
