package io.cardeck.devstack;

import io.cardeck.access.ApiKey;
import io.cardeck.access.PresentedCredential;
import io.cardeck.access.ServiceCredential;
import io.cardeck.events.KafkaLogin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The whole platform on this machine with embedded defaults: a Kafka broker (KRaft, persistent
 * data under {@code home/kafka}), the local PostgreSQL (or the server the settings name) with the
 * {@code cardeck} database, and the
 * services from their packaged {@code quarkus-app} folders, started in dependency order. The
 * internal services listen on loopback and require this run's service credential; the gateway
 * accepts an admin key of this run (or the one the settings' environment gives). The broker lets in
 * only the services, each as its own user with a password made for this run (handed to it alone, in
 * {@value #KAFKA_PASSWORD_VARIABLE}) and allowed only its topics ({@link KafkaAcls}).
 */
public final class LocalPlatform implements AutoCloseable {

    public static final String DATABASE = "cardeck";
    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9093;

    /** The gateway's configured admin key; {@link #start} makes one unless the settings' environment has it. */
    public static final String ADMIN_KEY_VARIABLE = "CARDECK_GATEWAY_ADMIN_KEY";
    /** The secret the services share ({@code cardeck.service.credential}); {@link #start} makes one per run. */
    public static final String SERVICE_CREDENTIAL_VARIABLE = "CARDECK_SERVICE_CREDENTIAL";
    /** Each service's own Kafka password ({@code cardeck.kafka.password}); {@link #start} makes one per service and run. */
    public static final String KAFKA_PASSWORD_VARIABLE = "CARDECK_KAFKA_PASSWORD";
    /** Where the internal services listen: only the gateway is reachable from other machines. */
    public static final String LOOPBACK = "127.0.0.1";
    /** The heap of each service's JVM, unless a {@link #restart(String, Map, String) restart} names another. */
    public static final String SERVICE_HEAP = "1g";
    private static final String GATEWAY = "gateway";

    /** Start order: each service's peers are up before it. */
    public static final List<String> SERVICES = List.of("pruner-service", "evaluator-service", "ensemble-service", GATEWAY);

    /**
     * Where everything listens and what it uses: {@link #defaults()} for {@code ./cardeck up}; tests
     * take free ports, a throwaway database and a temporary home.
     *
     * @param postgres    the PostgreSQL server, user and password every service uses
     * @param environment extra configuration for every service (environment variables)
     */
    public record Settings(int kafkaPort, int kafkaControllerPort, int prunerPort, int evaluatorPort, int ensemblePort,
                           int gatewayPort, LocalPostgres postgres, String database, Map<String, String> environment) {

        public Settings {
            Objects.requireNonNull(postgres, "postgres");
            environment = Map.copyOf(environment);
        }

        public static Settings defaults() {
            return new Settings(KAFKA_PORT, KAFKA_CONTROLLER_PORT, 8081, 8082, 8083, 8080, new LocalPostgres(), DATABASE,
                    Map.of());
        }

        /** Every port a free one, for a platform beside others (tests, benchmarks), on its own database. */
        public static Settings onFreePorts(String database, Map<String, String> environment) {
            int[] ports = new int[6];
            for (int i = 0; i < ports.length; i++) {
                ports[i] = LoopbackPorts.freeExcept(ports);
            }
            return new Settings(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], new LocalPostgres(),
                    LocalPostgres.checkName(database), environment);
        }

        /** These settings with another database; its name must be 1 to 63 characters from [a-z0-9_]. */
        public Settings withDatabase(String name) {
            return new Settings(kafkaPort, kafkaControllerPort, prunerPort, evaluatorPort, ensemblePort, gatewayPort,
                    postgres, LocalPostgres.checkName(name), environment);
        }

        /** These settings on another PostgreSQL server, user or password. */
        public Settings withPostgres(LocalPostgres server) {
            return new Settings(kafkaPort, kafkaControllerPort, prunerPort, evaluatorPort, ensemblePort, gatewayPort,
                    server, database, environment);
        }

        /**
         * These settings with a free port in place of each one another process holds now, each
         * replacement told to {@code say}: a newcomer's machine may run something on 8080 or 9092.
         */
        public Settings withFreePortsWhereTaken(Consumer<String> say) {
            int[] ports = {kafkaPort, kafkaControllerPort, prunerPort, evaluatorPort, ensemblePort, gatewayPort};
            String[] names = {"Kafka", "the Kafka controller", "the pruner-service", "the evaluator-service",
                    "the ensemble-service", "the gateway"};
            for (int i = 0; i < ports.length; i++) {
                if (!LoopbackPorts.isFree(ports[i])) {
                    int free = LoopbackPorts.freeExcept(ports);
                    say.accept("port " + ports[i] + " is in use by another process; " + names[i] + " listens on " + free
                            + " instead");
                    ports[i] = free;
                }
            }
            return new Settings(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], postgres, database, environment);
        }

        /** These settings with {@code extra} added to every service's environment. */
        public Settings withEnvironment(Map<String, String> extra) {
            Map<String, String> merged = new LinkedHashMap<>(environment);
            merged.putAll(extra);
            return new Settings(kafkaPort, kafkaControllerPort, prunerPort, evaluatorPort, ensemblePort, gatewayPort, postgres,
                    database, merged);
        }

        int port(String service) {
            return switch (service) {
                case "pruner-service" -> prunerPort;
                case "evaluator-service" -> evaluatorPort;
                case "ensemble-service" -> ensemblePort;
                case GATEWAY -> gatewayPort;
                default -> throw new IllegalArgumentException("unknown service " + service);
            };
        }
    }

    /** Replaced when the broker is restarted in place ({@link #restartBroker}). */
    private volatile EmbeddedKafka kafka;
    private final Launcher launcher;
    private final String adminKey;
    private final String serviceCredential;
    /** Running and stopped instances, in start order; the latest instance of a module is its {@link #service}. */
    private final List<ServiceProcess> services;

    private LocalPlatform(EmbeddedKafka kafka, Launcher launcher, List<ServiceProcess> services) {
        this.kafka = kafka;
        this.launcher = launcher;
        this.services = services;
        this.adminKey = launcher.environment().get(ADMIN_KEY_VARIABLE);
        this.serviceCredential = launcher.environment().get(SERVICE_CREDENTIAL_VARIABLE);
    }

    /** How this platform starts a service: where the apps are, their environment, their Kafka logins, where logs go. */
    private record Launcher(Path repository, Path home, Settings settings, Map<String, String> environment,
                            Map<String, KafkaLogin> kafkaLogins) {

        ServiceProcess start(String service, int port, String logName, Map<String, String> extra, String heap) {
            Path runJar = repository.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
            Map<String, String> serviceEnvironment = new LinkedHashMap<>(environment);
            serviceEnvironment.put(KAFKA_PASSWORD_VARIABLE, kafkaLogins.get(service).password());
            serviceEnvironment.putAll(extra);
            if (!service.equals(GATEWAY)) {
                serviceEnvironment.put("QUARKUS_HTTP_HOST", LOOPBACK);
                serviceEnvironment.remove(ADMIN_KEY_VARIABLE);
            }
            ServiceProcess process = ServiceProcess.start(service, runJar, port, serviceEnvironment,
                    home.resolve("logs").resolve(logName + ".log"), heap);
            process.awaitReady(Duration.ofMinutes(3));
            return process;
        }
    }

    /**
     * Starts everything; on a failure stops what was started and rethrows.
     *
     * @param repository the repository root (where the service modules are built)
     * @param home       where data and logs go
     * @param progress   one line per step, for the user
     */
    public static LocalPlatform start(Path repository, Path home, Settings settings, Consumer<String> progress) {
        LocalPostgres postgres = settings.postgres();
        postgres.checkReachable();
        String jdbcUrl = postgres.ensureDatabase(settings.database());
        progress.accept("PostgreSQL: database " + settings.database() + " at " + jdbcUrl + " as user " + postgres.user()
                + (postgres.password().isPresent() ? " with a password" : ""));
        EmbeddedKafka kafka = EmbeddedKafka.builder()
                .port(settings.kafkaPort())
                .controllerPort(settings.kafkaControllerPort())
                .dataDirectory(home.resolve("kafka"))
                .accessControl()
                .start();
        SecureRandom random = new SecureRandom();
        Map<String, KafkaLogin> kafkaLogins = new LinkedHashMap<>();
        for (String service : SERVICES) {
            kafkaLogins.put(service, KafkaLogin.generate(service, random));
        }
        try {
            kafka.authorize(kafkaLogins.values());
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        progress.accept("Kafka: broker at " + kafka.bootstrapServers() + ", a login and ACLs per service (log "
                + kafka.logFile() + ")");
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CARDECK_DB_URL", jdbcUrl);
        environment.put("CARDECK_DB_USER", postgres.user());
        // Always set, so that a password in this process's own environment cannot reach a service that should have none.
        environment.put("CARDECK_DB_PASSWORD", postgres.password().orElse(""));
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("CARDECK_EVALUATOR_REGISTRY_URL", url(settings.prunerPort()));
        environment.put("CARDECK_EVALUATOR_DATA_DIR", home.toAbsolutePath().toString());
        environment.put("CARDECK_GATEWAY_PRUNER_URL", url(settings.prunerPort()));
        environment.put("CARDECK_GATEWAY_EVALUATOR_URL", url(settings.evaluatorPort()));
        environment.put("CARDECK_ENSEMBLE_REGISTRY_URL", url(settings.prunerPort()));
        environment.put("CARDECK_GATEWAY_ENSEMBLE_URL", url(settings.ensemblePort()));
        environment.put(ADMIN_KEY_VARIABLE, ApiKey.generate(random).reveal());
        environment.put(SERVICE_CREDENTIAL_VARIABLE, ServiceCredential.generate(random).reveal());
        environment.putAll(settings.environment());
        LocalPlatform platform = new LocalPlatform(kafka, new Launcher(repository, home, settings, Map.copyOf(environment),
                Map.copyOf(kafkaLogins)), new CopyOnWriteArrayList<>());
        try {
            for (String service : SERVICES) {
                ServiceProcess process = platform.launch(service, settings.port(service), service, Map.of(), SERVICE_HEAP);
                progress.accept(service + ": ready at " + process.url() + " (log " + process.logFile() + ")");
            }
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    private ServiceProcess launch(String service, int port, String logName, Map<String, String> extra, String heap) {
        ServiceProcess process = launcher.start(service, port, logName, extra, heap);
        services.add(process);
        return process;
    }

    /**
     * Starts {@code module} again on its port, after it stopped or was {@link ServiceProcess#kill killed}; its
     * log is a new file beside the first.
     *
     * @throws IllegalStateException if it is still running
     */
    public ServiceProcess restart(String module) {
        return restart(module, Map.of());
    }

    /**
     * As {@link #restart(String)}, with {@code environment} added to the platform's for this instance
     * only (a setting one test needs in one service, such as its outbox interval).
     */
    public ServiceProcess restart(String module, Map<String, String> environment) {
        return restart(module, environment, SERVICE_HEAP);
    }

    /**
     * As {@link #restart(String, Map)}, in a JVM whose heap is at most {@code heap} (the {@code -Xmx}
     * form, such as {@code 512m}): a memory bound a test holds a service to.
     */
    public ServiceProcess restart(String module, Map<String, String> environment, String heap) {
        ServiceProcess previous = service(module);
        if (previous.isAlive()) {
            throw new IllegalStateException(module + " is still running at " + previous.url());
        }
        return launch(module, launcher.settings().port(module), module + "-" + instances(module), environment, heap);
    }

    /**
     * Starts one more instance of {@code module} on {@code port}, with the same settings as the first
     * (the same database and broker); it becomes the module's {@link #service}. The instances before it
     * keep running.
     */
    public ServiceProcess startAnotherInstance(String module, int port) {
        return launch(module, port, module + "-" + instances(module), Map.of(), SERVICE_HEAP);
    }

    private long instances(String module) {
        return services.stream().filter(s -> s.name().equals(module)).count();
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** The admin API key the gateway accepts: for the user of {@code ./cardeck up}, the demo and the tests. */
    public String adminKey() {
        return adminKey;
    }

    /** A request to the gateway at {@code path} (e.g. {@code /api/models}) that sends the admin key. */
    public HttpRequest.Builder gatewayRequest(String path) {
        return HttpRequest.newBuilder(URI.create(service("gateway").url() + path))
                .header(PresentedCredential.AUTHORIZATION, "Bearer " + adminKey);
    }

    /** A request straight to {@code service} (an internal one) at {@code path}, with the service credential. */
    public HttpRequest.Builder serviceRequest(ServiceProcess service, String path) {
        return HttpRequest.newBuilder(URI.create(service.url() + path)).header(ServiceCredential.HEADER, serviceCredential);
    }

    public String serviceCredential() {
        return serviceCredential;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Kafka client settings of the broker's super user, for tests that inspect or feed the bus. */
    public Map<String, Object> kafkaAdminSettings() {
        return kafka.adminSettings();
    }

    /** Kills the Kafka broker with SIGKILL ({@link EmbeddedKafka#kill}); the services keep running without it. */
    public void killBroker() {
        kafka.kill();
    }

    /**
     * Starts the broker again in place, on its ports and data directory, after {@link #killBroker};
     * returns once it answers. The services reconnect by themselves.
     */
    public void restartBroker() {
        kafka = kafka.restart();
    }

    public List<ServiceProcess> services() {
        return Collections.unmodifiableList(services);
    }

    /** The latest started instance of that module. */
    public ServiceProcess service(String module) {
        return services.stream().filter(s -> s.name().equals(module)).reduce((first, second) -> second)
                .orElseThrow(() -> new IllegalArgumentException("no service " + module + " was started"));
    }

    /** Stops the services (every instance) in reverse start order, then the broker. */
    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        kafka.close();
    }
}
