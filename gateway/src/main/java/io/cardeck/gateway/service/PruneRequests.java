package io.cardeck.gateway.service;

import io.cardeck.events.PruneRequested;
import io.cardeck.gateway.repository.IdempotencyKeys;
import io.cardeck.gateway.repository.PruneRequest;
import io.cardeck.gateway.repository.PruneRequestRepository;
import io.cardeck.outbox.quarkus.EventOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The prune requests the gateway has accepted and not yet seen the pruner-service report on. */
@ApplicationScoped
public class PruneRequests {

    private final PruneRequestRepository repository;
    private final EventOutbox outbox;
    private final IdempotencyKeys idempotencyKeys;

    public PruneRequests(PruneRequestRepository repository, EventOutbox outbox, IdempotencyKeys idempotencyKeys) {
        this.repository = repository;
        this.outbox = outbox;
        this.idempotencyKeys = idempotencyKeys;
    }

    /**
     * Stores a validated request under a new job id and, in the same transaction, its
     * {@code PruneRequested} event in the outbox and its idempotency key, if any: all are kept or none.
     *
     * @throws RetriedMeanwhileException if a request with the same idempotency key recorded its job first
     */
    @Transactional
    public PruneRequest accept(String modelId, String method, Map<String, Object> params,
                               Optional<IdempotentRequest> idempotent) {
        // PostgreSQL keeps microseconds: the time answered now is the one read back later.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        PruneRequest request = new PruneRequest(UUID.randomUUID(), UUID.fromString(modelId), method, params, now);
        if (idempotent.isPresent() && !idempotencyKeys.record(idempotent.get(), request.id, now)) {
            throw new RetriedMeanwhileException();
        }
        repository.persist(request);
        outbox.publish(new PruneRequested(UUID.randomUUID(), now, request.id.toString(), modelId, method, params));
        return request;
    }

    @Transactional
    public Optional<PruneRequest> find(UUID jobId) {
        return repository.findByIdOptional(jobId);
    }

    /** The pruner-service reported on the job, so it answers for it from now on; false if there was no row. */
    @Transactional
    public boolean forget(UUID jobId) {
        return repository.deleteById(jobId);
    }
}
