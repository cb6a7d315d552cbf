package io.cardeck.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * The one test resource of the services' integration tests: a real Kafka broker (child process)
 * and a throwaway database on the machine's PostgreSQL, dropped afterwards. Use with
 * {@code @QuarkusTestResource(value = DevstackTestResource.class, restrictToAnnotatedClass = true)}
 * or in a {@code QuarkusTestProfile}.
 */
public final class DevstackTestResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedKafka kafka;
    private LocalPostgres postgres;
    private String database;

    @Override
    public Map<String, String> start() {
        kafka = EmbeddedKafka.start();
        postgres = new LocalPostgres();
        database = "cardeck_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String jdbcUrl = postgres.ensureDatabase(database);
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", postgres.user());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null && database != null) {
            postgres.dropDatabase(database);
        }
    }

    /** For tests that also talk to the broker directly (produce poison messages, read dead letters). */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(kafka, new TestInjector.MatchesType(EmbeddedKafka.class));
    }
}
