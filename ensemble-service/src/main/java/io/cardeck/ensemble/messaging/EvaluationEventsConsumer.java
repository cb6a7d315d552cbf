package io.cardeck.ensemble.messaging;

import io.cardeck.ensemble.service.DeckService;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.outbox.EventEnvelope;
import io.cardeck.outbox.quarkus.DatabaseOutageRetry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows {@code cardeck.evaluation.events}: each EvaluationCompleted updates the model's figures
 * (once per event id); progress and failures change nothing here. A message that is not an evaluation
 * event, or that the evaluator-service did not write ({@link EventEnvelope}), throws, which sends it to
 * {@code cardeck.evaluation.events.dlq} with the reason, and consumption goes on; while the
 * database cannot be reached, the same event is applied again with backoff ({@link DatabaseOutageRetry}).
 */
@ApplicationScoped
public class EvaluationEventsConsumer {

    private final DeckService decks;
    private final DatabaseOutageRetry retry;

    EvaluationEventsConsumer(DeckService decks, DatabaseOutageRetry retry) {
        this.decks = decks;
        this.retry = retry;
    }

    @Incoming("evaluation-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        if (EventEnvelope.open(record) instanceof EvaluationCompleted completed) {
            retry.apply("the EvaluationCompleted of model " + completed.modelId(), () -> decks.recordEvaluation(completed));
        }
    }
}
