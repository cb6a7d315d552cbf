package io.cardeck.outbox.quarkus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    @Test
    void aConnectionExceptionOfSqlStateClass08IsAnOutageHoweverDeeplyItIsWrapped() {
        // The PostgreSQL driver's states when a connection is refused, closed or broken mid-statement.
        for (String state : new String[] {"08001", "08006", "08003", "08004", "08000"}) {
            SQLException driver = new SQLException("The connection attempt failed.", state);
            assertTrue(DatabaseOutage.isCauseOf(driver), state);
            // As Hibernate (JDBCConnectionException), Narayana and EventOutbox hand it on.
            RuntimeException wrapped = new IllegalStateException("cannot record the request",
                    new RuntimeException("JDBC exception executing SQL", driver));
            assertTrue(DatabaseOutage.isCauseOf(wrapped), state + " wrapped twice");
        }
    }

    @Test
    void thePoolsAcquisitionTimeoutIsAnOutage() {
        assertTrue(DatabaseOutage.isCauseOf(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))));
    }

    @Test
    void failuresThatTheMessageOrTheCodeCausesAreNotAnOutage() {
        assertFalse(DatabaseOutage.isCauseOf(new IllegalArgumentException("not a cardeck event")));
        assertFalse(DatabaseOutage.isCauseOf(new RuntimeException(new SQLIntegrityConstraintViolationException(
                "duplicate key value violates unique constraint", "23505"))));
        assertFalse(DatabaseOutage.isCauseOf(new RuntimeException(new SQLException("invalid input syntax for type uuid", "22P02"))));
        assertFalse(DatabaseOutage.isCauseOf(new RuntimeException(new SQLException("relation \"models\" does not exist", "42P01"))));
        assertFalse(DatabaseOutage.isCauseOf(new SQLException("a driver error without a state")),
                "only the pool's own message is taken as an outage without a state");
        assertFalse(DatabaseOutage.isCauseOf(new SQLException("Sorry, acquisition timeout!", "23505")),
                "a state other than class 08 is the state's word");
    }

    @Test
    void aChainOfCausesThatLoopsEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertFalse(DatabaseOutage.isCauseOf(first));
    }
}
