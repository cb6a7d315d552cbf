package io.cardeck.gateway.repository;

import io.agroal.api.AgroalDataSource;
import io.cardeck.outbox.RetentionRule;
import io.cardeck.gateway.service.IdempotentRequest;
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

/** The {@code prune_idempotency_keys} table, on the connection of the caller's transaction. */
@ApplicationScoped
public class IdempotencyKeys {

    /** Keys kept while a client may still retry with them. */
    public static final RetentionRule RETENTION =
            new RetentionRule("idempotency-keys", "prune_idempotency_keys", "created_at", "TRUE");

    /** The job a key was first used for, and the SHA-256 of that request. */
    public record Recorded(UUID jobId, String requestSha256) {
    }

    private final AgroalDataSource dataSource;

    IdempotencyKeys(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional
    public Optional<Recorded> find(IdempotentRequest request) {
        String sql = "SELECT job_id, request_sha256 FROM prune_idempotency_keys WHERE caller = ? AND idempotency_key = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, request.caller());
            select.setString(2, request.key());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new Recorded(rows.getObject(1, UUID.class), rows.getString(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read an idempotency key: " + e.getMessage(), e);
        }
    }

    /** Records the key for {@code jobId}; false if the key is recorded already (a concurrent retry got there first). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean record(IdempotentRequest request, UUID jobId, Instant at) {
        String sql = "INSERT INTO prune_idempotency_keys (caller, idempotency_key, request_sha256, job_id, created_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, request.caller());
            insert.setString(2, request.key());
            insert.setString(3, request.requestSha256());
            insert.setObject(4, jobId);
            insert.setTimestamp(5, Timestamp.from(at));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record an idempotency key: " + e.getMessage(), e);
        }
    }
}
