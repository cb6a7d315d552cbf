package io.cardeck.evaluator.health;

import io.cardeck.evaluator.config.EvaluatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the data directory, where corruption suites are generated, can be written. */
@Readiness
@ApplicationScoped
public class SuiteStorageCheck implements HealthCheck {

    private final EvaluatorConfig config;

    SuiteStorageCheck(EvaluatorConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        Path suites = config.dataDir().resolve("suites").toAbsolutePath();
        var response = HealthCheckResponse.named("suite storage").withData("directory", suites.toString());
        try {
            Files.createDirectories(suites);
            if (!Files.isWritable(suites)) {
                return response.down().withData("problem", "not writable").build();
            }
            return response.up().build();
        } catch (IOException e) {
            return response.down().withData("problem", "cannot create it: " + e.getMessage()).build();
        }
    }
}
