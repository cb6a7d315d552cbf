package io.cardeck.evaluator.config;

import io.cardeck.evaluator.repository.CellJobRepository;
import io.cardeck.outbox.RetentionPolicy;
import io.cardeck.outbox.quarkus.Retention;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The evaluator's tables in the shared retention (outbox-quarkus's {@link Retention}), with their settings checked. */
@Singleton
public class EvaluatorRetention {

    @Produces
    RetentionPolicy cellJobs(RetentionSettings settings) {
        return Retention.policy(CellJobRepository.RETENTION, settings.cellJobs().keepFor());
    }
}
