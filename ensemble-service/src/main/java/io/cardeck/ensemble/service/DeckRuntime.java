package io.cardeck.ensemble.service;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.cardeck.data.ImageShape;
import io.cardeck.deck.CardDeck;
import io.cardeck.deck.Routing;
import io.cardeck.deck.batching.BatcherClosedException;
import io.cardeck.deck.batching.BatchingSettings;
import io.cardeck.deck.batching.QueueFullException;
import io.cardeck.deck.batching.RequestBatcher;
import io.cardeck.deck.batching.RequestTooLargeException;
import io.cardeck.ensemble.config.ConfigurationCheck;
import io.cardeck.ensemble.config.EnsembleConfig;
import io.cardeck.evaluation.BatchClassifier;
import io.cardeck.outbox.quarkus.DatabaseOutage;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Serves decks: each request is routed on its own (the gate), then waits in its deck's batcher so
 * that concurrent requests run together, one ONNX Runtime call per card. Loaded decks, their members'
 * sessions with them, are held: reloaded when a member's evaluation figures change here, and read
 * again in the background after {@link EnsembleConfig#deckRefresh()} (another instance may have
 * consumed the event) while the held deck goes on answering. A deck whose read fails (the database
 * unreachable) goes on serving as held; one deleted meanwhile is dropped.
 */
@ApplicationScoped
public class DeckRuntime {

    private static final Logger LOG = Logger.getLogger(DeckRuntime.class);

    /** One batched run: a request's images and the cards routed to each. */
    private record Job(LoadedDeck loaded, float[] images, Routing routing) {
    }

    /** A request's probabilities, and its batch's time in the members and in combining their outputs. */
    private record RunAnswer(float[] probabilities, long runNanos, long membersNanos) {
    }

    private final EnsembleConfig config;
    private final Executor executor;
    private final BatchingSettings batching;
    private final LoadingCache<String, LoadedDeck> serving;
    private final Map<String, RequestBatcher<Job, RunAnswer>> batchers = new ConcurrentHashMap<>();

    /** @param executor Quarkus's worker pool: it reads held decks again in the background and completes answers */
    DeckRuntime(DeckService decks, EnsembleConfig config, Executor executor) {
        this.config = config;
        this.executor = executor;
        this.batching = ConfigurationCheck.batching(config);
        Duration refresh = config.deckRefresh();
        Caffeine<Object, Object> cache = Caffeine.newBuilder().executor(executor);
        // Zero holds nothing: each request reads its deck (see EnsembleConfig#deckRefresh).
        serving = (refresh.isZero() ? cache.expireAfterWrite(Duration.ZERO) : cache.refreshAfterWrite(refresh))
                .build(new HeldDecks(decks, refresh));
    }

    /** Loads decks, and reads a held one again without letting a failed read take it out of service. */
    private record HeldDecks(DeckService decks, Duration refresh) implements CacheLoader<String, LoadedDeck> {

        @Override
        public LoadedDeck load(String name) {
            return decks.load(name);
        }

        /**
         * The deck as read now; null (no longer held) when it is gone; {@code held} again when the read fails,
         * which resets its age, so the next try comes after another {@code refresh} rather than at every request.
         */
        @Override
        public LoadedDeck reload(String name, LoadedDeck held) {
            try {
                return decks.load(name);
            } catch (RuntimeException e) {
                if (e instanceof DeckException refused && refused.status() == 404) {
                    // Deleted through another instance (a held deck's members are loaded already, so the
                    // registry is not asked): the next request reads it afresh and is answered 404.
                    return null;
                }
                LOG.warnf("deck %s serves as held: reading it again failed (%s); next try in %s", name,
                        DatabaseOutage.isCauseOf(e) ? "the database is unreachable: " + e.getMessage() : e.toString(), refresh);
                return held;
            }
        }
    }

    /**
     * The deck {@code name} as it serves now.
     *
     * @throws DeckException 404 for no such deck; 503 when it is not held and the database cannot be
     *                       reached; 404/503/422 when a member cannot be loaded
     */
    public LoadedDeck deck(String name) {
        try {
            return serving.get(name);
        } catch (RuntimeException e) {
            if (DatabaseOutage.isCauseOf(e)) {
                throw DeckException.unavailable("deck " + name + " is not loaded on this instance and the database cannot be"
                        + " reached to load it; try again shortly");
            }
            throw e;
        }
    }

    /**
     * Class probabilities of {@code count} NCHW images from {@code loaded} (as {@link #deck} gave it). The
     * request is routed and queued on the calling thread; no thread waits for its batch to run, so the
     * deck's queue bounds (not a pool of waiting threads) decide when a request is refused. The answer
     * completes on the worker pool, not on the batcher's thread.
     *
     * @throws DeckException 409 a single-mode deck with no evaluated member, 413 for a request larger than
     *                       the deck's whole byte capacity, 503 when the deck's queue is full (in requests
     *                       or bytes); the answer fails with 503 when a member fails or it takes too long
     */
    public CompletableFuture<DeckAnswer> infer(LoadedDeck loaded, float[] images, int count) {
        CardDeck deck = loaded.deck();
        String name = deck.name();
        long start = System.nanoTime();
        Routing routing;
        try {
            routing = deck.route(images, count);
        } catch (IllegalStateException e) {
            throw DeckException.conflict(e.getMessage());
        }
        long routed = System.nanoTime();
        CompletableFuture<RunAnswer> answer;
        try {
            answer = batcher(name).submit(new Job(loaded, images, routing));
        } catch (QueueFullException e) {
            throw DeckException.unavailable("deck " + name + " is at capacity: " + e.getMessage());
        } catch (RequestTooLargeException e) {
            throw DeckException.tooLarge("deck " + name + ": " + e.getMessage()
                    + " (cardeck.ensemble.batching.capacity-bytes)");
        } catch (BatcherClosedException e) {
            throw closed(name);
        }
        return answer.orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).handleAsync((run, failure) -> {
            if (failure != null) {
                throw answerFailure(name, failure instanceof CompletionException wrapped ? wrapped.getCause() : failure);
            }
            long waited = System.nanoTime() - routed - run.runNanos();
            return new DeckAnswer(deck, run.probabilities(), routing, new ServingTimes(routed - start, Math.max(0, waited),
                    run.membersNanos(), run.runNanos() - run.membersNanos()));
        }, executor);
    }

    private RuntimeException answerFailure(String name, Throwable failure) {
        if (failure instanceof TimeoutException) {
            return DeckException.unavailable("deck " + name + " did not answer within " + config.requestTimeout());
        }
        if (failure instanceof DeckException cause) {
            return DeckException.unavailable("deck " + name + " cannot answer: " + cause.getMessage());
        }
        if (failure instanceof BatcherClosedException) {
            return closed(name);
        }
        return new IllegalStateException("deck " + name + " failed to answer: " + failure, failure);
    }

    private static DeckException closed(String name) {
        return DeckException.unavailable("deck " + name + " was deleted or the service is stopping; try again");
    }

    private RequestBatcher<Job, RunAnswer> batcher(String name) {
        return batchers.computeIfAbsent(name, key -> new RequestBatcher<>(key, batching,
                job -> job.routing().rows(), job -> (long) job.images().length * Float.BYTES, this::run));
    }

    /** Runs the jobs of one deck as one batch: every card once, on the images routed to it. */
    private List<RunAnswer> run(List<Job> jobs) {
        long start = System.nanoTime();
        LoadedDeck loaded = jobs.get(0).loaded();
        float[] images = jobs.get(0).images();
        if (jobs.size() > 1) {
            int size = loaded.deck().inputShape().size();
            images = new float[jobs.stream().mapToInt(job -> job.routing().rows()).sum() * size];
            int row = 0;
            for (Job job : jobs) {
                System.arraycopy(job.images(), 0, images, row * size, job.images().length);
                row += job.routing().rows();
            }
        }
        long[] members = new long[1];
        float[] probabilities = loaded.deck().predict(images, Routing.concatenated(jobs.stream().map(Job::routing).toList()),
                card -> timed(loaded.members().get(card.modelId()), members));
        long runNanos = System.nanoTime() - start;
        if (jobs.size() == 1) {
            return List.of(new RunAnswer(probabilities, runNanos, members[0]));
        }
        int classes = loaded.deck().classes();
        List<RunAnswer> answers = new ArrayList<>(jobs.size());
        int row = 0;
        for (Job job : jobs) {
            int rows = job.routing().rows();
            float[] answer = new float[rows * classes];
            System.arraycopy(probabilities, row * classes, answer, 0, answer.length);
            answers.add(new RunAnswer(answer, runNanos, members[0]));
            row += rows;
        }
        return answers;
    }

    /** The classifier, adding the time of its runs to {@code nanos[0]}. */
    private static BatchClassifier timed(BatchClassifier classifier, long[] nanos) {
        return new BatchClassifier() {
            @Override
            public ImageShape inputShape() {
                return classifier.inputShape();
            }

            @Override
            public float[] logits(float[] images, int batchSize) {
                long start = System.nanoTime();
                try {
                    return classifier.logits(images, batchSize);
                } finally {
                    nanos[0] += System.nanoTime() - start;
                }
            }
        };
    }

    /** Forgets deck {@code name} (deleted): its next use reloads it, or answers 404. */
    public void evict(String name) {
        serving.invalidate(name);
        RequestBatcher<Job, RunAnswer> batcher = batchers.remove(name);
        if (batcher != null) {
            batcher.close();
        }
    }

    /** Reloads, on next use, the decks holding {@code modelId} (its evaluation figures changed). */
    public void evictDecksOf(String modelId) {
        serving.asMap().values().removeIf(loaded -> loaded.members().containsKey(modelId));
    }

    void close(@Observes ShutdownEvent event) {
        batchers.values().forEach(RequestBatcher::close);
        batchers.clear();
    }
}
