package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.agroal.api.AgroalDataSource;
import io.cardeck.outbox.quarkus.Retention;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

/**
 * Retention of every kind of row the gateway keeps, and the relay's backlog metrics, on the real
 * PostgreSQL of the running gateway. Outbox rows on a topic Kafka refuses stand for events the relay
 * cannot publish: they stay unsent, and in the backlog, until the test removes them.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class RetentionIT {

    /** A topic name Kafka refuses (a space), so the relay fails on it at every round. */
    private static final String UNPUBLISHABLE = "cardeck.retention it";
    private static final Duration METRICS_PATIENCE = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Retention retention;

    @Test
    void rowsPastTheirRetentionGoWhileYoungOnesUnsentEventsAndRequestsWaitingForThemStay() throws SQLException {
        List<Long> unpublishable = new ArrayList<>();
        try {
            long oldSent = outbox("cardeck.prune.requests", "k", "30 days", "8 days");
            long youngSent = outbox("cardeck.prune.requests", "k", "7 days", "6 days");
            UUID oldProcessed = processedEvent("31 days");
            UUID youngProcessed = processedEvent("29 days");
            UUID orphan = pruneRequest("15 days");
            outbox("cardeck.prune.requests", orphan.toString(), "15 days", "15 days");
            UUID waiting = pruneRequest("15 days");
            long waitingEvent = outbox(UNPUBLISHABLE, waiting.toString(), "15 days", null);
            unpublishable.add(waitingEvent);
            UUID youngRequest = pruneRequest("13 days");
            String oldKey = idempotencyKey("25 hours");
            String youngKey = idempotencyKey("23 hours");
            String oldReplay = replay("31 days");
            String youngReplay = replay("29 days");

            assertEquals(Set.of("outbox", "processed-events", "prune-requests", "idempotency-keys", "dead-letter-replays"),
                    retention.purge().keySet(), "every kind of the gateway is purged");

            assertEquals(0, count("SELECT count(*) FROM outbox WHERE id = ?", oldSent), "sent 8 days ago, kept 7");
            assertEquals(1, count("SELECT count(*) FROM outbox WHERE id = ?", youngSent));
            assertEquals(1, count("SELECT count(*) FROM outbox WHERE id = ? AND sent_at IS NULL", waitingEvent),
                    "an unsent event stays however old");
            assertEquals(0, count("SELECT count(*) FROM processed_events WHERE event_id = ?", oldProcessed));
            assertEquals(1, count("SELECT count(*) FROM processed_events WHERE event_id = ?", youngProcessed));
            assertEquals(0, count("SELECT count(*) FROM prune_requests WHERE id = ?", orphan), "orphaned 15 days, kept 14");
            assertEquals(1, count("SELECT count(*) FROM prune_requests WHERE id = ?", waiting),
                    "a request whose event still waits in the outbox is not orphaned");
            assertEquals(1, count("SELECT count(*) FROM prune_requests WHERE id = ?", youngRequest));
            assertEquals(0, count("SELECT count(*) FROM prune_idempotency_keys WHERE idempotency_key = ?", oldKey));
            assertEquals(1, count("SELECT count(*) FROM prune_idempotency_keys WHERE idempotency_key = ?", youngKey));
            assertEquals(0, count("SELECT count(*) FROM dead_letter_replays WHERE dead_letter_id = ?", oldReplay));
            assertEquals(1, count("SELECT count(*) FROM dead_letter_replays WHERE dead_letter_id = ?", youngReplay));
        } finally {
            delete(unpublishable);
        }
    }

    @Test
    void theBacklogMetricsAreTheOutboxsUnsentRowsAndTheAgeOfTheOldest() throws SQLException {
        List<Long> unpublishable = new ArrayList<>();
        try {
            unpublishable.add(outbox(UNPUBLISHABLE, "a", "3 hours", null));
            unpublishable.add(outbox(UNPUBLISHABLE, "b", "1 hour", null));

            long unsent = count("SELECT count(*) FROM outbox WHERE sent_at IS NULL", null);
            assertTrue(unsent >= 2, unsent + " unsent");
            awaitMetric("cardeck_outbox_unsent_events", value -> value == unsent);
            double threeHours = Duration.ofHours(3).toSeconds();
            awaitMetric("cardeck_outbox_oldest_unsent_age_seconds", value -> value >= threeHours && value < threeHours + 120);
        } finally {
            delete(unpublishable);
        }
        awaitMetric("cardeck_outbox_unsent_events", value -> value == 0);
        awaitMetric("cardeck_outbox_oldest_unsent_age_seconds", value -> value == 0);
    }

    /** Waits until the gateway's Prometheus metric {@code name} (no labels) passes {@code expected}. */
    private static void awaitMetric(String name, DoublePredicate expected) {
        long deadline = System.nanoTime() + METRICS_PATIENCE.toNanos();
        Double last = null;
        while (System.nanoTime() < deadline) {
            last = metric(name);
            if (last != null && expected.test(last)) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        fail(name + " did not reach the expected value within " + METRICS_PATIENCE + "; last " + last);
    }

    private static Double metric(String name) {
        for (String line : asAdmin().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }

    private long outbox(String topic, String key, String createdAgo, String sentAgo) throws SQLException {
        return insertReturningId("INSERT INTO outbox (event_id, topic, event_key, payload, created_at, sent_at)"
                + " VALUES (?, ?, ?, '\\x00', now() - ?::interval, now() - ?::interval) RETURNING id",
                UUID.randomUUID(), topic, key, createdAgo, sentAgo);
    }

    private UUID processedEvent(String ago) throws SQLException {
        UUID id = UUID.randomUUID();
        update("INSERT INTO processed_events (consumer, event_id, processed_at) VALUES ('gateway', ?, now() - ?::interval)", id, ago);
        return id;
    }

    private UUID pruneRequest(String ago) throws SQLException {
        UUID id = UUID.randomUUID();
        update("INSERT INTO prune_requests (id, model_id, method, params, created_at)"
                + " VALUES (?, ?, 'magnitude', '{}'::jsonb, now() - ?::interval)", id, UUID.randomUUID(), ago);
        return id;
    }

    private String idempotencyKey(String ago) throws SQLException {
        String key = "retention-" + UUID.randomUUID();
        update("INSERT INTO prune_idempotency_keys (caller, idempotency_key, request_sha256, job_id, created_at)"
                + " VALUES ('retention-it', ?, 'sha', ?, now() - ?::interval)", key, UUID.randomUUID(), ago);
        return key;
    }

    private String replay(String ago) throws SQLException {
        String id = "cardeck.prune.requests.dlq:0:" + Math.abs(UUID.randomUUID().getLeastSignificantBits());
        update("INSERT INTO dead_letter_replays (dead_letter_id, topic, event_key, event_id, replayed_by, replayed_at)"
                + " VALUES (?, 'cardeck.prune.requests', 'k', ?, 'retention-it', now() - ?::interval)", id, UUID.randomUUID(), ago);
        return id;
    }

    private void delete(List<Long> outboxIds) throws SQLException {
        for (long id : outboxIds) {
            update("DELETE FROM outbox WHERE id = ?", id);
        }
    }

    private long count(String sql, Object parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            if (parameter != null) {
                query.setObject(1, parameter);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private long insertReturningId(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = prepare(connection, sql, parameters);
             ResultSet row = insert.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Runs {@code sql}, which must change exactly one row. */
    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            assertEquals(1, statement.executeUpdate(), sql);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
