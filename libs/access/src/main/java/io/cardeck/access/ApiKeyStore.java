package io.cardeck.access;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The issued API keys in the gateway's {@code api_keys} table (its migration creates it), over plain
 * JDBC so that the gateway and the command line share it. Only each key's SHA-256 and first
 * characters are stored.
 */
public final class ApiKeyStore {

    /** A key as stored: everything but the key. */
    public record StoredKey(UUID id, String name, Role role, String shownPrefix, Instant createdAt, Instant revokedAt) {

        public boolean active() {
            return revokedAt == null;
        }
    }

    /** A key just created: the stored record and the key itself, to be shown once. */
    public record IssuedKey(StoredKey stored, ApiKey key) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final String NAME_FORMAT = "1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-', starting with a"
            + " letter or digit";

    private final DataSource dataSource;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Issues a key.
     *
     * @throws IllegalArgumentException for a malformed name, or one an active key already has
     */
    public IssuedKey create(String name, Role role) {
        checkName(name);
        ApiKey key = ApiKey.generate(random);
        StoredKey stored = new StoredKey(UUID.randomUUID(), name, role, key.shownPrefix(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), null);
        String sql = "INSERT INTO api_keys (id, name, role, key_hash, shown_prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setObject(1, stored.id());
            insert.setString(2, name);
            insert.setString(3, role.label());
            insert.setString(4, key.hash());
            insert.setString(5, stored.shownPrefix());
            insert.setTimestamp(6, Timestamp.from(stored.createdAt()));
            insert.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new IllegalArgumentException("an active key is already named '" + name + "'; revoke it first or"
                        + " choose another name");
            }
            throw failure("creating a key", e);
        }
        return new IssuedKey(stored, key);
    }

    /** Every key, active and revoked, oldest first. */
    public List<StoredKey> list() {
        String sql = "SELECT id, name, role, shown_prefix, created_at, revoked_at FROM api_keys ORDER BY created_at, name";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            List<StoredKey> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(stored(rows));
            }
            return keys;
        } catch (SQLException e) {
            throw failure("listing the keys", e);
        }
    }

    /**
     * Revokes the active key named {@code nameOrId} (its name or its id); from then on it is refused.
     *
     * @return the revoked key, empty if no active key has that name or id
     */
    public Optional<StoredKey> revoke(String nameOrId) {
        String sql = "UPDATE api_keys SET revoked_at = now() WHERE revoked_at IS NULL AND (name = ? OR id::text = ?)"
                + " RETURNING id, name, role, shown_prefix, created_at, revoked_at";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, nameOrId);
            update.setString(2, nameOrId);
            try (ResultSet rows = update.executeQuery()) {
                return rows.next() ? Optional.of(stored(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("revoking a key", e);
        }
    }

    /** The holder of {@code key} if it is issued and not revoked. */
    public Optional<AccessControl.Holder> holder(ApiKey key) {
        String sql = "SELECT name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, key.hash());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new AccessControl.Holder(rows.getString(1), Role.parse(rows.getString(2))))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("looking up a key", e);
        }
    }

    /** @throws IllegalArgumentException saying what a name may be */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a key's name must be " + NAME_FORMAT + ", got '" + name + "'");
        }
    }

    private static StoredKey stored(ResultSet row) throws SQLException {
        Timestamp revoked = row.getTimestamp(6);
        return new StoredKey(row.getObject(1, UUID.class), row.getString(2), Role.parse(row.getString(3)), row.getString(4),
                row.getTimestamp(5).toInstant(), revoked == null ? null : revoked.toInstant());
    }

    private static IllegalStateException failure(String what, SQLException e) {
        String hint = "42P01".equals(e.getSQLState())
                ? " (the api_keys table does not exist: the gateway creates it when it first starts on this database)"
                : "";
        return new IllegalStateException(what + " failed: " + e.getMessage() + hint, e);
    }
}
