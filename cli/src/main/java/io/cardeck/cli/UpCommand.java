package io.cardeck.cli;

import io.cardeck.access.ApiKey;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LocalPostgres;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts the platform on this machine with embedded defaults: a Kafka broker (KRaft, from "
                + "Apache Kafka's jars), the local PostgreSQL (database cardeck, created if missing), the services, "
                + "and registers the zoo models of the manifest. Ctrl-C stops everything.",
                "Data and logs go to $CARDECK_HOME (default: work/); the database is $CARDECK_DATABASE (default: cardeck)"
                        + " on the PostgreSQL at $CARDECK_DB_HOST:$CARDECK_DB_PORT (default: 127.0.0.1:5432) as"
                        + " $CARDECK_DB_USER (default: postgres) with the password $CARDECK_DB_PASSWORD (default: none, trust"
                        + " authentication). A default port another process holds is replaced by a free one, and said so.",
                "The gateway's admin API key is $CARDECK_API_KEY when set, else one made for this run and printed."})
final class UpCommand implements Runnable {

    /** The PostgreSQL database of the platform `up` and `demo` start (default {@value LocalPlatform#DATABASE}). */
    static final String DATABASE_VARIABLE = "CARDECK_DATABASE";
    /** Where that PostgreSQL is and who logs in: the server's host (default 127.0.0.1) and port (5432). */
    static final String DB_HOST_VARIABLE = "CARDECK_DB_HOST";
    static final String DB_PORT_VARIABLE = "CARDECK_DB_PORT";
    /** The user (default postgres) and password (default none: trust authentication); the services read the same names. */
    static final String DB_USER_VARIABLE = "CARDECK_DB_USER";
    static final String DB_PASSWORD_VARIABLE = "CARDECK_DB_PASSWORD";

    @Spec
    CommandSpec spec;

    @Option(names = "--models", paramLabel = "DIR", description = "Folder of the zoo manifest to register (default: models).")
    Path models = ZooCommand.DEFAULT_MODELS;

    @Mixin
    GatewayKeyOption adminKey;

    @Override
    public void run() {
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> say = line -> {
            err.println(line);
            err.flush();
        };
        LocalPlatform platform = startPlatform(withAdminKey(localSettings(say), adminKey.key()), say);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("stopping cardeck...");
            err.flush();
            platform.close();
            stopped.countDown();
        }, "cardeck-up-shutdown"));
        ZooRegistration.Result registered = new ZooRegistration(platform.service("gateway").url(),
                ApiKey.parse(platform.adminKey())).register(models);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("zoo: %d model(s) registered now, %d already there%n", registered.registered().size(),
                registered.present().size());
        out.printf("cardeck is up:%n  gateway   %s (API /api, decks /api/decks, inference /v2/models/{deck}/infer,"
                + " OpenAPI /q/openapi, events /api/events)%n", platform.service("gateway").url());
        platform.services().forEach(s -> out.printf("  %-17s %s/q/health%n", s.name(), s.url()));
        out.printf("  kafka     %s%n", platform.kafkaBootstrapServers());
        if (adminKey.key().isEmpty()) {
            // Shown once, as `cardeck keys create` does; a key of one's own comes from $CARDECK_API_KEY.
            out.printf("admin API key of this run (send it as 'Authorization: Bearer <key>'):%n  export %s=%s%n",
                    GatewayKeyOption.ENVIRONMENT, platform.adminKey());
        }
        out.printf("Ctrl-C stops everything.%n");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The platform `up` and `demo` start: embedded defaults, on the database and PostgreSQL named by
     * ${@value #DATABASE_VARIABLE} and the {@code CARDECK_DB_*} variables where set, with free ports in
     * place of those another process holds.
     */
    static LocalPlatform.Settings localSettings(Consumer<String> say) {
        return localSettings(System.getenv(), say);
    }

    static LocalPlatform.Settings localSettings(Map<String, String> environment, Consumer<String> say) {
        return databaseSettings(environment).withFreePortsWhereTaken(say);
    }

    /** The default settings on the database and PostgreSQL the environment names (the ports as they are). */
    static LocalPlatform.Settings databaseSettings(Map<String, String> environment) {
        LocalPlatform.Settings settings = LocalPlatform.Settings.defaults();
        String database = environment.get(DATABASE_VARIABLE);
        if (database != null) {
            try {
                settings = settings.withDatabase(database);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("$" + DATABASE_VARIABLE + ": " + e.getMessage() + " (unset, it is "
                        + LocalPlatform.DATABASE + ")", e);
            }
        }
        return settings.withPostgres(postgres(environment, settings.postgres()));
    }

    /** The server of the {@code CARDECK_DB_*} variables, each unset one as in {@code defaults}; a bad one is named. */
    private static LocalPostgres postgres(Map<String, String> environment, LocalPostgres defaults) {
        String host = checked(environment, DB_HOST_VARIABLE, defaults.host(), LocalPostgres::checkHost);
        int port = checked(environment, DB_PORT_VARIABLE, String.valueOf(defaults.port()), UpCommand::port);
        String user = checked(environment, DB_USER_VARIABLE, defaults.user(), LocalPostgres::checkUser);
        // The password's message never quotes it.
        String password = environment.containsKey(DB_PASSWORD_VARIABLE)
                ? checked(environment, DB_PASSWORD_VARIABLE, "none", LocalPostgres::checkPassword) : null;
        return new LocalPostgres(host, port, user, password);
    }

    private static int port(String text) {
        try {
            return LocalPostgres.checkPort(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a TCP port; give a number 1..65535", e);
        }
    }

    /** The variable's value as {@code check} reads it, or {@code unset} when it is not set. */
    private static <T> T checked(Map<String, String> environment, String variable, String unset, Function<String, T> check) {
        String value = environment.get(variable);
        try {
            return check.apply(value == null ? unset : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("$" + variable + ": " + e.getMessage() + " (unset, it is " + unset + ")", e);
        }
    }

    /**
     * Starts the platform of {@code settings}, first making sure its PostgreSQL answers: if it does not,
     * nothing is started and the message says what was tried and how to point cardeck elsewhere.
     */
    static LocalPlatform startPlatform(LocalPlatform.Settings settings, Consumer<String> say) {
        try {
            settings.postgres().checkReachable();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ". Nothing was started. The platform's database "
                    + settings.database() + " is to be on that server; set $" + DB_HOST_VARIABLE + ", $" + DB_PORT_VARIABLE
                    + ", $" + DB_USER_VARIABLE + ", $" + DB_PASSWORD_VARIABLE + " and $" + DATABASE_VARIABLE
                    + " to use another server, user or database.", e);
        }
        return LocalPlatform.start(repository(), DemoCommand.home(), settings, say);
    }

    /** {@code settings} whose gateway accepts {@code key} as its admin key; without one the platform makes one up. */
    static LocalPlatform.Settings withAdminKey(LocalPlatform.Settings settings, Optional<ApiKey> key) {
        return key.map(k -> settings.withEnvironment(Map.of(LocalPlatform.ADMIN_KEY_VARIABLE, k.reveal()))).orElse(settings);
    }

    /** The repository root: the launcher passes it; else the working directory. */
    static Path repository() {
        return Path.of(System.getProperty("cardeck.repository", "."));
    }
}
