package io.cardeck.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * The one test resource of the services' integration tests: a real Kafka broker (child process)
 * and a throwaway database on the machine's PostgreSQL, dropped afterwards. Use with
 * {@code @QuarkusTestResource(value = DevstackTestResource.class, restrictToAnnotatedClass = true)}
 * or in a {@code QuarkusTestProfile}. With the init argument {@value #DATABASE_THROUGH_PROXY}{@code =true}
 * the service reaches the database through a {@link TcpProxy}, which the test gets injected to cut
 * and restore: a database outage without touching the machine's PostgreSQL.
 */
public final class DevstackTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: put a {@link TcpProxy} between the service and the database. */
    public static final String DATABASE_THROUGH_PROXY = "database-through-proxy";

    private boolean throughProxy;
    private EmbeddedKafka kafka;
    private TcpProxy databaseProxy;
    private LocalPostgres postgres;
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        throughProxy = Boolean.parseBoolean(initArgs.getOrDefault(DATABASE_THROUGH_PROXY, "false"));
    }

    @Override
    public Map<String, String> start() {
        kafka = EmbeddedKafka.start();
        postgres = new LocalPostgres();
        database = "cardeck_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String jdbcUrl = postgres.ensureDatabase(database);
        if (throughProxy) {
            databaseProxy = TcpProxy.start(postgres.host(), postgres.port());
            jdbcUrl = new LocalPostgres(databaseProxy.host(), databaseProxy.port(), postgres.user()).jdbcUrl(database);
        }
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", postgres.user());
    }

    @Override
    public void stop() {
        if (databaseProxy != null) {
            databaseProxy.close();
        }
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
        if (databaseProxy != null) {
            testInjector.injectIntoFields(databaseProxy, new TestInjector.MatchesType(TcpProxy.class));
        }
    }
}
