package io.cardeck.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The machine's PostgreSQL (by default 127.0.0.1:5432, user {@code postgres}, trust
 * authentication), which cardeck uses instead of a container: checks that it answers and creates
 * and drops the databases services and tests use.
 */
public final class LocalPostgres {

    /** How to start the machine's cluster (Debian's postgresql-common). */
    public static final String START_COMMAND =
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z0-9_]{1,63}");
    private static final Set<String> SYSTEM_DATABASES = Set.of("postgres", "template0", "template1");
    /** Serialises creating and dropping across connections and processes (parallel test JVMs). */
    private static final long DATABASE_LOCK = 0x63617264_65636bL;
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final String host;
    private final int port;
    private final String user;

    /** 127.0.0.1:5432 as user postgres. */
    public LocalPostgres() {
        this("127.0.0.1", 5432, "postgres");
    }

    public LocalPostgres(String host, int port, String user) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be a TCP port 1..65535, got " + port);
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        this.host = host;
        this.port = port;
        this.user = user;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The user every connection logs in as (trust authentication: no password). */
    public String user() {
        return user;
    }

    /** {@code jdbc:postgresql://HOST:PORT/NAME}; the user goes separately ({@link #user()}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + checkName(database);
    }

    /** Throws {@link IllegalStateException} saying how to start PostgreSQL when it does not answer. */
    public void checkReachable() {
        try (Connection session = connect("postgres")) {
            // Logging in is the check.
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Whether the database exists. */
    public boolean databaseExists(String name) {
        checkName(name);
        try (Connection connection = connect("postgres")) {
            return exists(connection, name);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Creates the database when it does not exist and returns its JDBC URL. Idempotent and safe
     * when several callers (threads or processes) ask for the same name at once.
     */
    public String ensureDatabase(String name) {
        checkName(name);
        withDatabaseLock(connection -> {
            if (!exists(connection, name)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE \"" + name + "\"");
                }
            }
        });
        return jdbcUrl(name);
    }

    /**
     * Drops the database if it exists, closing its open connections (tests' throwaway databases).
     * The system databases (postgres, template0, template1) are refused.
     */
    public void dropDatabase(String name) {
        checkName(name);
        if (SYSTEM_DATABASES.contains(name)) {
            throw new IllegalArgumentException("refusing to drop system database '" + name
                + "'; only databases cardeck created may be dropped");
        }
        withDatabaseLock(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            }
        });
    }

    /** A new connection to the database as {@link #user()}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    private interface DatabaseChange {
        void apply(Connection connection) throws SQLException;
    }

    /**
     * Runs a CREATE or DROP DATABASE under a session-level advisory lock: those statements cannot run
     * inside a transaction, and two concurrent CREATEs of one name would make one caller fail.
     */
    private void withDatabaseLock(DatabaseChange change) {
        try (Connection connection = connect("postgres")) {
            lock(connection, "pg_advisory_lock");
            try {
                change.apply(connection);
            } finally {
                lock(connection, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static void lock(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, DATABASE_LOCK);
            statement.execute();
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement =
                 connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    /** SQLSTATE class 28 is "invalid authorization specification", 08 "connection exception". */
    private IllegalStateException failure(SQLException e) {
        String where = "PostgreSQL at " + host + ":" + port + " as user " + user;
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28")) {
            return new IllegalStateException(where + " refused the login (" + e.getMessage()
                + "); cardeck expects trust authentication for " + user + " on " + host
                + " in pg_hba.conf", e);
        }
        if (state.isEmpty() || state.startsWith("08")) {
            return new IllegalStateException(where + " is not reachable (" + e.getMessage()
                + "). cardeck uses the machine's PostgreSQL; start it with: " + START_COMMAND, e);
        }
        return new IllegalStateException(where + " failed: " + e.getMessage(), e);
    }

    static String checkName(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid database name '" + name
                + "'; expected 1 to 63 characters from [a-z0-9_]");
        }
        return name;
    }
}
