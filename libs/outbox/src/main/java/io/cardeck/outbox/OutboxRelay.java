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
    private final String writer;
    private final ScheduledExecutorService scheduler;

    /** A relay over {@code producer}, which the caller closes; its records name {@code writer} as their writer. */
    public OutboxRelay(DataSource dataSource, Producer<String, byte[]> producer, String writer) {
        this(dataSource, producer, false, writer);
    }

    /**
     * A relay with its own {@link #producer}, closed with it: what a service runs.
     *
     * @param clientSettings the Kafka client settings of the service: bootstrap servers and its login
     * @param writer         the service's name, which every record it publishes carries ({@link EventEnvelope})
     */
    public static OutboxRelay forKafka(DataSource dataSource, Map<String, Object> clientSettings, String clientId,
                                       String writer) {
        return new OutboxRelay(dataSource, producer(clientSettings, clientId), true, writer);
    }

    private OutboxRelay(DataSource dataSource, Producer<String, byte[]> producer, boolean ownsProducer, String writer) {
        this.dataSource = dataSource;
        this.producer = producer;
        this.ownsProducer = ownsProducer;
        this.writer = writer;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cardeck-outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A producer as every cardeck producer must be: acks=all and idempotent (so no duplicates from
     * retries), with those of {@code clientSettings} that configure a producer (a service's shared
     * Kafka settings also hold consumer ones, such as its group id).
     */
    public static Producer<String, byte[]> producer(Map<String, Object> clientSettings, String clientId) {
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
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
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
                        sends.add(producer.send(EventEnvelope.record(rows.getString(2), rows.getString(3), rows.getBytes(4), writer)));
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
