package io.cardeck.gateway.service;

import io.cardeck.events.CardeckEvent;
import io.cardeck.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live stream of prune and evaluation events: every event this instance consumes goes to every
 * current subscriber whose filter passes it. Nothing is replayed; a subscriber sees the events
 * that arrive after it subscribed.
 */
@ApplicationScoped
public class EventStream {

    private final BroadcastProcessor<CardeckEvent> processor = BroadcastProcessor.create();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final int buffer;

    public EventStream(GatewayConfig config, MeterRegistry registry) {
        this.buffer = config.sseBuffer();
        registry.gauge("cardeck.gateway.event.subscribers", subscribers);
    }

    /** Both topics' consumers call this, each on its own thread; the processor takes one event at a time. */
    public synchronized void publish(CardeckEvent event) {
        processor.onNext(event);
    }

    /**
     * The events {@code filter} passes, from now on. A subscriber that falls more than
     * {@code cardeck.gateway.sse-buffer} events behind gets a failure and its stream ends, rather
     * than holding memory or slowing the others.
     */
    public Multi<CardeckEvent> subscribe(EventFilter filter) {
        return processor.filter(filter)
                .onOverflow().buffer(buffer)
                .onSubscription().invoke(subscribers::incrementAndGet)
                .onTermination().invoke(subscribers::decrementAndGet);
    }
}
