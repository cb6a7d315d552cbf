package io.cardeck.evaluator.messaging;

import io.cardeck.evaluator.service.CellWorkers;
import io.cardeck.evaluator.service.EvaluationService;
import io.cardeck.events.ModelReady;
import io.cardeck.outbox.EventEnvelope;
import io.cardeck.outbox.quarkus.DatabaseOutageRetry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code cardeck.models.ready}: each new model gets a RUNNING evaluation split into its cells
 * (once per event id), which the workers of every instance then claim; this instance's are woken at
 * once. A message that is not a valid ModelReady, or that the pruner-service did not write
 * ({@link EventEnvelope}), throws, which sends it to
 * {@code cardeck.models.ready.dlq} with the reason, and consumption goes on; while the database
 * cannot be reached, the same message is applied again with backoff ({@link DatabaseOutageRetry}).
 */
@ApplicationScoped
public class ModelReadyConsumer {

    private final EvaluationService evaluations;
    private final CellWorkers workers;
    private final DatabaseOutageRetry retry;

    ModelReadyConsumer(EvaluationService evaluations, CellWorkers workers, DatabaseOutageRetry retry) {
        this.evaluations = evaluations;
        this.workers = workers;
        this.retry = retry;
    }

    @Incoming("models-ready")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        // ModelReady is the one event of its topic, which EventEnvelope.open checks.
        ModelReady ready = (ModelReady) EventEnvelope.open(record);
        retry.apply("the ModelReady of model " + ready.modelId(),
                () -> evaluations.accept(ready).ifPresent(accepted -> workers.wake()));
    }
}
