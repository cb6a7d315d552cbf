package io.cardeck.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the outbox in id order, each record naming this service as its writer ({@link EventEnvelope}),
 * and marks what Kafka acknowledged. At least once: a crash
 * between the send and the mark sends the event again, which consumers skip by its id. Rows are
 * locked while a batch is sent ({@code FOR UPDATE}), so relays of several instances take turns
 * and the order per key is kept.
 *
 * <p>A round is bounded by the send timeout, also when the broker is gone: the producer waits that
 * long at most for the broker's metadata ({@code max.block.ms}) and for an acknowledgement
 * ({@code delivery.timeout.ms}), then fails the send itself. A record the round gave up on is
 * therefore never delivered later beside the copy the next round sends.
 */
public final class OutboxRelay implements AutoCloseable {

    public static final int BATCH = 200;
    /** The producer's own linger, written out because its request timeout must fit in the send timeout beside it. */
    private static final int LINGER_MS = 5;
    private static final Duration KAFKA_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Beyond the send timeout, for the producer's sender thread to notice an expired record and fail it. */
    private static final Duration EXPIRY_GRACE = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(OutboxRelay.class.getName());

    private static final String NEXT = "SELECT id, topic, event_key, payload FROM outbox WHERE sent_at IS NULL "
            + "ORDER BY id LIMIT " + BATCH + " FOR UPDATE";
    private static final String MARK = "UPDATE outbox SET sent_at = now() WHERE id = ?";

    private final DataSource dataSource;
    private final Producer<String, byte[]> producer;
    private final boolean ownsProducer;
    private final String writer;
    private final Duration sendTimeout;
    private final ScheduledExecutorService scheduler;

    /**
     * A relay over {@code producer}, which the caller closes; its records name {@code writer} as their
     * writer. A round waits up to {@code sendTimeout} for acknowledgements, so the producer's own
     * {@code delivery.timeout.ms} should not be longer.
     */
    public OutboxRelay(DataSource dataSource, Producer<String, byte[]> producer, String writer, Duration sendTimeout) {
        this(dataSource, producer, false, writer, sendTimeout);
    }

    /**
     * A relay with its own {@link #producer}, closed with it: what a service runs.
     *
     * @param clientSettings the Kafka client settings of the service: bootstrap servers and its login
     * @param writer         the service's name, which every record it publishes carries ({@link EventEnvelope})
     * @param sendTimeout    how long a round waits for Kafka before it leaves its events for the next one
     */
    public static OutboxRelay forKafka(DataSource dataSource, Map<String, Object> clientSettings, String clientId,
                                       String writer, Duration sendTimeout) {
        return new OutboxRelay(dataSource, producer(clientSettings, clientId, sendTimeout), true, writer, sendTimeout);
    }

    private OutboxRelay(DataSource dataSource, Producer<String, byte[]> producer, boolean ownsProducer, String writer,
                        Duration sendTimeout) {
        this.dataSource = dataSource;
        this.producer = producer;
        this.ownsProducer = ownsProducer;
        this.writer = writer;
        this.sendTimeout = checkSendTimeout(sendTimeout);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cardeck-outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A producer as every cardeck producer must be: acks=all and idempotent (so no duplicates from
     * retries), giving up on a send after {@code sendTimeout}, with those of {@code clientSettings} that
     * configure a producer (a service's shared Kafka settings also hold consumer ones, such as its group id).
     */
    public static Producer<String, byte[]> producer(Map<String, Object> clientSettings, String clientId, Duration sendTimeout) {
        int timeout = (int) checkSendTimeout(sendTimeout).toMillis();
        Map<String, Object> settings = new HashMap<>();
        clientSettings.forEach((name, value) -> {
            if (ProducerConfig.configNames().contains(name)) {
                settings.put(name, value);
            }
        });
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(KAFKA_REQUEST_TIMEOUT.toMillis(), timeout - LINGER_MS));
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    /** At least a second (the producer's request timeout must fit in it), at most what Kafka's int milliseconds hold. */
    public static Duration checkSendTimeout(Duration sendTimeout) {
        if (sendTimeout.compareTo(Duration.ofSeconds(1)) < 0 || sendTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("send timeout " + sendTimeout + " is out of range; accepted: 1s to "
                    + Duration.ofMillis(Integer.MAX_VALUE).toDays() + " days");
        }
        return sendTimeout;
    }

    /** Relays every {@code interval} until closed; a failed round is retried at the next one. */
    public OutboxRelay start(Duration interval) {
        scheduler.scheduleWithFixedDelay(() -> {
            long start = System.nanoTime();
            try {
                while (relayOnce() == BATCH) {
                    // A full batch: more may be waiting.
                    start = System.nanoTime();
                }
            } catch (RuntimeException | SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "outbox relay round failed after " + (System.nanoTime() - start) / 1_000_000
                        + " ms; retrying: " + e.getMessage());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Publishes one batch of unsent events; returns how many were published. */
    public int relayOnce() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                List<Long> ids = new ArrayList<>();
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                try (PreparedStatement next = connection.prepareStatement(NEXT); ResultSet rows = next.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                        Future<RecordMetadata> send = producer.send(
                                EventEnvelope.record(rows.getString(2), rows.getString(3), rows.getBytes(4), writer));
                        sends.add(send);
                        if (send.isDone()) {
                            // Failed at once (no metadata within max.block.ms): the next rows would only wait as long again.
                            send.get();
                        }
                    }
                }
                // The producer fails each send by its delivery timeout; the grace only covers its sender thread's lag.
                long deadline = System.nanoTime() + sendTimeout.plus(EXPIRY_GRACE).toNanos();
                for (Future<RecordMetadata> send : sends) {
                    send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                try (PreparedStatement mark = connection.prepareStatement(MARK)) {
                    for (long id : ids) {
                        mark.setLong(1, id);
                        mark.addBatch();
                    }
                    mark.executeBatch();
                }
                connection.commit();
                return ids.size();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                connection.rollback();
                throw new IllegalStateException("interrupted while publishing the outbox", e);
            } catch (ExecutionException | TimeoutException e) {
                connection.rollback();
                throw new IllegalStateException("Kafka did not acknowledge an outbox event: " + e.getMessage(), e);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** Stops relaying, after the round under way if one is (bounded by the send timeout). */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(sendTimeout.plus(EXPIRY_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsProducer) {
            producer.close();
        }
    }
}
