package io.cardeck.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The machine's PostgreSQL (by default 127.0.0.1:5432, user {@code postgres}, trust
 * authentication; or another server, user and password), which cardeck uses instead of a
 * container: checks that it answers and creates and drops the databases services and tests use.
 * The password is never part of a message.
 */
public final class LocalPostgres {

    /** How to start the machine's cluster (Debian's postgresql-common). */
    public static final String START_COMMAND =
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z0-9_]{1,63}");
    /** A host name or IPv4 address, or an IPv6 address in brackets: nothing that would change the JDBC URL around it. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}|\\[[0-9A-Fa-f:.]{2,45}]");
    /** PostgreSQL keeps 63 bytes of a role name (NAMEDATALEN - 1). */
    private static final int MAX_USER_LENGTH = 63;
    private static final Set<String> SYSTEM_DATABASES = Set.of("postgres", "template0", "template1");
    /** Serialises creating and dropping across connections and processes (parallel test JVMs). */
    private static final long DATABASE_LOCK = 0x63617264_65636bL;
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final String host;
    private final int port;
    private final String user;
    private final String password;

    /** 127.0.0.1:5432 as user postgres. */
    public LocalPostgres() {
        this("127.0.0.1", 5432, "postgres");
    }

    /** A server that trusts {@code user} (no password). */
    public LocalPostgres(String host, int port, String user) {
        this(host, port, user, null);
    }

    /** @param password {@code user}'s password; null for trust authentication */
    public LocalPostgres(String host, int port, String user, String password) {
        this.host = checkHost(host);
        this.port = checkPort(port);
        this.user = checkUser(user);
        this.password = password == null ? null : checkPassword(password);
    }

    /** @throws IllegalArgumentException saying what is accepted, unless a host name, IPv4 or bracketed IPv6 address */
    public static String checkHost(String host) {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("host '" + host + "' is not accepted: give a host name or IPv4 address"
                + " (letters, digits, '.' and '-'), or an IPv6 address in brackets");
        }
        return host;
    }

    /** @throws IllegalArgumentException unless a TCP port, 1..65535 */
    public static int checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be a TCP port 1..65535, got " + port);
        }
        return port;
    }

    /** @throws IllegalArgumentException unless a role name PostgreSQL keeps whole, not blank, without control characters */
    public static String checkUser(String user) {
        if (user == null || user.isBlank() || user.length() > MAX_USER_LENGTH || user.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("user '" + user + "' is not accepted: give a PostgreSQL role name of 1 to "
                + MAX_USER_LENGTH + " characters, not blank, without control characters");
        }
        return user;
    }

    /** @throws IllegalArgumentException (never quoting it) if the password is empty */
    public static String checkPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty: give the user's password, or none at all for"
                + " trust authentication");
        }
        return password;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The user every connection logs in as. */
    public String user() {
        return user;
    }

    /** The user's password, for the services' configuration only (never for a message); empty for none. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
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
        if (password != null) {
            properties.setProperty("password", password);
        }
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
            return new IllegalStateException(where + " refused the login (" + e.getMessage() + "); "
                + (password == null ? "no password was given, so the server must trust " + user + " from this host in"
                + " pg_hba.conf" : "check the password given for " + user), e);
        }
        if (state.isEmpty() || state.startsWith("08")) {
            return new IllegalStateException(where + " is not reachable (" + e.getMessage() + "). "
                + (onThisMachine() ? "cardeck uses the machine's PostgreSQL; start it with: " + START_COMMAND
                : "Check that it runs and accepts connections from this machine"), e);
        }
        return new IllegalStateException(where + " failed: " + e.getMessage(), e);
    }

    private boolean onThisMachine() {
        return Set.of("127.0.0.1", "localhost", "[::1]").contains(host);
    }

    static String checkName(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid database name '" + name
                + "'; expected 1 to 63 characters from [a-z0-9_]");
        }
        return name;
    }
}
