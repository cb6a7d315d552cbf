package io.cardeck.gateway.config;

import io.cardeck.gateway.repository.DeadLetterReplays;
import io.cardeck.gateway.repository.IdempotencyKeys;
import io.cardeck.gateway.repository.PruneRequestRepository;
import io.cardeck.outbox.RetentionPolicy;
import io.cardeck.outbox.quarkus.Retention;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The gateway's tables in the shared retention (outbox-quarkus's {@link Retention}), with their settings checked. */
@Singleton
public class GatewayRetention {

    @Produces
    RetentionPolicy orphanedPruneRequests(RetentionSettings settings) {
        return Retention.policy(PruneRequestRepository.ORPHANS, settings.pruneRequests().keepFor());
    }

    @Produces
    RetentionPolicy idempotencyKeys(RetentionSettings settings) {
        return Retention.policy(IdempotencyKeys.RETENTION, settings.idempotencyKeys().keepFor());
    }

    @Produces
    RetentionPolicy deadLetterReplays(RetentionSettings settings) {
        return Retention.policy(DeadLetterReplays.RETENTION, settings.deadLetterReplays().keepFor());
    }
}
