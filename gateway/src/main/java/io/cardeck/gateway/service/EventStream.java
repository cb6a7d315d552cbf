package io.cardeck.gateway.service;

import io.cardeck.events.CardeckEvent;
import io.cardeck.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live stream of prune and evaluation events: every event this instance consumes goes to every
 * current subscriber whose filter passes it. Nothing is replayed; a subscriber sees the events
 * that arrive after it subscribed. Subscribers are bounded in number, and one that receives nothing
 * for a while is let go, so that open streams cannot pile up. When the gateway begins to stop, every
 * stream ends, so that its shutdown does not wait for them as for requests in flight.
 */
@ApplicationScoped
public class EventStream {

    private final BroadcastProcessor<CardeckEvent> processor = BroadcastProcessor.create();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final int buffer;
    private final int maxSubscribers;
    private final Duration idleTimeout;

    public EventStream(GatewayConfig config, MeterRegistry registry) {
        this.buffer = config.sseBuffer();
        this.maxSubscribers = config.sseMaxSubscribers();
        this.idleTimeout = config.sseIdleTimeout();
        registry.gauge("cardeck.gateway.event.subscribers", subscribers);
    }

    /** Both topics' consumers call this, each on its own thread; the processor takes one event at a time. */
    public synchronized void publish(CardeckEvent event) {
        processor.onNext(event);
    }

    /**
     * The gateway is stopping (SIGTERM; {@code quarkus.shutdown.delay-enabled} makes Quarkus say so before it
     * waits for the requests in flight): every open stream completes, and its client reconnects, to another
     * instance. Otherwise the shutdown would wait its whole timeout for the streams.
     */
    synchronized void endAll(@Observes ShutdownDelayInitiatedEvent stopping) {
        processor.onComplete();
    }

    /**
     * The events {@code filter} passes, from now on. A subscriber that falls more than
     * {@code cardeck.gateway.sse-buffer} events behind gets a failure and its stream ends, rather
     * than holding memory or slowing the others; one that gets no event for
     * {@code cardeck.gateway.sse-idle-timeout} sees its stream complete.
     *
     * @throws TooManySubscribersException when {@code cardeck.gateway.sse-max-subscribers} streams are open
     */
    public Multi<CardeckEvent> subscribe(EventFilter filter) {
        // The place is taken now, so that the refusal can still be an HTTP status; the stream's end frees it.
        if (subscribers.incrementAndGet() > maxSubscribers) {
            subscribers.decrementAndGet();
            throw new TooManySubscribersException(maxSubscribers);
        }
        return processor.filter(filter)
                .onOverflow().buffer(buffer)
                .ifNoItem().after(idleTimeout).recoverWithCompletion()
                .onTermination().invoke(subscribers::decrementAndGet);
    }
}
