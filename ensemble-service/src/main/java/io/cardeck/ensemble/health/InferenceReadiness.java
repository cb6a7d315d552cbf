package io.cardeck.ensemble.health;

import io.cardeck.ensemble.config.EnsembleConfig;
import io.cardeck.ensemble.service.MemberSessions;
import io.cardeck.onnx.runtime.InferenceSessions;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when decks can be served and created: ONNX Runtime's native library loads, and the
 * calibration images of the reference spectra are where the configuration says. (The datasource and
 * Kafka have their own checks.)
 */
@Readiness
@ApplicationScoped
public class InferenceReadiness implements HealthCheck {

    private final EnsembleConfig config;
    private final MemberSessions sessions;

    InferenceReadiness(EnsembleConfig config, MemberSessions sessions) {
        this.config = config;
        this.sessions = sessions;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            InferenceSessions.environment();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return HealthCheckResponse.named("inference").down().withData("error", "ONNX Runtime: " + e.getMessage()).build();
        }
        if (!Files.isDirectory(config.datasetDir())) {
            return HealthCheckResponse.named("inference").down().withData("error", "no calibration images at "
                    + config.datasetDir() + " (cardeck.ensemble.dataset-dir; Debian package dataset-fashion-mnist)").build();
        }
        return HealthCheckResponse.named("inference").up().withData("device", config.device().name().toLowerCase())
                .withData("loadedModels", sessions.loaded()).build();
    }
}
