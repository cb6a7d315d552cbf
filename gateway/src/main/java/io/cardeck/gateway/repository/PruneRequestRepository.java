package io.cardeck.gateway.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The {@code prune_requests} table. */
@ApplicationScoped
public class PruneRequestRepository implements PanacheRepositoryBase<PruneRequest, UUID> {
}
