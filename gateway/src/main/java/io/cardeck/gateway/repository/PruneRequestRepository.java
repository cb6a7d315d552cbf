package io.cardeck.gateway.repository;

import io.cardeck.outbox.RetentionRule;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The {@code prune_requests} table. */
@ApplicationScoped
public class PruneRequestRepository implements PanacheRepositoryBase<PruneRequest, UUID> {

    /**
     * Requests the pruner-service never reported on (their PruneRequested dead-lettered, say), which would
     * otherwise read as PENDING for ever. One whose event still waits in the outbox is queued, not orphaned,
     * and stays.
     */
    public static final RetentionRule ORPHANS = new RetentionRule("prune-requests", "prune_requests", "created_at",
            "NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.sent_at IS NULL AND outbox.event_key = prune_requests.id::text)");
}
