package io.cardeck.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Retention and the relay's backlog on the machine's real PostgreSQL, with the shipped migrations. */
class RetentionTest {

    private static final String DATABASE = "cardeck_retention_test";
    private static final Duration WEEK = Duration.ofDays(7);
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void start() {
        dataSource = OutboxDatabase.create(DATABASE);
    }

    @AfterAll
    static void stop() {
        OutboxDatabase.drop(DATABASE);
    }

    @BeforeEach
    void empty() throws SQLException {
        execute("TRUNCATE outbox, processed_events");
    }

    @Test
    void sentOutboxRowsOlderThanTheRetentionGoInBatchesWhileYoungAndUnsentOnesStay() throws SQLException {
        for (int i = 0; i < 5; i++) {
            outboxRow("30 days", "8 days");
        }
        long young = outboxRow("8 days", "6 days");
        long unsentOld = outboxRow("30 days", null);
        long unsentYoung = outboxRow("1 minute", null);

        long deleted = new RetentionPolicy(RetentionRule.SENT_OUTBOX_EVENTS, WEEK).purge(dataSource, 2);

        assertEquals(5, deleted, "5 old sent rows, in batches of 2, 2 and 1");
        assertEquals(List.of(young, unsentOld, unsentYoung), ids("SELECT id FROM outbox ORDER BY id"));
        assertEquals(0, new RetentionPolicy(RetentionRule.SENT_OUTBOX_EVENTS, WEEK).purge(dataSource, 2), "nothing more to go");
    }

    @Test
    void anUnsentOutboxRowStaysHoweverShortTheRetention() throws SQLException {
        long unsent = outboxRow("365 days", null);

        new RetentionPolicy(RetentionRule.SENT_OUTBOX_EVENTS, Duration.ofSeconds(1)).purge(dataSource, 100);

        assertEquals(List.of(unsent), ids("SELECT id FROM outbox"));
    }

    @Test
    void processedEventIdsOlderThanTheRetentionGo() throws SQLException {
        processed("31 days");
        UUID young = processed("29 days");

        long deleted = new RetentionPolicy(RetentionRule.PROCESSED_EVENTS, Duration.ofDays(30)).purge(dataSource, 1000);

        assertEquals(1, deleted);
        assertEquals(List.of(young), uuids("SELECT event_id FROM processed_events"));
    }

    @Test
    void aRulesConditionKeepsOldRowsThatAreStillInUse() throws SQLException {
        long kept = outboxRow("30 days", "20 days");
        execute("UPDATE outbox SET topic = 'keep' WHERE id = " + kept);
        outboxRow("30 days", "20 days");
        RetentionRule exceptKept = new RetentionRule("outbox", "outbox", "sent_at", "topic <> 'keep'");

        assertEquals(1, new RetentionPolicy(exceptKept, WEEK).purge(dataSource, 10));

        assertEquals(List.of(kept), ids("SELECT id FROM outbox"));
    }

    @Test
    void rowsAgedThroughAReferenceGoByTheReferencedRowsTimeAndCondition() throws SQLException {
        execute("CREATE TABLE jobs (id BIGINT PRIMARY KEY, status TEXT NOT NULL, ended_at TIMESTAMPTZ)");
        execute("CREATE TABLE steps (id BIGSERIAL PRIMARY KEY, job_id BIGINT NOT NULL REFERENCES jobs (id),"
                + " ended_at TIMESTAMPTZ)");
        try {
            execute("INSERT INTO jobs VALUES (1, 'DONE', now() - interval '8 days'), (2, 'DONE', now() - interval '6 days'),"
                    + " (3, 'OPEN', now() - interval '30 days'), (4, 'OPEN', NULL)");
            // Each step ended long ago by its own time, which is not what ages it.
            execute("INSERT INTO steps (job_id, ended_at) SELECT job, now() - interval '30 days'"
                    + " FROM generate_series(1, 4) AS job, generate_series(1, 3)");
            RetentionRule stepsOfDoneJobs = new RetentionRule("steps", "steps", "ended_at", "jobs.status = 'DONE'",
                    new RetentionRule.Reference("jobs", "job_id"));

            assertEquals(3, new RetentionPolicy(stepsOfDoneJobs, WEEK).purge(dataSource, 2));

            assertEquals(List.of(2L, 2L, 2L, 3L, 3L, 3L, 4L, 4L, 4L), ids("SELECT job_id FROM steps ORDER BY job_id"),
                    "the steps of a job done 6 days ago, and of open jobs however old, stay");
        } finally {
            execute("DROP TABLE steps, jobs");
        }
    }

    @Test
    void theBacklogIsTheUnsentRowsAndTheAgeOfTheOldest() throws SQLException {
        assertEquals(new OutboxBacklog(0, Duration.ZERO), OutboxBacklog.read(dataSource), "an empty outbox");
        outboxRow("90 seconds", null);
        outboxRow("10 seconds", null);
        outboxRow("2 hours", "1 hour");

        OutboxBacklog backlog = OutboxBacklog.read(dataSource);

        assertEquals(2, backlog.unsent());
        assertEquals(count("SELECT count(*) FROM outbox WHERE sent_at IS NULL"), backlog.unsent());
        assertTrue(backlog.oldestAge().compareTo(Duration.ofSeconds(90)) >= 0
                && backlog.oldestAge().compareTo(Duration.ofSeconds(100)) < 0, backlog.oldestAge().toString());
    }

    @Test
    void rulesAndPoliciesRefuseWhatCannotBeRight() {
        assertEquals("retention outbox: 'outbox; DROP TABLE x' is not a plain SQL identifier",
                assertThrows(IllegalArgumentException.class,
                        () -> new RetentionRule("outbox", "outbox; DROP TABLE x", "sent_at", "TRUE")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RetentionRule("Outbox", "outbox", "sent_at", "TRUE"));
        assertThrows(IllegalArgumentException.class, () -> new RetentionRule("outbox", "outbox", "sent_at", " "));
        assertEquals("a reference: 'jobs.id' is not a plain SQL identifier",
                assertThrows(IllegalArgumentException.class, () -> new RetentionRule.Reference("jobs", "jobs.id")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(RetentionRule.PROCESSED_EVENTS, Duration.ZERO));
        assertEquals("cardeck.retention.processed-events.keep-for",
                new RetentionPolicy(RetentionRule.PROCESSED_EVENTS, WEEK).key());
        assertThrows(IllegalArgumentException.class,
                () -> new RetentionPolicy(RetentionRule.PROCESSED_EVENTS, WEEK).purge(dataSource, 0));
    }

    /** An outbox row created and (unless {@code sentAgo} is null) sent that long ago; returns its id. */
    private static long outboxRow(String createdAgo, String sentAgo) throws SQLException {
        String sql = "INSERT INTO outbox (event_id, topic, event_key, payload, created_at, sent_at)"
                + " VALUES (?, 'cardeck.test', 'key', '\\x00', now() - ?::interval, now() - ?::interval) RETURNING id";
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, createdAgo);
            insert.setString(3, sentAgo);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static UUID processed(String ago) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO processed_events (consumer, event_id, processed_at) VALUES ('test', ?, now() - ?::interval)")) {
            insert.setObject(1, id);
            insert.setString(2, ago);
            insert.executeUpdate();
        }
        return id;
    }

    private static List<Long> ids(String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    private static List<UUID> uuids(String sql) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    private static long count(String sql) throws SQLException {
        return ids(sql).get(0);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
