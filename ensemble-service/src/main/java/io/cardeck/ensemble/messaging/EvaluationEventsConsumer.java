package io.cardeck.ensemble.messaging;

import io.cardeck.ensemble.service.DeckService;
import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.events.EvaluationFailed;
import io.cardeck.events.EvaluationProgressed;
import io.cardeck.events.EventCodec;
import io.cardeck.events.Topics;
import io.cardeck.outbox.quarkus.DatabaseOutageRetry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows {@code cardeck.evaluation.events}: each EvaluationCompleted updates the model's figures
 * (once per event id). A message that is not an evaluation event throws, which sends it to
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
    public void consume(byte[] message) {
        CardeckEvent event = EventCodec.decode(message);
        if (event instanceof EvaluationCompleted completed) {
            retry.apply("the EvaluationCompleted of model " + completed.modelId(), () -> decks.recordEvaluation(completed));
        } else if (!(event instanceof EvaluationProgressed || event instanceof EvaluationFailed)) {
            throw new IllegalArgumentException(event.getClass().getSimpleName() + " does not belong on "
                    + Topics.EVALUATION_EVENTS + ", which carries evaluation events only");
        }
    }
}
