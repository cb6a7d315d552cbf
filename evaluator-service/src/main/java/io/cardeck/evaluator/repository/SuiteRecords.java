package io.cardeck.evaluator.repository;

import io.cardeck.data.suite.SuiteManifest;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Table {@code suites}: which generated suite lies in which directory of which host; callers hold the transaction. */
@ApplicationScoped
public class SuiteRecords {

    private static final String INSERT = "INSERT INTO suites (id, host, directory, dataset, split, images_per_severity,"
            + " seed, generator, corruptions, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (host, directory) DO UPDATE SET corruptions = EXCLUDED.corruptions";
    private static final String SELECT = "SELECT id FROM suites WHERE host = ? AND directory = ?";

    private final AgroalDataSource dataSource;

    SuiteRecords(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the suite in {@code directory} of {@code host} (once; later calls refresh its corruptions) and returns its id. */
    public UUID record(String host, Path directory, SuiteManifest manifest) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, host);
                insert.setString(3, directory.toString());
                insert.setString(4, manifest.dataset());
                insert.setString(5, manifest.split());
                insert.setInt(6, manifest.imagesPerSeverity());
                insert.setLong(7, manifest.seed());
                insert.setString(8, manifest.generator());
                insert.setString(9, String.join(",", manifest.corruptions()));
                insert.setTimestamp(10, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setString(1, host);
                select.setString(2, directory.toString());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getObject(1, UUID.class);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the suite " + directory + ": " + e.getMessage(), e);
        }
    }
}
