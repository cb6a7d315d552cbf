package io.cardeck.cli;

import io.cardeck.access.ApiKey;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.ServiceProcess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts the platform on this machine with embedded defaults: a Kafka broker (KRaft, from "
                + "Apache Kafka's jars), the local PostgreSQL (database cardeck, created if missing), the services, "
                + "and registers the zoo models of the manifest. Ctrl-C stops everything.",
                "Data and logs go to $CARDECK_HOME (default: work/).",
                "The gateway's admin API key is $CARDECK_API_KEY when set, else one made for this run and printed."})
final class UpCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--models", paramLabel = "DIR", description = "Folder of the zoo manifest to register (default: models).")
    Path models = ZooCommand.DEFAULT_MODELS;

    @Mixin
    GatewayKeyOption adminKey;

    @Override
    public void run() {
        PrintWriter err = spec.commandLine().getErr();
        LocalPlatform platform = LocalPlatform.start(repository(), DemoCommand.home(),
                withAdminKey(LocalPlatform.Settings.defaults(), adminKey.key()), line -> {
            err.println(line);
            err.flush();
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("stopping cardeck...");
            err.flush();
            platform.close();
            stopped.countDown();
        }, "cardeck-up-shutdown"));
        ServiceProcess pruner = platform.service("pruner-service");
        ZooRegistration.Result registered = new ZooRegistration(pruner.url(), Optional.of(platform.serviceCredential()))
                .register(models);
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

    /** {@code settings} whose gateway accepts {@code key} as its admin key; without one the platform makes one up. */
    static LocalPlatform.Settings withAdminKey(LocalPlatform.Settings settings, Optional<ApiKey> key) {
        return key.map(k -> settings.withEnvironment(Map.of(LocalPlatform.ADMIN_KEY_VARIABLE, k.reveal()))).orElse(settings);
    }

    /** The repository root: the launcher passes it; else the working directory. */
    static Path repository() {
        return Path.of(System.getProperty("cardeck.repository", "."));
    }
}
