package io.cardeck.gateway.messaging;

import io.cardeck.events.CardeckEvent;
import io.cardeck.outbox.EventEnvelope;
import io.cardeck.gateway.service.EventStream;
import io.cardeck.gateway.service.EventSubject;
import io.cardeck.gateway.service.PruneRequests;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the prune and evaluation events for the live stream. Each gateway instance reads every
 * event (its own consumer group, from the latest offset), since each serves its own subscribers. A
 * message that is not a cardeck event, is an event that does not belong on its topic, or was not
 * written by the topic's writer ({@link EventEnvelope}), fails and goes to the topic's dead-letter
 * topic with the reason; consumption carries on.
 */
@ApplicationScoped
public class PlatformEvents {

    private static final Logger LOG = Logger.getLogger(PlatformEvents.class);

    private final EventStream stream;
    private final PruneRequests requests;

    public PlatformEvents(EventStream stream, PruneRequests requests) {
        this.stream = stream;
        this.requests = requests;
    }

    /**
     * A prune event also means the pruner-service has the job, so the gateway's request row is no
     * longer needed (see {@link #forgetRequest}).
     */
    @Incoming("prune-events")
    @Blocking
    public void pruneEvent(ConsumerRecord<String, byte[]> record) {
        CardeckEvent event = EventEnvelope.open(record);
        forgetRequest(EventSubject.of(event).jobId());
        stream.publish(event);
    }

    /**
     * Removing the row is idempotent, so redeliveries and other instances are harmless. A row left
     * behind is harmless too (the pruner-service answers for a job it knows), so a failure here is
     * logged and the event still reaches the subscribers: it is no poison.
     */
    private void forgetRequest(String jobId) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            return; // The gateway's job ids are UUIDs: it has no row for this job.
        }
        try {
            requests.forget(id);
        } catch (RuntimeException e) {
            LOG.warnf("cannot remove the prune request of job %s, which the pruner-service reported on: %s", jobId,
                    e.getMessage());
        }
    }

    @Incoming("evaluation-events")
    public void evaluationEvent(ConsumerRecord<String, byte[]> record) {
        stream.publish(EventEnvelope.open(record));
    }
}
