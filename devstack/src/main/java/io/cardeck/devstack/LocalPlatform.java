package io.cardeck.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole platform on this machine with embedded defaults: a Kafka broker (KRaft, persistent
 * data under {@code home/kafka}), the local PostgreSQL with the {@code cardeck} database, and the
 * services from their packaged {@code quarkus-app} folders, started in dependency order.
 */
public final class LocalPlatform implements AutoCloseable {

    public static final String DATABASE = "cardeck";
    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9093;

    /** A service of the platform: its module folder and HTTP port. */
    public record Service(String module, int port) {}

    /** Start order: each service's peers are up before it. */
    public static final List<Service> SERVICES = List.of(
            new Service("pruner-service", 8081),
            new Service("evaluator-service", 8082),
            new Service("gateway", 8080));

    private final EmbeddedKafka kafka;
    private final List<ServiceProcess> services;

    private LocalPlatform(EmbeddedKafka kafka, List<ServiceProcess> services) {
        this.kafka = kafka;
        this.services = services;
    }

    /**
     * Starts everything; on a failure stops what was started and rethrows.
     *
     * @param repository the repository root (where the service modules are built)
     * @param home       where data and logs go
     * @param progress   one line per step, for the user
     */
    public static LocalPlatform start(Path repository, Path home, Consumer<String> progress) {
        LocalPostgres postgres = new LocalPostgres();
        postgres.checkReachable();
        String jdbcUrl = postgres.ensureDatabase(DATABASE);
        progress.accept("PostgreSQL: database " + DATABASE + " at " + jdbcUrl);
        EmbeddedKafka kafka = EmbeddedKafka.builder()
                .port(KAFKA_PORT)
                .controllerPort(KAFKA_CONTROLLER_PORT)
                .dataDirectory(home.resolve("kafka"))
                .start();
        progress.accept("Kafka: broker at " + kafka.bootstrapServers() + " (log " + kafka.logFile() + ")");
        List<ServiceProcess> started = new ArrayList<>();
        try {
            for (Service service : SERVICES) {
                Map<String, String> environment = new LinkedHashMap<>();
                environment.put("CARDECK_DB_URL", jdbcUrl);
                environment.put("CARDECK_DB_USER", postgres.user());
                environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
                environment.put("CARDECK_EVALUATOR_REGISTRY_URL", url(SERVICES.get(0)));
                environment.put("CARDECK_EVALUATOR_DATA_DIR", home.toAbsolutePath().toString());
                environment.put("CARDECK_GATEWAY_PRUNER_URL", url(SERVICES.get(0)));
                environment.put("CARDECK_GATEWAY_EVALUATOR_URL", url(SERVICES.get(1)));
                Path runJar = repository.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
                ServiceProcess process = ServiceProcess.start(service.module(), runJar, service.port(), environment,
                        home.resolve("logs").resolve(service.module() + ".log"), "1g");
                started.add(process);
                process.awaitReady(Duration.ofMinutes(3));
                progress.accept(service.module() + ": ready at " + process.url() + " (log " + process.logFile() + ")");
            }
        } catch (RuntimeException e) {
            new LocalPlatform(kafka, started).close();
            throw e;
        }
        return new LocalPlatform(kafka, started);
    }

    private static String url(Service service) {
        return "http://127.0.0.1:" + service.port();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public List<ServiceProcess> services() {
        return Collections.unmodifiableList(services);
    }

    /** Stops the services in reverse order, then the broker. */
    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        kafka.close();
    }
}
