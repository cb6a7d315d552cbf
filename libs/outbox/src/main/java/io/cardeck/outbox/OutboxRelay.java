package io.cardeck.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the outbox in id order and marks what Kafka acknowledged. At least once: a crash
 * between the send and the mark sends the event again, which consumers skip by its id. Rows are
 * locked while a batch is sent ({@code FOR UPDATE}), so relays of several instances take turns
 * and the order per key is kept.
 */
public final class OutboxRelay implements AutoCloseable {

    public static final int BATCH = 200;

    private static final String NEXT = "SELECT id, topic, event_key, payload FROM outbox WHERE sent_at IS NULL "
            + "ORDER BY id LIMIT " + BATCH + " FOR UPDATE";
    private static final String MARK = "UPDATE outbox SET sent_at = now() WHERE id = ?";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final Producer<String, byte[]> producer;
    private final boolean ownsProducer;
    private final ScheduledExecutorService scheduler;

    /** A relay over {@code producer}, which the caller closes. */
    public OutboxRelay(DataSource dataSource, Producer<String, byte[]> producer) {
        this(dataSource, producer, false);
    }

    /** A relay with its own {@link #producer}, closed with it: what a service runs. */
    public static OutboxRelay forKafka(DataSource dataSource, String bootstrapServers, String clientId) {
        return new OutboxRelay(dataSource, producer(bootstrapServers, clientId), true);
    }

    private OutboxRelay(DataSource dataSource, Producer<String, byte[]> producer, boolean ownsProducer) {
        this.dataSource = dataSource;
        this.producer = producer;
        this.ownsProducer = ownsProducer;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cardeck-outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A producer as every cardeck producer must be: acks=all and idempotent (so no duplicates from retries). */
    public static Producer<String, byte[]> producer(String bootstrapServers, String clientId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Relays every {@code interval} until closed; a failed round is retried at the next one. */
    public OutboxRelay start(Duration interval) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                while (relayOnce() == BATCH) {
                    // A full batch: more may be waiting.
                }
            } catch (RuntimeException | SQLException e) {
                System.getLogger(OutboxRelay.class.getName())
                        .log(System.Logger.Level.WARNING, "outbox relay round failed; retrying: " + e.getMessage());
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
                        sends.add(producer.send(new ProducerRecord<>(rows.getString(2), rows.getString(3), rows.getBytes(4))));
                    }
                }
                for (Future<RecordMetadata> send : sends) {
                    send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsProducer) {
            producer.close();
        }
    }
}
