package io.cardeck.gateway.repository;

import io.agroal.api.AgroalDataSource;
import io.cardeck.outbox.RetentionRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The {@code dead_letter_replays} table, on the connection of the caller's transaction. */
@ApplicationScoped
public class DeadLetterReplays {

    /** Kept while the dead letter may still be on its topic: a second replay of it is answered with the first. */
    public static final RetentionRule RETENTION =
            new RetentionRule("dead-letter-replays", "dead_letter_replays", "replayed_at", "TRUE");

    /** One replay: which dead letter, where it went, the event it carried, who replayed it and when. */
    public record Replay(String deadLetterId, String topic, String key, UUID eventId, String replayedBy,
                         Instant replayedAt) {
    }

    private final AgroalDataSource dataSource;

    DeadLetterReplays(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Replay> find(String deadLetterId) {
        String sql = "SELECT topic, event_key, event_id, replayed_by, replayed_at FROM dead_letter_replays"
                + " WHERE dead_letter_id = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, deadLetterId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Replay(deadLetterId, rows.getString(1), rows.getString(2),
                                rows.getObject(3, UUID.class), rows.getString(4), rows.getTimestamp(5).toInstant()))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the replays of dead letters: " + e.getMessage(), e);
        }
    }

    /** Records {@code replay}; false if its dead letter was replayed already (a concurrent replay got there first). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean record(Replay replay) {
        String sql = "INSERT INTO dead_letter_replays (dead_letter_id, topic, event_key, event_id, replayed_by, replayed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, replay.deadLetterId());
            insert.setString(2, replay.topic());
            insert.setString(3, replay.key());
            insert.setObject(4, replay.eventId());
            insert.setString(5, replay.replayedBy());
            insert.setTimestamp(6, Timestamp.from(replay.replayedAt()));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the replay of dead letter " + replay.deadLetterId() + ": "
                    + e.getMessage(), e);
        }
    }
}
