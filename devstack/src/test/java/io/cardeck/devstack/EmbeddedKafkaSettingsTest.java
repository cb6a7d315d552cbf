package io.cardeck.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings and their validation; nothing here starts a broker. */
class EmbeddedKafkaSettingsTest {

    @Test
    void serverPropertiesDescribeASingleCombinedNode() throws IOException {
        Properties settings = new Properties();
        settings.load(new StringReader(EmbeddedKafka.Builder.serverProperties(9092, 9093, Path.of("/data/kafka-logs"), null)));

        assertEquals("broker,controller", settings.getProperty("process.roles"));
        assertEquals("1@127.0.0.1:9093", settings.getProperty("controller.quorum.voters"));
        assertEquals("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093", settings.getProperty("listeners"));
        assertEquals("PLAINTEXT://127.0.0.1:9092", settings.getProperty("advertised.listeners"));
        assertEquals("/data/kafka-logs", settings.getProperty("log.dirs"));
        for (String one : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr", "min.insync.replicas")) {
            assertEquals("1", settings.getProperty(one), one);
        }
        assertEquals("true", settings.getProperty("auto.create.topics.enable"));
        assertEquals("0", settings.getProperty("group.initial.rebalance.delay.ms"));
        assertEquals(null, settings.getProperty("authorizer.class.name"), "without access control, no authorizer");
    }

    @Test
    void withAccessControlEveryListenerNeedsALoginAndOnlyACLsAllow() throws IOException {
        Properties settings = new Properties();
        settings.load(new StringReader(EmbeddedKafka.Builder.serverProperties(9092, 9093, Path.of("/data/kafka-logs"),
                "secret-0123456789")));

        assertEquals("CLIENT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093", settings.getProperty("listeners"));
        assertEquals("CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT", settings.getProperty("listener.security.protocol.map"));
        assertEquals("SCRAM-SHA-512,PLAIN", settings.getProperty("sasl.enabled.mechanisms"));
        assertEquals("PLAIN", settings.getProperty("listener.name.controller.sasl.enabled.mechanisms"));
        assertEquals("org.apache.kafka.metadata.authorizer.StandardAuthorizer", settings.getProperty("authorizer.class.name"));
        assertEquals("User:admin", settings.getProperty("super.users"));
        assertEquals("false", settings.getProperty("allow.everyone.if.no.acl.found"));
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\""
                + " password=\"secret-0123456789\" user_admin=\"secret-0123456789\";",
                settings.getProperty("listener.name.controller.plain.sasl.jaas.config"));
    }

    @Test
    void parsesTheCommandLine() {
        EmbeddedKafka.Builder builder = EmbeddedKafka.parseArguments(
            new String[] {"--port", "9092", "--data", "work/kafka", "--controller-port", "9093", "--log", "k.log"});
        assertEquals(9092, builder.port);
        assertEquals(9093, builder.controllerPort);
        assertEquals(Path.of("work/kafka").toAbsolutePath(), builder.dataDirectory);
        assertEquals(Path.of("k.log").toAbsolutePath(), builder.logFile);

        EmbeddedKafka.Builder defaults = EmbeddedKafka.parseArguments(new String[0]);
        assertEquals(0, defaults.port, "a free port");
        assertEquals(0, defaults.controllerPort, "a free port");
        assertEquals(null, defaults.dataDirectory, "a temporary directory");
    }

    @Test
    void rejectsBadCommandLines() {
        List<List<String>> bad = List.of(
            List.of("--port"),
            List.of("--port", ""),
            List.of("--port", "abc"),
            List.of("--port", "0"),
            List.of("--port", "65536"),
            List.of("--controller-port", "-1"),
            List.of("--port", "9092", "--port", "9093"),
            List.of("--host", "0.0.0.0"),
            List.of("9092"));
        for (List<String> args : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedKafka.parseArguments(args.toArray(String[]::new)), args.toString());
            assertTrue(e.getMessage().contains("--"), e.getMessage());
        }
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
            () -> EmbeddedKafka.parseArguments(new String[] {"--port", "abc"}));
        assertEquals("--port must be a TCP port 1..65535, got 'abc'", port.getMessage());
    }

    @Test
    void rejectsBadBuilderSettings() {
        assertThrows(IllegalArgumentException.class, () -> EmbeddedKafka.builder().port(0));
        assertThrows(IllegalArgumentException.class, () -> EmbeddedKafka.builder().controllerPort(70000));
        assertThrows(IllegalArgumentException.class, () -> EmbeddedKafka.builder().startTimeout(Duration.ZERO));
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
            () -> EmbeddedKafka.builder().port(9092).controllerPort(9092).start());
        assertTrue(same.getMessage().contains("both 9092"), same.getMessage());
    }

    @Test
    void refusesADataDirectoryThatIsAFileOrHoldsSomethingElse(@TempDir Path root) throws IOException {
        Path file = Files.writeString(root.resolve("file"), "x");
        IllegalArgumentException isFile = assertThrows(IllegalArgumentException.class,
            () -> EmbeddedKafka.builder().dataDirectory(file).start());
        assertTrue(isFile.getMessage().contains(file.toString()), isFile.getMessage());

        Path foreign = Files.createDirectories(root.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        IllegalArgumentException notOurs = assertThrows(IllegalArgumentException.class,
            () -> EmbeddedKafka.builder().dataDirectory(foreign).start());
        assertTrue(notOurs.getMessage().contains("kafka-logs"), notOurs.getMessage());
        assertEquals(List.of(foreign.resolve("notes.txt")), Files.list(foreign).toList(), "left untouched");
    }

    @Test
    void refusesALogDirectoryWithoutAClusterId(@TempDir Path root) throws IOException {
        Path logs = Files.createDirectories(root.resolve("kafka-logs"));
        Files.writeString(logs.resolve("meta.properties"), "version=1\nnode.id=1\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> EmbeddedKafka.builder().dataDirectory(root).start());
        assertTrue(e.getMessage().contains(logs.resolve("meta.properties") + " has no cluster.id"), e.getMessage());
    }

    @Test
    void refusesAPortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedKafka.builder().port(taken.getLocalPort()).start());
            assertTrue(e.getMessage().contains("client port " + taken.getLocalPort() + " is in use"), e.getMessage());
        }
    }
}
