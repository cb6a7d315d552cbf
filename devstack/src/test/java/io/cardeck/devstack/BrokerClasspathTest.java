package io.cardeck.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerClasspathTest {

    @Test
    void theBuildRecordedTheBrokerAndItsLoggingAndCodecs() {
        List<Path> entries = BrokerClasspath.resolve();

        assertEquals(Path.of("target/classes").toAbsolutePath(), entries.get(0), "devstack's own classes first");
        List<String> names = entries.stream().map(path -> path.getFileName().toString()).toList();
        for (String prefix : List.of("kafka_2.13-", "kafka-clients-", "kafka-server-", "scala-library-",
                "log4j-slf4j2-impl-", "slf4j-api-", "zstd-jni-", "lz4-java-", "snappy-java-")) {
            assertTrue(names.stream().anyMatch(name -> name.startsWith(prefix)), prefix + " in " + names);
        }
        assertTrue(names.stream().noneMatch(name -> name.startsWith("postgresql-") || name.startsWith("junit-")),
            "only the broker's jars: " + names);
        assertEquals(entries.size(), Set.copyOf(entries).size(), "no duplicates");
    }

    @Test
    void parsesAnAbsoluteJarList(@TempDir Path root) throws IOException {
        Path a = Files.createFile(root.resolve("a.jar"));
        Path b = Files.createFile(root.resolve("b.jar"));

        assertEquals(List.of(a, b), BrokerClasspath.parse(a + ":" + b + ":" + a + "\n", "test.classpath"));
        assertEquals(a + File.pathSeparator + b, BrokerClasspath.asArgument(List.of(a, b)));
    }

    @Test
    void rejectsEmptyRelativeAndMissingEntries(@TempDir Path root) throws IOException {
        Path present = Files.createFile(root.resolve("present.jar"));
        Path missing = root.resolve("missing.jar");
        Path directory = Files.createDirectories(root.resolve("dir.jar"));

        for (String text : List.of("", " \n", "relative.jar", present + ":lib/other.jar", root.resolve("notes.txt").toString(),
                present + ":" + missing, directory.toString())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BrokerClasspath.parse(text, "test.classpath"), text);
            assertTrue(e.getMessage().contains("test.classpath"), e.getMessage());
            assertTrue(e.getMessage().contains("./mvnw -pl devstack install"), e.getMessage());
        }
    }
}
