package io.cardeck.deck.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestBatcherTest {

    /** Bytes of one row of a request in these tests. */
    private static final long ROW_BYTES = 10;
    /** A byte capacity that the tests on other limits never reach. */
    private static final long PLENTY = Long.MAX_VALUE;

    private static BatchingSettings settings(int maxBatchRows, Duration maxDelay, int capacity) {
        return new BatchingSettings(maxBatchRows, maxDelay, capacity, PLENTY);
    }

    /** Requests are row counts of {@link #ROW_BYTES} each; the answer is the size (in rows) of the batch that ran it. */
    private static RequestBatcher<Integer, Integer> batcher(BatchingSettings settings, List<List<Integer>> runs,
                                                           CountDownLatch release) {
        return new RequestBatcher<>("test", settings, rows -> rows, rows -> rows * ROW_BYTES, requests -> {
            runs.add(List.copyOf(requests));
            await(release);
            int total = requests.stream().mapToInt(Integer::intValue).sum();
            return Collections.nCopies(requests.size(), total);
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void requestsArrivingWithinTheDelayRunAsOneBatch() throws Exception {
        List<List<Integer>> runs = Collections.synchronizedList(new ArrayList<>());
        try (var batcher = batcher(settings(64, Duration.ofMillis(500), 16), runs, new CountDownLatch(0))) {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(batcher.submit(2));
            }
            for (CompletableFuture<Integer> answer : answers) {
                assertEquals(8, answer.get(10, TimeUnit.SECONDS));
            }
            assertEquals(List.of(List.of(2, 2, 2, 2)), runs);
        }
    }

    @Test
    void aBatchNeverExceedsMaxRows() throws Exception {
        List<List<Integer>> runs = Collections.synchronizedList(new ArrayList<>());
        try (var batcher = batcher(settings(5, Duration.ofMillis(300), 16), runs, new CountDownLatch(0))) {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(batcher.submit(2));
            }
            answers.add(batcher.submit(9));
            for (CompletableFuture<Integer> answer : answers) {
                answer.get(10, TimeUnit.SECONDS);
            }
            for (List<Integer> run : runs) {
                int rows = run.stream().mapToInt(Integer::intValue).sum();
                assertTrue(rows <= 5 || run.size() == 1, "run " + run);
            }
            assertEquals(5, runs.stream().mapToInt(List::size).sum());
        }
    }

    @Test
    void refusesRequestsBeyondCapacityUntilHeldOnesFinish() throws Exception {
        List<List<Integer>> runs = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        try (var batcher = batcher(settings(64, Duration.ofMillis(50), 2), runs, release)) {
            CompletableFuture<Integer> first = batcher.submit(1);
            CompletableFuture<Integer> second = batcher.submit(1);
            QueueFullException e = assertThrows(QueueFullException.class, () -> batcher.submit(1));
            assertTrue(e.getMessage().contains("2 requests"), e.getMessage());
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertEquals(2, batcher.submit(2).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void refusesARequestThatWouldTakeTheBytesHeldPastTheLimitUntilHeldOnesFinish() throws Exception {
        List<List<Integer>> runs = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        try (var batcher = batcher(new BatchingSettings(64, Duration.ofMillis(50), 16, 100), runs, release)) {
            CompletableFuture<Integer> first = batcher.submit(6);
            QueueFullException e = assertThrows(QueueFullException.class, () -> batcher.submit(5));
            assertEquals("test already holds 60 bytes of requests and this one (50 bytes) would pass its limit of 100 bytes;"
                    + " try again shortly", e.getMessage());
            CompletableFuture<Integer> second = batcher.submit(4);
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertEquals(10, batcher.submit(10).get(10, TimeUnit.SECONDS), "the bytes of finished requests are free again");
        }
    }

    @Test
    void aRequestLargerThanTheWholeByteLimitIsRefusedOutright() throws Exception {
        try (var batcher = batcher(new BatchingSettings(64, Duration.ZERO, 16, 100), new ArrayList<>(), new CountDownLatch(0))) {
            RequestTooLargeException e = assertThrows(RequestTooLargeException.class, () -> batcher.submit(11));
            assertEquals("the request has 110 bytes, more than test holds at once (100 bytes); send fewer images per request",
                    e.getMessage());
            assertEquals(10, batcher.submit(10).get(10, TimeUnit.SECONDS), "it took no place");
        }
    }

    @Test
    void anErrorInABatchFailsThatBatchAndTheDispatcherRunsTheNext() throws Exception {
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        try (var batcher = new RequestBatcher<Integer, Integer>("test", settings(8, Duration.ofMillis(1), 1),
                rows -> rows, rows -> rows * ROW_BYTES, requests -> {
                    threads.add(Thread.currentThread().getName());
                    if (requests.contains(13)) {
                        throw new StackOverflowError("deep");
                    }
                    return requests;
                })) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> batcher.submit(13).get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof StackOverflowError, e.getCause().toString());
            // Capacity 1: this request is taken only if the failed one gave its place back.
            assertEquals(3, batcher.submit(3).get(10, TimeUnit.SECONDS));
            assertEquals(List.of("batcher-test", "batcher-test"), threads, "both ran on the dispatcher");
        }
    }

    @Test
    void anErrorInARequestRunOnTheCallersThreadFailsItAndFreesItsPlace() throws Exception {
        try (var batcher = new RequestBatcher<Integer, Integer>("test", new BatchingSettings(8, Duration.ZERO, 1, 100),
                rows -> rows, rows -> rows * ROW_BYTES, requests -> {
                    if (requests.contains(7)) {
                        throw new OutOfMemoryError("one huge batch");
                    }
                    return requests;
                })) {
            CompletableFuture<Integer> failed = batcher.submit(7);
            ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof OutOfMemoryError, e.getCause().toString());
            assertEquals(10, batcher.submit(10).get(10, TimeUnit.SECONDS), "its place and all 100 bytes are free");
        }
    }

    @Test
    void aFailingRunFailsEveryRequestOfItsBatchAndTheNextBatchStillRuns() throws Exception {
        try (var batcher = new RequestBatcher<Integer, Integer>("test", settings(8, Duration.ofMillis(1), 4),
                rows -> rows, rows -> rows * ROW_BYTES, requests -> {
                    if (requests.contains(13)) {
                        throw new IllegalStateException("unlucky");
                    }
                    return requests;
                })) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> batcher.submit(13).get(10, TimeUnit.SECONDS));
            assertEquals("unlucky", e.getCause().getMessage());
            assertEquals(3, batcher.submit(3).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closingFailsWhatWaitsAndRefusesWhatComes() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        var batcher = batcher(settings(1, Duration.ofMillis(1), 4), Collections.synchronizedList(new ArrayList<>()), never);
        CompletableFuture<Integer> running = batcher.submit(1);
        CompletableFuture<Integer> waiting = batcher.submit(1);
        Thread.sleep(100);
        // The running batch is interrupted out of its wait and still answers; the waiting request never runs.
        batcher.close();
        assertEquals(1, running.get(10, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof BatcherClosedException, e.getCause().toString());
        assertThrows(BatcherClosedException.class, () -> batcher.submit(1));
    }

    @Test
    void withNoDelayALoneRequestRunsOnTheCallersThread() throws Exception {
        List<Thread> runners = Collections.synchronizedList(new ArrayList<>());
        try (var batcher = new RequestBatcher<Integer, Integer>("test", settings(8, Duration.ZERO, 4),
                rows -> rows, rows -> rows * ROW_BYTES, requests -> {
                    runners.add(Thread.currentThread());
                    return requests;
                })) {
            CompletableFuture<Integer> answer = batcher.submit(3);
            assertTrue(answer.isDone(), "the answer is ready when submit returns");
            assertEquals(3, answer.get());
            assertEquals(List.of(Thread.currentThread()), runners);
        }
    }

    @Test
    void withNoDelayRequestsArrivingWhileABatchRunsRunTogetherNext() throws Exception {
        List<List<Integer>> runs = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        try (var batcher = batcher(settings(64, Duration.ZERO, 16), runs, release)) {
            CompletableFuture<CompletableFuture<Integer>> lone = CompletableFuture.supplyAsync(() -> batcher.submit(1));
            while (runs.isEmpty()) {
                Thread.onSpinWait();
            }
            List<CompletableFuture<Integer>> queued = List.of(batcher.submit(2), batcher.submit(2), batcher.submit(2));
            assertTrue(queued.stream().noneMatch(CompletableFuture::isDone), "queued behind the running request");
            release.countDown();
            assertEquals(1, lone.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
            for (CompletableFuture<Integer> answer : queued) {
                assertEquals(6, answer.get(10, TimeUnit.SECONDS));
            }
            assertEquals(List.of(List.of(1), List.of(2, 2, 2)), runs);
        }
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new BatchingSettings(0, Duration.ZERO, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchingSettings(1, Duration.ofMillis(-1), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchingSettings(1, Duration.ZERO, 0, 1));
        assertEquals("batching capacity in bytes must be at least 1 byte, got 0",
                assertThrows(IllegalArgumentException.class, () -> new BatchingSettings(1, Duration.ZERO, 1, 0)).getMessage());
    }
}
