package io.cardeck.platform.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository's deployment files (docker-compose*.yml, k8s/, the services' Dockerfiles) agree
 * with what the services read: their application.properties and compiled configuration.
 */
class DeploymentFilesTest {

    private static final DeploymentFiles REPOSITORY = DeploymentFiles.repository();
    private static ServiceCatalog catalog;

    @BeforeAll
    static void readServices() throws IOException {
        catalog = ServiceCatalog.read(REPOSITORY.root());
    }

    @Test
    void everyServiceModuleHasItsSettings() {
        assertNoProblems(catalog.problems());
    }

    @Test
    void dockerfilesBuildEachServiceOnItsPort() throws IOException {
        assertNoProblems(DockerfileCheck.problems(REPOSITORY, catalog));
    }

    @Test
    void composeRunsTheServicesAsTheyAreConfigured() throws IOException {
        assertNoProblems(ComposeCheck.problems(REPOSITORY, catalog));
    }

    @Test
    void kubernetesBaseAndGpuOverlayRunTheServicesAsTheyAreConfigured() throws IOException {
        assertNoProblems(KubernetesCheck.problems(REPOSITORY, catalog));
    }

    private static void assertNoProblems(List<String> problems) {
        assertTrue(problems.isEmpty(), () -> problems.size() + " problems:\n" + String.join("\n", problems));
    }
}
