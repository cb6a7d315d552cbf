package io.cardeck.platform.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSettingsTest {

    private static final DeploymentFiles REPOSITORY = DeploymentFiles.repository();

    @TempDir
    Path module;

    @Test
    void acceptsThePlaceholdersAndTheEnvironmentFormOfEachProperty() throws IOException {
        ServiceSettings settings = settings("""
                quarkus.http.port=8123
                cardeck.x.max-size=5
                cardeck.x.url=${CARDECK_X_URL:http://localhost:${cardeck.x.port}}
                %test.cardeck.x.only-in-tests=1
                """);

        assertEquals(8123, settings.httpPort());
        assertTrue(settings.reads("CARDECK_X_URL"));
        assertTrue(settings.accepts("CARDECK_X_URL"));
        assertTrue(settings.accepts("CARDECK_X_MAX_SIZE"));
        assertTrue(settings.accepts("CARDECK_X_ONLY_IN_TESTS"), "a profile's property is a property all the same");
        assertTrue(settings.accepts("CARDECK_X_PORT"), "a property that an expression refers to");
        assertFalse(settings.reads("CARDECK_X_MAX_SIZE"), "no ${CARDECK_X_MAX_SIZE} in the file");
        assertFalse(settings.accepts("CARDECK_X_MAXSIZE"));
        assertFalse(settings.accepts("CARDECK_Y_URL"));
        assertFalse(settings.accepts("cardeck.x.max-size"), "a property name is no environment variable");
    }

    @Test
    void aServiceWithoutAPortListensOnQuarkusDefault() throws IOException {
        assertEquals(ServiceSettings.QUARKUS_DEFAULT_PORT, settings("cardeck.x.a=1\n").httpPort());
    }

    @Test
    void readsTheSettingsThatOnlyTheCompiledConfigMappingsDeclare() throws IOException {
        ServiceCatalog catalog = ServiceCatalog.read(REPOSITORY.root());
        ServiceSettings gateway = catalog.service("gateway").orElseThrow();
        ServiceSettings evaluator = catalog.service("evaluator-service").orElseThrow();

        // GatewayConfig#prunerUrl and EvaluatorConfig.Fetch#attempts have their defaults in code only.
        assertFalse(propertiesOf("gateway").containsKey("cardeck.gateway.pruner-url"));
        assertTrue(gateway.accepts("CARDECK_GATEWAY_PRUNER_URL"));
        assertFalse(propertiesOf("evaluator-service").containsKey("cardeck.evaluator.fetch.attempts"));
        assertTrue(evaluator.accepts("CARDECK_EVALUATOR_FETCH_ATTEMPTS"), "a member of a nested group");
        assertFalse(evaluator.accepts("CARDECK_EVALUATOR_FETCH"), "a group is not a property");
        assertFalse(gateway.accepts("CARDECK_EVALUATOR_FETCH_ATTEMPTS"), "another service's setting");
    }

    @Test
    void aServiceReadsTheSettingsOfTheSharedModulesItDependsOn() throws IOException {
        ServiceCatalog catalog = ServiceCatalog.read(REPOSITORY.root());

        // OutboxConfig#interval of outbox-quarkus, in none of the services' own classes or files.
        for (String service : ServiceCatalog.SERVICES) {
            assertFalse(propertiesOf(service).containsKey("cardeck.outbox.interval"), service);
            assertTrue(catalog.service(service).orElseThrow().accepts("CARDECK_OUTBOX_INTERVAL"), service);
        }
    }

    @Test
    void theServicesThatReadTheDeviceAreTheOnesThatGetAGpu() throws IOException {
        ServiceCatalog catalog = ServiceCatalog.read(REPOSITORY.root());

        assertTrue(catalog.gpuServices().stream().anyMatch(service -> service.module().equals("evaluator-service")));
        assertTrue(catalog.gpuServices().stream().noneMatch(service -> service.module().equals("gateway")));
    }

    private ServiceSettings settings(String applicationProperties) throws IOException {
        Path properties = module.resolve("application.properties");
        Files.writeString(properties, applicationProperties);
        Path classes = Files.createDirectories(module.resolve("classes"));
        return ServiceSettings.read("x-service", properties, List.of(classes));
    }

    private static Properties propertiesOf(String module) throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(REPOSITORY.resolve(module + "/src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }
}
