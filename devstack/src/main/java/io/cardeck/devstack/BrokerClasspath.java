package io.cardeck.devstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The classpath of the broker's child JVM: devstack's own classes (for {@link KafkaBrokerProcess})
 * and the Kafka jars recorded at build time by the dependency plugin, as absolute paths into the
 * local Maven repository (see devstack's pom.xml and docs/devstack.md).
 */
final class BrokerClasspath {

    /** The resources the build writes; together they hold kafka_2.13 and its runtime dependencies. */
    private static final List<String> RESOURCES =
        List.of("kafka-broker-server.classpath", "kafka-broker-runtime.classpath");

    private static final String REBUILD =
        "rebuild devstack so that Maven fetches the jars again: ./mvnw -pl devstack install";

    private BrokerClasspath() {
    }

    /** The entries, own classes first, each checked to exist. */
    static List<Path> resolve() {
        List<Path> entries = new ArrayList<>();
        entries.add(ownClasses());
        for (String resource : RESOURCES) {
            try (InputStream in = BrokerClasspath.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource io/cardeck/devstack/" + resource
                        + " is missing from the devstack jar; " + REBUILD);
                }
                entries.addAll(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read io/cardeck/devstack/" + resource, e);
            }
        }
        return List.copyOf(new LinkedHashSet<>(entries));
    }

    /**
     * Parses one classpath file ({@code :}-separated absolute jar paths, as build-classpath writes
     * them); {@code source} names the file in errors.
     */
    static List<Path> parse(String text, String source) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalStateException(source + " lists no jars; " + REBUILD);
        }
        Set<Path> jars = new LinkedHashSet<>();
        for (String entry : trimmed.split(":")) {
            Path jar = Path.of(entry.strip());
            if (!jar.isAbsolute() || !jar.getFileName().toString().endsWith(".jar")) {
                throw new IllegalStateException(source + " has entry '" + entry
                    + "'; expected absolute paths of .jar files; " + REBUILD);
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("Kafka broker jar " + jar + " (listed in " + source
                    + " when devstack was built) does not exist; " + REBUILD);
            }
            jars.add(jar);
        }
        return List.copyOf(jars);
    }

    /** Where devstack's classes were loaded from: target/classes in its own build, else its jar. */
    private static Path ownClasses() {
        CodeSource source = BrokerClasspath.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null
            || !"file".equals(source.getLocation().getProtocol())) {
            throw new IllegalStateException("cannot locate the devstack jar: the class loader of "
                + BrokerClasspath.class.getName() + " reports code source " + source
                + "; expected a file: URL of a jar or classes directory");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the devstack jar from " + source.getLocation(), e);
        }
    }

    /** The entries joined for {@code java -cp}. */
    static String asArgument(List<Path> entries) {
        return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
