package io.cardeck.devstack;

import io.cardeck.events.KafkaLogin;
import io.cardeck.events.TopicAccess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one test resource of the services' integration tests: a real Kafka broker (child process)
 * with access control as {@code ./cardeck up} runs it (each service a SCRAM user with the ACLs of
 * {@link KafkaAcls}; in tests they share one password, which the service under test gets as
 * {@code cardeck.kafka.password}) and a throwaway database on the machine's PostgreSQL, dropped
 * afterwards. {@link KafkaBus} plays the other services, as the broker's super user. Use with
 * {@code @QuarkusTestResource(value = DevstackTestResource.class, restrictToAnnotatedClass = true)}
 * or in a {@code QuarkusTestProfile}. With the init argument {@value #DATABASE_THROUGH_PROXY}{@code =true}
 * the service reaches the database through a {@link TcpProxy}, which the test gets injected to cut
 * and restore: a database outage without touching the machine's PostgreSQL.
 */
public final class DevstackTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: put a {@link TcpProxy} between the service and the database. */
    public static final String DATABASE_THROUGH_PROXY = "database-through-proxy";
    /** Where the broker's super-user client settings are handed to {@link KafkaBus}: {@code devstack.kafka.admin.<setting>}. */
    static final String ADMIN_SETTINGS = "devstack.kafka.admin.";

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
        kafka = EmbeddedKafka.builder().accessControl().start();
        String password = KafkaLogin.generate(TopicAccess.GATEWAY, new SecureRandom()).password();
        kafka.authorize(TopicAccess.SERVICES.stream().map(service -> new KafkaLogin(service, password)).toList());
        postgres = new LocalPostgres();
        database = "cardeck_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String jdbcUrl = postgres.ensureDatabase(database);
        if (throughProxy) {
            databaseProxy = TcpProxy.start(postgres.host(), postgres.port());
            jdbcUrl = new LocalPostgres(databaseProxy.host(), databaseProxy.port(), postgres.user()).jdbcUrl(database);
        }
        Map<String, String> config = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "cardeck.kafka.password", password,
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", postgres.user()));
        kafka.adminSettings().forEach((name, value) -> config.put(ADMIN_SETTINGS + name, value.toString()));
        return config;
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
