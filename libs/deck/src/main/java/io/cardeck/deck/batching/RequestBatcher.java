package io.cardeck.deck.batching;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Gathers concurrent requests into batches: the first request waits at most
 * {@link BatchingSettings#maxDelay()} for others, up to {@link BatchingSettings#maxBatchRows()} images,
 * then one call runs them all. At most {@link BatchingSettings#capacity()} requests, of at most
 * {@link BatchingSettings#capacityBytes()} bytes together, are held; beyond either {@link #submit}
 * refuses at once rather than letting a queue grow without bound. A run that fails, with an exception
 * or an {@link Error}, fails the requests of its batch only: the next batch runs.
 * <p>With no delay, a request that finds the batcher idle runs at once on the caller's thread: the
 * hand-off to the dispatcher thread would only add a wake-up to its latency. Requests that arrive
 * while a batch runs queue up and run together next.
 *
 * @param <R> a request
 * @param <P> its answer
 */
public final class RequestBatcher<R, P> implements AutoCloseable {

    private record Pending<R, P>(R request, int rows, CompletableFuture<P> answer) {
    }

    private final String name;
    private final BatchingSettings settings;
    private final ToIntFunction<R> rows;
    private final ToLongFunction<R> bytes;
    private final Function<List<R>, List<P>> runner;
    private final Semaphore held;
    private final AtomicLong heldBytes = new AtomicLong();
    private final LinkedBlockingQueue<Pending<R, P>> queue = new LinkedBlockingQueue<>();
    /** Held while a batch runs, by the dispatcher or by a caller running its own request. */
    private final ReentrantLock running = new ReentrantLock();
    private final Thread dispatcher;
    private volatile boolean open = true;

    /**
     * @param rows   the images of a request
     * @param bytes  the memory a request holds while it waits and runs
     * @param runner answers a batch of requests, one answer per request in order
     */
    public RequestBatcher(String name, BatchingSettings settings, ToIntFunction<R> rows, ToLongFunction<R> bytes,
                          Function<List<R>, List<P>> runner) {
        this.name = name;
        this.settings = settings;
        this.rows = rows;
        this.bytes = bytes;
        this.runner = runner;
        this.held = new Semaphore(settings.capacity());
        this.dispatcher = new Thread(this::dispatch, "batcher-" + name);
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /**
     * Queues a request; its answer completes when its batch has run (exceptionally if the run failed).
     * With no delay set and nothing queued or running, the request runs before this returns.
     *
     * @throws QueueFullException       when {@link BatchingSettings#capacity()} requests are already held, or this
     *                                  one would take the bytes held past {@link BatchingSettings#capacityBytes()}
     * @throws RequestTooLargeException when the request alone has more bytes than {@link BatchingSettings#capacityBytes()}
     * @throws BatcherClosedException   when the batcher is closed
     */
    public CompletableFuture<P> submit(R request) {
        if (!open) {
            throw new BatcherClosedException("batcher " + name + " is closed");
        }
        long size = bytes.applyAsLong(request);
        if (size > settings.capacityBytes()) {
            throw new RequestTooLargeException("the request has " + size + " bytes, more than " + name + " holds at once ("
                    + settings.capacityBytes() + " bytes); send fewer images per request");
        }
        if (!held.tryAcquire()) {
            throw new QueueFullException(name + " already holds " + settings.capacity()
                    + " requests, its limit; try again shortly");
        }
        long limit = settings.capacityBytes();
        long before = heldBytes.getAndAccumulate(size, (heldNow, added) -> heldNow + added <= limit ? heldNow + added : heldNow);
        if (before + size > limit) {
            held.release();
            throw new QueueFullException(name + " already holds " + before + " bytes of requests and this one ("
                    + size + " bytes) would pass its limit of " + limit + " bytes; try again shortly");
        }
        CompletableFuture<P> answer = new CompletableFuture<>();
        // The caller gets the stage after the release: an answer in hand means its place is free again.
        CompletableFuture<P> released = answer.whenComplete((result, failure) -> {
            heldBytes.addAndGet(-size);
            held.release();
        });
        Pending<R, P> pending = new Pending<>(request, rows.applyAsInt(request), answer);
        // Only when no other request is held (queued, taken by the dispatcher, or running): one taken
        // by the dispatcher but not yet run must not be overtaken.
        boolean alone = held.availablePermits() == settings.capacity() - 1;
        if (settings.maxDelay().isZero() && alone && running.tryLock()) {
            try {
                run(List.of(pending));
            } finally {
                running.unlock();
            }
        } else {
            queue.add(pending);
        }
        return released;
    }

    private void dispatch() {
        Pending<R, P> carried = null;
        while (open) {
            try {
                Pending<R, P> first = carried != null ? carried : queue.poll(100, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null) {
                    continue;
                }
                // Gathered under the lock, so that what arrived while another batch ran joins this one.
                running.lockInterruptibly();
                try {
                    List<Pending<R, P>> batch = new ArrayList<>();
                    batch.add(first);
                    int total = first.rows();
                    long deadline = System.nanoTime() + settings.maxDelay().toNanos();
                    while (total < settings.maxBatchRows()) {
                        long remaining = deadline - System.nanoTime();
                        Pending<R, P> next = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : queue.poll();
                        if (next == null) {
                            break;
                        }
                        if (total + next.rows() > settings.maxBatchRows()) {
                            carried = next;
                            break;
                        }
                        batch.add(next);
                        total += next.rows();
                    }
                    run(batch);
                } finally {
                    running.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run(List<Pending<R, P>> batch) {
        try {
            List<P> answers = runner.apply(batch.stream().map(Pending::request).toList());
            if (answers.size() != batch.size()) {
                throw new IllegalStateException("batch runner of " + name + " answered " + answers.size()
                        + " of " + batch.size() + " requests");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(answers.get(i));
            }
        } catch (Throwable e) {
            // Errors too (a StackOverflowError, an OutOfMemoryError of one huge batch): left uncaught they
            // would end the dispatcher and strand every later request of the deck.
            batch.forEach(pending -> pending.answer().completeExceptionally(e));
        }
    }

    /** Stops taking requests; those not yet run fail with a {@link BatcherClosedException}. */
    @Override
    public void close() {
        open = false;
        dispatcher.interrupt();
        try {
            dispatcher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending<R, P>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.answer().completeExceptionally(new BatcherClosedException("batcher " + name + " closed")));
    }
}
