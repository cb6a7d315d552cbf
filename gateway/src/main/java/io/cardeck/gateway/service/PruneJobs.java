package io.cardeck.gateway.service;

import io.cardeck.gateway.client.JobRequest;
import io.cardeck.gateway.client.PeerException;
import io.cardeck.gateway.client.PruneJobStatus;
import io.cardeck.gateway.client.PruneJobView;
import io.cardeck.gateway.client.Pruner;
import io.cardeck.gateway.repository.IdempotencyKeys;
import io.cardeck.gateway.repository.PruneRequest;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Prune jobs as clients see them: a request is checked here (method, parameters, model), recorded
 * with its event, and then run by the pruner-service, which answers for the job once it has it.
 */
@ApplicationScoped
public class PruneJobs {

    private final PruneRequests requests;
    private final Pruner pruner;
    private final IdempotencyKeys idempotencyKeys;

    public PruneJobs(PruneRequests requests, Pruner pruner, IdempotencyKeys idempotencyKeys) {
        this.requests = requests;
        this.pruner = pruner;
        this.idempotencyKeys = idempotencyKeys;
    }

    /**
     * Checks the request here (method, parameters) and at the pruner-service (against the model),
     * then records it. A request with an idempotency key its caller used before is answered with the
     * job of that first request, and nothing new is recorded.
     *
     * @throws IdempotencyConflictException if the key was used before for another request
     * @throws InvalidParameterException if the method is unknown or its parameters are invalid
     * @throws UnknownIdException if the model is not registered
     * @throws PeerException 400 if the parameters do not fit the model, 422 if the method cannot prune
     *     it, 503 if the pruner-service cannot say
     */
    public PruneJobView accept(PruneJobRequest request, Optional<IdempotentRequest> idempotent) {
        Optional<PruneJobView> earlier = idempotent.flatMap(this::earlierJob);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        MethodDescriptor<?> method = MethodCatalog.validate(request.method(), request.params()).method();
        try {
            pruner.checkPruneRequest(new JobRequest(request.modelId(), method.name(), request.params()));
        } catch (PeerException e) {
            if (e.notFound()) {
                throw new UnknownIdException("modelId " + request.modelId() + " names no registered model ("
                        + e.getMessage() + ")");
            }
            throw e;
        }
        try {
            return pending(requests.accept(request.modelId(), method.name(), request.params(), idempotent));
        } catch (RetriedMeanwhileException e) {
            return idempotent.flatMap(this::earlierJob).orElseThrow(() -> new IllegalStateException(
                    "the idempotency key of a concurrent retry is not recorded", e));
        }
    }

    /** The job a retry's key was first used for; empty for a key not used before. */
    private Optional<PruneJobView> earlierJob(IdempotentRequest request) {
        return idempotencyKeys.find(request).map(recorded -> {
            if (!recorded.requestSha256().equals(request.requestSha256())) {
                throw new IdempotencyConflictException(request.key(), recorded.jobId().toString());
            }
            return find(recorded.jobId());
        });
    }

    /**
     * The job as the pruner-service has it, or PENDING while only the gateway has it.
     *
     * @throws UnknownIdException if neither knows the job
     */
    public PruneJobView find(UUID jobId) {
        // The gateway's row is read first: it is removed only after the pruner-service has the job,
        // so a job can never fall between the two.
        Optional<PruneRequest> accepted = requests.find(jobId);
        return pruner.pruneJob(jobId.toString())
                .or(() -> accepted.map(PruneJobs::pending))
                .orElseThrow(() -> new UnknownIdException("prune job " + jobId + " is unknown"));
    }

    /**
     * Cancels a PENDING or RUNNING job; the pruner-service decides, as it owns the job. The gateway's
     * record of the request goes with it, so a job the pruner-service has not received yet is
     * cancelled there too and never starts.
     *
     * @throws UnknownIdException if neither service knows the job
     * @throws PeerException 409 if the job has finished
     */
    public PruneJobView cancel(UUID jobId) {
        Optional<PruneRequest> accepted = requests.find(jobId);
        JobRequest request = accepted.map(r -> new JobRequest(r.modelId.toString(), r.method, r.params))
                .orElse(null);
        try {
            return pruner.cancelPruneJob(jobId.toString(), request);
        } catch (PeerException e) {
            if (e.notFound()) {
                throw new UnknownIdException("prune job " + jobId + " is unknown");
            }
            throw e;
        }
    }

    private static PruneJobView pending(PruneRequest request) {
        OffsetDateTime created = request.createdAt.atOffset(ZoneOffset.UTC);
        return new PruneJobView(request.id.toString(), request.modelId.toString(), request.method, request.params,
                PruneJobStatus.PENDING, null, null, 0, null, 0, null, created, created);
    }
}
