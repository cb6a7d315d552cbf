package io.cardeck.pruner.health;

import io.cardeck.onnx.runtime.InferenceSessions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when ONNX Runtime's native library loads: without it no upload can be checked and no
 * model pruned. (The datasource and Kafka have their own checks.)
 */
@Readiness
@ApplicationScoped
public class OnnxRuntimeReadiness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        try {
            InferenceSessions.environment();
            return HealthCheckResponse.up("onnx-runtime");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return HealthCheckResponse.named("onnx-runtime").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
