package io.cardeck.outbox.quarkus;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells a failure because the database cannot be reached (which passes once it is back) from one
 * the message itself causes (which would fail again however often it is retried).
 */
public final class DatabaseOutage {

    /** SQLState class 08: connection exception (refused, closed, broken mid-statement). */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** Agroal's message when no connection could be had within the acquisition timeout; it sets no SQLState. */
    private static final String POOL_ACQUISITION_TIMEOUT = "Sorry, acquisition timeout!";

    private DatabaseOutage() {
    }

    /**
     * Whether {@code failure}, or any exception in its chain of causes, says that the database could
     * not be reached: Hibernate, Narayana and our own code wrap the driver's or the pool's exception.
     */
    public static boolean isCauseOf(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof SQLException sql && unreachable(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unreachable(SQLException failure) {
        String state = failure.getSQLState();
        return state != null && state.startsWith(CONNECTION_EXCEPTION_CLASS)
                || state == null && POOL_ACQUISITION_TIMEOUT.equals(failure.getMessage());
    }
}
